// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {TwoSidedHandler} from "./TwoSidedHandler.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {Market, Position} from "../../src/core/EngineTypes.sol";
import {PositionMath} from "../../src/core/PositionMath.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";

/// @notice Issue 15's properties with traders on both sides of the book (TwoSidedHandler): where funding goes,
///         what the signed aggregates hold, that the vault pays with its book long or short, and that margin
///         offsets only ever come from positions that really cap a loss. Each is named for what it protects.
contract TwoSidedInvariants is ProtocolFixture {
    TwoSidedHandler internal handler;
    address[3] internal traders;
    uint256[] internal ids;
    uint256 internal mainShareBps;

    /// @dev Per settlement a long's payment rounds up by < 1 wei, a short's receipt down by < 2 wei, and every
    ///      position's index leaves < 1e-9 USD per unit for a later settlement; 1e13 wei (1e-5 USD) covers that
    ///      over a run and is far below any real leak (a single trade's fee is ~1e18).
    uint256 internal constant FUNDING_DUST = 1e13;

    function setUp() public override {
        super.setUp();
        ids = new uint256[](6);
        uint256[3] memory strikes = [uint256(90_000e18), 95_000e18, 100_000e18];
        for (uint256 i; i < 3; ++i) {
            ids[2 * i] = _id(address(tsla), BTC, true, strikes[i]);
            ids[2 * i + 1] = _id(address(tsla), BTC, false, strikes[i]);
        }
        PushPriceFeed[4] memory feeds = [
            PushPriceFeed(address(world.btcUsd)),
            PushPriceFeed(address(world.btcVol)),
            PushPriceFeed(address(world.ethUsd)),
            PushPriceFeed(address(world.ethVol))
        ];
        StockPriceFeed stockFeed = StockPriceFeed(address(world.stocks[0].feed));
        handler = new TwoSidedHandler(engine, tsla, stockFeed, world.oracleHub, world.pegOracle, feeds, ids);
        tsla.grantRole(tsla.ISSUER_ROLE(), address(handler));
        stockFeed.setReporter(address(handler), true);
        for (uint256 i; i < 4; ++i) feeds[i].setReporter(address(handler), true);
        handler.bootstrap(60e18);
        traders = handler.traders();
        mainShareBps = admin.getRiskParams().mainShareBps;

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = TwoSidedHandler.trade.selector;
        selectors[1] = TwoSidedHandler.trade.selector; // twice: trades are what the properties are about
        selectors[2] = TwoSidedHandler.reduce.selector;
        selectors[3] = TwoSidedHandler.moveBtc.selector;
        selectors[4] = TwoSidedHandler.moveVol.selector;
        selectors[5] = TwoSidedHandler.warp.selector;
        selectors[6] = TwoSidedHandler.liquidate.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @notice Funding paid by longs = their accrual: Σ FundingSettled + what is still unsettled equals Σ long
    ///         interest · Δ cumFunding, to the storage rounding (never less).
    function invariant_longsPayExactlyTheFundingTheyAccrued() public view {
        (uint256 longsUnpaid,) = _unsettled();
        uint256 paid = handler.ghostLongsPaid() + longsUnpaid;
        uint256 accrued = handler.ghostLongAccrued();
        assertGe(paid + FUNDING_DUST, accrued, "longs paid less than they accrued");
        assertLe(paid, accrued + FUNDING_DUST + handler.ghostSettlements(), "longs paid more than they accrued");
    }

    /// @notice Funding received by shorts = the main vault's share of what a long of their size pays, never more:
    ///         the rest of what longs pay is the vault side's (main, insurance, treasury), so funding paid by longs =
    ///         funding received by shorts + vault, after the split.
    function invariant_shortsReceiveTheMainShareOfFundingNeverMore() public view {
        (, uint256 shortsReceivable) = _unsettled();
        uint256 received = handler.ghostShortsReceived() + shortsReceivable;
        uint256 share = handler.ghostShortAccrued() * mainShareBps / 10_000;
        assertLe(received, share + handler.ghostSettlements(), "shorts received more than the main share");
        assertGe(received + FUNDING_DUST, share, "shorts received less than the main share");
    }

    /// @notice Per market, long and short interest are the sums of the traders' longs and shorts (plus Bob and
    ///         the fixture's other accounts, who hold none of these markets); per underlying, the vault's exposure is
    ///         Σ |long − short| and the short interest Σ short.
    function invariant_longAndShortInterestAreSumsOfPositions() public view {
        uint256 exposure;
        for (uint256 k; k < ids.length; ++k) {
            Market memory m = admin.market(ids[k]);
            (uint256 longs, uint256 shorts) = (0, 0);
            for (uint256 a; a < 3; ++a) {
                int256 s = admin.position(traders[a], ids[k]).size;
                if (s > 0) longs += uint256(s);
                else shorts += uint256(-s);
            }
            assertEq(m.longOpenInterest, longs, "long interest");
            assertEq(m.shortOpenInterest, shorts, "short interest");
            exposure += longs > shorts ? longs - shorts : shorts - longs;
        }
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), exposure, "exposure = sum |long - short|");
        // The counter the per-underlying write cap reads (`shortGrossCapBps`) never drifts from the markets' sum, so
        // the cap neither leaks nor jams (one campaign with the per-market sums: a campaign costs a minute of CI).
        uint256 shorts;
        for (uint256 k; k < ids.length; ++k) {
            shorts += admin.market(ids[k]).shortOpenInterest;
        }
        assertEq(admin.shortInterestByUnderlying(address(tsla), BTC), shorts, "BTC short interest = sum of markets");
    }

    /// @notice The signed bases the vault's NAV is built from match the positions: funding receivable
    ///         N · cumF − fundingBasis = Σ signed size · (cumF − index), cost basis = Σ signed size · entry.
    function invariant_signedBookBasesMatchPositions() public view {
        for (uint256 k; k < ids.length; ++k) {
            Market memory m = admin.market(ids[k]);
            int256 cost;
            int256 receivable;
            for (uint256 a; a < 3; ++a) {
                Position memory p = admin.position(traders[a], ids[k]);
                cost += _signed(p.size, p.entryPrice);
                receivable += _signed(p.size, m.cumFunding) - _signed(p.size, p.fundingIndex);
            }
            int256 net = int256(uint256(m.longOpenInterest)) - int256(uint256(m.shortOpenInterest));
            assertApproxEqAbs(_signed(net, m.cumFunding) - m.fundingBasis, receivable, 1e9, "funding receivable");
            // Average entries are stored to a nano-dollar: ≤ 1e-9 USD per unit per trade of drift.
            assertApproxEqAbs(m.costBasis, cost, 1e12, "cost basis");
        }
    }

    /// @notice The vault pays every profit, with its book long or short: no profit is ever left unpaid, and the
    ///         engine holds every account's collateral and every pending amount.
    function invariant_vaultSolventWithTheBookOnEitherSide() public view {
        assertEq(admin.unpaidProfit(address(tsla)), 0, "profit left unpaid");
        uint256 owed = admin.totalCollateral(address(tsla)) + admin.pendingMain(address(tsla))
            + admin.pendingInsurance(address(tsla)) + admin.pendingTreasury(address(tsla));
        assertGe(IERC20(address(tsla)).balanceOf(address(engine)), owed, "engine holds every claim");
    }

    /// @notice No account's margin is satisfied by a position that offsets nothing: per underlying, the initial
    ///         margin is at most the legs' standalone sum, and below it only down to a loss that really is bounded:
    ///         the smaller of the legs with the straddle rule and the group's loss over a price grid (every
    ///         $1,000 from 0 to 2× the highest strike, and every strike), recomputed here from the positions.
    function invariant_marginOffsetsAreBackedByABoundedLoss() public view {
        for (uint256 a; a < 3; ++a) {
            (EngineBase.PositionMargin[] memory legs, EngineBase.GroupMargin[2] memory groups) =
                admin.marginBreakdown(traders[a], address(tsla));
            if (legs.length == 0) continue;
            EngineBase.GroupMargin memory g = groups[BTC];
            assertLe(g.initialMargin, g.standaloneIm, "offsets never add margin");
            (uint256 netted, uint256 gridLoss, bool bounded) = _independentBounds(legs);
            uint256 floor = bounded ? F.min(netted, gridLoss) : netted;
            assertGe(g.initialMargin + 16, floor, "margin below every bound a real offset justifies");
        }
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Funding not yet settled, at the stored indexes (what the ghosts integrate): longs owe, shorts receive.
    function _unsettled() internal view returns (uint256 longsOwe, uint256 shortsReceive) {
        for (uint256 k; k < ids.length; ++k) {
            uint256 cum = admin.market(ids[k]).cumFunding;
            for (uint256 a; a < 3; ++a) {
                Position memory p = admin.position(traders[a], ids[k]);
                if (p.size > 0) longsOwe += PositionMath.funding(uint256(int256(p.size)), true, p.fundingIndex, cum);
                else if (p.size < 0) {
                    shortsReceive +=
                        PositionMath.fundingReceived(uint256(-int256(p.size)), p.fundingIndex, cum, mainShareBps);
                }
            }
        }
    }

    /// @dev The legs as the grid needs them.
    struct Legs {
        bool[] isCall;
        uint256[] strike;
        int256[] size;
        int256 value; // Σ signed size · mark
        int256 netCalls;
        uint256 maxStrike;
    }

    /// @dev The straddle-netted legs sum and the grid loss, from the positions' marks and standalone margins.
    function _independentBounds(EngineBase.PositionMargin[] memory legs)
        internal
        view
        returns (uint256 netted, uint256 gridLoss, bool bounded)
    {
        Legs memory l;
        (netted, l) = _netted(legs);
        bounded = l.netCalls >= 0;
        if (!bounded) return (netted, 0, false);
        int256 lowest = type(int256).max;
        for (uint256 x; x <= 2 * l.maxStrike; x += 1_000e18) lowest = _min(lowest, _payoff(l, x));
        for (uint256 i; i < l.strike.length; ++i) lowest = _min(lowest, _payoff(l, l.strike[i]));
        gridLoss = l.value > lowest ? uint256(l.value - lowest) : 0;
    }

    /// @dev Σ longs' IM + Σ shorts' marks + the larger of the short calls' and short puts' stress parts.
    function _netted(EngineBase.PositionMargin[] memory legs) internal view returns (uint256 netted, Legs memory l) {
        uint256 n = legs.length;
        (l.isCall, l.strike, l.size) = (new bool[](n), new uint256[](n), new int256[](n));
        uint256[2] memory stress; // calls, puts
        for (uint256 i; i < n; ++i) {
            Market memory m = admin.market(legs[i].marketId);
            int256 s = legs[i].size;
            (l.isCall[i], l.strike[i], l.size[i]) = (m.isCall, m.strike, s);
            l.maxStrike = F.max(l.maxStrike, m.strike);
            if (m.isCall) l.netCalls += s;
            l.value += s * int256(legs[i].mark) / 1e18;
            if (s > 0) {
                netted += legs[i].initialMargin;
            } else {
                uint256 markPart = F.mulWadUp(uint256(-s), legs[i].mark);
                netted += markPart;
                stress[m.isCall ? 0 : 1] += legs[i].initialMargin - markPart;
            }
        }
        netted += F.max(stress[0], stress[1]);
    }

    function _payoff(Legs memory l, uint256 x) internal pure returns (int256 total) {
        for (uint256 i; i < l.strike.length; ++i) {
            uint256 k = l.strike[i];
            uint256 intrinsic = l.isCall[i] ? (x > k ? x - k : 0) : (k > x ? k - x : 0);
            total += l.size[i] * int256(intrinsic) / 1e18;
        }
    }

    function _signed(int256 size, uint256 price) internal pure returns (int256) {
        return size >= 0 ? int256(F.mulWad(uint256(size), price)) : -int256(F.mulWad(uint256(-size), price));
    }

    function _min(int256 a, int256 b) internal pure returns (int256) {
        return a < b ? a : b;
    }
}
