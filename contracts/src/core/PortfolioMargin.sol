// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {RiskParams} from "./EngineTypes.sol";

/// @title PortfolioMargin
/// @notice The margin of an account's positions on one underlying (SPEC §4, §9.4; docs/decisions/014): every rule and
///         rounding in one place, used by the engine's health check, its views and the lens.
///         - A long pays for its option as it goes (PnL is marked to theo): IM = q·min(mark, 10 %·S),
///           MM = q·min(50 %·mark, 5 %·S) + a day of its funding.
///         - A short follows Deribit's standard rule: IM = q·(max(15 %·S − OTM, 10 %·S) + mark),
///           MM = q·(7.5 %·S + mark).
///         - Offsets, two of them:
///           1. Short calls lose when the underlying rises and short puts when it falls, never both at once: the
///              stress parts of the short legs count once, the larger of the calls' and the puts' (straddles,
///              strangles).
///           2. The group never needs more than its maximum loss: its value now minus its lowest value at any price
///              and any volatility. An everlasting option is a mixture of European ones, so its price is an
///              expectation of its payoff; the lowest value of a group over every price and volatility is therefore
///              the lowest value of its payoff Σ q·(x − K)⁺ / (K − x)⁺ over x ≥ 0, reached at x = 0 or a strike, and
///              unbounded when the group is net short calls. A vertical spread is charged at most its maximum loss; a
///              long that caps a short counts; a long that caps nothing lowers nothing.
/// @dev Requirements round up; the value now rounds up and the lowest value down, so the maximum loss rounds up.
library PortfolioMargin {
    uint256 internal constant BPS = 10_000;

    /// @notice Running sums of one underlying's legs.
    struct Book {
        RiskParams r;
        uint256 spot;
        uint256 longIm; // Σ long IM
        uint256 longMm; // Σ long MM, funding included
        uint256 longFundingDay; // Σ a day of the longs' funding (kept in the maximum-loss MM)
        uint256 shortMark; // Σ q·mark of the shorts
        uint256 callStressIm; // Σ stress part of short calls' IM
        uint256 putStressIm;
        uint256 callStressMm;
        uint256 putStressMm;
        int256 value; // Σ signed q·mark
        int256 netCalls; // Σ signed call size: the payoff's slope beyond the highest strike
        uint256 legCount;
        uint256 capacity; // legs the arrays below get room for, allocated with the first leg
        bool[] isCall; // the legs, for the payoff's lowest value
        uint256[] strike;
        int256[] size;
    }

    /// @notice A book with room for `maxLegs` legs under parameters `r` (its spot is set with its first leg).
    function newBook(RiskParams memory r, uint256 maxLegs) internal pure returns (Book memory b) {
        b.r = r;
        b.capacity = maxLegs;
    }

    /// @notice Standalone IM and MM of one leg (the per-position figure the views show).
    /// @param size Signed size (long > 0).
    /// @param mark Theo per unit.
    /// @param fundingDay A day of the long's funding (ignored for a short).
    function legMargin(
        bool isCall,
        uint256 strike,
        int256 size,
        uint256 mark,
        uint256 spot,
        uint256 fundingDay,
        RiskParams memory r
    ) internal pure returns (uint256 im, uint256 mm) {
        if (size >= 0) return _longMargin(uint256(size), mark, spot, fundingDay, r);
        uint256 q = uint256(-size);
        (uint256 stressIm, uint256 stressMm) = _shortStress(isCall, strike, q, spot, r);
        uint256 markPart = F.mulWadUp(q, mark);
        return (stressIm + markPart, stressMm + markPart);
    }

    /// @notice IM and MM of an account's only leg on an underlying: exactly what a one-leg book's `requirements`
    ///         gives (a long's or a short call's standalone margin; a short put's capped at its maximum loss
    ///         q·K − q·mark), without building the book — most accounts hold one position.
    function singleLeg(
        bool isCall,
        uint256 strike,
        int256 size,
        uint256 mark,
        uint256 spot,
        uint256 fundingDay,
        RiskParams memory r
    ) internal pure returns (uint256 im, uint256 mm) {
        (im, mm) = legMargin(isCall, strike, size, mark, spot, fundingDay, r);
        if (size >= 0 || isCall) return (im, mm); // a long's margin is below its value; a short call is unbounded
        uint256 q = uint256(-size);
        uint256 worst = F.mulWadUp(q, strike);
        uint256 value = F.mulWad(q, mark);
        uint256 loss = worst > value ? worst - value : 0;
        return (F.min(im, loss), F.min(mm, loss));
    }

    /// @notice Add a leg to the book (the book's spot must be set).
    function add(Book memory b, bool isCall, uint256 strike, int256 size, uint256 mark, uint256 fundingDay)
        internal
        pure
    {
        if (size == 0) return;
        if (b.legCount == 0) (b.isCall, b.strike, b.size) = (new bool[](b.capacity), new uint256[](b.capacity), new int256[](b.capacity));
        uint256 i = b.legCount++;
        (b.isCall[i], b.strike[i], b.size[i]) = (isCall, strike, size);
        if (isCall) b.netCalls += size;
        if (size > 0) {
            uint256 q = uint256(size);
            (uint256 im, uint256 mm) = _longMargin(q, mark, b.spot, fundingDay, b.r);
            b.longIm += im;
            b.longMm += mm;
            b.longFundingDay += fundingDay;
            b.value += int256(F.mulWadUp(q, mark));
        } else {
            uint256 q = uint256(-size);
            (uint256 stressIm, uint256 stressMm) = _shortStress(isCall, strike, q, b.spot, b.r);
            if (isCall) (b.callStressIm, b.callStressMm) = (b.callStressIm + stressIm, b.callStressMm + stressMm);
            else (b.putStressIm, b.putStressMm) = (b.putStressIm + stressIm, b.putStressMm + stressMm);
            b.shortMark += F.mulWadUp(q, mark);
            b.value -= int256(F.mulWad(q, mark));
        }
    }

    /// @notice IM and MM of the book with both offsets, and the sum of its legs' standalone IM (the offset credit
    ///         is the difference).
    function requirements(Book memory b) internal pure returns (uint256 im, uint256 mm, uint256 standaloneIm) {
        if (b.legCount == 0) return (0, 0, 0);
        standaloneIm = b.longIm + b.shortMark + b.callStressIm + b.putStressIm;
        im = b.longIm + b.shortMark + F.max(b.callStressIm, b.putStressIm);
        mm = b.longMm + b.shortMark + F.max(b.callStressMm, b.putStressMm);
        (bool bounded, uint256 loss) = maxLoss(b);
        if (bounded) {
            im = F.min(im, loss);
            mm = F.min(mm, loss + b.longFundingDay);
        }
    }

    /// @notice The book's maximum loss from now: value now − lowest payoff over x ≥ 0; unbounded when net short
    ///         calls (the payoff falls without limit as the underlying rises).
    function maxLoss(Book memory b) internal pure returns (bool bounded, uint256 loss) {
        if (b.netCalls < 0) return (false, 0);
        int256 lowest = _payoff(b, 0);
        for (uint256 i; i < b.legCount; ++i) {
            int256 p = _payoff(b, b.strike[i]);
            if (p < lowest) lowest = p;
        }
        return (true, b.value > lowest ? uint256(b.value - lowest) : 0);
    }

    /// @dev Σ signed q·intrinsic(x): gains round down, losses up.
    function _payoff(Book memory b, uint256 x) private pure returns (int256 total) {
        for (uint256 i; i < b.legCount; ++i) {
            uint256 k = b.strike[i];
            uint256 intrinsic = b.isCall[i] ? (x > k ? x - k : 0) : (k > x ? k - x : 0);
            if (intrinsic == 0) continue;
            int256 size = b.size[i];
            if (size > 0) total += int256(F.mulWad(uint256(size), intrinsic));
            else total -= int256(F.mulWadUp(uint256(-size), intrinsic));
        }
    }

    function _longMargin(uint256 q, uint256 mark, uint256 spot, uint256 fundingDay, RiskParams memory r)
        private
        pure
        returns (uint256 im, uint256 mm)
    {
        uint256 imBySpot = spot * r.imSpotBps / BPS;
        im = F.mulWadUp(q, mark < imBySpot ? mark : imBySpot);
        uint256 mmByMark = mark * r.mmMarkBps / BPS;
        uint256 mmBySpot = spot * r.mmSpotBps / BPS;
        mm = F.mulWadUp(q, mmByMark < mmBySpot ? mmByMark : mmBySpot) + fundingDay;
    }

    /// @dev The stress parts of a short's IM and MM: q·max(imBase·S − OTM, imFloor·S) and q·mm·S.
    function _shortStress(bool isCall, uint256 strike, uint256 q, uint256 spot, RiskParams memory r)
        private
        pure
        returns (uint256 im, uint256 mm)
    {
        uint256 otm = isCall ? (strike > spot ? strike - spot : 0) : (spot > strike ? spot - strike : 0);
        uint256 base = spot * r.shortImBaseBps / BPS;
        uint256 floor = spot * r.shortImFloorBps / BPS;
        im = F.mulWadUp(q, F.max(base > otm ? base - otm : 0, floor));
        mm = F.mulWadUp(q, spot * r.shortMmBps / BPS);
    }
}
