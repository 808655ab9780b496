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
        uint256 size;
        uint256 entryPrice;
        uint256 markPrice; // theo now (what liquidation would close at)
        int256 pnlUsd; // size · (mark − entry)
        uint256 unpaidFundingUsd;
        uint256 liquidationPrice; // underlying price at which the account becomes liquidatable; 0 if none
    }

    struct AccountView {
        uint256 collateral; // units of the stock token
        EngineBase.Health health;
        uint256 marginRatioWad; // maintenance margin / maintenance equity (≥ 1e18 means liquidatable)
        bool liquidatable;
        PositionView[] positions;
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
        uint256[] memory ids = e.positionIds(trader, token);
        v.positions = new PositionView[](ids.length);
        uint256[2] memory liqPrice;
        bool[2] memory searched;
        for (uint256 i; i < ids.length; ++i) {
            PositionView memory p = _positionView(e, trader, ids[i]);
            if (!searched[p.underlying]) {
                liqPrice[p.underlying] = liquidationPrice(engine, trader, token, p.underlying);
                searched[p.underlying] = true;
            }
            p.liquidationPrice = liqPrice[p.underlying];
            v.positions[i] = p;
        }
    }

    /// @notice The price of `underlying` at which the account's maintenance equity falls to its maintenance
    ///         margin, all else equal (searched in the adverse direction from spot); 0 if none within 20×.
    /// @param engine The LivestockEngine address.
    /// @param trader Account owner.
    /// @param token Settlement token.
    /// @param underlying 0 BTC, 1 ETH.
    function liquidationPrice(address engine, address trader, address token, uint8 underlying)
        public
        view
        returns (uint256)
    {
        ILivestock e = ILivestock(engine);
        (uint256 spot,) = e.oracleHub().tryUnderlyingPrice(OracleHub.Underlying(underlying));
        if (_cushion(e, trader, token, underlying, spot) < 0) return spot; // already liquidatable
        // Try both directions; the adverse one is where the cushion reaches zero first.
        uint256 down = _search(e, trader, token, underlying, spot, spot / 20);
        uint256 up = _search(e, trader, token, underlying, spot, spot * 20);
        if (down == 0) return up;
        if (up == 0) return down;
        return spot - down < up - spot ? down : up;
    }

    function _positionView(ILivestock e, address trader, uint256 id) internal view returns (PositionView memory p) {
        Market memory m = e.market(id);
        Position memory pos = e.position(trader, id);
        p.marketId = id;
        p.underlying = m.underlying;
        p.isCall = m.isCall;
        p.strike = m.strike;
        p.size = pos.size;
        p.entryPrice = pos.entryPrice;
        p.markPrice = e.quote(id, 0, false).theo;
        p.pnlUsd = PositionMath.pnl(pos.size, p.markPrice, pos.entryPrice);
        // What the engine's next settlement charges, by the engine's own rule.
        p.unpaidFundingUsd = PositionMath.fundingOwed(pos.size, pos.fundingIndex, e.currentCumFunding(id));
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
