// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IStockPriceFeed} from "../interfaces/IStockPriceFeed.sol";
import {PegOracle} from "./PegOracle.sol";

/// @title OracleHub
/// @notice The single place Livestock reads prices: BTC/ETH spot and volatility, each stock token's
///         reference price P_ref, DEX TWAP P_dex, collateral price P_coll = min(P_ref, P_dex), settlement
///         price P_settle, peg state and market status. All prices are USD with 18 decimals.
/// @dev Two kinds of read: `underlyingPrice`/`volatility`/`refPrice`/`collateralPrice` revert with a named
///      error on a stale or missing price (used to open exposure or value margin); `stockState` and
///      `tryUnderlyingPrice` never revert (used to decide reduce-only and to close or liquidate, which a bad
///      price must never block).
contract OracleHub is Ownable2Step {
    enum Underlying {
        BTC,
        ETH
    }

    enum PegState {
        Healthy,
        Strained,
        Broken
    }

    struct UnderlyingFeeds {
        AggregatorV3Interface price;
        AggregatorV3Interface vol;
        uint32 maxAge; // seconds; SPEC default 120
        uint32 volMaxAge;
        uint8 priceDecimals; // read once when wired: one call less per price read
        uint8 volDecimals;
    }

    struct StockFeed {
        IStockPriceFeed feed;
        uint32 heartbeat; // expected seconds between updates while open; stale after 2 heartbeats
        uint8 decimals;
        bytes32 name;
    }

    /// @notice Everything the protocol needs about one stock token at this block.
    struct StockState {
        uint256 refPrice; // P_ref = price × multiplier (frozen while the market is not open)
        uint256 dexPrice; // P_dex, 30-min TWAP; 0 if unavailable
        uint256 collateralPrice; // P_coll = min(P_ref, P_dex floor); P_ref while no TWAP is usable
        uint256 settlementPrice; // P_settle, what traders pay at: P_ref while healthy, else P_coll
        uint256 payoutPrice; // what profits are paid at: max(P_settle, min(P_dex, P_ref × (1 + band)))
        int256 deviationWad; // d = P_dex / P_ref - 1
        PegState peg;
        bool marketOpen;
        bool refFresh;
    }

    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    PegOracle public immutable pegOracle;

    // One slot for the four peg parameters: every trade reads them all.
    /// @notice |d| above this is strained (bps; SPEC 2%).
    uint16 public strainedBps = 200;
    /// @notice |d| above this is broken (bps; SPEC 5%).
    uint16 public brokenBps = 500;
    /// @notice A TWAP spanning more than this many seconds means the keeper stopped: the peg counts as broken.
    uint32 public maxTwapSpan = 4 hours;
    /// @notice A stored TWAP older than this many seconds is not used: the peg counts as broken.
    uint32 public maxTwapAge = 1 hours;
    /// @notice Profits are paid at the DEX TWAP when it is above P_settle, but at most this far above P_ref (bps).
    uint16 public payoutBandBps = 1000;

    /// @notice Time integrals of an underlying's spot and volatility, so that funding over any interval is priced
    ///         at the interval's average, whoever touches a market and whenever (docs/decisions/004).
    /// @dev One slot. The integrals wrap modulo 2^64; differences over any interval shorter than ~500 years are
    ///      exact. Spot in 1e-4 USD, volatility in 1e-9.
    struct PriceIntegral {
        uint64 spotCum; // Σ spot · seconds, 1e-4 USD · s
        uint64 volCum; // Σ σ · seconds, 1e-9 · s
        uint32 time; // when the integrals were last written
        uint48 spot; // the spot in force at `time` (1e-4 USD)
        uint32 vol; // the σ in force at `time` (1e-9)
    }

    /// @notice Price integrals per underlying; `priceIntegralsNow` extends them to this second.
    mapping(Underlying => PriceIntegral) public priceIntegral;

    mapping(Underlying => UnderlyingFeeds) public underlyingFeeds;
    mapping(address stock => StockFeed) public stockFeeds;

    event UnderlyingFeedsSet(Underlying indexed underlying, address price, address vol, uint32 maxAge, uint32 volMaxAge);
    event StockFeedSet(address indexed stock, address feed, uint32 heartbeat, bytes32 name);
    event PegThresholdsSet(uint256 strainedBps, uint256 brokenBps, uint256 maxTwapSpan, uint256 maxTwapAge);
    event PayoutBandSet(uint256 payoutBandBps);
    event Checkpointed(Underlying indexed underlying, uint256 spotCum, uint256 volCum);

    error StalePrice(bytes32 feed);
    error UnknownStock(address stock);
    error UnknownUnderlying(Underlying underlying);
    error PegUnavailable(address stock);
    error InvalidConfig();

    /// @param owner_ Governance.
    /// @param pegOracle_ The TWAP oracle of the X/USDC pairs.
    constructor(address owner_, PegOracle pegOracle_) Ownable(owner_) {
        if (address(pegOracle_) == address(0)) revert InvalidConfig();
        pegOracle = pegOracle_;
    }

    // ------------------------------------------------------------------ governance

    /// @notice Wire BTC or ETH to its price and volatility feeds (local push feeds or Chainlink's).
    /// @param underlying BTC or ETH.
    /// @param price USD price feed.
    /// @param vol Annualised volatility feed.
    /// @param maxAge Seconds after which the price is stale.
    /// @param volMaxAge Seconds after which the volatility is stale.
    function setUnderlyingFeeds(
        Underlying underlying,
        AggregatorV3Interface price,
        AggregatorV3Interface vol,
        uint32 maxAge,
        uint32 volMaxAge
    ) external onlyOwner {
        if (address(price) == address(0) || address(vol) == address(0) || maxAge == 0 || volMaxAge == 0) {
            revert InvalidConfig();
        }
        underlyingFeeds[underlying] = UnderlyingFeeds(price, vol, maxAge, volMaxAge, price.decimals(), vol.decimals());
        emit UnderlyingFeedsSet(underlying, address(price), address(vol), maxAge, volMaxAge);
        _checkpoint(underlying);
    }

    /// @notice Set how far above P_ref the DEX TWAP may lower a payout (bps of P_ref).
    /// @dev Bounds a pump that would pay traders' profits in fewer tokens.
    /// @param payoutBandBps_ At most 5,000 (50%).
    function setPayoutBand(uint256 payoutBandBps_) external onlyOwner {
        if (payoutBandBps_ > 5000) revert InvalidConfig();
        payoutBandBps = uint16(payoutBandBps_);
        emit PayoutBandSet(payoutBandBps_);
    }

    /// @notice Wire a stock token to its reference feed. Its DEX pair is registered in the PegOracle.
    /// @param stock The stock token.
    /// @param feed Its reference price feed (with market status and multiplier).
    /// @param heartbeat Expected seconds between updates while the market is open.
    /// @param name Feed name used in errors, e.g. "TSLA".
    function setStockFeed(address stock, IStockPriceFeed feed, uint32 heartbeat, bytes32 name) external onlyOwner {
        if (stock == address(0) || address(feed) == address(0) || heartbeat == 0) revert InvalidConfig();
        stockFeeds[stock] = StockFeed(feed, heartbeat, feed.decimals(), name);
        emit StockFeedSet(stock, address(feed), heartbeat, name);
    }

    /// @notice Set the peg thresholds.
    /// @param strainedBps_ |d| above which the peg is strained.
    /// @param brokenBps_ |d| above which the peg is broken.
    /// @param maxTwapSpan_ Longest TWAP span still trusted, in seconds.
    /// @param maxTwapAge_ Oldest stored TWAP still used, in seconds.
    function setPegThresholds(uint256 strainedBps_, uint256 brokenBps_, uint256 maxTwapSpan_, uint256 maxTwapAge_)
        external
        onlyOwner
    {
        if (
            strainedBps_ == 0 || brokenBps_ <= strainedBps_ || brokenBps_ > BPS || maxTwapSpan_ == 0
                || maxTwapAge_ == 0
        ) revert InvalidConfig();
        strainedBps = uint16(strainedBps_);
        brokenBps = uint16(brokenBps_);
        maxTwapSpan = SafeCast.toUint32(maxTwapSpan_);
        maxTwapAge = SafeCast.toUint32(maxTwapAge_);
        emit PegThresholdsSet(strainedBps_, brokenBps_, maxTwapSpan_, maxTwapAge_);
    }

    // ------------------------------------------------------------------ price integrals

    /// @notice Fold the feeds' latest spot and σ of `underlying` into its time integrals. Anyone may call; the
    ///         keeper calls it right after each price update.
    /// @dev Each value counts from its own observation time (the feed's `updatedAt`), so calling late loses
    ///      nothing as long as no second update landed in between: a missed update's value is replaced by the
    ///      one before it for its duration.
    /// @param underlying BTC or ETH.
    function checkpoint(Underlying underlying) external {
        _underlying(underlying);
        _checkpoint(underlying);
    }

    /// @notice The price integrals of `underlying` extended to this second with the feeds' latest values.
    /// @param underlying BTC or ETH.
    /// @return spotCum Σ spot · seconds (1e-4 USD · s, modulo 2^64).
    /// @return volCum Σ σ · seconds (1e-9 · s, modulo 2^64).
    function priceIntegralsNow(Underlying underlying) external view returns (uint64 spotCum, uint64 volCum) {
        PriceIntegral memory p = _integralNow(_underlying(underlying), priceIntegral[underlying]);
        return (p.spotCum, p.volCum);
    }

    function _checkpoint(Underlying underlying) internal {
        PriceIntegral memory p = _integralNow(underlyingFeeds[underlying], priceIntegral[underlying]);
        priceIntegral[underlying] = p;
        emit Checkpointed(underlying, p.spotCum, p.volCum);
    }

    /// @dev Integrals at this second: the value in force at the last write up to the feed's newer observation
    ///      (if any), then the newer value up to now. A feed answer that is not positive is ignored.
    function _integralNow(UnderlyingFeeds storage f, PriceIntegral memory p)
        internal
        view
        returns (PriceIntegral memory)
    {
        return _integralAt(f, p, _answers(f));
    }

    /// @dev The raw latest answers of an underlying's two feeds, read once.
    struct Answers {
        int256 spot;
        uint256 spotAt;
        int256 vol;
        uint256 volAt;
    }

    function _answers(UnderlyingFeeds storage f) internal view returns (Answers memory a) {
        (, a.spot,, a.spotAt,) = f.price.latestRoundData();
        (, a.vol,, a.volAt,) = f.vol.latestRoundData();
    }

    /// @dev `_integralNow` with the feeds' answers already read (a trade reads each feed once).
    function _integralAt(UnderlyingFeeds storage f, PriceIntegral memory p, Answers memory a)
        internal
        view
        returns (PriceIntegral memory)
    {
        (int256 spotAnswer, uint256 spotAt, int256 volAnswer, uint256 volAt) = (a.spot, a.spotAt, a.vol, a.volAt);
        if (p.time == 0) {
            // First write: the integrals start at zero with the feeds' current values.
            p.time = uint32(block.timestamp);
            p.spot = uint48(_unit(spotAnswer, f.priceDecimals, 1e14, type(uint48).max));
            p.vol = uint32(_unit(volAnswer, f.volDecimals, 1e9, type(uint32).max));
            return p;
        }
        uint256 value;
        (p.spotCum, value) = _extend(p.spotCum, p.spot, p.time, _unit(spotAnswer, f.priceDecimals, 1e14, type(uint48).max), spotAt);
        p.spot = uint48(value);
        (p.volCum, value) = _extend(p.volCum, p.vol, p.time, _unit(volAnswer, f.volDecimals, 1e9, type(uint32).max), volAt);
        p.vol = uint32(value);
        // `_unit` clamps to these widths ($28M spot, 429% σ), so the stored value is the one integrated.
        p.time = uint32(block.timestamp);
        return p;
    }

    /// @dev One integral from `time` to now. A value observed after `time` replaces the held one from its
    ///      observation time on; one observed at or before `time` was already folded in.
    function _extend(uint64 cum, uint256 held, uint256 time, uint256 answer, uint256 answerAt)
        internal
        view
        returns (uint64, uint256)
    {
        uint256 nowTs = block.timestamp;
        unchecked {
            if (answer != 0 && answerAt > time && answerAt <= nowTs) {
                cum += uint64(held * (answerAt - time)); // the held value until the new observation
                cum += uint64(answer * (nowTs - answerAt)); // the new one since
                return (cum, answer);
            }
            cum += uint64(held * (nowTs - time));
        }
        return (cum, held);
    }

    /// @dev A feed answer in the integral's unit (`unitWad` = 18-decimal units per stored unit), at most `max`;
    ///      0 if not positive.
    function _unit(int256 answer, uint8 dec, uint256 unitWad, uint256 max) internal pure returns (uint256) {
        if (answer <= 0) return 0;
        uint256 wad = dec <= 18 ? uint256(answer) * 10 ** (18 - dec) : uint256(answer) / 10 ** (dec - 18);
        uint256 value = wad / unitWad;
        return value < max ? value : max;
    }

    // ------------------------------------------------------------------ underlyings

    /// @notice Spot price of BTC or ETH in USD (18 decimals).
    /// @dev Reverts `StalePrice` if older than the feed's max age.
    /// @param underlying BTC or ETH.
    function underlyingPrice(Underlying underlying) external view returns (uint256) {
        UnderlyingFeeds storage f = _underlying(underlying);
        (uint256 price, bool fresh) = _read(f.price, f.priceDecimals, f.maxAge);
        if (!fresh) revert StalePrice(_priceFeedName(underlying));
        return price;
    }

    /// @notice Spot price of BTC or ETH and whether it is fresh; never reverts on staleness.
    /// @param underlying BTC or ETH.
    /// @return price USD, 18 decimals (0 if the feed returned nothing usable).
    /// @return fresh False if stale or invalid.
    function tryUnderlyingPrice(Underlying underlying) external view returns (uint256 price, bool fresh) {
        UnderlyingFeeds storage f = _underlying(underlying);
        return _read(f.price, f.priceDecimals, f.maxAge);
    }

    /// @notice Spot and volatility of BTC or ETH in one call, each with its freshness, and their time integrals
    ///         up to now (see `priceIntegralsNow`); never reverts on staleness.
    /// @param underlying BTC or ETH.
    function underlyingState(Underlying underlying)
        external
        view
        returns (uint256 price, bool priceFresh, uint256 vol, bool volFresh, uint64 spotCum, uint64 volCum)
    {
        Answers memory a = _answers(_underlying(underlying));
        UnderlyingFeeds storage f = underlyingFeeds[underlying];
        (price, priceFresh) = _normalise(a.spot, a.spotAt, f.priceDecimals, f.maxAge);
        (vol, volFresh) = _normalise(a.vol, a.volAt, f.volDecimals, f.volMaxAge);
        PriceIntegral memory p = _integralAt(f, priceIntegral[underlying], a);
        (spotCum, volCum) = (p.spotCum, p.volCum);
    }

    /// @notice Annualised volatility of BTC or ETH (18 decimals, 0.55e18 = 55%).
    /// @param underlying BTC or ETH.
    function volatility(Underlying underlying) external view returns (uint256) {
        UnderlyingFeeds storage f = _underlying(underlying);
        (uint256 vol, bool fresh) = _read(f.vol, f.volDecimals, f.volMaxAge);
        if (!fresh) revert StalePrice(_volFeedName(underlying));
        return vol;
    }

    /// @notice Volatility and whether it is fresh; never reverts on staleness.
    /// @param underlying BTC or ETH.
    function tryVolatility(Underlying underlying) external view returns (uint256 vol, bool fresh) {
        UnderlyingFeeds storage f = _underlying(underlying);
        return _read(f.vol, f.volDecimals, f.volMaxAge);
    }

    // ------------------------------------------------------------------ stocks

    /// @notice Reference price P_ref of a stock token in USD (18 decimals).
    /// @dev Reverts `StalePrice` while the market is open and the feed missed two heartbeats.
    /// @param stock The stock token.
    function refPrice(address stock) external view returns (uint256) {
        StockState memory s = stockState(stock);
        if (!s.refFresh) revert StalePrice(stockFeeds[stock].name);
        return s.refPrice;
    }

    /// @notice Collateral price P_coll = min(P_ref, P_dex): the only price margin is valued at.
    /// @dev Reverts on a stale reference or a missing TWAP: margin is never valued at a price we cannot trust.
    /// @param stock The stock token.
    function collateralPrice(address stock) external view returns (uint256) {
        StockState memory s = stockState(stock);
        if (!s.refFresh) revert StalePrice(stockFeeds[stock].name);
        if (s.dexPrice == 0) revert PegUnavailable(stock);
        return s.collateralPrice;
    }

    /// @notice Everything about a stock token's prices at this block; never reverts except for an unknown token.
    /// @param stock The stock token.
    function stockState(address stock) public view returns (StockState memory s) {
        StockFeed storage cfg = stockFeeds[stock];
        if (address(cfg.feed) == address(0)) revert UnknownStock(stock);

        _readReference(cfg, s);
        (uint256 twapPrice, uint256 floorPrice, bool twapUsable) = _storedTwap(stock);
        // Collateral: the lower of the reference and the bounded-descent DEX price. Without a usable TWAP (keeper
        // stopped) the peg is broken, so nothing new opens, and margin is judged at P_ref: the same price the views
        // and `liquidate` use, so what a screen shows liquidatable is what can be liquidated.
        s.collateralPrice = twapUsable && s.refPrice > 0 ? _min(s.refPrice, floorPrice) : s.refPrice;
        if (twapUsable) s.dexPrice = twapPrice;

        if (!s.refFresh || !twapUsable) {
            s.peg = PegState.Broken;
        } else {
            s.deviationWad = int256(twapPrice * WAD / s.refPrice) - int256(WAD);
            uint256 absDevBps = uint256(s.deviationWad < 0 ? -s.deviationWad : s.deviationWad) * BPS / WAD;
            if (absDevBps > brokenBps) s.peg = PegState.Broken;
            else if (absDevBps > strainedBps) s.peg = PegState.Strained;
            else s.peg = PegState.Healthy;
        }
        s.settlementPrice = s.peg == PegState.Healthy ? s.refPrice : s.collateralPrice;
        // Profits: the higher credible price, so a winner is never paid more tokens than after the reopening
        // (weekend: P_ref frozen, the token still trades). Capped, so a pump cannot shrink payouts without bound.
        uint256 dexCapped = _min(s.dexPrice, s.refPrice * (BPS + payoutBandBps) / BPS);
        s.payoutPrice = dexCapped > s.settlementPrice ? dexCapped : s.settlementPrice;
    }

    // ------------------------------------------------------------------ internals

    /// @dev P_ref and market status from one feed call. Closed: the regular-session price is frozen at the
    ///      last close, so its age says nothing.
    function _readReference(StockFeed storage cfg, StockState memory s) internal view {
        (int256 answer, uint256 updatedAt, uint8 status, uint256 multiplier) = cfg.feed.latestStockData();
        s.marketOpen = status == 2;
        uint256 maxAge = s.marketOpen ? uint256(cfg.heartbeat) * 2 : type(uint256).max;
        (uint256 price, bool fresh) = _normalise(answer, updatedAt, cfg.decimals, maxAge);
        s.refPrice = price * multiplier / WAD;
        s.refFresh = fresh && s.refPrice > 0;
    }

    /// @dev The PegOracle's stored TWAP and collateral floor, unusable if they span too long (keeper stopped)
    ///      or are too old.
    function _storedTwap(address stock) internal view returns (uint256 price, uint256 floorPrice, bool usable) {
        (uint96 twapPrice, uint96 floorWad, uint32 twapAt, uint32 span) = pegOracle.latestTwap(stock);
        price = twapPrice;
        floorPrice = floorWad;
        usable = price > 0 && floorPrice > 0 && span <= maxTwapSpan && block.timestamp - twapAt <= maxTwapAge;
    }

    function _underlying(Underlying underlying) internal view returns (UnderlyingFeeds storage f) {
        f = underlyingFeeds[underlying];
        if (address(f.price) == address(0)) revert UnknownUnderlying(underlying);
    }

    /// @dev Normalises a Chainlink answer to 18 decimals; `fresh` is false for a non-positive answer or one
    ///      older than `maxAge` (or from the future, which only a broken feed produces).
    function _read(AggregatorV3Interface feed, uint8 dec, uint256 maxAge) internal view returns (uint256, bool) {
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        return _normalise(answer, updatedAt, dec, maxAge);
    }

    function _normalise(int256 answer, uint256 updatedAt, uint8 dec, uint256 maxAge)
        internal
        view
        returns (uint256 value, bool fresh)
    {
        if (answer <= 0) return (0, false);
        value = dec <= 18 ? uint256(answer) * 10 ** (18 - dec) : uint256(answer) / 10 ** (dec - 18);
        fresh = updatedAt <= block.timestamp && block.timestamp - updatedAt <= maxAge;
    }

    function _priceFeedName(Underlying underlying) internal pure returns (bytes32) {
        return underlying == Underlying.BTC ? bytes32("BTC/USD") : bytes32("ETH/USD");
    }

    function _volFeedName(Underlying underlying) internal pure returns (bytes32) {
        return underlying == Underlying.BTC ? bytes32("BTC/IV") : bytes32("ETH/IV");
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
