// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {PortfolioMargin} from "../../src/core/PortfolioMargin.sol";
import {MarginMath} from "../../src/core/MarginMath.sol";
import {EverlastingOption} from "../../src/pricing/EverlastingOption.sol";
import {RiskParams} from "../../src/core/EngineTypes.sol";

/// @notice Calls the PortfolioMargin library (internal, pure) through an external boundary, as the engine uses it.
contract PortfolioMarginHarness {
    struct Leg {
        bool isCall;
        uint256 strike;
        int256 size;
        uint256 mark;
        uint256 fundingDay;
    }

    struct Result {
        uint256 im;
        uint256 mm;
        uint256 standaloneIm;
        bool bounded;
        uint256 maxLoss;
        int256 value;
        int256 netCalls;
    }

    function requirements(Leg[] memory legs, uint256 spot, RiskParams memory r)
        external
        pure
        returns (Result memory res)
    {
        PortfolioMargin.Book memory b = PortfolioMargin.newBook(r, legs.length);
        b.spot = spot;
        for (uint256 i; i < legs.length; ++i) {
            PortfolioMargin.add(b, legs[i].isCall, legs[i].strike, legs[i].size, legs[i].mark, legs[i].fundingDay);
        }
        (res.im, res.mm, res.standaloneIm) = PortfolioMargin.requirements(b);
        (res.bounded, res.maxLoss) = PortfolioMargin.maxLoss(b);
        (res.value, res.netCalls) = (b.value, b.netCalls);
    }

    function singleLeg(Leg memory l, uint256 spot, RiskParams memory r) external pure returns (uint256, uint256) {
        return PortfolioMargin.singleLeg(l.isCall, l.strike, l.size, l.mark, spot, l.fundingDay, r);
    }

    function legMargin(Leg memory l, uint256 spot, RiskParams memory r) external pure returns (uint256, uint256) {
        return PortfolioMargin.legMargin(l.isCall, l.strike, l.size, l.mark, spot, l.fundingDay, r);
    }
}

/// @notice PortfolioMargin (docs/decisions/014, SPEC §9.4) on its own: Deribit's rule leg by leg, offsets only where
///         there is one, and a maximum loss that equals a brute-force search of the payoff.
contract PortfolioMarginTest is Test {
    PortfolioMarginHarness internal h;

    uint256 internal constant S = 95_000e18;
    uint256 internal constant STEP = 5_000e18; // BTC strike grid
    uint256 internal constant SIGMA = 0.5775e18; // 55% × 1.05
    uint256 internal constant T_YEARS = uint256(7 days) * 1e18 / 365 days;

    function setUp() public {
        h = new PortfolioMarginHarness();
    }

    // ================================================================== helpers

    /// @dev The engine constructor's defaults.
    function _params() internal pure returns (RiskParams memory r) {
        r.fundingPeriod = 7 days;
        r.skewAlphaWad = 0.02e18;
        r.takerFeeSpotBps = 3;
        r.takerFeeMarkCapBps = 1250;
        r.imSpotBps = 1000;
        r.mmSpotBps = 500;
        r.mmMarkBps = 5000;
        r.mmFundingSeconds = 1 days;
        r.mainShareBps = 7000;
        r.insuranceShareBps = 2000;
        r.maxUtilizationBps = 8000;
        r.oiCapBps = 1000;
        r.closedWeightCutBps = 1000;
        r.closedOiCapBps = 2500;
        r.listRangeBps = 3000;
        r.closeOnlyRangeBps = 5000;
        r.maxPositions = 8;
        r.shortImBaseBps = 1500;
        r.shortImFloorBps = 1000;
        r.shortMmBps = 750;
    }

    /// @dev A leg priced as the engine prices it (theo), with a long's day of funding as the engine computes it.
    function _leg(bool isCall, uint256 strike, int256 size) internal pure returns (PortfolioMarginHarness.Leg memory l) {
        return _legAt(isCall, strike, size, S, SIGMA);
    }

    function _legAt(bool isCall, uint256 strike, int256 size, uint256 spot, uint256 sigma)
        internal
        pure
        returns (PortfolioMarginHarness.Leg memory l)
    {
        l.isCall = isCall;
        l.strike = strike;
        l.size = size;
        l.mark = EverlastingOption.theo(isCall, spot, strike, sigma, T_YEARS);
        if (size > 0) {
            uint256 intrinsicValue = EverlastingOption.intrinsic(isCall, spot, strike);
            l.fundingDay = MarginMath.fundingOver(uint256(size), l.mark, intrinsicValue, 1 days, 7 days);
        }
    }

    function _one(PortfolioMarginHarness.Leg memory l) internal pure returns (PortfolioMarginHarness.Leg[] memory a) {
        a = new PortfolioMarginHarness.Leg[](1);
        a[0] = l;
    }

    function _two(PortfolioMarginHarness.Leg memory x, PortfolioMarginHarness.Leg memory y)
        internal
        pure
        returns (PortfolioMarginHarness.Leg[] memory a)
    {
        a = new PortfolioMarginHarness.Leg[](2);
        (a[0], a[1]) = (x, y);
    }

    function _run(PortfolioMarginHarness.Leg[] memory legs) internal view returns (PortfolioMarginHarness.Result memory) {
        return h.requirements(legs, S, _params());
    }

    /// @dev Σ signed q·intrinsic(x), rounded as the library rounds: gains down, losses up.
    function _payoff(PortfolioMarginHarness.Leg[] memory legs, uint256 x) internal pure returns (int256 total) {
        for (uint256 i; i < legs.length; ++i) {
            uint256 k = legs[i].strike;
            uint256 intr = legs[i].isCall ? (x > k ? x - k : 0) : (k > x ? k - x : 0);
            int256 size = legs[i].size;
            if (size > 0) total += int256(F.mulWad(uint256(size), intr));
            else total -= int256(F.mulWadUp(uint256(-size), intr));
        }
    }

    /// @dev Σ signed q·mark: a long's value rounds up, a short's down (the value now rounds up).
    function _value(PortfolioMarginHarness.Leg[] memory legs) internal pure returns (int256 v) {
        for (uint256 i; i < legs.length; ++i) {
            int256 size = legs[i].size;
            if (size > 0) v += int256(F.mulWadUp(uint256(size), legs[i].mark));
            else v -= int256(F.mulWad(uint256(-size), legs[i].mark));
        }
    }

    /// @dev Up to 6 legs on the BTC grid (5k … 200k), sizes ±0.001 … ±5 in steps of 0.001, priced at theo with σ in
    ///      [35%, 150%]; legs may repeat a strike (the library must not care).
    function _randomLegs(uint256 seed, uint256 n) internal pure returns (PortfolioMarginHarness.Leg[] memory legs) {
        legs = new PortfolioMarginHarness.Leg[](n);
        uint256 sigma = 0.35e18 + seed % 1.15e18;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            bool isCall = r & 1 == 0;
            uint256 strike = (1 + (r >> 8) % 40) * STEP;
            int256 size = int256(1 + (r >> 32) % 5_000) * 1e15;
            if ((r >> 64) & 1 == 1) size = -size;
            legs[i] = _legAt(isCall, strike, size, S, sigma);
        }
    }

    function _standaloneSum(PortfolioMarginHarness.Leg[] memory legs)
        internal
        view
        returns (uint256 im, uint256 mm, uint256 fundingDays)
    {
        for (uint256 i; i < legs.length; ++i) {
            (uint256 a, uint256 b) = h.legMargin(legs[i], S, _params());
            (im, mm, fundingDays) = (im + a, mm + b, fundingDays + legs[i].fundingDay);
        }
    }

    // ================================================================== (a) a single leg needs its standalone margin

    function test_singleLeg_onTheListedRange_imAndMmEqualTheStandaloneRule() public view {
        bool[2] memory kinds = [true, false];
        for (uint256 c; c < 2; ++c) {
            for (uint256 k = 80_000e18; k <= 110_000e18; k += STEP) {
                for (uint256 side; side < 2; ++side) {
                    int256 size = side == 0 ? int256(0.37e18) : -int256(0.37e18);
                    PortfolioMarginHarness.Leg memory l = _leg(kinds[c], k, size);
                    PortfolioMarginHarness.Result memory res = _run(_one(l));
                    (uint256 im, uint256 mm) = h.legMargin(l, S, _params());
                    assertEq(res.im, im, "IM = standalone");
                    assertEq(res.mm, mm, "MM = standalone");
                    assertEq(res.standaloneIm, im);
                }
            }
        }
    }

    function test_singleLeg_standaloneFormulas() public view {
        RiskParams memory r = _params();
        // Long ATM call: IM = q·min(mark, 10% S) = q·mark; MM = q·min(50% mark, 5% S) + a day of funding.
        PortfolioMarginHarness.Leg memory l = _leg(true, S, 1e18);
        (uint256 im, uint256 mm) = h.legMargin(l, S, r);
        assertEq(im, l.mark);
        assertEq(mm, F.min(l.mark / 2, 4_750e18) + l.fundingDay);
        // Long deep-ITM call: IM capped at 10% S.
        l = _leg(true, 80_000e18, 1e18);
        (im,) = h.legMargin(l, S, r);
        assertEq(im, 9_500e18);
        // Short ATM call: q(15% S + mark), q(7.5% S + mark).
        l = _leg(true, S, -1e18);
        (im, mm) = h.legMargin(l, S, r);
        assertEq(im, 14_250e18 + l.mark);
        assertEq(mm, 7_125e18 + l.mark);
        // Short 105k call (OTM 10k): max(14,250 − 10,000, 9,500) = 9,500.
        l = _leg(true, 105_000e18, -1e18);
        (im,) = h.legMargin(l, S, r);
        assertEq(im, 9_500e18 + l.mark);
        // Short 90k put (OTM 5k): 14,250 − 5,000 = 9,250 < 9,500: the floor.
        l = _leg(false, 90_000e18, -1e18);
        (im,) = h.legMargin(l, S, r);
        assertEq(im, 9_500e18 + l.mark);
        // Short 92k put… not on the grid, but the rule is continuous: OTM 3k → 11,250.
        l = _leg(false, 92_000e18, -1e18);
        (im,) = h.legMargin(l, S, r);
        assertEq(im, 11_250e18 + l.mark);
    }

    function test_singleShortPut_onTheListedRange_isDeribitsRule() public view {
        for (uint256 k = 75_000e18; k <= 115_000e18; k += STEP) {
            PortfolioMarginHarness.Leg memory l = _leg(false, k, -2e18);
            PortfolioMarginHarness.Result memory res = _run(_one(l));
            (uint256 im, uint256 mm) = h.legMargin(l, S, _params());
            assertEq(res.im, im);
            assertEq(res.mm, mm);
            assertTrue(res.bounded);
            assertEq(res.maxLoss, F.mulWadUp(2e18, k) - F.mulWad(2e18, l.mark), "q*K - q*mark");
            assertGt(res.maxLoss, res.im);
        }
    }

    /// @dev The max-loss cap applies to a lone short put too: a put struck far above spot cannot lose more than
    ///      K − mark (BTC at 0), which is below Deribit's q(15% S + mark) once K ≳ 1.85 S.
    function test_singleShortPut_deepInTheMoney_isCappedAtKMinusMark() public view {
        PortfolioMarginHarness.Leg memory l = _leg(false, 190_000e18, -1e18);
        PortfolioMarginHarness.Result memory res = _run(_one(l));
        (uint256 im,) = h.legMargin(l, S, _params());
        uint256 loss = 190_000e18 - l.mark;
        assertEq(res.maxLoss, loss);
        assertLt(loss, im);
        assertEq(res.im, loss);
    }

    function test_emptyBook_needsNothing() public view {
        PortfolioMarginHarness.Result memory res = _run(new PortfolioMarginHarness.Leg[](0));
        assertEq(res.im, 0);
        assertEq(res.mm, 0);
        assertEq(res.standaloneIm, 0);
    }

    // ================================================================== (b) no offset without a hedge

    function test_farOtmLongCall_doesNotLowerANakedShortCallsMargin() public view {
        PortfolioMarginHarness.Leg memory short_ = _leg(true, S, -1e18);
        PortfolioMarginHarness.Leg memory far = _leg(true, 10 * S, 1e18);
        assertLt(far.mark, 1e15, "worth nothing");
        PortfolioMarginHarness.Result memory alone = _run(_one(short_));
        PortfolioMarginHarness.Result memory both = _run(_two(short_, far));
        (uint256 farIm,) = h.legMargin(far, S, _params());
        assertTrue(both.bounded, "capped, but 9 S above");
        assertGt(both.maxLoss, both.standaloneIm);
        assertEq(both.im, alone.im + farIm, "no credit");
        assertGe(both.im, alone.im);
    }

    function test_longPut_doesNotOffsetAShortCall() public view {
        PortfolioMarginHarness.Leg memory c = _leg(true, S, -1e18);
        PortfolioMarginHarness.Leg memory p = _leg(false, S, 1e18);
        PortfolioMarginHarness.Result memory res = _run(_two(c, p));
        assertFalse(res.bounded);
        assertEq(res.im, res.standaloneIm, "opposite directions: nothing to offset");
    }

    function test_twoShortCalls_stressAddsUp() public view {
        PortfolioMarginHarness.Result memory res = _run(_two(_leg(true, S, -1e18), _leg(true, 100_000e18, -1e18)));
        assertEq(res.im, res.standaloneIm, "same side: both stress parts count");
    }

    function test_shortStrangle_stressCountsOnce() public view {
        PortfolioMarginHarness.Leg memory c = _leg(true, 105_000e18, -1e18); // stress 9,500
        PortfolioMarginHarness.Leg memory p = _leg(false, 90_000e18, -2e18); // stress 2 × 9,500
        PortfolioMarginHarness.Result memory res = _run(_two(c, p));
        uint256 marks = c.mark + 2 * p.mark;
        assertEq(res.im, marks + 19_000e18, "marks + the larger (puts') stress");
        assertEq(res.standaloneIm, marks + 28_500e18);
        assertEq(res.mm, marks + 2 * 7_125e18, "MM: the puts' 2 x 7.5% S");
    }

    function test_verticalSpreads_areChargedTheirMaxLoss() public view {
        PortfolioMarginHarness.Leg memory l95 = _leg(true, S, 1e18);
        PortfolioMarginHarness.Leg memory s100 = _leg(true, 100_000e18, -1e18);
        PortfolioMarginHarness.Result memory debit = _run(_two(l95, s100));
        assertEq(debit.im, l95.mark - s100.mark);
        PortfolioMarginHarness.Leg memory s95 = _leg(true, S, -1e18);
        PortfolioMarginHarness.Leg memory l100 = _leg(true, 100_000e18, 1e18);
        PortfolioMarginHarness.Result memory credit = _run(_two(s95, l100));
        assertEq(credit.im, 5_000e18 - (s95.mark - l100.mark));
        // Put spreads: short 95P + long 90P (credit) → 5,000 − credit.
        PortfolioMarginHarness.Leg memory sp = _leg(false, S, -1e18);
        PortfolioMarginHarness.Leg memory lp = _leg(false, 90_000e18, 1e18);
        assertEq(_run(_two(sp, lp)).im, 5_000e18 - (sp.mark - lp.mark));
    }

    // ================================================================== (c) max loss = brute force

    function testFuzz_maxLoss_equalsBruteForceMinimumOfThePayoff(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 6));
        PortfolioMarginHarness.Leg[] memory legs = _randomLegs(seed, n);
        PortfolioMarginHarness.Result memory res = _run(legs);

        int256 netCalls;
        uint256 maxStrike;
        for (uint256 i; i < n; ++i) {
            if (legs[i].isCall) netCalls += legs[i].size;
            if (legs[i].strike > maxStrike) maxStrike = legs[i].strike;
        }
        assertEq(res.netCalls, netCalls);
        assertEq(res.value, _value(legs), "value now: longs up, shorts down");
        assertEq(res.bounded, netCalls >= 0, "unbounded iff net short calls");

        // Beyond the highest strike the payoff's slope is the net call size.
        uint256 far = maxStrike + 1_000 * S;
        int256 slopePart = _payoff(legs, far) - _payoff(legs, maxStrike);
        int256 expectedSlope = netCalls * int256(1_000 * S) / 1e18;
        assertApproxEqAbs(slopePart, expectedSlope, 2 * n, "slope beyond the strikes = net calls");
        if (!res.bounded) {
            assertLt(slopePart, 0, "net short calls: the payoff falls without limit");
            return;
        }

        // A fine grid: 0, every quarter strike step up to 10 steps past the highest strike (every strike included).
        int256 lowestAtKinks = _payoff(legs, 0);
        for (uint256 i; i < n; ++i) {
            int256 p = _payoff(legs, legs[i].strike);
            if (p < lowestAtKinks) lowestAtKinks = p;
        }
        int256 lowestOnGrid = lowestAtKinks;
        for (uint256 x = STEP / 4; x <= maxStrike + 10 * STEP; x += STEP / 4) {
            int256 p = _payoff(legs, x);
            if (p < lowestOnGrid) lowestOnGrid = p;
        }
        // One more point off the grid.
        uint256 y = (seed >> 128) % (maxStrike + 10 * STEP);
        int256 py = _payoff(legs, y);
        if (py < lowestOnGrid) lowestOnGrid = py;

        uint256 lossAtKinks = res.value > lowestAtKinks ? uint256(res.value - lowestAtKinks) : 0;
        uint256 lossOnGrid = res.value > lowestOnGrid ? uint256(res.value - lowestOnGrid) : 0;
        assertEq(res.maxLoss, lossAtKinks, "the minimum over 0 and the strikes, same rounding: exact");
        // Between kinks the payoff is linear; per-leg rounding (≤ 1 wei each) is all a finer grid can find.
        assertGe(lossOnGrid, res.maxLoss);
        assertLe(lossOnGrid, res.maxLoss + n, "nothing lower between the strikes");
    }

    // ================================================================== (d) bounds

    function testFuzz_imNeverAboveStandalone_mmNeverAboveImPlusFunding(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 6));
        PortfolioMarginHarness.Leg[] memory legs = _randomLegs(seed, n);
        PortfolioMarginHarness.Result memory res = _run(legs);
        (uint256 standaloneIm, uint256 standaloneMm, uint256 fundingDays) = _standaloneSum(legs);
        assertEq(res.standaloneIm, standaloneIm, "standalone = sum of legMargin");
        assertLe(res.im, standaloneIm, "offsets only lower");
        assertLe(res.mm, standaloneMm);
        assertLe(res.mm, res.im + fundingDays, "MM <= IM + a day of the longs' funding");
        if (res.bounded) {
            assertLe(res.im, res.maxLoss, "never more than the max loss");
            assertLe(res.mm, res.maxLoss + fundingDays);
        }

        // The order of the legs does not matter.
        PortfolioMarginHarness.Leg[] memory rev = new PortfolioMarginHarness.Leg[](n);
        for (uint256 i; i < n; ++i) rev[i] = legs[n - 1 - i];
        PortfolioMarginHarness.Result memory r2 = _run(rev);
        assertEq(r2.im, res.im);
        assertEq(r2.mm, res.mm);
        assertEq(r2.maxLoss, res.maxLoss);
    }

    /// @dev Offsets only where there is one: without short puts beside short calls (no stress offset) and with the
    ///      loss unbounded (no cap), the group needs exactly its standalone sum.
    function testFuzz_noOffsetWithoutAHedge_imEqualsStandalone(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 6));
        PortfolioMarginHarness.Leg[] memory legs = _randomLegs(seed, n);
        bool shortCall;
        bool shortPut;
        for (uint256 i; i < n; ++i) {
            if (legs[i].size < 0) {
                if (legs[i].isCall) shortCall = true;
                else shortPut = true;
            }
        }
        PortfolioMarginHarness.Result memory res = _run(legs);
        vm.assume(!(shortCall && shortPut) && !res.bounded);
        assertEq(res.im, res.standaloneIm);
    }

    /// @dev Long calls alone: the payoff is 0 at BTC = 0, so the max loss is the whole premium, never below the
    ///      standalone IM.
    function testFuzz_longCallsAlone_getNoCredit(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 1, 6));
        PortfolioMarginHarness.Leg[] memory legs = _randomLegs(seed, n);
        for (uint256 i; i < n; ++i) {
            legs[i] = _legAt(true, legs[i].strike, legs[i].size < 0 ? -legs[i].size : legs[i].size, S, SIGMA);
        }
        PortfolioMarginHarness.Result memory res = _run(legs);
        assertEq(res.im, res.standaloneIm);
        assertEq(res.maxLoss, uint256(res.value));
    }

    /// @dev (b) generalised: a long call struck ≥ 3 S above spot caps a short call only far above where Deribit's
    ///      rule already charges, so it never lowers the short's IM.
    function testFuzz_farOtmLongCall_neverLowersAShortCallsIm(uint256 ks, uint256 kl, uint256 qs, uint256 ql)
        public
        view
    {
        ks = bound(ks, 1, 40) * STEP;
        kl = bound(kl, 3 * S, 20 * S);
        qs = bound(qs, 1, 10_000) * 1e15;
        ql = bound(ql, 1, 10_000) * 1e15;
        PortfolioMarginHarness.Leg memory s = _leg(true, ks, -int256(qs));
        PortfolioMarginHarness.Leg memory l = _leg(true, kl, int256(ql));
        PortfolioMarginHarness.Result memory alone = _run(_one(s));
        PortfolioMarginHarness.Result memory both = _run(_two(s, l));
        assertGe(both.im, alone.im);
    }

    /// @notice The engine's one-position shortcut is the book's rule, to the wei: any side, type, strike (including
    ///         deep in-the-money short puts, where the maximum-loss cap binds), size, mark and spot.
    function testFuzz_singleLeg_equalsTheOneLegBook(
        bool isCall,
        bool isLong,
        uint256 strike,
        uint256 q,
        uint256 mark,
        uint256 spot,
        uint256 fundingDay
    ) public view {
        spot = bound(spot, 1_000e18, 500_000e18);
        strike = bound(strike, 1e18, 1_000_000e18);
        q = bound(q, 1, 1_000e18);
        mark = bound(mark, 0, strike + spot);
        fundingDay = isLong ? bound(fundingDay, 0, 1e24) : 0;
        PortfolioMarginHarness.Leg[] memory legs = new PortfolioMarginHarness.Leg[](1);
        legs[0] = PortfolioMarginHarness.Leg(isCall, strike, isLong ? int256(q) : -int256(q), mark, fundingDay);
        RiskParams memory r = _params();
        PortfolioMarginHarness.Result memory book = h.requirements(legs, spot, r);
        (uint256 im, uint256 mm) = h.singleLeg(legs[0], spot, r);
        assertEq(im, book.im, "IM");
        assertEq(mm, book.mm, "MM");
    }
}
