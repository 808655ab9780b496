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
    Market, PackedPosition, Account, TokenConfig, RiskParams, UnderlyingParams, VolParams, LiquidationParams
} from "./EngineTypes.sol";

/// @title LivestockEngine
/// @notice Perpetual BTC/ETH options margined in tokenized stocks. Traders deposit a stock token X as margin
///         and buy everlasting calls and puts from X's main vault; they pay funding per second; anyone may
///         liquidate an account below maintenance. Fees and funding go 70/20/10 to the main vault, insurance
///         vault and treasury. Numbers and formulas: SPEC §3–6; every parameter is governance-settable.
/// @dev Per-market aggregates (open interest, cost basis, funding index) make trades and the vault's NAV
///      independent of the number of traders; an account's positions are a 256-bit map, bounded by
///      `maxPositions`. Funding is settled on every touch before any check. Closing and liquidation are
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
        volParams = VolParams({baseWad: 0.05e18, slopeWad: 0.5e18, kinkWad: 0.5e18});
        liquidationParams = LiquidationParams({rewardBaseUsd: 5e18, rewardCapUsd: 500e18, rewardShareBps: 2000});
        underlyingParams[0] = UnderlyingParams({strikeStep: 5_000e18, sigmaFloorWad: 0.35e18, stressBps: 1500});
        underlyingParams[1] = UnderlyingParams({strikeStep: 250e18, sigmaFloorWad: 0.45e18, stressBps: 2000});
    }
    // ================================================================== margin

    /// @notice Deposit `amount` of stock token `token` as margin.
    /// @dev No funding settlement here: a deposit only makes the account safer and has no check to run.
    /// @param token A listed stock token.
    /// @param amount Amount in token units.
    function deposit(address token, uint256 amount) external nonReentrant {
        _deposit(token, amount);
    }

    /// @notice Deposit with an EIP-2612 permit instead of a prior approve.
    /// @dev A permit front-run by someone else still lets the deposit through (the allowance already exists).
    function depositWithPermit(address token, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(token, amount);
    }

    /// @notice Withdraw margin; the account must still meet initial margin afterwards, and have no pending order.
    /// @param token The stock token.
    /// @param amount Amount in token units.
    function withdraw(address token, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        // A pending order must not be made to fail by emptying its margin once its price is known.
        address router = orderRouter;
        if (router != address(0) && IOrderRouter(router).hasPendingOrder(msg.sender, token)) revert OrderPending();
        Account storage acct = _account(msg.sender, token);
        Ctx memory ctx;
        if (acct.positionBits != 0) {
            ctx = _context(token);
            _settleFunding(ctx, msg.sender, acct);
        }
        if (amount > acct.collateral) revert WithdrawExceedsCollateral(amount, acct.collateral);
        acct.collateral -= uint128(amount);
        _ledger[token].totalCollateral -= uint128(amount);
        if (acct.positionBits != 0) _requireInitialMargin(ctx, msg.sender, acct);
        IERC20(token).safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, token, amount);
    }

    // ================================================================== trading

    /// @notice Buy `size` units of an everlasting option from the vault for `trader`. With an order router set
    ///         (every public deployment) only the router calls this, when it settles the trader's order at the
    ///         first signed prices after the commitment; without one (tests, push-feed deployments) the trader.
    /// @param trader The account owner.
    /// @param marketId The market.
    /// @param size Units of the underlying (18 decimals).
    /// @param maxPrice Highest acceptable price per unit (USD, 18 decimals).
    /// @return price The fill price per unit (USD, 18 decimals).
    function openPosition(address trader, uint256 marketId, uint256 size, uint256 maxPrice)
        external
        nonReentrant
        returns (uint256 price)
    {
        _authorize(trader);
        if (size == 0) revert ZeroAmount();
        if (paused) revert Paused();
        uint256 fee;
        uint256 newSize;
        (price, fee, newSize) = _open(trader, marketId, size, maxPrice);
        emit PositionOpened(trader, marketId, size, price, fee, newSize);
    }

    /// @notice Sell back `size` units of `trader`'s position to the vault (caller as for `openPosition`). Never
    ///         blocked by the pause, the peg state or a closed stock market.
    /// @param trader The account owner.
    /// @param marketId The market.
    /// @param size Units to close (at most the position).
    /// @param minPrice Lowest acceptable price per unit.
    /// @return price The fill price per unit (USD, 18 decimals).
    function closePosition(address trader, uint256 marketId, uint256 size, uint256 minPrice)
        external
        nonReentrant
        returns (uint256 price)
    {
        _authorize(trader);
        if (size == 0) revert ZeroAmount();
        uint256 fee;
        int256 pnl;
        (price, fee, pnl) = _close(trader, marketId, size, minPrice);
        emit PositionClosed(trader, marketId, size, price, fee, pnl);
    }

    /// @notice Liquidate an account below maintenance margin: every position closes at theo (no skew) and pays
    ///         the taker fee a close would (out of what remains); the caller earns min($500, $5 + 20% · (remaining
    ///         equity − $5)); the rest of the margin stays the trader's. Permissionless; never blocked by the pause,
    ///         the peg state, a closed market or one stale underlying feed (see `_liquidationHealth`).
    /// @dev A trader liquidating its own account earns no reward: liquidation is never cheaper than closing.
    ///      With an order router set only the router calls this (after storing reports no older than a few
    ///      seconds); without one the liquidator itself.
    /// @param trader The account owner.
    /// @param token The account's settlement token.
    /// @param liquidator Who receives the reward.
    function liquidate(address trader, address token, address liquidator) external nonReentrant {
        _authorize(liquidator);
        Account storage acct = _account(trader, token);
        Ctx memory ctx = _context(token);
        _requireSettlementPrice(ctx);
        _settleFunding(ctx, trader, acct);
        Health memory h = _liquidationHealth(ctx, trader, acct, false);
        if (h.equityMaintenance >= int256(h.maintenanceMargin)) {
            revert NotLiquidatable(h.equityMaintenance, h.maintenanceMargin);
        }

        (int256 pnl, uint256 feeUsd) = _closeAllAtTheo(ctx, trader, acct);
        _settlePnl(ctx, trader, acct, pnl);
        // The fee a close would pay, from what remains only: never turned into bad debt.
        _collectFee(ctx, trader, acct, F.min(feeUsd, F.mulWad(acct.collateral, ctx.stock.settlementPrice)));
        uint256 rewardX = liquidator == trader ? 0 : _payLiquidationReward(ctx, acct, liquidator);
        emit Liquidated(trader, token, liquidator, pnl, rewardX);
    }

    function _open(address trader, uint256 marketId, uint256 size, uint256 maxPrice)
        internal
        returns (uint256 price, uint256 fee, uint256 newSize)
    {
        Market storage m = _market(marketId);
        Ctx memory ctx = _context(m.token);
        if (!ctx.stock.refFresh) oracleHub.refPrice(m.token); // a stale reference names its feed
        if (ctx.stock.peg != OracleHub.PegState.Healthy) revert PegNotHealthy(m.token, uint8(ctx.stock.peg));
        Account storage acct = _account(trader, m.token);
        _settleFunding(ctx, trader, acct);
        (price, fee) = _tradeQuote(ctx, m, marketId, size, true);
        if (price > maxPrice) revert SlippageExceeded(price, maxPrice);
        newSize = _increase(acct, m, _positions[trader][marketId], size, price);
        _requireExposureCaps(ctx, marketId, m);
        _collectFee(ctx, trader, acct, fee);
        _requireInitialMargin(ctx, trader, acct);
    }

    function _close(address trader, uint256 marketId, uint256 size, uint256 minPrice)
        internal
        returns (uint256 price, uint256 fee, int256 pnl)
    {
        Market storage m = _market(marketId);
        PackedPosition storage pos = _positions[trader][marketId];
        if (pos.size < size) revert NoPosition(trader, marketId);
        Ctx memory ctx = _context(m.token);
        _requireSettlementPrice(ctx);
        Account storage acct = _accounts[trader][m.token];
        _settleFunding(ctx, trader, acct);
        (price, fee) = _tradeQuote(ctx, m, marketId, size, false);
        if (price < minPrice) revert SlippageExceeded(price, minPrice);
        pnl = _reduce(acct, m, pos, size, price);
        _settlePnl(ctx, trader, acct, pnl);
        _collectFee(ctx, trader, acct, fee);
    }

    /// @dev Liquidation closes every position at theo (no skew premium) at the prices `_liquidationHealth` chose,
    ///      and returns the taker fee those closes owe.
    function _closeAllAtTheo(Ctx memory ctx, address trader, Account storage acct)
        internal
        returns (int256 pnl, uint256 feeUsd)
    {
        uint256 bits = acct.positionBits;
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            Market storage m = _markets[id];
            (uint256 theo,) = _theoAndDelta(ctx, m);
            PackedPosition storage pos = _positions[trader][id];
            uint256 size = pos.size;
            feeUsd += MarginMath.takerFee(ctx.spot[m.underlying], theo, size, riskParams);
            pnl += _reduce(acct, m, pos, size, theo);
            _storeSigmaMultiplier(ctx, m);
        }
    }

    function _payLiquidationReward(Ctx memory ctx, Account storage acct, address liquidator)
        internal
        returns (uint256 rewardX)
    {
        uint256 price = ctx.stock.settlementPrice;
        uint256 rewardUsd = MarginMath.liquidationReward(F.mulWad(acct.collateral, price), liquidationParams);
        rewardX = F.min(F.divWad(rewardUsd, price), acct.collateral);
        acct.collateral -= uint128(rewardX);
        _ledger[ctx.token].totalCollateral -= uint128(rewardX);
        if (rewardX != 0) IERC20(ctx.token).safeTransfer(liquidator, rewardX);
    }

    /// @notice Move pending amounts of `token` to the main vault, insurance vault and treasury. Anyone may call.
    /// @param token The stock token.
    function sweep(address token) external nonReentrant {
        TokenConfig storage c = tokenConfig[token];
        if (c.mainVault == address(0)) revert VaultsNotSet(token);
        Ledger storage l = _ledger[token];
        uint256 toMain = l.pendingMain;
        uint256 toInsurance = l.pendingInsurance;
        uint256 toTreasury = l.pendingTreasury;
        // Each amount leaves the ledger just before its own transfer, so a token hook during one transfer
        // never sees the other vaults' NAV understated (read-only reentrancy).
        l.pendingMain = 0;
        if (toMain != 0) IERC20(token).safeTransfer(c.mainVault, toMain);
        l.pendingInsurance = 0;
        if (toInsurance != 0) IERC20(token).safeTransfer(c.insuranceVault, toInsurance);
        l.pendingTreasury = 0;
        if (toTreasury != 0) IERC20(token).safeTransfer(treasury, toTreasury);
        emit Swept(token, toMain, toInsurance, toTreasury);
    }

    /// @notice Value of the main vault's short book in units of `token` (ILivestockEngine): its share of funding
    ///         receivable minus traders' unrealised profit (Σ OI·theo − cost), at P_settle. O(active markets).
    /// @param token The stock token.
    function bookValue(address token) external view returns (int256) {
        Ctx memory ctx = _viewContext(token);
        uint256 price = ctx.stock.settlementPrice;
        if (price == 0) return 0;
        int256 usd;
        uint256 bits = activeMarketBits[token];
        while (bits != 0) {
            uint256 id = marketIdAt[token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            usd += _marketBookUsd(ctx, _markets[id]);
        }
        return usd * int256(WAD) / int256(price);
    }

    /// @dev The main vault's share of funding receivable minus traders' unrealised profit in one market (USD).
    function _marketBookUsd(Ctx memory ctx, Market storage m) internal view returns (int256) {
        uint256 oi = m.openInterest;
        uint256 owedPerBook = F.mulWad(oi, m.cumFunding + _intervalFundingPerUnit(ctx, m));
        uint256 receivable = owedPerBook - F.min(m.fundingBasis, owedPerBook);
        (, uint256 theo) = _markAt(ctx, m, 0);
        return int256(receivable * riskParams.mainShareBps / BPS) - int256(F.mulWadUp(oi, theo))
            + int256(uint256(m.costBasis));
    }

    /// @notice Stress loss of the short book in units of `token` (ILivestockEngine), valued at P_coll.
    /// @param token The stock token.
    function lockedValue(address token) external view returns (uint256) {
        Ctx memory ctx = _viewContext(token);
        return ctx.stock.collateralPrice == 0 ? 0 : F.divWadUp(_lockedUsd(ctx), ctx.stock.collateralPrice);
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
