// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LivestockEngine} from "../../src/core/LivestockEngine.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {ILivestock} from "../../src/interfaces/ILivestock.sol";
import {Market} from "../../src/core/EngineTypes.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {PegOracle} from "../../src/oracles/PegOracle.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";

/// @notice Random two-sided trading for the issue-15 invariants: traders buy and sell (write) BTC calls and puts
///         on TSLA.M margin, reduce, flip and get liquidated while BTC jumps up to ±30 % a step, σ moves between
///         30 % and 150 % and time passes. Ghosts integrate each market's funding index over its long and short
///         interest, and sum the funding events, so that the invariants can check where funding went.
contract TwoSidedHandler is Test {
    LivestockEngine public immutable engine;
    ILivestock public immutable admin;
    StockToken public immutable token;
    PushPriceFeed internal immutable btcUsd;
    PushPriceFeed internal immutable btcVol;
    PushPriceFeed internal immutable ethUsd;
    PushPriceFeed internal immutable ethVol;
    StockPriceFeed internal immutable stockFeed;
    PegOracle internal immutable pegOracle;
    OracleHub internal immutable hub;

    address[3] internal _traders;
    uint256[] internal _markets;
    address public immutable keeper = makeAddr("twoSidedKeeper");

    /// @notice Σ over accruals of long interest · Δ cumFunding (USD): what longs owe in total.
    uint256 public ghostLongAccrued;
    /// @notice Σ over accruals of short interest · Δ cumFunding (USD): what a long of the shorts' size would owe.
    uint256 public ghostShortAccrued;
    /// @notice Σ FundingSettled usd (longs paid) and Σ FundingReceived usd (shorts received).
    uint256 public ghostLongsPaid;
    uint256 public ghostShortsReceived;
    /// @notice Settlements seen: each may round by a wei and leave a nano-dollar per unit for later.
    uint256 public ghostSettlements;
    uint256 public opens;
    uint256 public shortsOpened;
    uint256 public liquidations;

    constructor(
        LivestockEngine engine_,
        StockToken token_,
        StockPriceFeed stockFeed_,
        OracleHub hub_,
        PegOracle pegOracle_,
        PushPriceFeed[4] memory underlyingFeeds, // BTC spot, BTC σ, ETH spot, ETH σ
        uint256[] memory markets_
    ) {
        engine = engine_;
        admin = ILivestock(address(engine_));
        token = token_;
        stockFeed = stockFeed_;
        hub = hub_;
        pegOracle = pegOracle_;
        (btcUsd, btcVol, ethUsd, ethVol) = (underlyingFeeds[0], underlyingFeeds[1], underlyingFeeds[2], underlyingFeeds[3]);
        _markets = markets_;
        for (uint256 i; i < 3; ++i) _traders[i] = makeAddr(string.concat("twoSided", vm.toString(i)));
    }

    /// @notice Margin for every trader (called once by the test's setUp).
    function bootstrap(uint256 marginEach) external {
        for (uint256 i; i < 3; ++i) {
            token.mint(_traders[i], marginEach);
            vm.startPrank(_traders[i]);
            token.approve(address(engine), type(uint256).max);
            admin.deposit(address(token), marginEach);
            vm.stopPrank();
        }
    }

    function traders() external view returns (address[3] memory) {
        return _traders;
    }

    function markets() external view returns (uint256[] memory) {
        return _markets;
    }

    // ------------------------------------------------------------------ actions

    /// @notice Buy or sell 0.001–0.3 BTC of a market: opens, grows, reduces or flips either side.
    function trade(uint256 actorSeed, uint256 marketSeed, uint256 sizeSeed, bool isBuy) external {
        address t = _traders[actorSeed % 3];
        uint256 id = _markets[marketSeed % _markets.length];
        int256 size = int256(bound(sizeSeed, 0.001e18, 0.3e18));
        if (!isBuy) size = -size;
        int256 before = admin.position(t, id).size;
        bool ok = _call(t, abi.encodeCall(LivestockEngine.trade, (t, id, size, isBuy ? type(uint256).max : 0)));
        if (ok && _abs(before + size) > _abs(before)) {
            ++opens;
            if (before + size < 0) ++shortsOpened;
        }
    }

    /// @notice Reduce a held position by 1–100 %.
    function reduce(uint256 actorSeed, uint256 marketSeed, uint256 fractionSeed) external {
        address t = _traders[actorSeed % 3];
        uint256 id = _markets[marketSeed % _markets.length];
        int256 held = admin.position(t, id).size;
        if (held == 0) return;
        int256 part = held * int256(bound(fractionSeed, 1, 100)) / 100;
        if (part == 0) return;
        _call(t, abi.encodeCall(LivestockEngine.trade, (t, id, -part, held > 0 ? 0 : type(uint256).max)));
    }

    /// @notice BTC jumps by −30 %…+30 % in one step (the gap scenarios of issue 15).
    function moveBtc(uint256 pctSeed) external {
        (, int256 p,,,) = btcUsd.latestRoundData();
        int256 pct = int256(bound(pctSeed, 0, 60)) - 30;
        int256 next = p * (100 + pct) / 100;
        if (next < 40_000e8 || next > 200_000e8) return; // stay where strikes make sense
        btcUsd.updateAnswer(next);
        hub.checkpoint(OracleHub.Underlying.BTC);
    }

    /// @notice BTC σ set anywhere in 30 %…150 % (σ +100 % from 55 % is in range).
    function moveVol(uint256 volSeed) external {
        btcVol.updateAnswer(int256(bound(volSeed, 30, 150)) * 1e6);
        hub.checkpoint(OracleHub.Underlying.BTC);
    }

    /// @notice Time passes (1 minute to 6 hours, in steps of at most 15 minutes so the 30-minute TWAP keeps two
    ///         observations).
    function warp(uint256 secondsSeed) external {
        uint256 dt = bound(secondsSeed, 60, 6 hours);
        for (uint256 done; done < dt; done += 900) {
            vm.warp(block.timestamp + F.min(900, dt - done));
            vm.roll(block.number + 1);
            _refreshPrices();
        }
    }

    /// @notice Anyone accrues the token's funding.
    function accrue() external {
        _call(keeper, abi.encodeCall(ILivestock.accrueFunding, (address(token))));
    }

    /// @notice The keeper liquidates a trader who is below maintenance.
    function liquidate(uint256 actorSeed) external {
        address t = _traders[actorSeed % 3];
        EngineBase.Health memory h = admin.accountHealth(t, address(token));
        if (h.equityMaintenance >= int256(h.maintenanceMargin)) return;
        if (_call(keeper, abi.encodeCall(ILivestock.liquidate, (t, address(token), keeper)))) ++liquidations;
    }

    // ------------------------------------------------------------------ ghosts

    /// @dev Runs one engine call as `from`, integrating funding over the interest held before it and summing the
    ///      funding events it emits.
    function _call(address from, bytes memory data) internal returns (bool ok) {
        uint256 n = _markets.length;
        uint256[] memory cumBefore = new uint256[](n);
        uint256[] memory longBefore = new uint256[](n);
        uint256[] memory shortBefore = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Market memory m = admin.market(_markets[i]);
            (cumBefore[i], longBefore[i], shortBefore[i]) = (m.cumFunding, m.longOpenInterest, m.shortOpenInterest);
        }
        vm.recordLogs();
        vm.prank(from);
        (ok,) = address(engine).call(data);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        if (!ok) return false;
        for (uint256 i; i < n; ++i) {
            uint256 step = admin.market(_markets[i]).cumFunding - cumBefore[i];
            ghostLongAccrued += F.mulWad(longBefore[i], step);
            ghostShortAccrued += F.mulWad(shortBefore[i], step);
        }
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(engine)) continue;
            bytes32 sig = logs[i].topics[0];
            if (sig == EngineBase.FundingSettled.selector) {
                (uint256 usd,) = abi.decode(logs[i].data, (uint256, uint256));
                ghostLongsPaid += usd;
                ++ghostSettlements;
            } else if (sig == EngineBase.FundingReceived.selector) {
                (uint256 usd,) = abi.decode(logs[i].data, (uint256, uint256));
                ghostShortsReceived += usd;
                ++ghostSettlements;
            }
        }
    }

    function _refreshPrices() internal {
        (, int256 b,,,) = btcUsd.latestRoundData();
        btcUsd.updateAnswer(b);
        (, int256 bv,,,) = btcVol.latestRoundData();
        btcVol.updateAnswer(bv);
        (, int256 e,,,) = ethUsd.latestRoundData();
        ethUsd.updateAnswer(e);
        (, int256 ev,,,) = ethVol.latestRoundData();
        ethVol.updateAnswer(ev);
        hub.checkpoint(OracleHub.Underlying.BTC);
        hub.checkpoint(OracleHub.Underlying.ETH);
        (, int256 s,,,) = stockFeed.latestRoundData();
        stockFeed.updateAnswer(s);
        pegOracle.update(address(token));
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x < 0 ? -x : x);
    }
}
