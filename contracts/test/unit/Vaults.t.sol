// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {MockEngine} from "../utils/MockEngine.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {ILivestockEngine} from "../../src/interfaces/ILivestockEngine.sol";

contract VaultsTest is VaultFixture {
    uint8 internal constant MARKET_CLOSED = uint8(LivestockVault.PauseReason.MarketClosed);
    uint8 internal constant PEG_NOT_HEALTHY = uint8(LivestockVault.PauseReason.PegNotHealthy);
    uint8 internal constant INSOLVENT = uint8(LivestockVault.PauseReason.Insolvent);

    event WithdrawalRequested(address indexed owner, uint256 shares, uint64 readyAt);
    event WithdrawalCancelled(address indexed owner, uint256 shares);
    event WithdrawalExecuted(
        address indexed owner, address indexed caller, uint256 shares, uint256 assets, uint256 fee
    );
    event CooldownSet(uint64 previous, uint64 current);
    event ExitFeeSet(uint16 previous, uint16 current);
    event MaxUtilizationSet(uint256 previous, uint256 current);
    event PaidToEngine(address indexed engine, uint256 requested, uint256 paid);
    event ShortfallCovered(address indexed to, uint256 requested, uint256 paid);
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);

    // ------------------------------------------------------------------ construction

    function test_constructorWiresEverything() public view {
        assertEq(mainVault.asset(), address(tsla));
        assertEq(address(mainVault.oracleHub()), address(world.oracleHub));
        assertEq(address(mainVault.engine()), address(engine));
        assertEq(mainVault.owner(), address(this));
        assertEq(mainVault.cooldown(), COOLDOWN);
        assertEq(mainVault.exitFeeBps(), EXIT_FEE_BPS);
        assertEq(mainVault.maxUtilizationWad(), 0.8e18);
        assertEq(mainVault.decimals(), 24, "18 + 6 virtual-share decimals");
        assertEq(insVault.asset(), address(tsla));
    }

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(LivestockVault.ZeroAddress.selector);
        new MainVault(
            IERC20(address(tsla)), "m", "m", world.oracleHub, ILivestockEngine(address(0)), address(this), 60, 30
        );
        vm.expectRevert(LivestockVault.ZeroAddress.selector);
        new InsuranceVault(IERC20(address(tsla)), "i", "i", OracleHub(address(0)), engine, address(this), 60, 30);
    }

    function test_constructorEnforcesParameterBounds() public {
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.CooldownOutOfBounds.selector, uint64(59)));
        new MainVault(IERC20(address(tsla)), "m", "m", world.oracleHub, engine, address(this), 59, 30);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.ExitFeeOutOfBounds.selector, uint16(101)));
        new MainVault(IERC20(address(tsla)), "m", "m", world.oracleHub, engine, address(this), 60, 101);
    }

    // ------------------------------------------------------------------ deposit / mint

    function test_depositMintsSharesWithVirtualOffset() public {
        vm.expectEmit(true, true, false, true, address(mainVault));
        emit Deposit(alice, alice, 1_000e18, 1_000e24);
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        assertEq(shares, 1_000e24, "1 X = 1e6 shares at the start");
        assertEq(mainVault.balanceOf(alice), shares);
        assertEq(tsla.balanceOf(address(mainVault)), 1_000e18);
        assertEq(mainVault.totalAssets(), 1_000e18);
    }

    function test_depositRevertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(LivestockVault.ZeroAmount.selector);
        mainVault.deposit(0, alice);
    }

    function test_depositRevertsWhenDustBuysNoShare() public {
        _deposit(mainVault, alice, 1); // 1e6 shares
        vm.prank(alice);
        tsla.transfer(address(mainVault), 1e18); // share price now ~1e12 wei per share
        vm.prank(bob);
        vm.expectRevert(LivestockVault.ZeroShares.selector);
        mainVault.deposit(1, bob);
    }

    function test_mintTakesAssetsRoundedUp() public {
        _deposit(mainVault, alice, 1_000e18);
        vm.prank(alice);
        tsla.transfer(address(mainVault), 1); // price no longer exactly 1e-6 X per share
        uint256 preview = mainVault.previewMint(1e24);
        vm.prank(bob);
        uint256 assets = mainVault.mint(1e24, bob);
        assertEq(assets, preview);
        assertEq(mainVault.balanceOf(bob), 1e24);
        assertGe(assets * 1e6, 1e24, "never cheaper than the current price");
    }

    function test_mintRevertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(LivestockVault.ZeroAmount.selector);
        mainVault.mint(0, alice);
    }

    function test_entryPausedWhileMarketClosed() public {
        tslaFeed.setMarketStatus(1);
        assertEq(mainVault.maxDeposit(alice), 0);
        assertEq(mainVault.maxMint(alice), 0);
        assertEq(uint8(mainVault.entryPauseReason()), MARKET_CLOSED);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, MARKET_CLOSED));
        mainVault.deposit(1e18, alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, MARKET_CLOSED));
        mainVault.mint(1e24, alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, MARKET_CLOSED));
        insVault.deposit(1e18, alice);
        vm.stopPrank();

        tslaFeed.setMarketStatus(2);
        _advance(60, 60);
        assertEq(mainVault.maxDeposit(alice), type(uint256).max);
        _deposit(mainVault, alice, 1e18);
    }

    function test_entryPausedWhilePegStrained() public {
        _strainPeg();
        assertEq(uint8(world.oracleHub.stockState(address(tsla)).peg), uint8(OracleHub.PegState.Strained));
        assertEq(mainVault.maxDeposit(alice), 0);
        assertEq(insVault.maxMint(alice), 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, PEG_NOT_HEALTHY));
        mainVault.deposit(1e18, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, PEG_NOT_HEALTHY));
        insVault.mint(1e24, alice);
    }

    function test_entryPausedWhileReferenceStale() public {
        vm.warp(block.timestamp + 601); // two heartbeats missed: peg broken
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, PEG_NOT_HEALTHY));
        mainVault.deposit(1e18, alice);
    }

    function test_mainEntryPausedWhileBookMakesNavNegative() public {
        _deposit(mainVault, alice, 1_000e18);
        engine.setBookValue(address(tsla), -1_001e18);
        assertEq(mainVault.totalAssets(), 0);
        assertEq(mainVault.maxDeposit(bob), 0);
        assertEq(uint8(mainVault.entryPauseReason()), INSOLVENT);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultEntryPaused.selector, INSOLVENT));
        mainVault.deposit(1e18, bob);
        engine.setBookValue(address(tsla), -1_000e18); // exactly zero NAV is priced correctly
        assertEq(uint8(mainVault.entryPauseReason()), 0);
    }

    // ------------------------------------------------------------------ direct exit disabled

    function test_directWithdrawAndRedeemDisabled() public {
        _deposit(mainVault, alice, 1_000e18);
        assertEq(mainVault.maxWithdraw(alice), 0);
        assertEq(mainVault.maxRedeem(alice), 0);
        assertEq(insVault.maxRedeem(alice), 0);
        vm.startPrank(alice);
        vm.expectRevert(LivestockVault.UseWithdrawalRequest.selector);
        mainVault.withdraw(1e18, alice, alice);
        vm.expectRevert(LivestockVault.UseWithdrawalRequest.selector);
        mainVault.redeem(1e24, alice, alice);
        vm.expectRevert(LivestockVault.UseWithdrawalRequest.selector);
        insVault.redeem(1e24, alice, alice);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ request / cancel

    function test_requestWithdrawalEscrowsSharesAndStartsCooldown() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        uint64 expectedReady = uint64(block.timestamp + COOLDOWN);
        vm.expectEmit(true, false, false, true, address(mainVault));
        emit WithdrawalRequested(alice, shares / 2, expectedReady);
        uint64 readyAt = _request(mainVault, alice, shares / 2);
        assertEq(readyAt, expectedReady);
        assertEq(mainVault.balanceOf(alice), shares / 2);
        assertEq(mainVault.balanceOf(address(mainVault)), shares / 2);
        assertEq(mainVault.totalEscrowedShares(), shares / 2);
        (uint256 s, uint64 r) = mainVault.withdrawalRequest(alice);
        assertEq(s, shares / 2);
        assertEq(r, readyAt);
        assertEq(mainVault.cooldownRemaining(alice), COOLDOWN);
        vm.warp(block.timestamp + 45);
        assertEq(mainVault.cooldownRemaining(alice), 15);
        vm.warp(block.timestamp + 100);
        assertEq(mainVault.cooldownRemaining(alice), 0);
        assertEq(mainVault.cooldownRemaining(bob), 0, "no request");
    }

    function test_requestTopUpAddsSharesAndRestartsCooldown() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        _request(mainVault, alice, shares / 4);
        vm.warp(block.timestamp + 50);
        uint64 readyAt = _request(mainVault, alice, shares / 4);
        (uint256 s, uint64 r) = mainVault.withdrawalRequest(alice);
        assertEq(s, shares / 2);
        assertEq(r, readyAt);
        assertEq(mainVault.cooldownRemaining(alice), COOLDOWN, "cooldown restarted");
    }

    function test_requestWithdrawalRevertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(LivestockVault.ZeroAmount.selector);
        mainVault.requestWithdrawal(0);
    }

    function test_requestWithdrawalRevertsWithoutShares() public {
        uint256 shares = _deposit(mainVault, alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, shares, shares + 1)
        );
        mainVault.requestWithdrawal(shares + 1);
    }

    function test_requestAndCancelAllowedWhilePaused() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        tslaFeed.setMarketStatus(1);
        _request(mainVault, alice, shares);
        vm.prank(alice);
        mainVault.cancelWithdrawal();
        assertEq(mainVault.balanceOf(alice), shares - Math.mulDiv(shares, mainVault.exitFeeBps(), 10_000, Math.Rounding.Ceil));
    }

    /// @notice The main vault keeps its exit fee of a cancelled request (burned: the LPs who stay gain it), since a
    ///         request moves the vault size every trade is priced with.
    function test_cancelWithdrawalReturnsSharesLessTheExitFee() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        _request(mainVault, alice, shares);
        uint256 fee = Math.mulDiv(shares, mainVault.exitFeeBps(), 10_000, Math.Rounding.Ceil);
        uint256 supply = mainVault.totalSupply();
        vm.expectEmit(true, false, false, true, address(mainVault));
        emit WithdrawalCancelled(alice, shares - fee);
        vm.prank(alice);
        assertEq(mainVault.cancelWithdrawal(), shares - fee);
        assertEq(mainVault.balanceOf(alice), shares - fee);
        assertEq(mainVault.totalSupply(), supply - fee, "the fee is burned");
        assertEq(mainVault.totalReservedAssets(), 0);
        assertEq(mainVault.totalEscrowedShares(), 0);
        (uint256 s, uint64 r) = mainVault.withdrawalRequest(alice);
        assertEq(s, 0);
        assertEq(r, 0);
    }

    function test_cancelWithdrawalRevertsWithoutRequest() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.NoWithdrawalRequest.selector, alice));
        mainVault.cancelWithdrawal();
    }

    // ------------------------------------------------------------------ execute

    function test_executeWithdrawalByKeeperPaysOwnerNetOfFee() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        _request(mainVault, alice, shares);
        _advance(COOLDOWN, 60);
        uint256 fee = 3e18; // 0.3% of 1,000
        assertEq(mainVault.previewRedeem(shares), 1_000e18 - fee);
        uint256 before = tsla.balanceOf(alice);
        vm.expectEmit(true, true, false, true, address(mainVault));
        emit WithdrawalExecuted(alice, keeper, shares, 1_000e18 - fee, fee);
        vm.prank(keeper);
        uint256 paid = mainVault.executeWithdrawal(alice);
        assertEq(paid, 1_000e18 - fee);
        assertEq(tsla.balanceOf(alice) - before, paid, "assets go to the owner, not the keeper");
        assertEq(tsla.balanceOf(keeper), 0);
        assertEq(mainVault.totalSupply(), 0);
        assertEq(mainVault.totalEscrowedShares(), 0);
        assertEq(tsla.balanceOf(address(mainVault)), fee, "the fee stays in the vault");
        (uint256 s,) = mainVault.withdrawalRequest(alice);
        assertEq(s, 0);
    }

    function test_executeWithdrawalRevertsWithoutRequest() public {
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.NoWithdrawalRequest.selector, alice));
        mainVault.executeWithdrawal(alice);
    }

    function test_executeWithdrawalRevertsBeforeCooldownEnds() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        uint64 readyAt = _request(mainVault, alice, shares);
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.CooldownNotOver.selector, readyAt));
        mainVault.executeWithdrawal(alice);
        vm.warp(readyAt); // due exactly at readyAt
        mainVault.executeWithdrawal(alice);
    }

    function test_executeWithdrawalPausedWhileMarketClosed() public {
        uint256 shares = _deposit(insVault, alice, 1_000e18);
        _request(insVault, alice, shares);
        _advance(COOLDOWN, 60);
        tslaFeed.setMarketStatus(1);
        assertEq(uint8(insVault.exitPauseReason()), MARKET_CLOSED);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultExitPaused.selector, MARKET_CLOSED));
        insVault.executeWithdrawal(alice);
    }

    function test_executeWithdrawalPausedWhilePegStrained() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        _request(mainVault, alice, shares);
        _strainPeg();
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.VaultExitPaused.selector, PEG_NOT_HEALTHY));
        mainVault.executeWithdrawal(alice);
    }

    function test_executeWithdrawalRevertsWhenUtilizationTooHigh() public {
        _deposit(mainVault, bob, 1_000e18);
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        engine.setLockedValue(address(tsla), 1_000e18); // 50% now
        _request(mainVault, alice, shares);
        _advance(COOLDOWN, 60);
        // The request took alice's 1,000 X out of L: U = 1,000 / (2,000 − 1,000) = 100% > 80%.
        assertEq(mainVault.totalReservedAssets(), 1_000e18);
        assertEq(engine.withdrawalReserve(address(tsla)), 1_000e18, "reported to the engine");
        uint256 expected = mainVault.utilizationWad();
        assertEq(expected, 1e18);
        vm.expectRevert(abi.encodeWithSelector(MainVault.UtilizationTooHigh.selector, expected));
        mainVault.executeWithdrawal(alice);

        engine.setLockedValue(address(tsla), 800e18); // 800 / 1,000 = 80%: allowed
        mainVault.executeWithdrawal(alice);
        assertLe(mainVault.utilizationWad(), 0.8e18);
    }

    function test_insuranceExitHasNoUtilizationCap() public {
        uint256 shares = _deposit(insVault, alice, 1_000e18);
        engine.setLockedValue(address(tsla), 1_000_000e18);
        _request(insVault, alice, shares);
        _advance(COOLDOWN, 60);
        insVault.executeWithdrawal(alice);
    }

    function test_executeWithdrawalSweepsTheEngineFirst() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        tsla.mint(address(engine), 1_000e18);
        engine.setPendingMain(address(tsla), 1_000e18); // NAV 2,000, balance 1,000
        _request(mainVault, alice, shares);
        _advance(COOLDOWN, 60);
        uint256 net = mainVault.previewRedeem(shares);
        assertGt(net, 1_000e18, "more than the vault holds before the sweep");
        assertEq(mainVault.executeWithdrawal(alice), net);
        assertEq(engine.pendingMain(address(tsla)), 0);
    }

    function test_executeWithdrawalRevertsWhenLiquidityIsLocked() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        engine.setBookValue(address(tsla), 1_000e18); // NAV 2,000 of which 1,000 is receivable, not cash
        _request(mainVault, alice, shares);
        _advance(COOLDOWN, 60);
        uint256 net = mainVault.previewRedeem(shares);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.InsufficientLiquidity.selector, 1_000e18, net));
        mainVault.executeWithdrawal(alice);
    }

    /// @notice A standing request earns nothing while it waits: the exit pays the lower of the value at
    ///         request and at execution, and the difference stays with the other LPs.
    function test_standingRequestDoesNotKeepEarning() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        _deposit(mainVault, bob, 1_000e18);
        _request(mainVault, alice, shares);
        uint256 valueAtRequest = mainVault.previewRedeem(shares);
        tsla.mint(address(mainVault), 500e18); // premiums arrive during the cooldown
        _advance(COOLDOWN, 60);
        assertEq(mainVault.executeWithdrawal(alice), valueAtRequest);
        // Bob keeps all the premiums and alice's exit fee: 2,500 in the vault minus what alice took.
        assertApproxEqRel(mainVault.previewRedeem(mainVault.balanceOf(bob)), (2_500e18 - valueAtRequest) * 997 / 1000, 1e12);
    }

    function test_exitFeeRaisesRemainingLpsSharePrice() public {
        uint256 bobShares = _deposit(mainVault, bob, 1_000e18);
        _deposit(mainVault, alice, 1_000e18);
        uint256 bobBefore = mainVault.convertToAssets(bobShares);
        uint256 paid = _exitAll(mainVault, alice);
        uint256 fee = 1_000e18 - paid;
        assertEq(fee, 3e18);
        uint256 bobAfter = mainVault.convertToAssets(bobShares);
        // Bob owns all real shares, so he gains the whole fee (less the virtual shares' dust).
        assertApproxEqAbs(bobAfter - bobBefore, fee, 1e6);
        assertLe(bobAfter, 1_003e18);
    }

    function test_executeWithZeroFeePaysConvertToAssets() public {
        mainVault.setExitFee(0);
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        uint256 gross = mainVault.convertToAssets(shares);
        assertEq(_exitAll(mainVault, alice), gross);
    }

    function test_previewWithdrawCoversTheFee() public {
        _deposit(mainVault, alice, 1_000e18);
        uint256 shares = mainVault.previewWithdraw(100e18);
        assertGe(mainVault.previewRedeem(shares), 100e18);
        assertLt(mainVault.previewRedeem(shares - 1e6), 100e18);
    }

    // ------------------------------------------------------------------ NAV

    function test_mainNavIncludesPendingAndBookValue() public {
        _deposit(mainVault, alice, 1_000e18);
        engine.setPendingMain(address(tsla), 50e18);
        engine.setBookValue(address(tsla), 20e18);
        assertEq(mainVault.totalAssets(), 1_070e18);
        engine.setBookValue(address(tsla), -100e18);
        assertEq(mainVault.totalAssets(), 950e18, "a negative book value lowers NAV");
        engine.setBookValue(address(tsla), -5_000e18);
        assertEq(mainVault.totalAssets(), 0, "floored at zero");
    }

    function test_insuranceNavIncludesPending() public {
        _deposit(insVault, alice, 1_000e18);
        engine.setPendingInsurance(address(tsla), 25e18);
        engine.setBookValue(address(tsla), -500e18); // the main vault's book is not the insurance vault's
        assertEq(insVault.totalAssets(), 1_025e18);
    }

    function test_sweepDoesNotMoveSharePrice() public {
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        uint256 insShares = _deposit(insVault, alice, 100e18);
        tsla.mint(address(engine), 70e18);
        engine.setPendingMain(address(tsla), 50e18);
        engine.setPendingInsurance(address(tsla), 20e18);
        uint256 mainPrice = mainVault.convertToAssets(shares);
        uint256 insPrice = insVault.convertToAssets(insShares);
        engine.sweep(address(tsla));
        assertEq(mainVault.convertToAssets(shares), mainPrice);
        assertEq(insVault.convertToAssets(insShares), insPrice);
        assertEq(tsla.balanceOf(address(mainVault)), 1_050e18);
    }

    function test_utilizationView() public {
        assertEq(mainVault.utilizationWad(), 0);
        engine.setLockedValue(address(tsla), 1);
        assertEq(mainVault.utilizationWad(), type(uint256).max, "locked with no NAV");
        _deposit(mainVault, alice, 1_000e18);
        engine.setLockedValue(address(tsla), 250e18);
        assertEq(mainVault.utilizationWad(), 0.25e18);
    }

    // ------------------------------------------------------------------ engine hooks

    function test_payToEnginePaysAtMostTheBalance() public {
        _deposit(mainVault, alice, 1_000e18);
        vm.expectEmit(true, false, false, true, address(mainVault));
        emit PaidToEngine(address(engine), 400e18, 400e18);
        assertEq(engine.callPayToEngine(mainVault, 400e18), 400e18);
        assertEq(tsla.balanceOf(address(engine)), 400e18);
        assertEq(engine.callPayToEngine(mainVault, 5_000e18), 600e18, "only what is left");
        assertEq(tsla.balanceOf(address(mainVault)), 0);
        assertEq(engine.callPayToEngine(mainVault, 1e18), 0, "empty vault pays 0, never reverts");
    }

    function test_payToEngineWorksWhileMarketClosed() public {
        _deposit(mainVault, alice, 1_000e18);
        tslaFeed.setMarketStatus(1);
        assertEq(engine.callPayToEngine(mainVault, 10e18), 10e18);
    }

    function test_payToEngineOnlyEngine() public {
        _deposit(mainVault, alice, 1_000e18);
        vm.prank(alice);
        vm.expectRevert(LivestockVault.OnlyEngine.selector);
        mainVault.payToEngine(1e18);
    }

    function test_coverShortfallPaysAtMostTheBalance() public {
        _deposit(insVault, alice, 100e18);
        vm.expectEmit(true, false, false, true, address(insVault));
        emit ShortfallCovered(address(mainVault), 30e18, 30e18);
        assertEq(engine.callCoverShortfall(insVault, address(mainVault), 30e18), 30e18);
        assertEq(tsla.balanceOf(address(mainVault)), 30e18);
        assertEq(engine.callCoverShortfall(insVault, address(engine), 1_000e18), 70e18);
        assertEq(tsla.balanceOf(address(insVault)), 0);
    }

    function test_coverShortfallOnlyEngine() public {
        vm.prank(alice);
        vm.expectRevert(LivestockVault.OnlyEngine.selector);
        insVault.coverShortfall(alice, 1e18);
    }

    function test_coverShortfallRejectsZeroAddress() public {
        vm.expectRevert(LivestockVault.ZeroAddress.selector);
        engine.callCoverShortfall(insVault, address(0), 1e18);
    }

    // ------------------------------------------------------------------ governance

    function test_setCooldownOnlyOwnerAndBounded() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        mainVault.setCooldown(3 days);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.CooldownOutOfBounds.selector, uint64(59)));
        mainVault.setCooldown(59);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.CooldownOutOfBounds.selector, uint64(30 days + 1)));
        mainVault.setCooldown(30 days + 1);
        vm.expectEmit(false, false, false, true, address(mainVault));
        emit CooldownSet(COOLDOWN, 3 days);
        mainVault.setCooldown(3 days);
        assertEq(mainVault.cooldown(), 3 days);
        uint256 shares = _deposit(mainVault, alice, 1e18);
        assertEq(_request(mainVault, alice, shares), block.timestamp + 3 days);
    }

    function test_setExitFeeOnlyOwnerAndBounded() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        insVault.setExitFee(10);
        vm.expectRevert(abi.encodeWithSelector(LivestockVault.ExitFeeOutOfBounds.selector, uint16(101)));
        insVault.setExitFee(101);
        vm.expectEmit(false, false, false, true, address(insVault));
        emit ExitFeeSet(EXIT_FEE_BPS, 100);
        insVault.setExitFee(100);
        assertEq(insVault.exitFeeBps(), 100);
        insVault.setExitFee(0);
        assertEq(insVault.exitFeeBps(), 0);
    }

    function test_setMaxUtilizationOnlyOwnerAndBounded() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        mainVault.setMaxUtilization(0.5e18);
        vm.expectRevert(abi.encodeWithSelector(MainVault.MaxUtilizationOutOfBounds.selector, 0.1e18 - 1));
        mainVault.setMaxUtilization(0.1e18 - 1);
        vm.expectRevert(abi.encodeWithSelector(MainVault.MaxUtilizationOutOfBounds.selector, 0.95e18 + 1));
        mainVault.setMaxUtilization(0.95e18 + 1);
        vm.expectEmit(false, false, false, true, address(mainVault));
        emit MaxUtilizationSet(0.8e18, 0.5e18);
        mainVault.setMaxUtilization(0.5e18);
        assertEq(mainVault.maxUtilizationWad(), 0.5e18);
    }

    function test_ownershipTransferIsTwoStep() public {
        mainVault.transferOwnership(alice);
        assertEq(mainVault.owner(), address(this), "not yet");
        vm.prank(alice);
        mainVault.acceptOwnership();
        assertEq(mainVault.owner(), alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        mainVault.setExitFee(0);
    }

    // ------------------------------------------------------------------ attacks

    /// @dev Attacker mints 1 wei of shares-worth, donates 100,000 X to inflate the share price, and hopes the
    ///      victim's deposit rounds to (almost) nothing. With 10^6 virtual shares the victim keeps ≥ 99.9%.
    function test_firstDepositorInflationAttackFails() public {
        address attacker = makeAddr("attacker");
        tsla.mint(attacker, 100_000e18 + 1);
        vm.startPrank(attacker);
        tsla.approve(address(mainVault), type(uint256).max);
        mainVault.deposit(1, attacker);
        tsla.transfer(address(mainVault), 100_000e18);
        vm.stopPrank();

        uint256 victimShares = _deposit(mainVault, alice, 1_000e18);
        assertGt(victimShares, 0);
        mainVault.setExitFee(0);
        uint256 back = _exitAll(mainVault, alice);
        assertGe(back, 999e18, "victim redeems >= 99.9% of its deposit");

        uint256 attackerValue = mainVault.convertToAssets(mainVault.balanceOf(attacker));
        assertLt(attackerValue, 100_000e18, "the attacker loses most of the donation to the virtual shares");
    }

    /// @dev Dopex-style griefing: 1 wei sent to an empty vault must not block deposit, request or execute.
    function test_oneWeiDonationBlocksNothing() public {
        vm.prank(carol);
        tsla.transfer(address(mainVault), 1);
        uint256 shares = _deposit(mainVault, alice, 1_000e18);
        assertGt(shares, 0);
        vm.prank(carol);
        tsla.transfer(address(mainVault), 1); // and again once it has LPs
        uint256 back = _exitAll(mainVault, alice);
        assertGe(back, 997e18 - 1, "fee aside, nothing lost to the donation");
    }
}
