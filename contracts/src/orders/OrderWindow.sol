// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StreamsReport} from "../oracles/StreamsReport.sol";

/// @title OrderWindow
/// @notice Which reports may settle an order: those observed from `committedAt + minDelay` to
///         `committedAt + minDelay + settleWindow`, both inclusive. The window starts after the commitment, so
///         the price was unknown when the order was placed, and is short, so a settler cannot shop for a price.
library OrderWindow {
    /// @notice The window's first and last admissible observation times.
    function bounds(uint256 committedAt, uint256 minDelay, uint256 settleWindow)
        internal
        pure
        returns (uint256 from, uint256 to)
    {
        from = committedAt + minDelay;
        to = from + settleWindow;
    }

    /// @notice The first report of `feedId` in `reports` observed inside [from, to].
    function firstIn(StreamsReport.Report[] memory reports, bytes32 feedId, uint256 from, uint256 to)
        internal
        pure
        returns (bool found, uint256 index)
    {
        for (uint256 i; i < reports.length; ++i) {
            StreamsReport.Report memory r = reports[i];
            if (r.feedId == feedId && r.observedAt >= from && r.observedAt <= to) return (true, i);
        }
    }
}
