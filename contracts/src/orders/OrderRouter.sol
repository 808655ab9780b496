// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILivestock} from "../interfaces/ILivestock.sol";
import {IOrderRouter} from "../interfaces/IOrderRouter.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {ReportStore} from "../oracles/ReportStore.sol";
import {StreamsReport} from "../oracles/StreamsReport.sol";
import {OrderWindow} from "./OrderWindow.sol";

/// @title OrderRouter
/// @notice Two-step opens and closes (docs/decisions/010). A trader commits an order (market, side, size,
///         acceptable price, expiry, an execution fee in the market's stock token); anyone settles it with signed
///         Data Streams reports observed in the order's settlement window — from `minDelay` to
///         `minDelay + settleWindow` seconds after the commitment — and earns the fee. The order executes at
///         those reports' spot and σ, which nobody knew when it was committed. An order the engine refuses
///         (price bound, margin, peg, pause, market) is cancelled by the settlement with the engine's error as
///         its reason; one nobody settled in time is cancelled by its trader, fee back. Liquidation stays one
///         step but needs spot reports no older than `liquidationMaxAge`.
/// @dev One pending order per account (trader, stock token), and the engine refuses withdrawals while it is
///      pending: a trader who sees the settlement price first cannot make the order fail on purpose (by
///      emptying the margin, or settling a second order ahead of it) and walk away from a bad fill.
contract OrderRouter is IOrderRouter, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice A committed order. Only its hash is stored (one slot); `OrderCommitted` carries it whole, and
    ///         settling or cancelling passes it back.
    struct Order {
        address trader;
        uint32 committedAt;
        uint32 expiresAt;
        uint24 marketId;
        bool isBuy; // buy (grow a long, reduce a short) or sell (reduce a long, write or grow a short)
        uint128 size; // underlying units, 18 decimals
        uint128 acceptablePrice; // USD per unit, 18 decimals: highest for a buy, lowest for a sell
        address token; // the market's stock token: the account and the fee's currency
        uint8 underlying; // OracleHub.Underlying
        uint88 fee; // execution fee in `token`, to the settler
    }

    /// @notice Timing and fee rules (one slot).
    struct Params {
        uint32 minDelay; // seconds from commitment to the first report an order may use
        uint32 settleWindow; // an order stays settleable at least this long after its price second
        uint32 maxLifetime; // an order expires at most this long after its commitment
        uint32 liquidationMaxAge; // spot reports a liquidation relies on are at most this old
        uint32 executionGas; // gas an order's execution is guaranteed (a settler cannot starve it into a cancel)
    }

    ILivestock public immutable engine;
    OracleHub public immutable oracleHub;
    ReportStore public immutable reportStore;

    Params public params;
    // Data Streams feed ids of BTC's and ETH's spot and σ: immutable, read on every settlement.
    bytes32 internal immutable _btcSpotFeed;
    bytes32 internal immutable _btcVolFeed;
    bytes32 internal immutable _ethSpotFeed;
    bytes32 internal immutable _ethVolFeed;
    /// @notice Smallest execution fee per stock token (token units): what a keeper's settlement costs, with margin.
    mapping(address token => uint256) public minExecutionFee;

    /// @notice keccak256(abi.encode(order)) of each order still pending; 0 once settled or cancelled.
    mapping(uint256 orderId => bytes32) public orderHash;
    /// @dev The account's last order (pending only while its hash is set): left in place when it completes, so the
    ///      next commitment rewrites a warm, non-zero slot.
    mapping(address trader => mapping(address token => uint256 orderId)) internal _lastOrderOf;
    /// @notice Orders committed so far (ids are 1…orderCount).
    uint256 public orderCount;

    event ParamsSet(Params params);
    event MinExecutionFeeSet(address indexed token, uint256 fee);
    event OrderCommitted(uint256 indexed orderId, address indexed trader, uint256 indexed marketId, Order order);
    event OrderSettled(
        uint256 indexed orderId, address indexed trader, address indexed settler, uint256 price, uint256 observedAt
    );
    /// @param reason The engine's error (ABI-encoded custom error), or `OrderExpired` for a cancel after expiry.
    event OrderCancelled(uint256 indexed orderId, address indexed trader, address indexed by, bytes reason);

    error ZeroAddress();
    error InvalidParams();
    error ZeroSize();
    error UnknownOrder(uint256 orderId);
    error OrderMismatch(uint256 orderId);
    error OrderAlreadyPending(uint256 orderId);
    error InvalidExpiry(uint256 expiresAt, uint256 earliest, uint256 latest);
    error FeeTooLow(uint256 fee, uint256 minFee);
    error NotOrderOwner(address caller);
    error OrderNotExpired(uint256 orderId, uint256 expiresAt);
    error OrderExpired(uint256 orderId);
    error NothingSettled();
    error InsufficientGas(uint256 gasLeft, uint256 needed);
    error ReportTooOld(bytes32 feedId, uint256 observedAt, uint256 maxAge);
    error TooManyReports(uint256 given, uint256 max);

    /// @param owner_ Governance.
    /// @param engine_ The LivestockEngine.
    /// @param store_ The ReportStore (whose pinner this router must be).
    /// @param feeds Feed ids of BTC spot, BTC σ, ETH spot, ETH σ (schema v3).
    constructor(address owner_, ILivestock engine_, ReportStore store_, bytes32[4] memory feeds) Ownable(owner_) {
        if (address(engine_) == address(0) || address(store_) == address(0)) revert ZeroAddress();
        for (uint256 i; i < 4; ++i) {
            if (feeds[i] == bytes32(0)) revert InvalidParams();
        }
        (_btcSpotFeed, _btcVolFeed, _ethSpotFeed, _ethVolFeed) = (feeds[0], feeds[1], feeds[2], feeds[3]);
        engine = engine_;
        oracleHub = engine_.oracleHub();
        reportStore = store_;
        params =
            Params({minDelay: 2, settleWindow: 5, maxLifetime: 300, liquidationMaxAge: 10, executionGas: 1_500_000});
    }

    // ------------------------------------------------------------------ governance

    /// @notice Set the timing and gas rules.
    /// @param p minDelay ≥ 1 s; settleWindow ≥ 1 s; maxLifetime longer than minDelay + settleWindow.
    function setParams(Params calldata p) external onlyOwner {
        if (
            p.minDelay == 0 || p.settleWindow == 0 || p.maxLifetime <= uint256(p.minDelay) + p.settleWindow
                || p.liquidationMaxAge == 0 || p.executionGas < 300_000
        ) revert InvalidParams();
        params = p;
        emit ParamsSet(p);
    }

    /// @notice Set the smallest execution fee of orders on `token`'s markets.
    /// @param token A stock token.
    /// @param fee In token units.
    function setMinExecutionFee(address token, uint256 fee) external onlyOwner {
        minExecutionFee[token] = fee;
        emit MinExecutionFeeSet(token, fee);
    }

    // ------------------------------------------------------------------ orders

    /// @notice Commit an order. The execution fee is taken from the caller's wallet now.
    /// @param marketId The market.
    /// @param isBuy True to buy, false to sell; the engine's signed position decides whether that opens, grows,
    ///        reduces or flips it.
    /// @param size Units of the underlying (18 decimals).
    /// @param acceptablePrice Highest price per unit for a buy, lowest for a sell (USD, 18 decimals); values
    ///        above 2^128 − 1 mean no bound and are stored as 2^128 − 1.
    /// @param expiresAt Latest settlement time; at least the end of the settlement window, at most maxLifetime.
    /// @param fee Execution fee in the market's stock token, at least `minExecutionFee`.
    /// @return orderId The order's id.
    function commit(
        uint256 marketId,
        bool isBuy,
        uint256 size,
        uint256 acceptablePrice,
        uint256 expiresAt,
        uint256 fee
    ) external nonReentrant returns (uint256 orderId) {
        if (size == 0) revert ZeroSize();
        (address token, uint8 underlying) = engine.marketToken(marketId); // reverts UnknownMarket
        _checkCommit(token, expiresAt, fee);
        Order memory o = _newOrder(marketId, isBuy, size, acceptablePrice, expiresAt, fee);
        (o.token, o.underlying) = (token, underlying);
        orderId = ++orderCount;
        orderHash[orderId] = keccak256(abi.encode(o));
        _lastOrderOf[msg.sender][token] = orderId;
        emit OrderCommitted(orderId, msg.sender, marketId, o);
        if (fee != 0) IERC20(token).safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @notice Settle orders with signed reports. Each order executes at the spot and σ reports of its
    ///         underlying observed in its settlement window, or is cancelled with the engine's error; either
    ///         way the caller earns its fee. Orders already settled or cancelled, expired, or without reports in
    ///         their window among `reports` are skipped.
    /// @dev Reverts `NothingSettled` if no order was settled or cancelled, so a keeper's gas estimate fails
    ///      instead of a transaction that does nothing.
    /// @param orderIds Orders to settle.
    /// @param orders The orders as `OrderCommitted` gave them, in the same order.
    /// @param reports Full signed reports (several orders may share them); all are verified and stored.
    /// @return done Orders settled or cancelled.
    function settle(uint256[] calldata orderIds, Order[] calldata orders, bytes[] calldata reports)
        external
        nonReentrant
        returns (uint256 done)
    {
        if (orders.length != orderIds.length) revert InvalidParams();
        // Two reports per order at most: every report verified here is verified (and, on Base, paid for) even if
        // older than the stored one, so a settler must not pad a settlement with replays.
        if (reports.length > 2 * orderIds.length) revert TooManyReports(reports.length, 2 * orderIds.length);
        StreamsReport.Report[] memory verified = reportStore.submitForSettlement(reports);
        Params memory p = params;
        uint256 folded; // bit u: underlying u folded into the hub's integrals in this transaction
        address feeToken;
        uint256 feeOwed;
        for (uint256 i; i < orderIds.length; ++i) {
            uint256 id = orderIds[i];
            Order memory o = orders[i];
            bytes32 stored = orderHash[id];
            if (stored == bytes32(0) || block.timestamp > o.expiresAt) continue; // done, cancelled or expired
            if (stored != keccak256(abi.encode(o))) revert OrderMismatch(id);
            (bool found, StreamsReport.Report memory spot, StreamsReport.Report memory vol) =
                _windowReports(verified, o, p);
            if (!found) continue;

            delete orderHash[id];
            // New prices enter the funding integrals before the order pins an older report.
            if (folded & (1 << o.underlying) == 0) {
                oracleHub.checkpoint(OracleHub.Underlying(o.underlying));
                folded |= 1 << o.underlying;
            }
            _execute(id, o, spot, vol, p.executionGas);
            ++done;
            if (o.token != feeToken) {
                _pay(feeToken, msg.sender, feeOwed);
                (feeToken, feeOwed) = (o.token, 0);
            }
            feeOwed += o.fee;
        }
        if (done == 0) revert NothingSettled();
        _pay(feeToken, msg.sender, feeOwed);
    }

    /// @notice Cancel your own order after its expiry; the execution fee comes back.
    /// @param orderId The order.
    /// @param o The order as `OrderCommitted` gave it.
    function cancel(uint256 orderId, Order calldata o) external nonReentrant {
        bytes32 stored = orderHash[orderId];
        if (stored == bytes32(0)) revert UnknownOrder(orderId);
        if (stored != keccak256(abi.encode(o))) revert OrderMismatch(orderId);
        if (o.trader != msg.sender) revert NotOrderOwner(msg.sender);
        if (block.timestamp <= o.expiresAt) revert OrderNotExpired(orderId, o.expiresAt);
        delete orderHash[orderId];
        emit OrderCancelled(orderId, o.trader, msg.sender, abi.encodeWithSelector(OrderExpired.selector, orderId));
        _pay(o.token, o.trader, o.fee);
    }

    /// @notice Verify and store reports, and fold the underlyings' new prices into the hub's funding integrals.
    ///         Anyone may call; the keeper does so to keep prices fresh.
    /// @param reports Full signed reports.
    function updatePrices(bytes[] calldata reports) external nonReentrant {
        _submit(reports);
    }

    /// @notice Liquidate an account (see the engine's `liquidate`) after storing `reports`. The spot and σ in force
    ///         of each underlying the account holds must be at most `liquidationMaxAge` old — or stale past the
    ///         hub's limit, where the engine's stale-feed rule values it at the trader's best stressed price.
    /// @param trader The account owner.
    /// @param token The account's stock token.
    /// @param reports Full signed reports (may be empty if fresh ones are stored).
    function liquidate(address trader, address token, bytes[] calldata reports) external nonReentrant {
        _submit(reports);
        uint256 held = _underlyingsHeld(trader, token);
        uint256 maxAge = params.liquidationMaxAge;
        for (uint8 u; u < 2; ++u) {
            if (held & (1 << u) == 0) continue;
            (,, uint32 spotStaleAfter, uint32 volStaleAfter,,) = oracleHub.underlyingFeeds(OracleHub.Underlying(u));
            _requireRecent(spotFeedId(u), maxAge, spotStaleAfter);
            _requireRecent(volFeedId(u), maxAge, volStaleAfter);
        }
        engine.liquidate(trader, token, msg.sender);
    }

    /// @dev Bit u set: the account holds a position on underlying u (at most `maxPositions` reads).
    function _underlyingsHeld(address trader, address token) internal view returns (uint256 held) {
        uint256[] memory ids = engine.positionIds(trader, token);
        for (uint256 i; i < ids.length; ++i) {
            (, uint8 u) = engine.marketToken(ids[i]);
            held |= 1 << u;
        }
    }

    /// @dev The report in force is at most `maxAge` old, or stale past the hub's limit (then the engine's stale-feed
    ///      rule values it at the trader's best stressed price).
    function _requireRecent(bytes32 feed, uint256 maxAge, uint256 staleAfter) internal view {
        uint256 observedAt = reportStore.latest(feed).observedAt;
        uint256 age = observedAt >= block.timestamp ? 0 : block.timestamp - observedAt;
        if (age > maxAge && age <= staleAfter) revert ReportTooOld(feed, observedAt, maxAge);
    }

    // ------------------------------------------------------------------ views

    /// @notice The spot feed id of an underlying (0 BTC, 1 ETH).
    /// @param underlying 0 BTC, 1 ETH.
    function spotFeedId(uint8 underlying) public view returns (bytes32) {
        return underlying == 0 ? _btcSpotFeed : _ethSpotFeed;
    }

    /// @notice The σ feed id of an underlying (0 BTC, 1 ETH).
    /// @param underlying 0 BTC, 1 ETH.
    function volFeedId(uint8 underlying) public view returns (bytes32) {
        return underlying == 0 ? _btcVolFeed : _ethVolFeed;
    }

    /// @notice The account's pending order id, 0 if none.
    /// @param trader The trader.
    /// @param token The account's stock token.
    function pendingOrderOf(address trader, address token) public view returns (uint256 orderId) {
        orderId = _lastOrderOf[trader][token];
        if (orderId != 0 && orderHash[orderId] == bytes32(0)) orderId = 0;
    }

    /// @inheritdoc IOrderRouter
    function hasPendingOrder(address trader, address token) external view returns (bool) {
        return pendingOrderOf(trader, token) != 0;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Verifies and stores the new ones of `reports`, then folds the new prices of the underlyings they touch
    ///      into the hub's funding integrals (settle folds each order's underlying itself, before pinning).
    function _submit(bytes[] calldata reports) internal returns (StreamsReport.Report[] memory verified) {
        if (reports.length == 0) return verified;
        verified = reportStore.submit(reports);
        bool[2] memory touched;
        for (uint256 i; i < verified.length; ++i) {
            bytes32 feed = verified[i].feedId;
            if (feed == _btcSpotFeed || feed == _btcVolFeed) touched[0] = true;
            else if (feed == _ethSpotFeed || feed == _ethVolFeed) touched[1] = true;
        }
        for (uint8 u; u < 2; ++u) {
            if (touched[u]) oracleHub.checkpoint(OracleHub.Underlying(u));
        }
    }

    function _checkCommit(address token, uint256 expiresAt, uint256 fee) internal view {
        uint256 pending = pendingOrderOf(msg.sender, token);
        if (pending != 0) revert OrderAlreadyPending(pending);
        Params memory p = params;
        uint256 earliest = block.timestamp + p.minDelay + p.settleWindow;
        uint256 latest = block.timestamp + p.maxLifetime;
        if (expiresAt < earliest || expiresAt > latest) revert InvalidExpiry(expiresAt, earliest, latest);
        uint256 minFee = minExecutionFee[token];
        if (fee < minFee) revert FeeTooLow(fee, minFee);
    }

    function _newOrder(
        uint256 marketId,
        bool isBuy,
        uint256 size,
        uint256 acceptablePrice,
        uint256 expiresAt,
        uint256 fee
    ) internal view returns (Order memory o) {
        o.trader = msg.sender;
        o.committedAt = uint32(block.timestamp);
        o.expiresAt = uint32(expiresAt);
        o.marketId = SafeCast.toUint24(marketId);
        o.isBuy = isBuy;
        o.size = SafeCast.toUint128(size);
        o.acceptablePrice = acceptablePrice > type(uint128).max ? type(uint128).max : uint128(acceptablePrice);
        o.fee = SafeCast.toUint88(fee);
    }

    function _windowReports(StreamsReport.Report[] memory verified, Order memory o, Params memory p)
        internal
        view
        returns (bool found, StreamsReport.Report memory spot, StreamsReport.Report memory vol)
    {
        uint256 t = OrderWindow.priceTime(o.committedAt, p.minDelay);
        (bool hasSpot, uint256 s) = OrderWindow.findAt(verified, spotFeedId(o.underlying), t);
        (bool hasVol, uint256 v) = OrderWindow.findAt(verified, volFeedId(o.underlying), t);
        if (!hasSpot || !hasVol) return (false, spot, vol);
        return (true, verified[s], verified[v]);
    }

    /// @dev Executes at the pinned reports; the engine's revert becomes the cancel reason. The gas check keeps a
    ///      settler from starving the call so that it fails and the order is cancelled for the fee.
    function _execute(
        uint256 id,
        Order memory o,
        StreamsReport.Report memory spot,
        StreamsReport.Report memory vol,
        uint256 executionGas
    ) internal {
        uint256 needed = executionGas * 64 / 63 + 20_000;
        if (gasleft() < needed) revert InsufficientGas(gasleft(), needed);
        reportStore.pin(spot, vol);
        (bool ok, uint256 price, bytes memory reason) = _callEngine(o);
        if (ok) emit OrderSettled(id, o.trader, msg.sender, price, spot.observedAt);
        else emit OrderCancelled(id, o.trader, msg.sender, reason);
        reportStore.unpin(spot.feedId, vol.feedId);
    }

    /// @dev The engine's revert data becomes the cancel reason.
    function _callEngine(Order memory o) internal returns (bool ok, uint256 price, bytes memory reason) {
        int256 size = o.isBuy ? int256(uint256(o.size)) : -int256(uint256(o.size));
        try engine.trade(o.trader, o.marketId, size, o.acceptablePrice) returns (uint256 p) {
            return (true, p, "");
        } catch (bytes memory r) {
            return (false, 0, r);
        }
    }

    function _pay(address token, address to, uint256 amount) internal {
        if (amount != 0) IERC20(token).safeTransfer(to, amount);
    }
}
