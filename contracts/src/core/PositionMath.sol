// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";

/// @title PositionMath
/// @notice The one home of a position's rounding rules: the funding index it settles to, the funding it owes, its
///         average entry and its PnL. The engine's settlement, its health check and `AccountLens` all call these, so
///         what a view shows is what a transaction does, to the wei (SPEC §3–4).
/// @dev Positions store prices in nano-USD (9 decimals, one slot per position). Every rounding goes against the
///      trader: the index a settlement moves to rounds down (the trader pays the dust next time), funding owed and
///      the entry price round up, the value of a position rounds down.
library PositionMath {
    /// @notice Stored position prices are USD with 9 decimals: WAD / NANO.
    uint256 internal constant NANO = 1e9;

    /// @notice The funding index a settlement moves a position to: `cumFunding` rounded down to a nano-USD.
    function settledIndex(uint256 cumFunding) internal pure returns (uint256) {
        return cumFunding / NANO * NANO;
    }

    /// @notice Funding a position of `size` owes from index `index` to the market's `cumFunding` (USD, rounded up).
    function fundingOwed(uint256 size, uint256 index, uint256 cumFunding) internal pure returns (uint256) {
        uint256 to = settledIndex(cumFunding);
        return to > index ? F.mulWadUp(size, to - index) : 0;
    }

    /// @notice Realised or unrealised PnL of `size` at `price` against `entry`: size·price rounded down minus
    ///         size·entry rounded up (USD).
    function pnl(uint256 size, uint256 price, uint256 entry) internal pure returns (int256) {
        return int256(F.mulWad(size, price)) - int256(F.mulWadUp(size, entry));
    }

    /// @notice Average entry in nano-USD after adding `size` at `price` to `oldSize` at `oldEntryNano` (rounded up).
    function averageEntryNano(uint256 oldSize, uint256 oldEntryNano, uint256 size, uint256 price)
        internal
        pure
        returns (uint256)
    {
        return F.divUp(oldSize * oldEntryNano * NANO + size * price, (oldSize + size) * NANO);
    }
}
