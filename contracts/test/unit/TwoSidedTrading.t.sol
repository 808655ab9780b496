// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {AccountLens} from "../../src/core/AccountLens.sol";
import {MarginMath} from "../../src/core/MarginMath.sol";
import {PositionMath} from "../../src/core/PositionMath.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {Position, Market, RiskParams} from "../../src/core/EngineTypes.sol";

/// @notice Issue 15 (SPEC §9.4, docs/decisions/014): the engine is two-sided. Traders sell (write) options against
///         the vault, shorts receive the main vault's share of funding, the skew follows the traders' signed net, and
///         shorts are margined by Deribit's standard rule with portfolio offsets (PortfolioMargin).
contract TwoSidedTradingTest is ProtocolFixture {
    uint256 internal constant Q = 0.1e18;
    uint256 internal constant S = 95_000e18;

    uint256 internal call95;
    uint256 internal call100;
    uint256 internal put95;
    uint256 internal put85;
    uint256 internal call80;
    AccountLens internal lens;

    function setUp() public override {
        super.setUp();
        call95 = _id(address(tsla), BTC, true, 95_000e18);
        call100 = _id(address(tsla), BTC, true, 100_000e18);
        put95 = _id(address(tsla), BTC, false, 95_000e18);
        put85 = _id(address(tsla), BTC, false, 85_000e18);
        call80 = _id(address(tsla), BTC, true, 80_000e18);
        lens = new AccountLens();
    }

    // ================================================================== helpers

    function _sell(address t, uint256 id, uint256 size) internal returns (uint256 price) {
        vm.prank(t);
        price = engine.trade(t, id, -int256(size), 0);
    }

    function _buy(address t, uint256 id, uint256 size) internal returns (uint256 price) {
        vm.prank(t);
        price = engine.trade(t, id, int256(size), type(uint256).max);
    }

    /// @dev L in USD exactly as EngineBase._viewContext computes it.
    function _capitalUsd() internal view returns (uint256) {
        (,,,,,, uint96 reserve) = admin.tokenConfig(address(tsla));
        uint256 held = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla));
        uint256 capital = held > reserve ? held - reserve : 0;
        return F.mulWad(capital, _stock(address(tsla)).collateralPrice);
    }

    function _btcGroup(address t) internal view returns (EngineBase.GroupMargin memory g) {
        (, EngineBase.GroupMargin[2] memory groups) = admin.marginBreakdown(t, address(tsla));
        g = groups[BTC];
    }

    function _leg(address t, uint256 id) internal view returns (EngineBase.PositionMargin memory p) {
        (EngineBase.PositionMargin[] memory ps,) = admin.marginBreakdown(t, address(tsla));
        for (uint256 i; i < ps.length; ++i) {
            if (ps[i].marketId == id) return ps[i];
        }
        revert("no such leg");
    }

    function _cushion(address t) internal view returns (int256) {
        EngineBase.Health memory h = _health(t, address(tsla));
        return h.equityMaintenance - int256(h.maintenanceMargin);
    }

    /// @dev Deribit's short rule, rounded as PortfolioMargin rounds it.
    function _shortIm(bool isCall, uint256 strike, uint256 q, uint256 spot, uint256 mark) internal pure returns (uint256) {
        uint256 otm = isCall ? (strike > spot ? strike - spot : 0) : (spot > strike ? spot - strike : 0);
        uint256 base = spot * 1500 / 10_000;
        uint256 floor = spot * 1000 / 10_000;
        return F.mulWadUp(q, F.max(base > otm ? base - otm : 0, floor)) + F.mulWadUp(q, mark);
    }

    function _shortMm(uint256 q, uint256 spot, uint256 mark) internal pure returns (uint256) {
        return F.mulWadUp(q, spot * 750 / 10_000) + F.mulWadUp(q, mark);
    }

    /// @dev Fund `t` with the TSLA.M whose initial-weighted value is `usd` (rounded up).
    function _fundUsd(address t, uint256 usd) internal returns (uint256 amount) {
        uint256 weightedPrice = _stock(address(tsla)).collateralPrice * 3500 / 10_000;
        amount = F.divWadUp(usd, weightedPrice) + 1;
        _fund(t, tsla, amount);
    }

    function _pushBtcVol(uint256 target) internal {
        (, int256 v,,,) = world.btcVol.latestRoundData();
        int256 goal = int256(target / 1e10);
        while (v != goal) {
            int256 step = v * 19 / 100; // the feed allows ±20% per update
            v = goal > v ? (goal - v > step ? v + step : goal) : (v - goal > step ? v - step : goal);
            PushPriceFeed(address(world.btcVol)).updateAnswer(v);
        }
        _checkpointUnderlyings();
    }

    function _countLogs(Vm.Log[] memory logs, bytes32 sig) internal pure returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == sig) ++n;
        }
    }

    /// @dev (usd, amountX) of the first `sig` event (FundingSettled / FundingReceived) for `trader`.
    function _fundingEvent(Vm.Log[] memory logs, bytes32 sig, address trader)
        internal
        pure
        returns (bool found, uint256 usd, uint256 amountX)
    {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length > 1 && logs[i].topics[0] == sig && logs[i].topics[1] == bytes32(uint256(uint160(trader)))) {
                (usd, amountX) = abi.decode(logs[i].data, (uint256, uint256));
                return (true, usd, amountX);
            }
        }
    }

    // ================================================================== 1. opening a short

    function test_sellOpensAShort_pricedBelowTheoOnAFlatBook_exposureIsTheNet() public {
        _fund(alice, tsla, 100e18);
        EngineBase.Quote memory q = admin.quote(call95, Q, false);
        // N after = −0.1: the vault is long, the sell is paid below theo by exactly α·S²·|Δ|·0.1/L (rounded down).
        uint256 expected = MarginMath.skewedPrice(
            q.theo, uint256(q.delta < 0 ? -q.delta : q.delta), q.spot, -int256(Q), _capitalUsd(), 0.02e18, false
        );
        assertEq(q.price, expected, "quote = the skew formula");
        assertLt(q.price, q.theo, "selling into a flat book is paid less than theo");
        assertGt(q.theo - q.price, 0.5e18, "about $1 of skew for 0.1 BTC on an $8.6M vault");
        assertLt(q.theo - q.price, 2e18);

        uint256 price = _sell(alice, call95, Q);
        assertEq(price, q.price, "filled at the quote");
        Position memory p = admin.position(alice, call95);
        assertEq(p.size, -int128(int256(Q)));
        assertEq(p.entryPrice, price / 1e9 * 1e9, "a short's entry rounds down to a nano-USD");
        Market memory m = admin.market(call95);
        assertEq(m.shortOpenInterest, Q);
        assertEq(m.longOpenInterest, 0);
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), Q);

        // Bob buys 0.3 of the same market: the net is 0.2 long, and the exposure is |long − short|.
        _fund(bob, tsla, 100e18);
        _open(bob, call95, 0.3e18);
        m = admin.market(call95);
        assertEq(m.longOpenInterest, 0.3e18);
        assertEq(m.shortOpenInterest, Q);
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), 0.2e18, "|0.3 - 0.1|");

        // Alice closes her short (buys 0.1): exposure 0.3.
        _buy(alice, call95, Q);
        assertEq(admin.position(alice, call95).size, 0);
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), 0.3e18);
    }

    // ================================================================== 2. skew both ways

    function test_skew_traderNetLong_sellIsPaidAboveTheo_traderNetShort_buyCostsBelowTheo() public {
        _fund(bob, tsla, 1_000e18);
        _open(bob, call95, 1e18); // traders net long 1: the vault is short

        EngineBase.Quote memory q = admin.quote(call95, 0.4e18, false);
        uint256 absDelta = uint256(q.delta);
        assertEq(
            q.price,
            MarginMath.skewedPrice(q.theo, absDelta, q.spot, 0.6e18, _capitalUsd(), 0.02e18, false),
            "N after = +0.6"
        );
        assertGt(q.price, q.theo, "selling into a net-long book is paid more than theo");
        // A buy in the same book costs more still (N after = 1.4).
        assertGt(admin.quote(call95, 0.4e18, true).price, q.price);

        // Bob flips to short 1: traders net short 1, the vault is long.
        _sell(bob, call95, 2e18);
        assertEq(admin.position(bob, call95).size, -1e18);
        q = admin.quote(call95, 0.4e18, true);
        assertEq(
            q.price,
            MarginMath.skewedPrice(q.theo, uint256(q.delta), q.spot, -0.6e18, _capitalUsd(), 0.02e18, true),
            "N after = -0.6"
        );
        assertLt(q.price, q.theo, "buying from a net-short book costs less than theo");
        // Selling more into it is paid even less (N after = −1.4).
        assertLt(admin.quote(call95, 0.4e18, false).price, q.price);
        // A buy that flips the net (N after = +0.5) is above theo again.
        assertGt(admin.quote(call95, 1.5e18, true).price, admin.quote(call95, 0, true).theo);
    }

    // ================================================================== 3. funding both ways

    function test_shortReceivesTheMainVaultsShareOfWhatAnEqualLongPays() public {
        _fund(alice, tsla, 1_000e18);
        _fund(bob, tsla, 1_000e18);
        _open(alice, call95, 1e18); // long 1
        _sell(bob, call95, 1e18); // short 1, same block: both start at funding index 0
        assertEq(admin.position(alice, call95).fundingIndex, 0);
        assertEq(admin.position(bob, call95).fundingIndex, 0);

        _advance(1 days, 1 hours);
        EngineBase.Health memory hb = _health(bob, address(tsla));
        EngineBase.Health memory ha = _health(alice, address(tsla));
        assertGt(hb.fundingReceivable, 0);
        assertEq(hb.unpaidFunding, 0);
        assertEq(ha.fundingReceivable, 0);

        uint256 vaultSide = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla));
        vm.recordLogs();
        admin.accrueFunding(address(tsla));
        vm.prank(alice);
        admin.withdraw(address(tsla), 1); // a touch settles funding
        vm.prank(bob);
        admin.withdraw(address(tsla), 1);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        (bool paidFound, uint256 paidUsd, uint256 paidX) = _fundingEvent(logs, EngineBase.FundingSettled.selector, alice);
        (bool recFound, uint256 recUsd, uint256 recX) = _fundingEvent(logs, EngineBase.FundingReceived.selector, bob);
        assertTrue(paidFound && recFound, "FundingSettled for the long, FundingReceived for the short");
        (bool longReceived,,) = _fundingEvent(logs, EngineBase.FundingReceived.selector, alice);
        (bool shortPaid,,) = _fundingEvent(logs, EngineBase.FundingSettled.selector, bob);
        assertFalse(longReceived || shortPaid, "no funding the wrong way");

        // Both at index 0, settled at the same index `to` with size 1e18: paid = to (rounded up: exact),
        // received = floor(to · 7000 / 10000).
        uint256 cum = admin.market(call95).cumFunding;
        uint256 to = PositionMath.settledIndex(cum);
        assertEq(paidUsd, to);
        assertEq(recUsd, paidUsd * 7_000 / 10_000, "the short receives exactly 70% of what the long pays");
        assertEq(hb.fundingReceivable, recUsd, "the health view predicted the credit to the wei");
        assertEq(ha.unpaidFunding, paidUsd, "and the debit");
        // A day of ATM funding ≈ theo/7 ≈ $384 for 1 BTC.
        assertGt(paidUsd, 300e18);
        assertLt(paidUsd, 500e18);
        emit log_named_decimal_uint("long paid for a day (USD)", paidUsd, 18);
        emit log_named_decimal_uint("short received (USD)", recUsd, 18);

        OracleHub.StockState memory s = _stock(address(tsla));
        assertEq(recX, F.divWad(recUsd, s.payoutPrice), "credited in X at P_payout");
        assertEq(paidX, F.divWadUp(paidUsd, s.settlementPrice), "taken in X at P_settle");
        // A balanced book: the main vault keeps 70% of what the long paid and pays all of what the short got.
        uint256 vaultSideAfter = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla));
        assertApproxEqAbs(int256(vaultSideAfter) - int256(vaultSide), int256(paidX * 7_000 / 10_000) - int256(recX), 1);
    }

    // ================================================================== 4. flip

    function test_flipLongToShort_realisesThePnlOfTheLongPart() public {
        _fund(alice, tsla, 100e18);
        _open(alice, call95, Q);
        Position memory before = admin.position(alice, call95);
        _setBtc(97_000e18); // the long is in profit

        vm.recordLogs();
        uint256 price = _sell(alice, call95, 0.3e18);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != EngineBase.PositionTraded.selector) continue;
            (int256 size, uint256 p, , int256 newSize, int256 pnl) =
                abi.decode(logs[i].data, (int256, uint256, uint256, int256, int256));
            assertEq(size, -0.3e18);
            assertEq(p, price);
            assertEq(newSize, -0.2e18);
            assertEq(pnl, PositionMath.pnl(int256(Q), price, before.entryPrice), "PnL of the 0.1 closed");
            assertGt(pnl, 0);
            seen = true;
        }
        assertTrue(seen);
        Position memory p2 = admin.position(alice, call95);
        assertEq(p2.size, -0.2e18);
        assertEq(p2.entryPrice, price / 1e9 * 1e9, "the short part opens at the trade price");
        Market memory m = admin.market(call95);
        assertEq(m.longOpenInterest, 0);
        assertEq(m.shortOpenInterest, 0.2e18);
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), 0.2e18);
    }

    // ================================================================== 5. Deribit's short rule

    function test_shortMargin_loneAtmCall_isDeribitsRule() public {
        _fund(alice, tsla, 100e18);
        _sell(alice, call95, Q);
        EngineBase.PositionMargin memory leg = _leg(alice, call95);
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        // ATM: OTM 0, so 15% · S binds.
        uint256 im = _shortIm(true, 95_000e18, Q, S, leg.mark);
        uint256 mm = _shortMm(Q, S, leg.mark);
        assertEq(im, F.mulWadUp(Q, 14_250e18) + F.mulWadUp(Q, leg.mark));
        assertEq(g.initialMargin, im, "group IM = q(15% S + mark)");
        assertEq(g.maintenanceMargin, mm, "group MM = q(7.5% S + mark)");
        assertEq(leg.initialMargin, im);
        assertEq(leg.maintenanceMargin, mm);
        assertEq(g.standaloneIm, im);
        assertFalse(g.maxLossBounded, "a short call's loss is unbounded");
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertEq(h.initialMargin, im);
        assertEq(h.maintenanceMargin, mm);
    }

    function test_shortMargin_otmPut_floorOf10PercentBinds() public {
        _fund(alice, tsla, 100e18);
        _sell(alice, put85, Q);
        EngineBase.PositionMargin memory leg = _leg(alice, put85);
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        // OTM = 10,000 > 5% · S: 15% S − OTM = 4,250 < the 10% floor 9,500.
        uint256 im = F.mulWadUp(Q, 9_500e18) + F.mulWadUp(Q, leg.mark);
        assertEq(_shortIm(false, 85_000e18, Q, S, leg.mark), im);
        assertEq(g.initialMargin, im, "group IM = q(10% S + mark)");
        assertEq(g.maintenanceMargin, _shortMm(Q, S, leg.mark));
        // A short put is bounded (BTC ≥ 0) but its max loss q(K − mark) is far above Deribit's rule here.
        assertTrue(g.maxLossBounded);
        assertEq(g.maxLoss, F.mulWadUp(Q, 85_000e18) - F.mulWad(Q, leg.mark) + 0);
        assertGt(g.maxLoss, g.initialMargin);
    }

    // ================================================================== 6. verticals

    function test_verticalDebitSpread_marginIsItsMaxLoss() public {
        _fund(alice, tsla, 100e18);
        _buy(alice, call95, Q);
        _sell(alice, call100, Q);
        uint256 c95 = _leg(alice, call95).mark;
        uint256 c100 = _leg(alice, call100).mark;
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        uint256 maxLoss = F.mulWadUp(Q, c95) - F.mulWad(Q, c100); // value now − 0 (payoff ≥ 0 everywhere)
        assertTrue(g.maxLossBounded);
        assertEq(g.maxLoss, maxLoss);
        assertEq(g.initialMargin, maxLoss, "a debit spread needs its premium, no more");
        uint256 deribitSum = F.mulWadUp(Q, F.min(c95, 9_500e18)) + _shortIm(true, 100_000e18, Q, S, c100);
        assertEq(g.standaloneIm, deribitSum);
        assertLt(g.initialMargin, g.standaloneIm);
        emit log_named_decimal_uint("debit spread 95/100C x0.1: engine IM", g.initialMargin, 18);
        emit log_named_decimal_uint("debit spread: max loss", g.maxLoss, 18);
        emit log_named_decimal_uint("debit spread: standalone (Deribit) sum", g.standaloneIm, 18);
        emit log_named_decimal_uint("debit spread: naked short 100C alone", _shortIm(true, 100_000e18, Q, S, c100), 18);
        emit log_named_decimal_uint("debit spread: engine MM", g.maintenanceMargin, 18);
    }

    function test_verticalCreditSpread_marginIsWidthMinusCredit() public {
        _fund(alice, tsla, 100e18);
        _buy(alice, call100, Q); // the cap first, so the short never stands naked
        _sell(alice, call95, Q);
        uint256 c95 = _leg(alice, call95).mark;
        uint256 c100 = _leg(alice, call100).mark;
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        uint256 width = F.mulWadUp(Q, 5_000e18);
        // value now = q·C100 (up) − q·C95 (down); lowest payoff −q·5,000 at x ≥ 100k.
        uint256 maxLoss = width - (F.mulWad(Q, c95) - F.mulWadUp(Q, c100));
        assertApproxEqAbs(maxLoss, F.mulWad(Q, 5_000e18) - F.mulWad(Q, c95 - c100), 2);
        assertEq(g.maxLoss, maxLoss);
        assertEq(g.initialMargin, maxLoss, "q(width) - q(credit)");
        uint256 deribitSum = F.mulWadUp(Q, F.min(c100, 9_500e18)) + _shortIm(true, 95_000e18, Q, S, c95);
        assertEq(g.standaloneIm, deribitSum);
        assertLt(g.initialMargin, _shortIm(true, 95_000e18, Q, S, c95), "below the naked short's IM");
        emit log_named_decimal_uint("credit spread 95/100C x0.1 (short 95): engine IM", g.initialMargin, 18);
        emit log_named_decimal_uint("credit spread: max loss", g.maxLoss, 18);
        emit log_named_decimal_uint("credit spread: standalone (Deribit) sum", g.standaloneIm, 18);
        emit log_named_decimal_uint("credit spread: naked short 95C alone", _shortIm(true, 95_000e18, Q, S, c95), 18);
        emit log_named_decimal_uint("credit spread: engine MM", g.maintenanceMargin, 18);
        emit log_named_decimal_uint("C95 mark", c95, 18);
        emit log_named_decimal_uint("C100 mark", c100, 18);
    }

    // ================================================================== 7. straddles

    function test_shortStraddle_stressCountsOnce() public {
        _fund(alice, tsla, 100e18);
        _sell(alice, call95, Q);
        _sell(alice, put95, Q);
        uint256 c = _leg(alice, call95).mark;
        uint256 p = _leg(alice, put95).mark;
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        uint256 stress = F.mulWadUp(Q, 14_250e18); // ATM: 15% · S on either side
        uint256 im = F.mulWadUp(Q, c) + F.mulWadUp(Q, p) + stress;
        assertEq(g.initialMargin, im, "marks + max(call stress, put stress)");
        assertEq(g.standaloneIm, im + stress);
        assertLt(g.initialMargin, g.standaloneIm);
        uint256 mm = F.mulWadUp(Q, c) + F.mulWadUp(Q, p) + F.mulWadUp(Q, 7_125e18);
        assertEq(g.maintenanceMargin, mm);
        assertFalse(g.maxLossBounded);
        emit log_named_decimal_uint("short straddle 95 x0.1: engine IM", g.initialMargin, 18);
        emit log_named_decimal_uint("short straddle: standalone (Deribit) sum", g.standaloneIm, 18);
        emit log_named_decimal_uint("short straddle: engine MM", g.maintenanceMargin, 18);
    }

    function test_longStraddle_marginIsAtMostThePremium() public {
        _fund(alice, tsla, 100e18);
        _buy(alice, call95, Q);
        _buy(alice, put95, Q);
        uint256 c = _leg(alice, call95).mark;
        uint256 p = _leg(alice, put95).mark;
        EngineBase.GroupMargin memory g = _btcGroup(alice);
        assertEq(g.initialMargin, F.mulWadUp(Q, c) + F.mulWadUp(Q, p), "IM = C + P");
        assertEq(g.initialMargin, g.standaloneIm);
        assertTrue(g.maxLossBounded);
        assertEq(g.maxLoss, g.initialMargin, "lowest payoff 0 at the strike");
        emit log_named_decimal_uint("long straddle 95 x0.1: engine IM", g.initialMargin, 18);
    }

    // ================================================================== 8. hedged close

    function test_closingTheLongLegOfAMaxLossMarginedSpreadIsBlocked_buyingBackTheShortIsNot() public {
        _fund(alice, tsla, 100e18);
        _buy(alice, call100, Q);
        _sell(alice, call95, Q);
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertEq(h.initialMargin, _btcGroup(alice).maxLoss);
        // Withdraw down to 5% above IM.
        uint256 target = h.initialMargin * 105 / 100;
        uint256 weightedPrice = _stock(address(tsla)).collateralPrice * 3500 / 10_000;
        uint256 excess = F.divWad(uint256(h.equityInitial) - target, weightedPrice);
        vm.prank(alice);
        admin.withdraw(address(tsla), excess);
        h = _health(alice, address(tsla));
        assertGe(h.equityInitial, int256(h.initialMargin));
        assertLt(h.equityInitial, int256(h.initialMargin * 106 / 100));

        // Selling the cap would leave a naked short the account cannot carry.
        (EngineBase.Health memory after_,) = admin.previewTrade(alice, call100, -int256(Q));
        assertGt(after_.initialMargin, uint256(after_.equityInitial));
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(alice, call100, -int256(Q), 0);

        // Buying back the short first lowers the requirement: allowed, then the lone long closes freely.
        _buy(alice, call95, Q);
        assertEq(admin.position(alice, call95).size, 0);
        _sell(alice, call100, Q);
        assertEq(admin.positionIds(alice, address(tsla)).length, 0);
    }

    // ================================================================== 9. liquidating shorts

    /// @dev Alice sells `q` of `id` with collateral worth 1.2 × the IM the trade needs.
    function _shortAt120Percent(uint256 id, uint256 q) internal returns (uint256 funded) {
        (EngineBase.Health memory pre,) = admin.previewTrade(alice, id, -int256(q));
        funded = _fundUsd(alice, pre.initialMargin * 12 / 10);
        _sell(alice, id, q);
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertGe(h.equityInitial, int256(h.initialMargin));
    }

    function _liquidateAndReport(uint256 id, string memory label) internal {
        EngineBase.Health memory h = _health(alice, address(tsla));
        EngineBase.PositionMargin memory leg = _leg(alice, id);
        Position memory pos = admin.position(alice, id);
        uint256 collateralBefore = _collateral(alice, address(tsla));
        uint256 debtBefore = engine.badDebt(address(tsla));
        int256 expectedPnl = PositionMath.pnl(pos.size, leg.mark, pos.entryPrice);
        emit log_string(label);
        emit log_named_decimal_uint("  collateral (TSLA.M)", collateralBefore, 18);
        emit log_named_decimal_uint("  collateral value (USD)", h.collateralValue, 18);
        emit log_named_decimal_int("  equity maintenance (USD)", h.equityMaintenance, 18);
        emit log_named_decimal_uint("  maintenance margin (USD)", h.maintenanceMargin, 18);
        emit log_named_decimal_int("  loss at theo (USD)", expectedPnl, 18);
        emit log_named_decimal_uint("  mark (USD)", leg.mark, 18);
        assertLt(h.equityMaintenance, int256(h.maintenanceMargin), "liquidatable");

        vm.recordLogs();
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != EngineBase.Liquidated.selector) continue;
            (int256 pnl,) = abi.decode(logs[i].data, (int256, uint256));
            assertEq(pnl, expectedPnl, "closed at theo");
            seen = true;
        }
        assertTrue(seen);
        uint256 badDebtEvents = _countLogs(logs, EngineBase.BadDebt.selector);
        uint256 debt = engine.badDebt(address(tsla)) - debtBefore;
        emit log_named_decimal_uint("  bad debt (TSLA.M)", debt, 18);
        emit log_named_decimal_uint("  reward (TSLA.M)", tsla.balanceOf(keeper), 18);
        emit log_named_decimal_uint("  left to the trader (TSLA.M)", _collateral(alice, address(tsla)), 18);
        assertEq(badDebtEvents, 0, "no BadDebt: the loss is within the collateral");
        assertEq(debt, 0);
        assertEq(admin.position(alice, id).size, 0);
        assertEq(admin.market(id).shortOpenInterest, 0);
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), 0);
        assertGt(_collateral(alice, address(tsla)), 0, "something is left");
    }

    function test_shortCall_btcUp30Percent_isLiquidatedAtTheoWithoutBadDebt() public {
        _shortAt120Percent(call95, Q);
        assertGe(_cushion(alice), 0);
        _setBtc(123_500e18);
        _liquidateAndReport(call95, "short 95C x0.1, BTC +30%");
    }

    function test_shortPut_btcDown30Percent_isLiquidatedAtTheoWithoutBadDebt() public {
        _shortAt120Percent(put95, Q);
        assertGe(_cushion(alice), 0);
        _setBtc(66_500e18);
        _liquidateAndReport(put95, "short 95P x0.1, BTC -30%");
    }

    /// @notice Deribit's IM holds a doubling of σ: an ATM short call margined at 1.2 × IM stays above maintenance
    ///         when σ goes 55% → 110%; on top of a 10% rise in BTC it is liquidatable, and the liquidation leaves no
    ///         bad debt.
    function test_shortCall_sigmaDoubles_thenBtcUp10Percent_liquidatedWithoutBadDebt() public {
        _shortAt120Percent(call95, Q);
        uint256 markBefore = _leg(alice, call95).mark;
        _pushBtcVol(1.1e18);
        uint256 markAfter = _leg(alice, call95).mark;
        assertGt(markAfter, markBefore * 19 / 10, "ATM theo ~ proportional to sigma");
        int256 cushion = _cushion(alice);
        emit log_named_decimal_int("cushion after sigma x2 (USD)", cushion, 18);
        assertGe(cushion, 0, "IM covers a doubling of sigma");
        _setBtc(104_500e18);
        _liquidateAndReport(call95, "short 95C x0.1, sigma x2 then BTC +10%");
    }

    // ================================================================== 10. liquidation prices

    function test_liquidationPrices_loneShortCallOnlyAbove_loneLongCallOnlyBelow() public {
        _shortAt120Percent(call95, Q);
        (uint256 down, uint256 up) = lens.liquidationPrices(address(engine), alice, address(tsla), BTC);
        emit log_named_decimal_uint("short 95C at 1.2x IM: liquidation price up", up, 18);
        assertEq(down, 0, "a short call never liquidates on the way down");
        assertGt(up, S);
        // The boundary: just below `up` safe, at `up` liquidatable (bisection bracket 19·S / 2^40 ≈ 1.6e12 wei).
        EngineBase.Health memory at = admin.accountHealthAtSpot(alice, address(tsla), BTC, up);
        assertLt(at.equityMaintenance, int256(at.maintenanceMargin));
        EngineBase.Health memory below = admin.accountHealthAtSpot(alice, address(tsla), BTC, up - 2e12);
        assertGe(below.equityMaintenance, int256(below.maintenanceMargin));

        // Bob: a leveraged deep-ITM long call (as in LiquidationTest).
        _fund(bob, tsla, 10e18);
        _open(bob, call80, 0.15e18);
        (down, up) = lens.liquidationPrices(address(engine), bob, address(tsla), BTC);
        emit log_named_decimal_uint("long 80C x0.15 on 10 TSLA.M: liquidation price down", down, 18);
        assertGt(down, 0);
        assertLt(down, S);
        assertEq(up, 0, "a long call never liquidates on the way up");
    }

    // ================================================================== 11. the vault's book either side

    function test_bookValue_vaultLongWhenTradersShort_gainsWhenTheOptionRises() public {
        _fund(bob, tsla, 1_000e18);
        _sell(bob, call95, 1e18); // traders net short 1: the vault is long the call
        uint256 theo0 = admin.quote(call95, 0, true).theo;
        int256 book0 = admin.bookValue(address(tsla));
        _setBtc(100_000e18); // same second: no funding accrues
        uint256 theo1 = admin.quote(call95, 0, true).theo;
        int256 book1 = admin.bookValue(address(tsla));
        assertGt(theo1, theo0);
        assertGt(book1, book0, "the vault is long: it gains");
        uint256 price = _stock(address(tsla)).settlementPrice;
        int256 expected = (int256(F.mulWad(1e18, theo1)) - int256(F.mulWad(1e18, theo0))) * 1e18 / int256(price);
        assertApproxEqAbs(book1 - book0, expected, 2, "by N x the change of theo, in X");

        // And the other way: traders net long 2, the vault short 1 → it loses when the option rises.
        _fund(alice, tsla, 1_000e18);
        _open(alice, call95, 2e18);
        int256 book2 = admin.bookValue(address(tsla));
        _setBtc(105_000e18);
        assertLt(admin.bookValue(address(tsla)), book2, "the vault is short: it loses");
    }
}
