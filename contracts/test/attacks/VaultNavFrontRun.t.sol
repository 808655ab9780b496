// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {StreamsFixture} from "../utils/StreamsFixture.sol";

/// @notice Issue 13, vault side (docs/decisions/011): an LP who knows the next BTC report deposits at the NAV of
///         the stored price and requests its withdrawal once the report lands. Measured with the main vault's
///         short book as large as the caps allow, for BTC −1 % (the book's value falls: NAV rises).
contract VaultNavFrontRunTest is StreamsFixture {
    address internal lp = makeAddr("navFrontRunner");

    function setUp() public override {
        super.setUp();
        // Traders load the TSLA.M vault with deep in-the-money BTC calls until the caps refuse more.
        uint256 itm = _id(address(tsla), BTC, true, 80_000e18);
        uint256 itm2 = _id(address(tsla), BTC, true, 85_000e18);
        for (uint256 i; i < 12; ++i) {
            address t = makeAddr(string.concat("bookTrader", vm.toString(i)));
            _fund(t, tsla, 3_000e18);
            _fundFee(t, tsla);
            uint256 id = _commit(t, i % 2 == 0 ? itm : itm2, true, 8e18, type(uint256).max);
            _settleBtc(id, keeper);
        }
        console2.log("vault utilisation (1e18 = 100%):", admin.utilization(address(tsla)));
        tsla.mint(lp, 2_000e18);
        vm.prank(lp);
        tsla.approve(address(tslaMain), type(uint256).max);
    }

    function test_navFrontRun_depositBeforeAKnownUpdateDoesNotPay() public {
        uint256 start = tsla.balanceOf(lp);
        uint256 navBefore = tslaMain.totalAssets();
        vm.prank(lp);
        uint256 shares = tslaMain.deposit(2_000e18, lp);
        // the known report lands: BTC −1 %
        donValue[btcId] = donValue[btcId] * 99 / 100;
        vm.warp(block.timestamp + 1);
        _publishAll();
        uint256 navJumpBps = (tslaMain.totalAssets() - 2_000e18) * 10_000 / navBefore - 10_000;
        console2.log("NAV jump of the -1% report, bps:", navJumpBps);
        vm.prank(lp);
        tslaMain.requestWithdrawal(shares);
        _advance(61, 30); // the local cooldown; prices stay where the report left them
        tslaMain.executeWithdrawal(lp);
        int256 pnl = int256(tsla.balanceOf(lp)) - int256(start);
        console2.log("LP result, TSLA.M (1e18):", pnl);
        assertLt(pnl, 0, "the exit fee outweighs what the report moved the NAV");
    }

    function test_navFrontRun_depositsWaitForASpotNoOlderThanNavMaxAge() public {
        assertEq(tslaMain.navMaxAge(), 10);
        vm.warp(block.timestamp + 11); // the stored BTC report is now 11 s old; the book holds BTC options
        vm.prank(lp);
        vm.expectRevert(abi.encodeWithSelector(VaultEntryPaused.selector, uint8(4))); // PricesStale
        tslaMain.deposit(100e18, lp);
        _publishAll(); // anyone submits the newest reports: the deposit goes through at their NAV
        vm.prank(lp);
        tslaMain.deposit(100e18, lp);
    }

    error VaultEntryPaused(uint8 reason);
}
