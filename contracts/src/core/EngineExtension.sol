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
        // Accrued, not settled: the health counts the funding owed and receivable as the views do; it is settled as
        // each position closes and paid after the PnL, so the account's gains pay what it owes before any of it is
        // bad debt (docs/decisions/016). Accrued first so the interval is priced once, not by the health too.
        _accrueSlots(ctx, acct.positionBits);
        Health memory h = _liquidationHealth(ctx, trader, acct, true);
        if (h.equityMaintenance >= int256(h.maintenanceMargin)) {
            revert NotLiquidatable(h.equityMaintenance, h.maintenanceMargin);
        }

        Closing memory c = _closeAllAtTheo(ctx, trader, acct);
        // Money in before money out: funding received and the PnL, then funding owed, so a shortfall is only what
        // the whole account lacks.
        _creditFundingReceived(ctx, trader, acct, c.received);
        _settlePnl(ctx, trader, acct, c.pnl);
        _chargeFundingOwed(ctx, trader, acct, c.owed);
        // The fee a close would pay, from what remains only: never turned into bad debt.
        _collectFee(ctx, trader, acct, F.min(c.feeUsd, F.mulWad(acct.collateral, ctx.stock.settlementPrice)));
        uint256 rewardX = liquidator == trader ? 0 : _payLiquidationReward(ctx, acct, liquidator);
        emit Liquidated(trader, token, liquidator, c.pnl, rewardX);
    }

    /// @dev What closing an account's positions realised, none of it paid yet (USD).
    struct Closing {
        int256 pnl;
        uint256 feeUsd; // the taker fee the closes owe
        uint256 owed; // funding the longs owe
        uint256 received; // funding the shorts receive
    }

    /// @dev Liquidation closes every position at theo (no skew premium) at the prices `_liquidationHealth` chose,
    ///      settling each one's (accrued) funding index first.
    function _closeAllAtTheo(Ctx memory ctx, address trader, Account storage acct)
        internal
        returns (Closing memory c)
    {
        uint256 bits = acct.positionBits;
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _closeAtTheo(ctx, c, acct, id, _positions[trader][id]);
        }
    }

    function _closeAtTheo(
        Ctx memory ctx,
        Closing memory c,
        Account storage acct,
        uint256 id,
        PackedPosition storage pos
    ) internal {
        Market storage m = _markets[id];
        (uint256 owed, uint256 received) = _settlePositionFunding(m, pos, riskParams.mainShareBps);
        c.owed += owed;
        c.received += received;
        (uint256 theo,) = _theoAndDelta(ctx, m);
        int256 size = pos.size;
        RiskParams storage r = riskParams; // two fields, not a memory copy of all of them
        c.feeUsd +=
            MarginMath.takerFee(ctx.spot[m.underlying], theo, _abs(size), r.takerFeeSpotBps, r.takerFeeMarkCapBps);
        int256 netBefore = _net(m);
        c.pnl += _reducePosition(acct, m, pos, size, theo);
        _updateExposure(m, netBefore);
        _storeSigmaMultiplier(ctx, m);
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
