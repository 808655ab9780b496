// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {IOrderRouter} from "../interfaces/IOrderRouter.sol";
import {EngineBase} from "./EngineBase.sol";
import {MarginMath} from "./MarginMath.sol";
import {
    Market,
    PackedPosition,
    Account,
    TokenConfig,
    RiskParams,
    UnderlyingParams,
    VolParams,
    LiquidationParams
} from "./EngineTypes.sol";

/// @title LivestockEngine
/// @notice Perpetual BTC/ETH options margined in tokenized stocks. Traders deposit a stock token X as margin
///         and buy or sell everlasting calls and puts against X's main vault; longs pay funding per second and
///         shorts receive it; anyone may liquidate an account below maintenance (in EngineExtension). Fees and funding go 70/20/10 to the main vault, insurance
///         vault and treasury. Numbers and formulas: SPEC §3–6; every parameter is governance-settable.
/// @dev Per-market aggregates (open interest, cost basis, funding index) make trades and the vault's NAV
///      independent of the number of traders; an account's positions are a 256-bit map, bounded by
///      `maxPositions`. A trade settles its own market's funding before any check; the account's other legs are
///      margined with theirs unsettled (docs/decisions/015). Closing and liquidation are
///      never blocked by the pause, the peg state or a closed stock market.
contract LivestockEngine is EngineBase {
    using SafeERC20 for IERC20;

    /// @notice Governance and view functions live here; unknown selectors are delegated to it.
    address public immutable extension;

    /// @param owner_ Governance.
    /// @param hub The OracleHub.
    /// @param treasury_ Receiver of the protocol's share of fees and funding.
    /// @param extension_ The EngineExtension holding governance and views.
    constructor(address owner_, OracleHub hub, address treasury_, address extension_) EngineBase(owner_, hub) {
        if (treasury_ == address(0) || extension_ == address(0)) revert ZeroAddress();
        extension = extension_;
        treasury = treasury_;
        guardian = owner_;
        // Field by field: a 17-field struct literal does not fit the legacy code generator's stack.
        RiskParams storage r = riskParams;
        r.fundingPeriod = 7 days;
        r.skewAlphaWad = 0.02e18; // docs/decisions/009: the vault's inventory cost, not 5–10× it
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
        r.shortImBaseBps = 1500; // Deribit's standard margin for short options (SPEC §9.4)
        r.shortImFloorBps = 1000;
        r.shortMmBps = 750;
        r.shortGrossCapBps = 5000; // five markets at the per-market cap (oiCapBps) on one underlying
        volParams = VolParams({baseWad: 0.05e18, slopeWad: 0.5e18, kinkWad: 0.5e18});
        liquidationParams = LiquidationParams({rewardBaseUsd: 5e18, rewardCapUsd: 500e18, rewardShareBps: 2000});

        underlyingParams[0] = UnderlyingParams({strikeStep: 5_000e18, sigmaFloorWad: 0.35e18, stressBps: 1500});
        underlyingParams[1] = UnderlyingParams({strikeStep: 250e18, sigmaFloorWad: 0.45e18, stressBps: 2000});
    }
    // ================================================================== trading

    /// @notice Buy (`size` > 0) or sell (`size` < 0) `|size|` units of an everlasting option for `trader`, the vault
    ///         taking the other side. A position is signed: buying grows a long or reduces a short, selling grows a
    ///         short (writes the option) or reduces a long, and a trade larger than the position flips it. With an
    ///         order router set (every public deployment) only the router calls this, when it settles the trader's
    ///         order at the first signed prices after the commitment; without one (tests, push-feed deployments)
    ///         the trader. A trade that only reduces a position is never blocked by the pause, the peg state or a
    ///         closed stock market.
    /// @param trader The account owner.
    /// @param marketId The market.
    /// @param size Signed units of the underlying (18 decimals).
    /// @param limitPrice Highest price per unit for a buy, lowest for a sell (USD, 18 decimals).
    /// @return price The fill price per unit (USD, 18 decimals).
    function trade(address trader, uint256 marketId, int256 size, uint256 limitPrice)
        external
        nonReentrant
        returns (uint256 price)
    {
        _authorize(trader);
        if (size == 0) revert ZeroAmount();
        Market storage m = _market(marketId);
        Ctx memory ctx = _context(m.token);
        ctx.refuseBadDebt = true;
        int256 held = _positions[trader][marketId].size;
        bool reduceOnly = _requireTradeAllowed(ctx, m, held, size);
        // A reduce has a position, so its token is listed; an open checks it.
        Account storage acct = reduceOnly ? _accounts[trader][m.token] : _account(trader, m.token);
        // This market's funding only: the account's other legs are valued with theirs unpaid (docs/decisions/015).
        if (held != 0) _settleFunding(ctx, trader, acct, uint256(1) << m.slot);
        uint256 fee;
        (price, fee) = _tradeQuote(ctx, m, marketId, size, !reduceOnly);
        if (size > 0 ? price > limitPrice : price < limitPrice) revert SlippageExceeded(price, limitPrice);
        Fill memory f = Fill(trader, marketId, size, price, fee, reduceOnly, 0, 0);
        _fill(ctx, acct, m, f);
        emit PositionTraded(trader, marketId, size, price, fee, f.newSize, f.pnl);
    }

    /// @dev A trade on its way through `_fill`: one memory pointer instead of six stack slots.
    struct Fill {
        address trader;
        uint256 marketId;
        int256 size;
        uint256 price;
        uint256 fee;
        bool reduceOnly;
        int256 pnl;
        int256 newSize;
    }

    /// @dev Applies the trade, pays its PnL and fee, and checks the vault's caps and the account's margin.
    function _fill(Ctx memory ctx, Account storage acct, Market storage m, Fill memory f) internal {
        // Reducing one leg of a hedge can raise what the rest needs (closing a spread's long leaves a naked short).
        // The other legs' funding is unsettled (this trade settles its own market's only) and counts in the checks.
        uint256 others = acct.positionBits & ~(uint256(1) << m.slot);
        uint256 imBefore = f.reduceOnly ? _hedgedRequirement(ctx, f.trader, acct, m, others) : 0;
        uint256 grownExposure;
        (f.pnl, f.newSize, grownExposure) = _applyTrade(acct, m, _positions[f.trader][f.marketId], f.size, f.price);
        _settlePnl(ctx, f.trader, acct, f.pnl);
        _collectFee(ctx, f.trader, acct, f.fee);
        // Caps only for trades that open or grow: writers at the cap must never lock a long in.
        if (!f.reduceOnly) {
            if (grownExposure != 0) _requireExposureCaps(ctx, f.marketId, m, grownExposure);
            if (f.size < 0) _requireWriteCap(ctx, f.marketId, m);
            _requireInitialMargin(ctx, f.trader, acct, others != 0);
        } else if (imBefore != type(uint256).max) {
            _requireNoNewRequirement(ctx, f.trader, acct, imBefore);
        } else if (others != 0) {
            _requireOtherFundingPayable(ctx, f.trader, acct);
        }
    }

    /// @dev After a reduce-only trade of an account whose other legs are all on another underlying: their unsettled
    ///      funding (this trade settled its own market's only) is still payable from the margin left, as settling it
    ///      first would have required. Funding only, no pricing: a stale or broken feed of the other underlying
    ///      never blocks a close.
    function _requireOtherFundingPayable(Ctx memory ctx, address trader, Account storage acct) internal view {
        Health memory h;
        uint256 bits = acct.positionBits;
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _addUnpaidFunding(ctx, h, _markets[id], _positions[trader][id]);
        }
        _addCollateralEquity(ctx, h, acct.collateral); // reverts when the margin cannot pay what is owed
    }

    /// @dev Whether the trade only reduces the position; checks what a trade that opens or grows one needs: no
    ///      pause, a fresh reference and a healthy peg. A reduce-only trade needs a settlement price only.
    function _requireTradeAllowed(Ctx memory ctx, Market storage m, int256 held, int256 size)
        internal
        view
        returns (bool reduceOnly)
    {
        reduceOnly = held != 0 && (held > 0) != (size > 0) && _abs(size) <= _abs(held);
        if (reduceOnly) {
            _requireSettlementPrice(ctx);
        } else {
            if (paused) revert Paused();
            if (!ctx.stock.refFresh) oracleHub.refPrice(m.token); // a stale reference names its feed
            if (ctx.stock.peg != OracleHub.PegState.Healthy) revert PegNotHealthy(m.token, uint8(ctx.stock.peg));
        }
    }

    /// @dev The account's IM before a reduce-only trade when it holds other positions on the same underlying (they
    ///      may be hedged by this one); max when it holds none (reducing a lone position never raises margin).
    function _hedgedRequirement(Ctx memory ctx, address trader, Account storage acct, Market storage m, uint256 others)
        internal
        view
        returns (uint256)
    {
        if (others == 0 || !_hasUnderlying(m.token, others, m.underlying)) return type(uint256).max;
        // Requirements only: the other legs' funding is checked after the trade, once its PnL is realised.
        return _health(ctx, trader, acct, false).initialMargin;
    }

    /// @dev After a reduce-only trade on a hedged underlying: the other legs' unsettled funding is still payable from
    ///      the margin left (`_addCollateralEquity` reverts otherwise, as settling it first would have), and initial
    ///      margin is met or the trade did not raise it.
    function _requireNoNewRequirement(Ctx memory ctx, address trader, Account storage acct, uint256 imBefore)
        internal
        view
    {
        Health memory h = _health(ctx, trader, acct, true);
        if (h.initialMargin > imBefore && h.equityInitial < int256(h.initialMargin)) {
            revert InsufficientMargin(h.equityInitial, h.initialMargin);
        }
    }

    /// @dev Everything else (governance, views) runs in the extension on this contract's storage.
    fallback() external {
        address ext = extension;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), ext, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
