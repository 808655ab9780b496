// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PushPriceFeed} from "./PushPriceFeed.sol";
import {IStockPriceFeed} from "../interfaces/IStockPriceFeed.sol";

/// @title StockPriceFeed
/// @notice A stock reference price (TSLA, NVDA, AAPL, AMZN in USD) with the market status and split
///         multiplier of the Chainlink RWA v10 schema.
/// @dev The answer is the regular-session price: it can only change while the market is open, so the
///      price is frozen at the last close for nights, weekends and halts.
contract StockPriceFeed is PushPriceFeed, IStockPriceFeed {
    uint8 public constant STATUS_UNKNOWN = 0;
    uint8 public constant STATUS_CLOSED = 1;
    uint8 public constant STATUS_OPEN = 2;
    uint8 public constant STATUS_HALTED = 3;

    /// @inheritdoc IStockPriceFeed
    uint8 public override marketStatus;
    /// @dev Packed with the status: `latestStockData` reads two slots (latest round, status + multiplier).
    uint128 internal _multiplier = 1e18;

    event MarketStatusUpdated(uint8 status, uint256 at);
    event MultiplierUpdated(uint256 multiplier);

    error InvalidMarketStatus(uint8 status);
    error MarketNotOpen(uint8 status);
    error ZeroMultiplier();
    error MultiplierOutOfRange(uint256 multiplier);

    /// @param description_ e.g. "TSLA / USD".
    /// @param initialAnswer Last close, 8 decimals.
    /// @param initialStatus Market status at deployment.
    /// @param owner_ Owner and first reporter.
    constructor(string memory description_, int256 initialAnswer, uint8 initialStatus, address owner_)
        PushPriceFeed(8, description_, initialAnswer, owner_)
    {
        if (initialStatus > STATUS_HALTED) revert InvalidMarketStatus(initialStatus);
        marketStatus = initialStatus;
    }

    /// @notice Push a regular-session price; refused unless the market is open, which freezes P_ref.
    /// @param answer Price in USD with 8 decimals.
    function updateAnswer(int256 answer) external override(PushPriceFeed) onlyReporter {
        if (marketStatus != STATUS_OPEN) revert MarketNotOpen(marketStatus);
        _record(answer);
    }

    /// @inheritdoc IStockPriceFeed
    function latestStockData()
        external
        view
        override
        returns (int256 answer, uint256 updatedAt, uint8 status, uint256 currentMultiplier)
    {
        Latest memory l = _latest;
        return (l.answer, l.updatedAt, marketStatus, _multiplier);
    }

    /// @inheritdoc IStockPriceFeed
    function multiplier() external view override returns (uint256) {
        return _multiplier;
    }

    /// @notice Set the market status (0 unknown, 1 closed, 2 open, 3 halted).
    /// @param status New status.
    function setMarketStatus(uint8 status) external onlyReporter {
        if (status > STATUS_HALTED) revert InvalidMarketStatus(status);
        marketStatus = status;
        emit MarketStatusUpdated(status, block.timestamp);
    }

    /// @notice Set the split multiplier (18 decimals; a 2-for-1 split on a token that keeps its supply is 2e18).
    /// @param newMultiplier The multiplier.
    function setMultiplier(uint256 newMultiplier) external onlyReporter {
        if (newMultiplier == 0) revert ZeroMultiplier();
        if (newMultiplier > type(uint128).max) revert MultiplierOutOfRange(newMultiplier);
        _multiplier = uint128(newMultiplier);
        emit MultiplierUpdated(newMultiplier);
    }
}
