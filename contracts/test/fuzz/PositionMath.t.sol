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
        uint256 owed = PositionMath.fundingOwed(size, index, cum);
        uint256 moved = PositionMath.settledIndex(cum) - index;
        assertGe(owed * 1e18, uint256(size) * moved, "rounded up");
        assertLt(owed * 1e18, uint256(size) * moved + 1e18, "by less than a wei");
        assertEq(PositionMath.fundingOwed(size, PositionMath.settledIndex(cum), cum), 0, "settled: nothing owed");
    }

    /// @notice A round trip at one price never shows a profit, and PnL is the exact difference within two wei.
    function testFuzz_pnlRoundsAgainstTheTrader(uint96 size, uint128 price, uint128 entry) public pure {
        assertLe(PositionMath.pnl(size, price, price), 0, "no profit at the entry price");
        int256 exact = (int256(uint256(size)) * (int256(uint256(price)) - int256(uint256(entry)))) / 1e18;
        int256 got = PositionMath.pnl(size, price, entry);
        assertLe(got, exact + 1);
        assertGe(got, exact - 2);
    }

    /// @notice The average entry is never below the exact size-weighted average (rounded up, in nano-dollars).
    function testFuzz_averageEntryIsRoundedUp(uint96 oldSize, uint64 oldEntryNano, uint96 size, uint64 priceNano)
        public
        pure
    {
        vm.assume(uint256(oldSize) + size > 0);
        uint256 price = uint256(priceNano) * 1e9;
        uint256 avgNano = PositionMath.averageEntryNano(oldSize, oldEntryNano, size, price);
        uint256 numerator = uint256(oldSize) * oldEntryNano + uint256(size) * priceNano;
        uint256 total = uint256(oldSize) + size;
        assertGe(avgNano * total, numerator);
        assertLt(avgNano * total, numerator + total);
    }
}
