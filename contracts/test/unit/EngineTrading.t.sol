// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {Position, Market, RiskParams} from "../../src/core/EngineTypes.sol";

/// @notice Opening, closing, funding and fees: the happy paths and every error a trade can hit.
contract EngineTradingTest is ProtocolFixture {
    uint256 internal btcCall;
    uint256 internal btcPut;
    uint256 internal ethPut;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        btcPut = _id(address(tsla), BTC, false, 95_000e18);
        ethPut = _id(address(tsla), ETH, false, 3_250e18);
    }

    function test_openThenCloseMovesMarginByPnlFeesAndFunding() public {
        _fund(alice, tsla, 100e18);
        uint256 before = _collateral(alice, address(tsla));
        _open(alice, btcCall, 0.1e18);
        Position memory p = admin.position(alice, btcCall);
        assertEq(p.size, 0.1e18);
        assertGt(p.entryPrice, 2_600e18); // ATM, σ 55% × 1.05, T 7 d: K/u ≈ 2,685 plus skew
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertGe(h.equityInitial, int256(h.initialMargin));

        _advance(1 days, 600);
        h = _health(alice, address(tsla));
        assertGt(h.unpaidFunding, 0);
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0);
        assertLt(_collateral(alice, address(tsla)), before, "spot unchanged: fees and funding cost the trader");
        assertEq(admin.account(alice, address(tsla)).positionBits, 0);
    }

    function test_profitableCloseIsPaidByTheVault() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.5e18);
        _setBtc(105_000e18);
        uint256 vaultBefore = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla));
        uint256 marginBefore = _collateral(alice, address(tsla));
        _close(alice, btcCall, 0.5e18);
        assertGt(_collateral(alice, address(tsla)), marginBefore + 5e18, "about 5,000 USD of profit, 11 TSLA.M");
        assertLt(tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla)), vaultBefore);
    }

    function test_quoteMatchesTheOpenPrice() public {
        _fund(alice, tsla, 100e18);
        EngineBase.Quote memory q = admin.quote(btcPut, 0.2e18, true);
        _open(alice, btcPut, 0.2e18);
        assertApproxEqAbs(admin.position(alice, btcPut).entryPrice, q.price, 1e9); // stored in nano-USD, rounded up
        assertGe(q.price, q.theo);
        assertLt(q.delta, 0);
    }

    function test_feeIsCappedAndSplit701020() public {
        _fund(alice, tsla, 100e18);
        uint256 mainBefore = engine.pendingMain(address(tsla));
        EngineBase.Quote memory q = admin.quote(ethPut, 1e18, true);
        _open(alice, ethPut, 1e18);
        // min(0.03% · S, 12.5% · mark) = 0.03% · 3,200 = $0.96 per unit.
        assertEq(q.fee, 0.96e18);
        uint256 toMain = engine.pendingMain(address(tsla)) - mainBefore;
        uint256 toInsurance = engine.pendingInsurance(address(tsla));
        uint256 toTreasury = engine.pendingTreasury(address(tsla));
        assertEq(toMain, (toMain + toInsurance + toTreasury) * 7000 / 10_000);
        assertEq(toInsurance, (toMain + toInsurance + toTreasury) * 2000 / 10_000);
        assertApproxEqAbs((toMain + toInsurance + toTreasury) * 430e18 / 1e18, 0.96e18, 1e6);
    }

    /// @notice Funding is the time value over T (theo − intrinsic), not the skewed mark: the skew premium is paid
    ///         once, at the trade.
    function test_fundingAccruesPerSecondAtTimeValueOverT() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 1e18);
        uint256 cum0 = admin.currentCumFunding(btcCall);
        EngineBase.Quote memory q = admin.quote(btcCall, 0, true);
        assertGt(q.price, q.theo, "the trade paid a skew premium");
        _advance(1 hours, 60); // prices stay where they are, pushed every minute
        uint256 perHour = admin.currentCumFunding(btcCall) - cum0;
        // ATM: theo − intrinsic = theo; per hour = theo · 3600 / 7 days.
        assertApproxEqRel(perHour, q.theo * 3600 / 7 days, 1e12);
    }

    function test_increasingAPositionAveragesTheEntry() public {
        _fund(alice, tsla, 200e18);
        _open(alice, btcCall, 0.1e18);
        uint256 first = admin.position(alice, btcCall).entryPrice;
        _setBtc(97_000e18);
        _open(alice, btcCall, 0.1e18);
        Position memory p = admin.position(alice, btcCall);
        assertEq(p.size, 0.2e18);
        assertGt(p.entryPrice, first);
        assertEq(admin.positionIds(alice, address(tsla)).length, 1);
    }

    function test_partialCloseKeepsTheRest() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcPut, 0.3e18);
        _close(alice, btcPut, 0.1e18);
        assertEq(admin.position(alice, btcPut).size, 0.2e18);
        assertEq(admin.market(btcPut).longOpenInterest, 0.2e18);
    }

    // ------------------------------------------------------------------ errors

    function test_openRevertsZeroSizeUnknownMarket() public {
        _fund(alice, tsla, 100e18);
        vm.startPrank(alice);
        vm.expectRevert(IEngineErrors.ZeroAmount.selector);
        engine.trade(alice, btcCall, int256(0), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UnknownMarket.selector, uint256(0)));
        engine.trade(alice, 0, int256(1e18), type(uint256).max);
        vm.stopPrank();
    }

    function test_openRevertsOnSlippage() public {
        _fund(alice, tsla, 100e18);
        EngineBase.Quote memory q = admin.quote(btcCall, 0.1e18, true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.SlippageExceeded.selector, q.price, q.price - 1));
        engine.trade(alice, btcCall, int256(0.1e18), q.price - 1);
    }

    function test_openRevertsWithoutMargin() public {
        _fund(alice, tsla, 1e18); // $430 × 35% = $150 of buying power
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(alice, btcCall, int256(1e18), type(uint256).max);
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertEq(h.initialMargin, 0, "nothing opened");
    }

    function test_openRevertsWhenPaused_closeStillWorks() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        admin.setPaused(true);
        vm.prank(alice);
        vm.expectRevert(IEngineErrors.Paused.selector);
        engine.trade(alice, btcCall, int256(0.1e18), type(uint256).max);
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0);
    }

    function test_openRevertsWhenPegStrained_closeStillWorks() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        _scaleDexPrice(tslaPair, tsla, 1.03e18);
        _advance(36 minutes, 60);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.PegNotHealthy.selector, address(tsla), uint8(1)));
        engine.trade(alice, btcCall, int256(0.1e18), type(uint256).max);
        _close(alice, btcCall, 0.1e18);
    }

    function test_openRevertsOnStaleUnderlying() public {
        _fund(alice, tsla, 100e18);
        vm.warp(block.timestamp + 121);
        tslaFeed.updateAnswer(430e8);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("BTC/USD")));
        engine.trade(alice, btcCall, int256(0.1e18), type(uint256).max);
    }

    function test_farStrikeBecomesCloseOnly() public {
        _fund(alice, tsla, 100e18);
        uint256 farPut = _id(address(tsla), BTC, false, 80_000e18);
        _open(alice, farPut, 0.1e18);
        _setBtc(170_000e18); // strike 80k is now 53% below spot
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.CloseOnlyMarket.selector, farPut));
        engine.trade(alice, farPut, int256(0.1e18), type(uint256).max);
        _close(alice, farPut, 0.1e18);
    }

    function test_openInterestCapPerMarket() public {
        _fund(alice, tsla, 100_000e18);
        // Vault capital 20,000 TSLA.M × $430 = $8.6M; 10% = $860k ≈ 9.05 BTC of notional.
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.OpenInterestCapExceeded.selector);
        engine.trade(alice, btcCall, int256(9.1e18), type(uint256).max);
        _open(alice, btcCall, 9e18);
        assertEq(admin.market(btcCall).longOpenInterest, 9e18);
    }

    function test_tooManyPositions() public {
        _fund(alice, tsla, 1_000e18);
        uint256 strike = 80_000e18;
        for (uint256 i; i < 8; ++i) {
            _open(alice, _id(address(tsla), BTC, i % 2 == 0, strike + (i / 2) * 5_000e18), 0.01e18);
        }
        uint256 ninth = _id(address(tsla), BTC, true, 100_000e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.TooManyPositions.selector, uint8(8)));
        engine.trade(alice, ninth, int256(0.01e18), type(uint256).max);
    }

    /// @notice Selling without a position writes the option (a short), which needs margin like any open.
    function test_sellWithoutPositionOpensAShortThatNeedsMargin() public {
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(alice, btcCall, -int256(1), 0);
    }

    function test_closeRevertsOnMinPrice() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        EngineBase.Quote memory q = admin.quote(btcCall, 0.1e18, false);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.SlippageExceeded.selector, q.price, q.price + 1));
        engine.trade(alice, btcCall, -int256(0.1e18), q.price + 1);
    }

    function test_closeWorksWhileStockMarketClosed() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        tslaFeed.setMarketStatus(1);
        _advance(10 hours, 600);
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0);
    }

    function testFuzz_openCloseRoundTripNeverProfitsAtConstantPrices(uint256 size, uint256 waitSeconds) public {
        size = bound(size, 0.001e18, 2e18);
        waitSeconds = bound(waitSeconds, 0, 2 days);
        _fund(alice, tsla, 1_000e18);
        uint256 before = _collateral(alice, address(tsla));
        _open(alice, btcPut, size);
        _advance(waitSeconds, 1 hours);
        _close(alice, btcPut, size);
        assertLe(_collateral(alice, address(tsla)), before);
    }

    /// @dev Funding is priced with the vault's capital; an LP's deposit must not reprice time already passed.
    function test_lpDepositDoesNotRepriceFundingAlreadyAccrued() public {
        _fund(alice, tsla, 2_000e18);
        _open(alice, btcCall, 1e18);
        _advance(2 hours, 600);
        uint256 cumBefore = admin.currentCumFunding(btcCall);
        uint256 pricePerShareBefore = tslaMain.convertToAssets(1e24);

        address lp = makeAddr("lp");
        tsla.mint(lp, 10_000e18);
        vm.startPrank(lp);
        tsla.approve(address(tslaMain), 10_000e18);
        tslaMain.deposit(10_000e18, lp);
        vm.stopPrank();

        assertEq(admin.currentCumFunding(btcCall), cumBefore, "funding already accrued is unchanged");
        assertGe(tslaMain.convertToAssets(1e24), pricePerShareBefore, "the other LPs' share price did not fall");
    }

    function test_accrueFundingIsPermissionlessAndIdempotent() public {
        _fund(alice, tsla, 2_000e18);
        _open(alice, btcCall, 1e18);
        _advance(1 hours, 600);
        uint256 expected = admin.currentCumFunding(btcCall);
        vm.recordLogs();
        vm.prank(bob);
        admin.accrueFunding(address(tsla));
        assertEq(admin.market(btcCall).cumFunding, expected, "stored index = the view's index");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "one FundingAccrued");
        assertEq(logs[0].topics[0], EngineBase.FundingAccrued.selector);
        (uint256 cum, uint256 spot) = abi.decode(logs[0].data, (uint256, uint256));
        assertEq(cum, expected);
        assertEq(spot, 95_000e18, "the event carries the BTC price it accrued at");
        admin.accrueFunding(address(tsla));
        assertEq(admin.market(btcCall).cumFunding, expected, "same block: nothing more");
    }

    /// @notice The main vault's NAV counts the short book: cost received − the options' theo value + 70% of the
    ///         funding traders owe. With prices held, theo does not decay (everlasting), so over a day the book
    ///         grows by the vault's share of the funding accrued, and nothing else.
    function test_bookValueGrowsByTheMainVaultsShareOfFunding() public {
        _fund(alice, tsla, 2_000e18);
        _open(alice, btcCall, 1e18);
        Market memory m = admin.market(btcCall);
        uint256 price = world.oracleHub.stockState(address(tsla)).settlementPrice;
        int256 atOpen = admin.bookValue(address(tsla));
        // The vault sold above theo (skew premium): positive, but less than the whole premium received.
        assertGt(atOpen, 0);
        assertLt(atOpen, int256(m.costBasis) * 1e18 / int256(price));

        uint256 cumAtOpen = admin.currentCumFunding(btcCall);
        _advance(1 days, 1 hours);
        uint256 accruedUsd = (admin.currentCumFunding(btcCall) - cumAtOpen) * m.longOpenInterest / 1e18;
        assertGt(accruedUsd, 0);
        int256 expectedGain = int256(accruedUsd * 7_000 / 10_000 * 1e18 / price);
        assertApproxEqAbs(admin.bookValue(address(tsla)) - atOpen, expectedGain, 1e6, "book grows by 70% of funding");
    }
}
