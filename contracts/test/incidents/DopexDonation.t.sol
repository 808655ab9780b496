// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IncidentBase} from "./IncidentBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {Position} from "../../src/core/EngineTypes.sol";

/// @title Incident: Dopex rDPX V2 donation DoS (Code4rena 2023-08-dopex, PerpetualAtlanticVaultLP.subtractLoss)
/// @notice What happened: `subtractLoss` required `collateral.balanceOf(address(this)) == _totalCollateral - loss`.
///         Anyone could transfer 1 wei of WETH straight to the LP vault; from then on the strict equality never held
///         and every option settlement reverted forever (judged High). The general lesson: a contract must never
///         assume its token balance equals its own bookkeeping.
/// @notice Reproduction: direct transfers of the margin token X (1 wei, then a large amount) to the engine, the main
///         vault and the insurance vault, and of USDC to the X/USDC pair (without a sync: a sync turns a donation
///         into a price move, which MangoPump/AmznxPin cover); then run the whole life cycle: margin deposit,
///         open, close, withdraw, vault deposit / request / execute (main and insurance), sweep, liquidation.
/// @notice What protects Livestock: the engine accounts in its own ledgers (collateral, totalCollateral, pending*)
///         and never compares them to balanceOf; vaults read balanceOf only as NAV (a donation is a gift to the LPs,
///         priced in) and as the payout limit (`min(amount, balance)`), never in an equality; the PegOracle reads
///         reserves and cumulative prices, not pair balances. A donation to the engine is inert: it is neither
///         credited to anyone nor able to break the books (engine balance = Σ ledgers + donation, exactly).
contract DopexDonationTest is IncidentBase {
    uint256 internal btcCall;
    address internal carol = makeAddr("carol"); // an LP
    address internal dave = makeAddr("dave"); // a trader who gets liquidated

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
    }

    function test_oneWeiDonations_blockNothing() public {
        _donate(1, 1);
        _lifecycle(1);
    }

    function test_largeDonations_blockNothing() public {
        _donate(1_000_000e18, 1_000_000e6); // 1M TSLA.M (~$430M) each, $1M USDC to the pair
        _lifecycle(1_000_000e18);
    }

    function _donate(uint256 x, uint256 usdcAmount) internal {
        tsla.mint(address(engine), x);
        tsla.mint(address(tslaMain), x);
        tsla.mint(address(tslaInsurance), x);
        usdc.mint(address(tslaPair), usdcAmount);
    }

    function _engineLedgers() internal view returns (uint256) {
        address t = address(tsla);
        return
            engine.totalCollateral(t) + engine.pendingMain(t) + engine.pendingInsurance(t) + engine.pendingTreasury(t);
    }

    function _lifecycle(uint256 engineDonation) internal {
        address t = address(tsla);
        assertEq(tsla.balanceOf(address(engine)), _engineLedgers() + engineDonation);
        _trade();
        _vaultRoundTrip();
        _sweep();
        assertEq(tsla.balanceOf(address(engine)), _engineLedgers() + engineDonation);
        _liquidateAndLeave();

        // The books still balance to the wei, with the donation sitting inert on top.
        admin.sweep(t);
        assertEq(tsla.balanceOf(address(engine)), _engineLedgers() + engineDonation);
        assertEq(engine.totalCollateral(t), 0, "everyone left");
    }

    function _trade() internal {
        address t = address(tsla);
        // Margin deposit, open, funding, close half, withdraw.
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        _advance(10 minutes, 60);
        _close(alice, btcCall, 0.05e18);
        vm.prank(alice);
        admin.withdraw(t, 10e18);
        assertEq(tsla.balanceOf(alice), 10e18);
        assertEq(admin.position(alice, btcCall).size, 0.05e18);
    }

    function _vaultRoundTrip() internal {
        // Vault deposit / request / execute, main and insurance.
        tsla.mint(carol, 200e18);
        vm.startPrank(carol);
        tsla.approve(address(tslaMain), 100e18);
        tsla.approve(address(tslaInsurance), 100e18);
        uint256 mainShares = tslaMain.deposit(100e18, carol);
        uint256 insShares = tslaInsurance.deposit(100e18, carol);
        assertGt(mainShares, 0);
        assertGt(insShares, 0);
        tslaMain.requestWithdrawal(mainShares);
        tslaInsurance.requestWithdrawal(insShares);
        vm.stopPrank();
        _advance(60, 60);
        uint256 outMain = tslaMain.executeWithdrawal(carol);
        uint256 outIns = tslaInsurance.executeWithdrawal(carol);
        assertApproxEqRel(outMain, 100e18 * 997 / 1000, 0.001e18, "main: deposit back less the 0.3% exit fee");
        assertApproxEqRel(outIns, 100e18 * 997 / 1000, 0.001e18, "insurance: same");
        assertEq(tsla.balanceOf(carol), outMain + outIns);
    }

    function _sweep() internal {
        address t = address(tsla);
        // Sweep moves exactly the pending amounts; the donation stays where it was.
        uint256 pm = engine.pendingMain(t);
        uint256 pi = engine.pendingInsurance(t);
        uint256 pt = engine.pendingTreasury(t);
        assertGt(pm + pi + pt, 0);
        uint256 mainBal = tsla.balanceOf(address(tslaMain));
        uint256 insBal = tsla.balanceOf(address(tslaInsurance));
        uint256 navMain = tslaMain.totalAssets();
        uint256 navIns = tslaInsurance.totalAssets();
        vm.prank(keeper);
        admin.sweep(t);
        assertEq(engine.pendingMain(t) + engine.pendingInsurance(t) + engine.pendingTreasury(t), 0);
        assertEq(tsla.balanceOf(address(tslaMain)), mainBal + pm);
        assertEq(tsla.balanceOf(address(tslaInsurance)), insBal + pi);
        assertEq(tslaMain.totalAssets(), navMain, "a sweep does not move the main vault's NAV");
        assertEq(tslaInsurance.totalAssets(), navIns, "nor the insurance vault's");
    }

    function _liquidateAndLeave() internal {
        address t = address(tsla);
        // Liquidation: dave opens the largest position his margin allows, TSLA's reference then falls 75%.
        _fund(dave, tsla, 10e18);
        (uint256 max,) = _maxOpenable(dave, btcCall, 5e18);
        _open(dave, btcCall, max);
        (, int256 ref,,,) = tslaFeed.latestRoundData();
        tslaFeed.updateAnswer(ref / 4);
        EngineBase.Health memory h = _health(dave, t);
        assertLt(h.equityMaintenance, int256(h.maintenanceMargin), "dave is liquidatable");
        uint256 keeperBefore = tsla.balanceOf(keeper);
        vm.prank(keeper);
        admin.liquidate(dave, t, keeper);
        assertEq(admin.account(dave, t).positionBits, 0);
        assertEq(admin.position(dave, btcCall).size, 0);
        assertGt(tsla.balanceOf(keeper), keeperBefore, "the liquidator was paid");
        tslaFeed.updateAnswer(ref); // the reference recovers: the peg is healthy again

        // Alice closes the rest and leaves with everything.
        _close(alice, btcCall, 0.05e18);
        uint256 left = _collateral(alice, t);
        vm.prank(alice);
        admin.withdraw(t, left);
        assertEq(_collateral(alice, t), 0);
        uint256 daveLeft = _collateral(dave, t);
        assertGt(daveLeft, 0, "the rest of a liquidated margin stays the trader's");
        vm.prank(dave);
        admin.withdraw(t, daveLeft);
    }
}
