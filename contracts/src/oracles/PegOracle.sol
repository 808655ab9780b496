// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {IUniswapV2Pair} from "../interfaces/IUniswapV2.sol";

/// @title PegOracle
/// @notice Time-weighted average DEX price of each stock token, in USD (18 decimals), from its Uniswap V2
///         X/USDC pair's cumulative prices. USDC is taken at $1.
/// @dev Spot price is never read: a swap moves the pair's cumulative only from the next block on, so a
///      one-block pump (the AMZNX pin: $500 moved the price 100×) cannot move the TWAP in that block and
///      moves it only by (pump × seconds held) / window afterwards.
///      Observations sit in a small ring buffer per token; `update` is permissionless (a keeper calls it).
contract PegOracle is Ownable2Step {
    /// @notice Observations kept per token; the window is covered by OBSERVATIONS - 2 slots.
    uint256 public constant OBSERVATIONS = 8;

    /// @dev One storage slot. The cumulative keeps its low 224 bits: differences are taken modulo 2^224,
    ///      exact while a window's true difference stays below 2^224 (a raw UQ112x112 price of X in USDC
    ///      units is ~2^71 for a $400 stock, times 1,800 s ≈ 2^82).
    struct Observation {
        uint32 timestamp;
        uint224 priceCumulative; // cumulative price of X in USDC raw units, UQ112x112 × seconds, mod 2^224
    }

    struct PairInfo {
        IUniswapV2Pair pair;
        bool stockIsToken0;
        uint8 nextIndex;
        uint8 count;
        uint256 toWad; // 10^(decimals X) × 1e18 / 10^(decimals USDC): raw price → USD wad
    }

    /// @notice Length of the TWAP window in seconds (30 minutes by default).
    uint32 public window;
    /// @notice Minimum spacing between two stored observations (window / 6 by default).
    uint32 public minSpacing;
    /// @notice Fastest fall of the collateral DEX price, in basis points of its value per hour (2% by default).
    uint16 public maxDropBpsPerHour = 200;

    /// @notice The TWAP as of the last `update`, so that protocol reads cost one storage slot.
    /// @dev `floorPriceWad` is the DEX price collateral may be valued at: it follows the TWAP up at once but
    ///      down by at most `maxDropBpsPerHour` per hour, so a dump must be held for hours (against arbitrage)
    ///      before it lowers anyone's margin, while a real depeg that lasts still does (docs/decisions/002).
    struct StoredTwap {
        uint96 priceWad; // 30-min TWAP (peg state, payouts)
        uint96 floorPriceWad; // bounded-descent DEX price (collateral value)
        uint32 updatedAt;
        uint32 span;
    }

    mapping(address stock => PairInfo) public pairOf;
    /// @notice TWAP of each stock as computed at its last `update` (what the OracleHub reads).
    mapping(address stock => StoredTwap) public latestTwap;
    mapping(address stock => Observation[OBSERVATIONS]) internal _observations;

    event PairRegistered(address indexed stock, address indexed pair);
    event Observed(address indexed stock, uint32 timestamp, uint256 priceCumulative);
    event WindowSet(uint32 window, uint32 minSpacing);
    event MaxDropSet(uint16 maxDropBpsPerHour);

    error UnknownStock(address stock);
    error PairMismatch(address pair, address stock, address usdc);
    error InvalidWindow(uint32 window, uint32 minSpacing);
    error EmptyReserves(address pair);
    error InvalidMaxDrop(uint16 maxDropBpsPerHour);

    /// @param owner_ Governance.
    /// @param window_ TWAP window in seconds.
    /// @param minSpacing_ Minimum seconds between stored observations.
    constructor(address owner_, uint32 window_, uint32 minSpacing_) Ownable(owner_) {
        _setWindow(window_, minSpacing_);
    }

    /// @notice Set the TWAP window and observation spacing. Governance.
    /// @param window_ TWAP window in seconds.
    /// @param minSpacing_ Minimum spacing; (OBSERVATIONS - 2) × spacing must cover the window.
    function setWindow(uint32 window_, uint32 minSpacing_) external onlyOwner {
        _setWindow(window_, minSpacing_);
    }

    /// @notice Set how fast the collateral DEX price may fall. Governance.
    /// @dev 0 would never let a real depeg count; above 100% per hour the bound protects nothing.
    /// @param maxDropBpsPerHour_ Basis points per hour, 1…10,000.
    function setMaxDrop(uint16 maxDropBpsPerHour_) external onlyOwner {
        if (maxDropBpsPerHour_ == 0 || maxDropBpsPerHour_ > 10_000) revert InvalidMaxDrop(maxDropBpsPerHour_);
        maxDropBpsPerHour = maxDropBpsPerHour_;
        emit MaxDropSet(maxDropBpsPerHour_);
    }

    /// @notice Register the X/USDC pair of a stock token and take its first observation.
    /// @param stock The stock token.
    /// @param pair Its Uniswap V2 pair against USDC.
    /// @param usdc The USDC token of the pair.
    function registerPair(address stock, IUniswapV2Pair pair, address usdc) external onlyOwner {
        address t0 = pair.token0();
        address t1 = pair.token1();
        bool stockIsToken0 = t0 == stock && t1 == usdc;
        if (!stockIsToken0 && !(t1 == stock && t0 == usdc)) revert PairMismatch(address(pair), stock, usdc);
        uint256 toWad = 10 ** IERC20Metadata(stock).decimals() * 1e18 / 10 ** IERC20Metadata(usdc).decimals();
        pairOf[stock] = PairInfo(pair, stockIsToken0, 0, 0, toWad);
        delete _observations[stock];
        delete latestTwap[stock];
        emit PairRegistered(stock, address(pair));
        _observe(stock);
    }

    /// @notice Refresh the stored TWAP, and store an observation if `minSpacing` has passed since the last
    ///         one. Anyone may call; the keeper calls it every few blocks.
    /// @dev Trades read the stored TWAP (one slot) instead of recomputing it: that is what keeps an open
    ///      position within its gas budget. The stored value can lag by one keeper interval, never lead.
    /// @param stock The stock token.
    /// @return recorded True if a new observation was stored.
    function update(address stock) external returns (bool recorded) {
        PairInfo storage info = pairOf[stock];
        if (address(info.pair) == address(0)) revert UnknownStock(stock);
        Observation storage last = _observations[stock][(info.nextIndex + OBSERVATIONS - 1) % OBSERVATIONS];
        if (block.timestamp - last.timestamp >= minSpacing) {
            _observe(stock);
            recorded = true;
        }
        (uint256 priceWad, uint256 span) = _twap(stock, info);
        StoredTwap memory prev = latestTwap[stock];
        uint256 floorPrice = _boundedDescent(prev.floorPriceWad, prev.updatedAt, priceWad);
        latestTwap[stock] = StoredTwap(
            SafeCastLib.toUint96(priceWad), SafeCastLib.toUint96(floorPrice), uint32(block.timestamp), uint32(span)
        );
    }

    /// @dev The new collateral DEX price: the TWAP if it is higher than the previous value (or there is none),
    ///      else the previous value lowered by at most `maxDropBpsPerHour` per hour elapsed, but never below the
    ///      TWAP. Calling `update` more often does not make it fall faster: the bound is per second elapsed.
    function _boundedDescent(uint256 prev, uint256 prevAt, uint256 twapNow) internal view returns (uint256) {
        if (prev == 0 || twapNow >= prev || twapNow == 0) return twapNow;
        uint256 maxDrop = prev * maxDropBpsPerHour * (block.timestamp - prevAt) / (10_000 * 1 hours);
        uint256 lowest = maxDrop >= prev ? 0 : prev - maxDrop;
        return twapNow > lowest ? twapNow : lowest;
    }

    /// @notice TWAP of `stock` in USD (18 decimals) over the newest stored observation at least `window`
    ///         old (or the oldest one while history is shorter), up to now.
    /// @param stock The stock token.
    /// @return priceWad TWAP in USD, 18 decimals; 0 when no observation is older than this block.
    /// @return span Seconds the average covers.
    function twap(address stock) external view returns (uint256 priceWad, uint256 span) {
        PairInfo storage info = pairOf[stock];
        if (address(info.pair) == address(0)) revert UnknownStock(stock);
        return _twap(stock, info);
    }

    function _twap(address stock, PairInfo storage info) internal view returns (uint256 priceWad, uint256 span) {
        Observation memory start = _startObservation(stock, info);
        span = block.timestamp - start.timestamp;
        if (span == 0) return (0, 0);
        uint224 cumulativeNow = uint224(_currentCumulative(info));
        uint256 average;
        unchecked {
            // Uniswap V2 cumulatives overflow by design; the difference modulo 2^224 is still right.
            average = uint256(cumulativeNow - start.priceCumulative) / span;
        }
        priceWad = FixedPointMathLib.fullMulDiv(average, info.toWad, 2 ** 112);
    }

    /// @notice Number of stored observations and the timestamp of the newest one.
    /// @param stock The stock token.
    function observationState(address stock) external view returns (uint256 count, uint32 newest) {
        PairInfo storage info = pairOf[stock];
        count = info.count;
        newest = _observations[stock][(info.nextIndex + OBSERVATIONS - 1) % OBSERVATIONS].timestamp;
    }

    /// @dev The newest observation at least `window` old, or the oldest while history is shorter. The ring is
    ///      sorted by time from `oldest`, so a binary search reads ~3 slots instead of walking all 8.
    function _startObservation(address stock, PairInfo storage info) internal view returns (Observation memory) {
        uint256 count = info.count;
        // count ≥ 1: registerPair takes the first observation, and callers check the pair is registered.
        Observation[OBSERVATIONS] storage ring = _observations[stock];
        uint256 oldest = count < OBSERVATIONS ? 0 : info.nextIndex;
        uint256 cutoff = block.timestamp - window;
        Observation memory first = ring[oldest];
        if (first.timestamp > cutoff) return first; // history shorter than the window
        // Invariant: ring[(oldest + lo) % N] is at or before the cutoff; find the last such position.
        uint256 lo;
        uint256 hi = count - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi + 1) / 2;
            if (ring[(oldest + mid) % OBSERVATIONS].timestamp <= cutoff) lo = mid;
            else hi = mid - 1;
        }
        return ring[(oldest + lo) % OBSERVATIONS];
    }

    function _observe(address stock) internal {
        PairInfo storage info = pairOf[stock];
        uint256 cumulative = _currentCumulative(info);
        _observations[stock][info.nextIndex] = Observation(uint32(block.timestamp), uint224(cumulative));
        info.nextIndex = uint8((info.nextIndex + 1) % OBSERVATIONS);
        if (info.count < OBSERVATIONS) info.count += 1;
        emit Observed(stock, uint32(block.timestamp), cumulative);
    }

    /// @dev The pair's cumulative price of X extended to this second with the reserves as they stand,
    ///      i.e. as they were at the end of the last block that touched the pair (Uniswap's
    ///      OracleLibrary.currentCumulativePrices).
    function _currentCumulative(PairInfo storage info) internal view returns (uint256 cumulative) {
        IUniswapV2Pair pair = info.pair;
        (uint112 reserve0, uint112 reserve1, uint32 lastUpdate) = pair.getReserves();
        if (reserve0 == 0 || reserve1 == 0) revert EmptyReserves(address(pair));
        cumulative = info.stockIsToken0 ? pair.price0CumulativeLast() : pair.price1CumulativeLast();
        uint32 nowTs = uint32(block.timestamp);
        if (lastUpdate != nowTs) {
            unchecked {
                uint256 elapsed = nowTs - lastUpdate;
                uint256 spot = info.stockIsToken0
                    ? (uint256(reserve1) << 112) / reserve0
                    : (uint256(reserve0) << 112) / reserve1;
                cumulative += spot * elapsed;
            }
        }
    }

    function _setWindow(uint32 window_, uint32 minSpacing_) internal {
        if (window_ == 0 || minSpacing_ == 0 || uint256(minSpacing_) * (OBSERVATIONS - 2) < window_) {
            revert InvalidWindow(window_, minSpacing_);
        }
        window = window_;
        minSpacing = minSpacing_;
        emit WindowSet(window_, minSpacing_);
    }
}
