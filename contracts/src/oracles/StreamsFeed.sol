// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStockPriceFeed} from "../interfaces/IStockPriceFeed.sol";
import {ReportStore} from "./ReportStore.sol";

/// @title StreamsFeed
/// @notice One Data Streams feed of the ReportStore seen as a Chainlink-style feed (18 decimals), so the
///         OracleHub reads signed reports and push feeds through the same code and staleness rules.
/// @dev A report observed a little after the block time (DON and chain clocks differ) counts as observed now.
contract StreamsFeed is IStockPriceFeed {
    ReportStore public immutable store;
    bytes32 public immutable feedId;
    bytes32 internal immutable _description;

    error NoRoundData(uint80 roundId);

    /// @param store_ The ReportStore.
    /// @param feedId_ The Data Streams feed id.
    /// @param description_ Name, e.g. "BTC/USD".
    constructor(ReportStore store_, bytes32 feedId_, bytes32 description_) {
        store = store_;
        feedId = feedId_;
        _description = description_;
    }

    /// @notice 18: Data Streams prices have 18 decimals.
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice The feed's name.
    function description() external view returns (string memory) {
        return string(abi.encodePacked(_description));
    }

    /// @notice Adapter version.
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice Only the report in force exists here; history lives in the DON's API.
    function getRoundData(uint80 roundId) external pure returns (uint80, int256, uint256, uint256, uint80) {
        revert NoRoundData(roundId);
    }

    /// @notice The report in force: round id and times are its observation time.
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        ReportStore.Stored memory s = store.latest(feedId);
        uint256 at = _observedAt(s);
        return (uint80(s.observedAt), s.price, at, at, uint80(s.observedAt));
    }

    /// @notice 0 unknown, 1 closed, 2 open (RWA schema; crypto feeds are always open).
    function marketStatus() external view returns (uint8) {
        return store.latest(feedId).marketStatus;
    }

    /// @notice 1: splits arrive as prices of the new share count (the v8 schema has no multiplier).
    function multiplier() external pure returns (uint256) {
        return 1e18;
    }

    /// @notice Answer, observation time, market status and multiplier in one call.
    function latestStockData()
        external
        view
        returns (int256 answer, uint256 updatedAt, uint8 status, uint256 currentMultiplier)
    {
        ReportStore.Stored memory s = store.latest(feedId);
        return (s.price, _observedAt(s), s.marketStatus, 1e18);
    }

    function _observedAt(ReportStore.Stored memory s) internal view returns (uint256) {
        return s.observedAt > block.timestamp ? block.timestamp : s.observedAt;
    }
}
