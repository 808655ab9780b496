// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PushPriceFeed} from "./PushPriceFeed.sol";

/// @title VolatilityFeed
/// @notice Annualised implied volatility of BTC or ETH (0.55 = 55%), pushed by a keeper.
/// @dev Each update may move σ by at most ±20% of the previous value (Deri's OracleOffChain bound), so a
///      compromised or buggy reporter cannot jump option prices in one step.
contract VolatilityFeed is PushPriceFeed {
    /// @notice Largest relative change per update, in basis points.
    uint256 public constant MAX_CHANGE_BPS = 2_000;

    error VolChangeTooLarge(int256 previous, int256 proposed);

    /// @param description_ e.g. "BTC IV".
    /// @param initialVol First σ with 8 decimals (55% = 55_000_000).
    /// @param owner_ Owner and first reporter.
    constructor(string memory description_, int256 initialVol, address owner_)
        PushPriceFeed(8, description_, initialVol, owner_)
    {}

    /// @notice Push a new σ, within ±20% of the last one.
    /// @param answer σ with 8 decimals.
    function updateAnswer(int256 answer) external override onlyReporter {
        int256 previous = _latestAnswer();
        int256 maxMove = previous * int256(MAX_CHANGE_BPS) / 10_000;
        if (answer > previous + maxMove || answer < previous - maxMove) revert VolChangeTooLarge(previous, answer);
        _record(answer);
    }
}
