// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {PositionMath} from "../../src/core/PositionMath.sol";

/// @notice The position rounding rules every caller shares: each one goes against the trader, by less than a
///         nano-dollar per unit.
contract PositionMathTest is Test {
    function testFuzz_settledIndexRoundsDownToANanoDollar(uint128 cum) public pure {
        uint256 idx = PositionMath.settledIndex(cum);
        assertLe(idx, cum);
        assertLt(cum - idx, 1e9);
        assertEq(idx % 1e9, 0);
    }

    /// @notice Owed from an index to the settled index, rounded up: never less than the exact amount, and a
    ///         settled position owes nothing until the index moves a whole nano-dollar.
    function testFuzz_fundingOwedIsTheSettledStepRoundedUp(uint96 size, uint64 indexNano, uint64 stepWei) public pure {
        uint256 index = uint256(indexNano) * 1e9;
        uint256 cum = index + stepWei;
        uint256 owed = PositionMath.funding(size, true, index, cum);
        uint256 moved = PositionMath.settledIndex(cum) - index;
        assertGe(owed * 1e18, uint256(size) * moved, "rounded up");
        assertLt(owed * 1e18, uint256(size) * moved + 1e18, "by less than a wei");
        assertEq(PositionMath.funding(size, true, PositionMath.settledIndex(cum), cum), 0, "settled: nothing owed");
    }

    /// @notice A short receives the main share of what a long of its size pays over the same interval, rounded
    ///         down: never more than the long pays, and never more than the exact share.
    function testFuzz_fundingReceivedIsTheMainShareRoundedDown(
        uint96 size,
        uint64 indexNano,
        uint64 stepWei,
        uint16 shareBps
    ) public pure {
        shareBps = uint16(bound(shareBps, 0, 10_000));
        uint256 index = uint256(indexNano) * 1e9;
        uint256 cum = index + stepWei;
        uint256 received = PositionMath.fundingReceived(size, index, cum, shareBps);
        uint256 paidByALong = PositionMath.funding(size, true, index, cum);
        uint256 moved = PositionMath.settledIndex(cum) - index;
        assertLe(received, paidByALong, "a short never receives more than a long pays");
        assertLe(received * 1e18 * 10_000, uint256(size) * moved * shareBps, "never above the exact share");
    }

    /// @notice A short starts at the index rounded up (it receives only from there), a long at the index rounded
    ///         down (it owes from there): neither gains the dust.
    function testFuzz_openingIndexRoundsAgainstEitherSide(uint128 cum) public pure {
        uint256 longAt = PositionMath.openingIndex(cum, true);
        uint256 shortAt = PositionMath.openingIndex(cum, false);
        assertLe(longAt, cum);
        assertGe(shortAt, cum);
        assertLt(shortAt - longAt, 1e9 + 1);
        assertEq(PositionMath.funding(1e18, false, shortAt, cum), 0, "a new short is owed nothing yet");
    }

    /// @notice A round trip at one price never shows a profit on either side, and PnL is the exact difference
    ///         within two wei (a short gains when the price falls).
    function testFuzz_pnlRoundsAgainstTheTrader(uint96 q, bool isLong, uint128 price, uint128 entry) public pure {
        int256 size = isLong ? int256(uint256(q)) : -int256(uint256(q));
        assertLe(PositionMath.pnl(size, price, price), 0, "no profit at the entry price");
        int256 exact = (size * (int256(uint256(price)) - int256(uint256(entry)))) / 1e18;
        int256 got = PositionMath.pnl(size, price, entry);
        assertLe(got, exact + 1);
        assertGe(got, exact - 2);
    }

    /// @notice A long's average entry is never below the exact size-weighted average (rounded up), a short's never
    ///         above it (rounded down), in nano-dollars.
    function testFuzz_averageEntryRoundsAgainstTheTrader(
        uint96 oldSize,
        uint64 oldEntryNano,
        uint96 size,
        uint64 priceNano,
        bool isLong
    ) public pure {
        vm.assume(uint256(oldSize) + size > 0);
        uint256 price = uint256(priceNano) * 1e9;
        uint256 avgNano = PositionMath.averageEntryNano(oldSize, oldEntryNano, size, price, isLong);
        uint256 numerator = uint256(oldSize) * oldEntryNano + uint256(size) * priceNano;
        uint256 total = uint256(oldSize) + size;
        if (isLong) {
            assertGe(avgNano * total, numerator);
            assertLt(avgNano * total, numerator + total);
        } else {
            assertLe(avgNano * total, numerator);
            assertGt(avgNano * total + total, numerator);
        }
    }
}
