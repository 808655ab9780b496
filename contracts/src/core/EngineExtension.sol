// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {IOrderRouter} from "../interfaces/IOrderRouter.sol";
import {EverlastingOption} from "../pricing/EverlastingOption.sol";
import {IMainVault, IInsuranceVault} from "../interfaces/IVaults.sol";
import {EngineBase} from "./EngineBase.sol";
import {MarginMath} from "./MarginMath.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
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

/// @title EngineExtension
/// @notice Liquidation, margin deposits and withdrawals, and funding upkeep of the Livestock engine. Deployed once and reached only
///         through LivestockEngine's fallback (delegatecall), so it reads and writes the engine's storage; what it
///         does not know it delegates in turn to EngineViews (still on the engine's storage), and EngineViews to
///         EngineGovernance.
/// @dev Called directly it would only act on its own, unused storage.
contract EngineExtension is EngineBase {
    using SafeERC20 for IERC20;

    /// @notice The read-only views, reached through this contract's fallback.
    address public immutable views;

    /// @param owner_ Unused owner of the extension's own (unused) storage.
    /// @param hub The same OracleHub as the engine.
    /// @param views_ The EngineViews.
    constructor(address owner_, OracleHub hub, address views_) EngineBase(owner_, hub) {
        if (views_ == address(0)) revert ZeroAddress();
        views = views_;
    }

    // ================================================================== liquidation

    /// @notice Liquidate an account below maintenance margin: every position, long or short, closes at theo (no
    ///         skew) and pays the taker fee a close would (out of what remains); the caller earns
    ///         min($500, $5 + 20% · (remaining equity − $5)); the rest of the margin stays the trader's. A loss the
    ///         margin cannot pay is bad debt, covered by the insurance vault first. Permissionless; never blocked by
    ///         the pause, the peg state, a closed market or one stale underlying feed (see `_liquidationHealth`).
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
        _settleFunding(ctx, trader, acct, acct.positionBits);
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
            int256 size = pos.size;
            feeUsd += MarginMath.takerFee(ctx.spot[m.underlying], theo, _abs(size), riskParams);
            int256 netBefore = _net(m);
            pnl += _reducePosition(acct, m, pos, size, theo);
            _updateExposure(m, netBefore);
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

    // ================================================================== margin deposit and withdrawal

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
            ctx.refuseBadDebt = true;
            _settleFunding(ctx, msg.sender, acct, acct.positionBits);
        }
        if (amount > acct.collateral) revert WithdrawExceedsCollateral(amount, acct.collateral);
        acct.collateral -= uint128(amount);
        _ledger[token].totalCollateral -= uint128(amount);
        if (acct.positionBits != 0) _requireInitialMargin(ctx, msg.sender, acct, false); // all settled above
        IERC20(token).safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, token, amount);
    }

    // ================================================================== funding upkeep

    /// @notice Accrue the funding of every market settled in `token` that has open interest and re-price each
    ///         market's funding rate at current prices and vault capital. Anyone may call: keepers do after a
    ///         price move, so a market nobody trades does not keep charging yesterday's rate.
    /// @dev Loops over markets (≤ 128 per token), never over accounts.
    /// @param token The settlement token.
    function accrueFunding(address token) external nonReentrant {
        Ctx memory ctx = _context(token);
        uint256 bits = activeMarketBits[token];
        while (bits != 0) {
            uint256 id = marketIdAt[token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _accrue(ctx, _markets[id], id);
        }
    }



    /// @dev Views (EngineViews) run on the engine's storage too: a delegatecall from a delegatecall keeps it.
    fallback() external {
        address v = views;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), v, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
