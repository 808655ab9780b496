// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {EngineBase} from "./EngineBase.sol";
import {ILivestock} from "../interfaces/ILivestock.sol";
import {Market, Position, Account} from "./EngineTypes.sol";
import {PositionMath} from "./PositionMath.sol";

/// @title AccountLens
/// @notice Everything the app shows about a margin account in one read: equity, IM, MM, margin ratio and,
///         per position, mark, PnL, unpaid funding and liquidation price. Stateless; reads the engine's own
///         views, so the margin math exists once (in the engine) and the app never re-implements it.
contract AccountLens {
    uint256 internal constant WAD = 1e18;
    /// @dev Bisection steps for a liquidation price: the bracket shrinks 2^-40, far below a cent.
    uint256 internal constant STEPS = 40;

    struct PositionView {
        uint256 marketId;
        uint8 underlying;
        bool isCall;
        uint256 strike;
        int256 size; // long > 0, short < 0
        uint256 entryPrice;
        uint256 markPrice; // theo now (what liquidation would close at)
        int256 pnlUsd; // long: size · (mark − entry); short: |size| · (entry − mark)
        uint256 unpaidFundingUsd; // a long's funding owed since its last settlement
        uint256 fundingReceivableUsd; // a short's funding to receive at its next settlement
        uint256 initialMargin; // standalone, before offsets
        uint256 maintenanceMargin;
        uint256 liquidationPriceDown; // underlying price below spot at which the account becomes liquidatable; 0 if none
        uint256 liquidationPriceUp; // same above spot (a short call's is here)
    }

    struct AccountView {
        uint256 collateral; // units of the stock token
        EngineBase.Health health;
        uint256 marginRatioWad; // maintenance margin / maintenance equity (≥ 1e18 means liquidatable)
        bool liquidatable;
        PositionView[] positions;
        EngineBase.GroupMargin[2] groups; // per underlying: with offsets, standalone sum, max loss
    }

    /// @notice Full state of `trader`'s account in `token`.
    /// @param engine The LivestockEngine address.
    /// @param trader Account owner.
    /// @param token Settlement token.
    function accountView(address engine, address trader, address token) external view returns (AccountView memory v) {
        ILivestock e = ILivestock(engine);
        v.collateral = e.account(trader, token).collateral;
        v.health = e.accountHealth(trader, token);
        v.marginRatioWad = _ratio(v.health.maintenanceMargin, v.health.equityMaintenance);
        v.liquidatable = v.health.equityMaintenance < int256(v.health.maintenanceMargin);
        EngineBase.PositionMargin[] memory margins;
        (margins, v.groups) = e.marginBreakdown(trader, token);
        v.positions = new PositionView[](margins.length);
        uint256[2][2] memory liq; // [underlying][down, up]
        bool[2] memory searched;
        for (uint256 i; i < margins.length; ++i) {
            PositionView memory p = _positionView(e, trader, margins[i]);
            uint8 u = p.underlying;
            if (!searched[u]) {
                (liq[u][0], liq[u][1]) = liquidationPrices(engine, trader, token, u);
                searched[u] = true;
            }
            (p.liquidationPriceDown, p.liquidationPriceUp) = (liq[u][0], liq[u][1]);
            v.positions[i] = p;
        }
    }

    /// @notice The prices of `underlying` below and above spot at which the account's maintenance equity falls to
    ///         its maintenance margin, all else equal; 0 for a direction with none within 20×. Both equal spot when
    ///         the account is already liquidatable.
    /// @param engine The LivestockEngine address.
    /// @param trader Account owner.
    /// @param token Settlement token.
    /// @param underlying 0 BTC, 1 ETH.
    function liquidationPrices(address engine, address trader, address token, uint8 underlying)
        public
        view
        returns (uint256 down, uint256 up)
    {
        ILivestock e = ILivestock(engine);
        (uint256 spot,) = e.oracleHub().tryUnderlyingPrice(OracleHub.Underlying(underlying));
        if (_cushion(e, trader, token, underlying, spot) < 0) return (spot, spot); // already liquidatable
        down = _search(e, trader, token, underlying, spot, spot / 20);
        up = _search(e, trader, token, underlying, spot, spot * 20);
    }

    function _positionView(ILivestock e, address trader, EngineBase.PositionMargin memory pm)
        internal
        view
        returns (PositionView memory p)
    {
        uint256 id = pm.marketId;
        Market memory m = e.market(id);
        Position memory pos = e.position(trader, id);
        p.marketId = id;
        p.underlying = m.underlying;
        p.isCall = m.isCall;
        p.strike = m.strike;
        p.size = pos.size;
        p.entryPrice = pos.entryPrice;
        p.markPrice = pm.mark;
        p.pnlUsd = PositionMath.pnl(pos.size, p.markPrice, pos.entryPrice);
        // What the engine's next settlement charges or credits, by the engine's own rules.
        uint256 cum = e.currentCumFunding(id);
        if (pos.size > 0) p.unpaidFundingUsd = PositionMath.funding(uint256(int256(pos.size)), true, pos.fundingIndex, cum);
        else p.fundingReceivableUsd = PositionMath.fundingReceived(
            uint256(-int256(pos.size)), pos.fundingIndex, cum, e.getRiskParams().mainShareBps
        );
        (p.initialMargin, p.maintenanceMargin) = (pm.initialMargin, pm.maintenanceMargin);
    }

    /// @dev Bisection between `safe` (cushion ≥ 0) and `far`; returns 0 if `far` is still safe.
    function _search(ILivestock e, address trader, address token, uint8 u, uint256 safe, uint256 far)
        internal
        view
        returns (uint256)
    {
        if (_cushion(e, trader, token, u, far) >= 0) return 0;
        for (uint256 i; i < STEPS; ++i) {
            uint256 mid = (safe + far) / 2;
            if (_cushion(e, trader, token, u, mid) >= 0) safe = mid;
            else far = mid;
        }
        return far;
    }

    /// @dev Maintenance equity minus maintenance margin if the underlying traded at `spot`.
    function _cushion(ILivestock e, address trader, address token, uint8 u, uint256 spot)
        internal
        view
        returns (int256)
    {
        EngineBase.Health memory h = e.accountHealthAtSpot(trader, token, u, spot);
        return h.equityMaintenance - int256(h.maintenanceMargin);
    }

    function _ratio(uint256 margin, int256 equity) internal pure returns (uint256) {
        if (margin == 0) return 0;
        if (equity <= 0) return type(uint256).max;
        return F.divWadUp(margin, uint256(equity));
    }
}
