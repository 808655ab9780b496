// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @notice A stock reference feed: Chainlink's aggregator interface plus the two fields of the Chainlink
///         RWA (Data Streams v10) schema the protocol needs. On a public chain an adapter over the
///         Data Streams report implements this.
/// @dev `latestRoundData` carries the regular-session price: while the market is not open it keeps
///      returning the last price reported while it was open, which is what "P_ref frozen" means.
interface IStockPriceFeed is AggregatorV3Interface {
    /// @notice 0 unknown, 1 closed, 2 open, 3 halted (Chainlink RWA v10 codes).
    function marketStatus() external view returns (uint8);

    /// @notice Corporate-action (split) multiplier in 18 decimals; P_ref = price × multiplier.
    function multiplier() external view returns (uint256);

    /// @notice Everything the OracleHub needs in one call: latest answer, its time, market status, multiplier.
    function latestStockData()
        external
        view
        returns (int256 answer, uint256 updatedAt, uint8 status, uint256 currentMultiplier);
}
