// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";

/// @title PositionMath
/// @notice The one home of a position's rounding rules: the funding index it opens and settles at, the funding it
///         owes (long) or receives (short), its average entry and its PnL. The engine's settlement, its health check
///         and `AccountLens` all call these, so what a view shows is what a transaction does, to the wei (SPEC §3–4,
///         §9.4).
/// @dev Positions are signed (long > 0, short < 0) and store prices in nano-USD (9 decimals, one slot per position).
///      Every rounding goes against the trader: a long's entry rounds up and a short's down; funding a long owes
///      rounds up and funding a short receives rounds down; a short opens at the funding index rounded up; PnL rounds
///      down.
library PositionMath {
    /// @notice Stored position prices are USD with 9 decimals: WAD / NANO.
    uint256 internal constant NANO = 1e9;

    /// @notice The funding index a settlement moves a position to, either side: `cumFunding` rounded down to a
    ///         nano-USD (a long pays the dust next time; a short receives it next time).
    function settledIndex(uint256 cumFunding) internal pure returns (uint256) {
        return cumFunding / NANO * NANO;
    }

    /// @notice The funding index a new position starts at: a long's rounds down (it owes from there), a short's up
    ///         (it receives only from there).
    function openingIndex(uint256 cumFunding, bool isLong) internal pure returns (uint256) {
        return isLong ? settledIndex(cumFunding) : F.divUp(cumFunding, NANO) * NANO;
    }

    /// @notice Funding between index `index` and the market's `cumFunding` for `size` units (USD): what a long owes,
    ///         rounded up, or what a short accrues before the vaults' share is applied, rounded down.
    function funding(uint256 size, bool isLong, uint256 index, uint256 cumFunding) internal pure returns (uint256) {
        uint256 to = settledIndex(cumFunding);
        if (to <= index) return 0;
        return isLong ? F.mulWadUp(size, to - index) : F.mulWad(size, to - index);
    }

    /// @notice Funding a short of `size` receives over the same interval: the main vault's share of what a long
    ///         would pay (docs/decisions/014), rounded down.
    function fundingReceived(uint256 size, uint256 index, uint256 cumFunding, uint256 mainShareBps)
        internal
        pure
        returns (uint256)
    {
        return funding(size, false, index, cumFunding) * mainShareBps / 10_000;
    }

    /// @notice Realised or unrealised PnL of a position of signed `size` at `price` against `entry` (USD): a long
    ///         gains size·(price − entry), a short size·(entry − price); the gain rounds down, the loss up.
    function pnl(int256 size, uint256 price, uint256 entry) internal pure returns (int256) {
        if (size >= 0) return int256(F.mulWad(uint256(size), price)) - int256(F.mulWadUp(uint256(size), entry));
        uint256 q = uint256(-size);
        return int256(F.mulWad(q, entry)) - int256(F.mulWadUp(q, price));
    }

    /// @notice Average entry in nano-USD after adding `size` at `price` to `oldSize` at `oldEntryNano`, both on the
    ///         same side: rounded up for a long, down for a short.
    function averageEntryNano(uint256 oldSize, uint256 oldEntryNano, uint256 size, uint256 price, bool isLong)
        internal
        pure
        returns (uint256)
    {
        uint256 num = oldSize * oldEntryNano * NANO + size * price;
        uint256 den = (oldSize + size) * NANO;
        return isLong ? F.divUp(num, den) : num / den;
    }
}
