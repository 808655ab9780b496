// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AttackBase} from "./AttackBase.sol";
import {AccountLens} from "../../src/core/AccountLens.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Issue 12 attacks 5, 6 and 7: a stale BTC feed blocked liquidating an insolvent account; a liquidatable
///         trader liquidating itself beat closing (kept the reward, paid no fee); and the views said "liquidatable"
///         where `liquidate` reverted (docs/decisions/005).
contract LiquidationRulesTest is AttackBase {
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 80_000e18);
    }

    /// @dev 100 TSLA.M margin 1.4 BTC of the deep in-the-money 80k call (the e2e liquidation journey's account).
    function _bigCall() internal {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 1.4e18);
    }

    function _makeBtcStale() internal {
        vm.warp(block.timestamp + 200); // BTC/USD max age is 120 s; nothing pushes it
        vm.roll(block.number + 1);
        (, int256 p,,,) = tslaFeed.latestRoundData();
        tslaFeed.updateAnswer(p);
        world.pegOracle.update(address(tsla));
    }

    // ---------------------------------------------------------------- 5. stale feed

    function test_staleFeedLiquidation_insolventAtEveryStressPriceIsLiquidated() public {
        _bigCall();
        _setBtc(70_000e18); // BTC crashes…
        _makeBtcStale(); // …and its feed stops
        tslaFeed.updateAnswer(150e8); // TSLA falls to $150: the account is insolvent at any BTC within ±15%
        (, bool fresh) = world.oracleHub.tryUnderlyingPrice(_btc());
        assertFalse(fresh, "BTC/USD is stale");
        assertTrue(_liquidatable(alice, address(tsla)), "the view agrees");

        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        assertEq(admin.position(alice, btcCall).size, 0, "closed despite the stale feed");
    }

    /// @notice The legitimate case: with BTC stale, an account that is under maintenance at the last price but
    ///         safe somewhere within ±15% of it is not liquidated (it might be solvent), and the views say so.
    function test_staleFeedLiquidation_mightBeSolventIsNotLiquidated() public {
        _fund(alice, tsla, 10e18);
        _open(alice, btcCall, 0.15e18);
        uint256 liq = lens.accountView(address(engine), alice, address(tsla)).positions[0].liquidationPriceDown;
        _setBtc(liq - 500e18); // just under maintenance at the last price
        _makeBtcStale();
        assertFalse(_liquidatable(alice, address(tsla)), "safe at +15%: not liquidatable");
        assertFalse(lens.accountView(address(engine), alice, address(tsla)).liquidatable, "the lens agrees");
        EngineBase.Health memory h = admin.accountHealth(alice, address(tsla));
        vm.prank(keeper);
        vm.expectRevert(
            abi.encodeWithSelector(IEngineErrors.NotLiquidatable.selector, h.equityMaintenance, h.maintenanceMargin)
        );
        admin.liquidate(alice, address(tsla), keeper);
    }

    // ---------------------------------------------------------------- 6. self-liquidation

    function test_selfLiquidation_earnsNothingOverClosing() public {
        _fund(alice, tsla, 10e18);
        _open(alice, btcCall, 0.15e18);
        uint256 liq = lens.accountView(address(engine), alice, address(tsla)).positions[0].liquidationPriceDown;
        _setBtc(liq - 200e18);
        assertTrue(_liquidatable(alice, address(tsla)));

        uint256 snap = vm.snapshotState();
        _close(alice, btcCall, 0.15e18);
        uint256 byClosing = _collateral(alice, address(tsla)) + tsla.balanceOf(alice);

        vm.revertToState(snap);
        vm.prank(alice);
        admin.liquidate(alice, address(tsla), alice);
        uint256 bySelfLiquidation = _collateral(alice, address(tsla)) + tsla.balanceOf(alice);

        emit log_named_decimal_uint("closing leaves (TSLA.M)", byClosing, 18);
        emit log_named_decimal_uint("self-liquidation leaves (TSLA.M)", bySelfLiquidation, 18);
        assertEq(tsla.balanceOf(alice), 0, "no reward to oneself");
        assertLe(bySelfLiquidation, byClosing, "liquidating oneself never beats closing");
    }

    /// @notice The legitimate case: a third-party liquidator is still paid, and the liquidation pays the fee a
    ///         close would have paid.
    function test_selfLiquidation_aThirdPartyIsStillRewarded() public {
        _fund(alice, tsla, 10e18);
        _open(alice, btcCall, 0.15e18);
        uint256 liq = lens.accountView(address(engine), alice, address(tsla)).positions[0].liquidationPriceDown;
        _setBtc(liq - 200e18);
        uint256 treasuryBefore = engine.pendingTreasury(address(tsla));
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        assertGt(tsla.balanceOf(keeper), 0, "reward paid");
        assertGt(engine.pendingTreasury(address(tsla)), treasuryBefore, "the taker fee was split");
    }

    // ---------------------------------------------------------------- 7. views agree

    /// @notice The keeper stops for a day: the stored TWAP goes stale. The views used to show collateral 0,
    ///         "liquidatable" and a liquidation price equal to spot while `liquidate` reverted.
    function test_viewsAgreeWithLiquidate_afterTheKeeperStopsForADay() public {
        _fund(alice, tsla, 10e18);
        _open(alice, btcCall, 0.15e18);
        _advanceWithoutTwapUpdates(address(tsla), 1 days);
        assertEq(_stock(address(tsla)).dexPrice, 0, "no usable TWAP");

        AccountLens.AccountView memory v = lens.accountView(address(engine), alice, address(tsla));
        assertGt(v.health.collateralValue, 0, "collateral valued at P_ref, as liquidate values it");
        assertFalse(v.liquidatable);
        assertEq(v.liquidatable, _liquidateSucceeds(alice, address(tsla)), "view = liquidate");
        (uint256 spot,) = world.oracleHub.tryUnderlyingPrice(_btc());
        assertLt(v.positions[0].liquidationPriceDown, spot, "a real liquidation price, not spot");

        // And where the account does fall under maintenance, both say so.
        _setBtc(v.positions[0].liquidationPriceDown - 200e18);
        assertTrue(lens.accountView(address(engine), alice, address(tsla)).liquidatable);
        assertTrue(_liquidateSucceeds(alice, address(tsla)));
    }

    /// @notice Over random BTC moves with the BTC feed stale or fresh, the view's verdict is `liquidate`'s.
    function testFuzz_viewsAgreeWithLiquidate(uint256 moveBps, bool stale) public {
        moveBps = bound(moveBps, 5_000, 12_000);
        _fund(alice, tsla, 10e18);
        _open(alice, btcCall, 0.15e18);
        _setBtc(95_000e18 * moveBps / 10_000);
        if (stale) _makeBtcStale();
        assertEq(_liquidatable(alice, address(tsla)), _liquidateSucceeds(alice, address(tsla)));
    }

    function _btc() internal pure returns (OracleHub.Underlying) {
        return OracleHub.Underlying.BTC;
    }
}
