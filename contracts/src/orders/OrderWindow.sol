// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StreamsReport} from "../oracles/StreamsReport.sol";

/// @title OrderWindow
/// @notice Which reports may settle an order: the spot and σ reports observed exactly at `committedAt + minDelay`
///         (Data Streams' API serves the report of a given second). The second comes after the commitment, so the
///         price was unknown when the order was placed, and it is one second, so nobody settling the order —
///         its own trader included — can choose among prices (docs/decisions/010).
library OrderWindow {
    /// @notice The observation time an order's reports must have.
    function priceTime(uint256 committedAt, uint256 minDelay) internal pure returns (uint256) {
        return committedAt + minDelay;
    }

    /// @notice The report of `feedId` in `reports` observed at `t`.
    function findAt(StreamsReport.Report[] memory reports, bytes32 feedId, uint256 t)
        internal
        pure
        returns (bool found, uint256 index)
    {
        for (uint256 i; i < reports.length; ++i) {
            StreamsReport.Report memory r = reports[i];
            if (r.feedId == feedId && r.observedAt == t) return (true, i);
        }
    }
}
