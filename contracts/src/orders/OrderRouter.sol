// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILivestock} from "../interfaces/ILivestock.sol";
import {IOrderRouter} from "../interfaces/IOrderRouter.sol";
import {Market} from "../core/EngineTypes.sol";
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

    /// @notice A committed order (three slots).
    struct Order {
        address trader;
        uint32 committedAt;
        uint32 expiresAt;
        uint24 marketId;
        bool isOpen; // open (buy) or close (sell back)
        uint128 size; // underlying units, 18 decimals
        uint128 acceptablePrice; // USD per unit, 18 decimals: highest for an open, lowest for a close
        address token; // the market's stock token: the account and the fee's currency
        uint8 underlying; // OracleHub.Underlying
        uint88 fee; // execution fee in `token`, to the settler
    }

    /// @notice Timing and fee rules (one slot).
    struct Params {
        uint32 minDelay; // seconds from commitment to the first report an order may use
        uint32 settleWindow; // the reports may be observed at most this long after commitment + minDelay
        uint32 maxLifetime; // an order expires at most this long after its commitment
        uint32 liquidationMaxAge; // spot reports a liquidation relies on are at most this old
        uint32 executionGas; // gas an order's execution is guaranteed (a settler cannot starve it into a cancel)
    }

    ILivestock public immutable engine;
    OracleHub public immutable oracleHub;
    ReportStore public immutable reportStore;

    Params public params;
    /// @notice Data Streams feed ids of each underlying's spot and σ.
    mapping(uint8 underlying => bytes32) public spotFeedId;
    mapping(uint8 underlying => bytes32) public volFeedId;
    /// @notice Smallest execution fee per stock token (token units): what a keeper's settlement costs, with margin.
    mapping(address token => uint256) public minExecutionFee;

    mapping(uint256 orderId => Order) internal _orders;
    /// @notice The pending order of an account (0 if none).
    mapping(address trader => mapping(address token => uint256 orderId)) public pendingOrderOf;
    /// @notice Orders committed so far (ids are 1…orderCount).
    uint256 public orderCount;

    event ParamsSet(Params params);
    event FeedsSet(uint8 indexed underlying, bytes32 spotFeedId, bytes32 volFeedId);
    event MinExecutionFeeSet(address indexed token, uint256 fee);
    event OrderCommitted(
        uint256 indexed orderId,
        address indexed trader,
        uint256 indexed marketId,
        bool isOpen,
        uint256 size,
        uint256 acceptablePrice,
        uint256 expiresAt,
        uint256 fee
    );
    event OrderSettled(
        uint256 indexed orderId, address indexed trader, address indexed settler, uint256 price, uint256 observedAt
    );
    /// @param reason The engine's error (ABI-encoded custom error), or `OrderExpired` for a cancel after expiry.
    event OrderCancelled(uint256 indexed orderId, address indexed trader, address indexed by, bytes reason);

    error ZeroAddress();
    error InvalidParams();
    error ZeroSize();
    error UnknownOrder(uint256 orderId);
    error OrderAlreadyPending(uint256 orderId);
    error InvalidExpiry(uint256 expiresAt, uint256 earliest, uint256 latest);
    error FeeTooLow(uint256 fee, uint256 minFee);
    error NotOrderOwner(address caller);
    error OrderNotExpired(uint256 orderId, uint256 expiresAt);
    error OrderExpired(uint256 orderId);
    error NothingSettled();
    error InsufficientGas(uint256 gasLeft, uint256 needed);
    error ReportTooOld(bytes32 feedId, uint256 observedAt, uint256 maxAge);

    /// @param owner_ Governance.
    /// @param engine_ The LivestockEngine.
    /// @param store_ The ReportStore (whose pinner this router must be).
    constructor(address owner_, ILivestock engine_, ReportStore store_) Ownable(owner_) {
        if (address(engine_) == address(0) || address(store_) == address(0)) revert ZeroAddress();
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

    /// @notice Set the feed ids of an underlying's spot and σ.
    /// @param underlying 0 BTC, 1 ETH.
    /// @param spot Spot feed id (schema v3).
    /// @param vol σ feed id (schema v3).
    function setFeeds(uint8 underlying, bytes32 spot, bytes32 vol) external onlyOwner {
        if (underlying > 1 || spot == bytes32(0) || vol == bytes32(0)) revert InvalidParams();
        (spotFeedId[underlying], volFeedId[underlying]) = (spot, vol);
        emit FeedsSet(underlying, spot, vol);
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
    /// @param isOpen True to buy (open or increase), false to sell back (reduce or close).
    /// @param size Units of the underlying (18 decimals).
    /// @param acceptablePrice Highest price per unit for an open, lowest for a close (USD, 18 decimals); values
    ///        above 2^128 − 1 mean no bound and are stored as 2^128 − 1.
    /// @param expiresAt Latest settlement time; at least the end of the settlement window, at most maxLifetime.
    /// @param fee Execution fee in the market's stock token, at least `minExecutionFee`.
    /// @return orderId The order's id.
    function commit(
        uint256 marketId,
        bool isOpen,
        uint256 size,
        uint256 acceptablePrice,
        uint256 expiresAt,
        uint256 fee
    ) external nonReentrant returns (uint256 orderId) {
        if (size == 0) revert ZeroSize();
        Market memory m = engine.market(marketId); // reverts UnknownMarket
        uint256 pending = pendingOrderOf[msg.sender][m.token];
        if (pending != 0) revert OrderAlreadyPending(pending);
        Params memory p = params;
        uint256 earliest = block.timestamp + p.minDelay + p.settleWindow;
        uint256 latest = block.timestamp + p.maxLifetime;
        if (expiresAt < earliest || expiresAt > latest) revert InvalidExpiry(expiresAt, earliest, latest);
        uint256 minFee = minExecutionFee[m.token];
        if (fee < minFee) revert FeeTooLow(fee, minFee);

        orderId = ++orderCount;
        _orders[orderId] = Order({
            trader: msg.sender,
            committedAt: uint32(block.timestamp),
            expiresAt: uint32(expiresAt),
            marketId: SafeCast.toUint24(marketId),
            isOpen: isOpen,
            size: SafeCast.toUint128(size),
            acceptablePrice: acceptablePrice > type(uint128).max ? type(uint128).max : uint128(acceptablePrice),
            token: m.token,
            underlying: m.underlying,
            fee: SafeCast.toUint88(fee)
        });
        pendingOrderOf[msg.sender][m.token] = orderId;
        emit OrderCommitted(orderId, msg.sender, marketId, isOpen, size, acceptablePrice, expiresAt, fee);
        if (fee != 0) IERC20(m.token).safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @notice Settle orders with signed reports. Each order executes at the spot and σ reports of its
    ///         underlying observed in its settlement window, or is cancelled with the engine's error; either
    ///         way the caller earns its fee. Orders already settled or cancelled, expired, or without reports in
    ///         their window among `reports` are skipped.
    /// @dev Reverts `NothingSettled` if no order was settled or cancelled, so a keeper's gas estimate fails
    ///      instead of a transaction that does nothing.
    /// @param orderIds Orders to settle.
    /// @param reports Full signed reports (several orders may share them); all are verified and stored.
    /// @return done Orders settled or cancelled.
    function settle(uint256[] calldata orderIds, bytes[] calldata reports)
        external
        nonReentrant
        returns (uint256 done)
    {
        StreamsReport.Report[] memory verified = _submit(reports);
        Params memory p = params;
        address feeToken;
        uint256 feeOwed;
        for (uint256 i; i < orderIds.length; ++i) {
            uint256 id = orderIds[i];
            Order memory o = _orders[id];
            if (o.trader == address(0) || block.timestamp > o.expiresAt) continue;
            (bool found, StreamsReport.Report memory spot, StreamsReport.Report memory vol) =
                _windowReports(verified, o, p);
            if (!found) continue;

            delete _orders[id];
            delete pendingOrderOf[o.trader][o.token];
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
    function cancel(uint256 orderId) external nonReentrant {
        Order memory o = _orders[orderId];
        if (o.trader == address(0)) revert UnknownOrder(orderId);
        if (o.trader != msg.sender) revert NotOrderOwner(msg.sender);
        if (block.timestamp <= o.expiresAt) revert OrderNotExpired(orderId, o.expiresAt);
        delete _orders[orderId];
        delete pendingOrderOf[o.trader][o.token];
        emit OrderCancelled(orderId, o.trader, msg.sender, abi.encodeWithSelector(OrderExpired.selector, orderId));
        _pay(o.token, o.trader, o.fee);
    }

    /// @notice Verify and store reports, and fold the underlyings' new prices into the hub's funding integrals.
    ///         Anyone may call; the keeper does so to keep prices fresh.
    /// @param reports Full signed reports.
    function updatePrices(bytes[] calldata reports) external nonReentrant {
        _submit(reports);
    }

    /// @notice Liquidate an account (see the engine's `liquidate`) after storing `reports`. Each underlying's
    ///         spot in force must be at most `liquidationMaxAge` old — or stale past the hub's limit, where the
    ///         engine's stale-feed rule values it at the trader's best stressed price.
    /// @param trader The account owner.
    /// @param token The account's stock token.
    /// @param reports Full signed reports (may be empty if fresh ones are stored).
    function liquidate(address trader, address token, bytes[] calldata reports) external nonReentrant {
        _submit(reports);
        uint256 maxAge = params.liquidationMaxAge;
        for (uint8 u; u < 2; ++u) {
            bytes32 feed = spotFeedId[u];
            uint256 observedAt = reportStore.latest(feed).observedAt;
            uint256 age = observedAt >= block.timestamp ? 0 : block.timestamp - observedAt;
            (,, uint32 staleAfter,,,) = oracleHub.underlyingFeeds(OracleHub.Underlying(u));
            if (age > maxAge && age <= staleAfter) revert ReportTooOld(feed, observedAt, maxAge);
        }
        engine.liquidate(trader, token, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @notice An order (all zero once settled or cancelled).
    /// @param orderId The order.
    function order(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IOrderRouter
    function hasPendingOrder(address trader, address token) external view returns (bool) {
        return pendingOrderOf[trader][token] != 0;
    }

    // ------------------------------------------------------------------ internals

    function _submit(bytes[] calldata reports) internal returns (StreamsReport.Report[] memory verified) {
        if (reports.length == 0) return verified;
        verified = reportStore.submit(reports);
        // New prices enter the funding integrals before any order pins an older report.
        bool[2] memory touched;
        for (uint256 i; i < verified.length; ++i) {
            bytes32 feed = verified[i].feedId;
            for (uint8 u; u < 2; ++u) {
                if (feed == spotFeedId[u] || feed == volFeedId[u]) touched[u] = true;
            }
        }
        for (uint8 u; u < 2; ++u) {
            if (touched[u]) oracleHub.checkpoint(OracleHub.Underlying(u));
        }
    }

    function _windowReports(StreamsReport.Report[] memory verified, Order memory o, Params memory p)
        internal
        view
        returns (bool found, StreamsReport.Report memory spot, StreamsReport.Report memory vol)
    {
        (uint256 from, uint256 to) = OrderWindow.bounds(o.committedAt, p.minDelay, p.settleWindow);
        (bool hasSpot, uint256 s) = OrderWindow.firstIn(verified, spotFeedId[o.underlying], from, to);
        (bool hasVol, uint256 v) = OrderWindow.firstIn(verified, volFeedId[o.underlying], from, to);
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
        reportStore.pin(spot);
        reportStore.pin(vol);
        try this.executeOrder(o) returns (uint256 price) {
            emit OrderSettled(id, o.trader, msg.sender, price, spot.observedAt);
        } catch (bytes memory reason) {
            emit OrderCancelled(id, o.trader, msg.sender, reason);
        }
        reportStore.unpin(spot.feedId);
        reportStore.unpin(vol.feedId);
    }

    /// @notice Internal step of `settle`, external only so its revert can be caught; callable by this router only.
    /// @param o The order.
    /// @return price The fill price.
    function executeOrder(Order memory o) external returns (uint256 price) {
        if (msg.sender != address(this)) revert NotOrderOwner(msg.sender);
        return o.isOpen
            ? engine.openPosition(o.trader, o.marketId, o.size, o.acceptablePrice)
            : engine.closePosition(o.trader, o.marketId, o.size, o.acceptablePrice);
    }

    function _pay(address token, address to, uint256 amount) internal {
        if (amount != 0) IERC20(token).safeTransfer(to, amount);
    }
}
