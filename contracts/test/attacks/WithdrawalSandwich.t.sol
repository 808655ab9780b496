// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {AttackBase} from "./AttackBase.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Issue 12 attacks 3 and 8. A permissionless `executeWithdrawal` was sandwiched: open → execute a large
///         due withdrawal (the vault size L in the skew fell 4×) → close, +$6,681 from the remaining LPs. And three
///         definitions of utilisation (engine, vault, SPEC) disagreed. Now L leaves out what pending requests claim
///         from the moment of the request, and the engine, the vault and the app read one utilisation
///         (docs/decisions/003).
contract WithdrawalSandwichTest is AttackBase {
    address internal lp = makeAddr("lp");
    address internal carol = makeAddr("carol");
    address internal attacker = makeAddr("attacker");
    uint256 internal atmCall;

    function setUp() public override {
        super.setUp();
        atmCall = _id(address(tsla), BTC, true, 95_000e18);
        // A large LP joins the 20,000 TSLA.M vault, the book fills, then the LP asks to leave.
        tsla.mint(lp, 60_000e18);
        vm.startPrank(lp);
        tsla.approve(address(tslaMain), 60_000e18);
        tslaMain.deposit(60_000e18, lp);
        vm.stopPrank();
        _fund(carol, tsla, 2_000e18);
        _open(carol, atmCall, 5e18);
        _fund(attacker, tsla, 1_000e18);
    }

    function _requestAll() internal {
        uint256 shares = tslaMain.balanceOf(lp);
        vm.prank(lp);
        tslaMain.requestWithdrawal(shares);
        _advance(60, 60); // the cooldown passes: anyone may execute
    }

    function test_withdrawalSandwich_executingADueWithdrawalMovesNoPrice() public {
        _requestAll();
        uint256 before = _collateral(attacker, address(tsla));

        // One transaction: open, execute the LP's withdrawal, close.
        _open(attacker, atmCall, 3e18);
        uint256 priceBefore = admin.quote(atmCall, 3e18, false).price;
        tslaMain.executeWithdrawal(lp);
        // Only the exit fee, left to the remaining LPs, grows L: the sell-back price can only fall, and barely.
        uint256 priceAfter = admin.quote(atmCall, 3e18, false).price;
        assertLe(priceAfter, priceBefore, "the exit never raises the sell-back price");
        assertApproxEqRel(priceAfter, priceBefore, 0.002e18);
        _close(attacker, atmCall, 3e18);

        uint256 afterX = _collateral(attacker, address(tsla));
        emit log_named_decimal_uint("attacker's loss on the round trip (TSLA.M)", before - F.min(afterX, before), 18);
        assertLt(afterX, before, "the sandwich loses: fees and the skew it paid");
    }

    /// @notice The request is where L shrinks, so a request is the lever left: an LP who holds a position requests,
    ///         closes at the higher skew, and cancels, in one block. The cancel keeps the exit fee, which costs far
    ///         more than the skew bought.
    function test_withdrawalSandwich_requestCloseCancelLoses() public {
        _fund(lp, tsla, 1_000e18);
        _open(lp, atmCall, 3e18);
        uint256 lpValueBefore = _collateral(lp, address(tsla)) + tslaMain.previewRedeem(tslaMain.balanceOf(lp));
        uint256 closeWithoutRequest = admin.quote(atmCall, 3e18, false).price;

        uint256 shares = tslaMain.balanceOf(lp);
        vm.startPrank(lp);
        tslaMain.requestWithdrawal(shares);
        engine.trade(lp, atmCall, -int256(3e18), 0);
        tslaMain.cancelWithdrawal();
        vm.stopPrank();

        uint256 lpValueAfter = _collateral(lp, address(tsla)) + tslaMain.previewRedeem(tslaMain.balanceOf(lp));
        (,,,,,, uint96 reserve) = admin.tokenConfig(address(tsla));
        assertEq(reserve, 0, "L restored");
        // What the close gained from the request's skew, against what the cancel cost.
        emit log_named_decimal_uint("close without the request (USD/unit)", closeWithoutRequest, 18);
        emit log_named_decimal_uint("LP value before (TSLA.M)", lpValueBefore, 18);
        emit log_named_decimal_uint("LP value after  (TSLA.M)", lpValueAfter, 18);
        assertLt(lpValueAfter, lpValueBefore, "request -> close -> cancel loses");
    }

    /// @notice The legitimate case: the LP's request takes its capital out of L at once, so the book reprices then
    ///         (for everyone, in public) and the exit itself is a non-event.
    function test_withdrawalSandwich_theRequestIsWhereLShrinks() public {
        uint256 premiumBefore = admin.quote(atmCall, 1e18, true).price - admin.quote(atmCall, 1e18, true).theo;
        _requestAll();
        uint256 premiumAfter = admin.quote(atmCall, 1e18, true).price - admin.quote(atmCall, 1e18, true).theo;
        assertApproxEqRel(premiumAfter, premiumBefore * 4, 0.01e18, "L fell 4x at the request");
        assertApproxEqRel(tslaMain.totalReservedAssets(), 60_000e18, 0.001e18);
        vm.prank(lp);
        tslaMain.cancelWithdrawal();
        assertEq(tslaMain.totalReservedAssets(), 0);
        assertApproxEqRel(
            admin.quote(atmCall, 1e18, true).price - admin.quote(atmCall, 1e18, true).theo,
            premiumBefore,
            0.002e18,
            "a cancelled request gives L back (less its burned fee's effect on nothing: X stays in the vault)"
        );
    }

    /// @notice One utilisation: engine, vault and the SPEC's formula (stress loss / L, L = vault X + pending to it −
    ///         X claimed by pending withdrawals, at P_coll) give the same number, and the σ surcharge and the exit
    ///         check use it.
    function test_oneUtilization_engineVaultAndFormulaAgree() public {
        _requestAll();
        uint256 engineU = admin.utilization(address(tsla));
        assertEq(tslaMain.utilizationWad(), engineU, "vault = engine");

        OracleHub.StockState memory s = _stock(address(tsla));
        uint256 l = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla))
            - tslaMain.totalReservedAssets();
        uint256 lUsd = F.mulWad(l, s.collateralPrice);
        (uint128 btcOi,) = (admin.netExposureByUnderlying(address(tsla), 0), 0);
        uint256 lockedUsd = F.mulWadUp(btcOi, 95_000e18) * 1500 / 10_000;
        assertEq(engineU, F.divWadUp(lockedUsd, lUsd), "= stress loss / L");

        // The exit check reads the same number: over the cap, the exit waits.
        vm.prank(world.owner);
        tslaMain.setMaxUtilization(0.1e18);
        if (engineU > 0.1e18) {
            vm.expectRevert(abi.encodeWithSelector(MainVault.UtilizationTooHigh.selector, engineU));
            tslaMain.executeWithdrawal(lp);
        }
    }
}
