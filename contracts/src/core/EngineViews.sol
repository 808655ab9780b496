// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {EngineBase} from "./EngineBase.sol";
import {MarginMath} from "./MarginMath.sol";
import {PositionMath} from "./PositionMath.sol";
import {PortfolioMargin} from "./PortfolioMargin.sol";
import {
    Market, Position, PackedPosition, Account, RiskParams
} from "./EngineTypes.sol";

/// @title EngineViews
/// @notice Read-only views of the Livestock engine: markets, positions, health, margin per position and per offset
///         group, quotes and trade previews. Reached through LivestockEngine → EngineExtension fallbacks
///         (delegatecall twice), so it reads the engine's storage.
/// @dev Called directly it would only read its own, empty storage.
contract EngineViews is EngineBase {
    /// @notice Listing and parameters, reached through this contract's fallback.
    address public immutable governance;

    /// @param owner_ Unused owner of the views' own (unused) storage.
    /// @param hub The same OracleHub as the engine.
    /// @param governance_ The EngineGovernance.
    constructor(address owner_, OracleHub hub, address governance_) EngineBase(owner_, hub) {
        if (governance_ == address(0)) revert ZeroAddress();
        governance = governance_;
    }


    /// @notice Σ over a token's markets of the traders' short open interest per underlying (0 BTC, 1 ETH), in units.
    /// @param token The settlement token.
    /// @param underlying 0 BTC, 1 ETH.
    function shortInterestByUnderlying(address token, uint256 underlying) external view returns (uint256) {
        return _shortInterestByUnderlying[token][underlying];
    }

    /// @notice The trading and risk parameters.
    function getRiskParams() external view returns (RiskParams memory) {
        return riskParams;
    }

    /// @notice A market's static data and aggregates.
    /// @param marketId The market.
    function market(uint256 marketId) external view returns (Market memory) {
        return _market(marketId);
    }

    /// @notice A market's settlement token and underlying: one storage read (what the order router needs).
    /// @param marketId The market.
    function marketToken(uint256 marketId) external view returns (address token, uint8 underlying) {
        Market storage m = _market(marketId);
        return (m.token, m.underlying);
    }

    /// @notice Number of listed markets (ids are 1…marketCount).
    function marketCount() external view returns (uint256) {
        return _marketCount;
    }

    /// @notice A trader's position in a market.
    function position(address trader, uint256 marketId) external view returns (Position memory) {
        PackedPosition memory p = _positions[trader][marketId];
        return Position(p.size, uint128(uint256(p.entryNano) * NANO), uint128(uint256(p.fundingIndexNano) * NANO));
    }

    /// @notice A trader's margin account for a token: collateral and the bitmap of market slots with positions.
    function account(address trader, address token) external view returns (Account memory) {
        return _accounts[trader][token];
    }

    /// @notice Market ids of an account's open positions.
    function positionIds(address trader, address token) public view returns (uint256[] memory ids) {
        uint256 bits = _accounts[trader][token].positionBits;
        ids = new uint256[](LibBit.popCount(bits));
        for (uint256 i; bits != 0; ++i) {
            ids[i] = marketIdAt[token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
        }
    }

    /// @notice Account health as `liquidate` judges it now: equity with both weights, IM, MM, PnL and unpaid
    ///         funding. A stale underlying is valued as `liquidate` values it (the best case within its stress
    ///         range), a missing TWAP at P_ref as the hub prices it: this view and `liquidate` always agree.
    function accountHealth(address trader, address token) external view returns (Health memory) {
        Ctx memory ctx = _viewContext(token);
        return _liquidationHealth(ctx, trader, _accounts[trader][token], true);
    }

    /// @notice Account health if `underlying` traded at `spot` (all else equal); the lens searches this for
    ///         liquidation prices so the app never re-implements the margin math.
    function accountHealthAtSpot(address trader, address token, uint8 underlying, uint256 spot)
        external
        view
        returns (Health memory)
    {
        Ctx memory ctx = _viewContext(token);
        _sigma(ctx, underlying); // σ and utilisation at the real spot
        ctx.spot[underlying] = spot;
        ctx.fresh[underlying] = true; // a price given is a price known; a stale other underlying is judged as liquidate does
        return _liquidationHealth(ctx, trader, _accounts[trader][token], true);
    }

    /// @notice Quote for buying (`isBuy`) or selling `size` units now: what `trade` would fill at.
    /// @return q Price per unit with skew, fee for the whole size, theo, delta and spot (USD, 18 decimals).
    function quote(uint256 marketId, uint256 size, bool isBuy) public view returns (Quote memory q) {
        Market storage m = _market(marketId);
        Ctx memory ctx = _viewContext(m.token);
        q = _quote(ctx, m, isBuy ? int256(size) : -int256(size));
    }

    /// @notice Margin of each position on its own and of each underlying's group with offsets (docs/decisions/014):
    ///         what the account panel shows beside `accountHealth`. A group's offset credit is
    ///         `standaloneIm − initialMargin`.
    function marginBreakdown(address trader, address token)
        external
        view
        returns (PositionMargin[] memory positions, GroupMargin[2] memory groups)
    {
        Ctx memory ctx = _viewContext(token);
        Account storage acct = _accounts[trader][token];
        uint256 bits = acct.positionBits;
        positions = new PositionMargin[](LibBit.popCount(bits));
        for (uint256 i; bits != 0; ++i) {
            positions[i] = _positionMargin(ctx, trader, marketIdAt[token][uint8(LibBit.ffs(bits))]);
            bits &= bits - 1;
        }
        Health memory h;
        PortfolioMargin.Book[2] memory books = _books(ctx, trader, acct, h, false);
        for (uint256 u; u < 2; ++u) {
            GroupMargin memory g = groups[u];
            (g.initialMargin, g.maintenanceMargin, g.standaloneIm) = PortfolioMargin.requirements(books[u]);
            if (books[u].legCount != 0) (g.maxLossBounded, g.maxLoss) = PortfolioMargin.maxLoss(books[u]);
        }
    }

    function _positionMargin(Ctx memory ctx, address trader, uint256 id)
        internal
        view
        returns (PositionMargin memory p)
    {
        Market storage m = _markets[id];
        RiskParams memory r = riskParams;
        (uint256 theo,) = _theoAndDelta(ctx, m);
        int256 size = _positions[trader][id].size;
        uint256 fundingDay = _fundingDay(ctx, m, size, theo, r);
        (p.marketId, p.underlying, p.size, p.mark) = (id, m.underlying, size, theo);
        (p.initialMargin, p.maintenanceMargin) = PortfolioMargin.legMargin(
            m.isCall, m.strike, size, theo, ctx.spot[m.underlying], fundingDay, r
        );
    }

    /// @notice The account's health if `size` (signed) of `marketId` traded now at the quote, the fee paid: the
    ///         ticket's margin and offset credit. Funding unsettled is included as in `accountHealth`; entry
    ///         averaging is not re-rounded, so it can differ from the trade by wei.
    function previewTrade(address trader, uint256 marketId, int256 size)
        external
        view
        returns (Health memory h, Quote memory q)
    {
        Market storage m = _market(marketId);
        Ctx memory ctx = _viewContext(m.token);
        q = _quote(ctx, m, size);
        PortfolioMargin.Book[2] memory books = _previewBooks(ctx, h, Preview(trader, marketId, size, q.price));
        for (uint256 u; u < 2; ++u) {
            (uint256 im, uint256 mm,) = PortfolioMargin.requirements(books[u]);
            h.initialMargin += im;
            h.maintenanceMargin += mm;
        }
        uint256 collateral = _accounts[trader][m.token].collateral;
        uint256 feeX = ctx.stock.settlementPrice == 0 ? 0 : F.divWadUp(q.fee, ctx.stock.settlementPrice);
        _addCollateralEquity(ctx, h, collateral - F.min(feeX, collateral));
    }

    /// @dev The trade a preview adds.
    struct Preview {
        address trader;
        uint256 marketId;
        int256 size;
        uint256 price;
    }

    function _previewBooks(Ctx memory ctx, Health memory h, Preview memory p)
        internal
        view
        returns (PortfolioMargin.Book[2] memory books)
    {
        uint256 bits = _accounts[p.trader][ctx.token].positionBits | (uint256(1) << _markets[p.marketId].slot);
        RiskParams memory r = riskParams;
        books[0] = PortfolioMargin.newBook(r, LibBit.popCount(bits));
        books[1] = PortfolioMargin.newBook(r, LibBit.popCount(bits));
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _previewLeg(ctx, h, books, p, id);
        }
    }

    /// @dev One leg of a preview: the position as held plus `traded` at `price` (its cost against theo in PnL).
    function _previewLeg(
        Ctx memory ctx,
        Health memory h,
        PortfolioMargin.Book[2] memory books,
        Preview memory p,
        uint256 id
    ) internal view {
        Market storage m = _markets[id];
        PackedPosition storage pos = _positions[p.trader][id];
        int256 traded = id == p.marketId ? p.size : int256(0);
        PortfolioMargin.Book memory book = books[m.underlying];
        if (book.legCount == 0) book.spot = _spot(ctx, m.underlying);
        (uint256 theo,) = _theoAndDelta(ctx, m);
        int256 held = pos.size;
        h.pnl += PositionMath.pnl(held, theo, uint256(pos.entryNano) * NANO);
        if (held != 0) _addUnpaidFunding(ctx, h, m, pos);
        if (traded != 0) h.pnl += PositionMath.pnl(traded, theo, p.price); // the trade's cost against theo (the skew)
        held += traded;
        uint256 fundingDay = _fundingDay(ctx, m, held, theo, book.r);
        PortfolioMargin.add(book, m.isCall, m.strike, held, theo, fundingDay);
    }

    function _quote(Ctx memory ctx, Market storage m, int256 size) internal view returns (Quote memory q) {
        q.spot = _spot(ctx, m.underlying);
        (, q.delta) = _theoAndDelta(ctx, m);
        (q.price, q.theo) = _markAt(ctx, m, _net(m) + size, size >= 0);
        q.fee =
            MarginMath.takerFee(q.spot, q.price, _abs(size), riskParams.takerFeeSpotBps, riskParams.takerFeeMarkCapBps);
    }

    /// @notice Cumulative funding per unit of a market as of now (USD, 18 decimals): what the next touch would
    ///         accrue to (nothing more while its underlying is stale).
    function currentCumFunding(uint256 marketId) public view returns (uint256) {
        Market storage m = _market(marketId);
        Ctx memory ctx = _viewContext(m.token);
        return m.cumFunding + _intervalFundingPerUnit(ctx, m);
    }

    /// @notice Utilisation of the main vault of `token` (ILivestockEngine): locked stress loss / L, where L is the
    ///         vault's capital less what pending withdrawals claim. The one definition the engine's caps, the σ
    ///         surcharge, the vault's exit check and the app all use (18 decimals).
    /// @param token The stock token.
    function utilization(address token) external view returns (uint256) {
        Ctx memory ctx = _viewContext(token);
        return _utilization(ctx);
    }

    // ================================================================== the vaults' reads

    /// @notice Value of the main vault's book in units of `token` (ILivestockEngine): its share of the funding the
    ///         traders' net position owes (negative when they are net short) minus the traders' unrealised profit
    ///         (Σ N·theo − signed cost), at P_settle. O(active markets).
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

    /// @dev The main vault's share of the net funding receivable minus traders' unrealised profit in one market
    ///      (USD). Shorts receive the main share of funding, so the vault's share of the net is exact.
    function _marketBookUsd(Ctx memory ctx, Market storage m) internal view returns (int256) {
        int256 net = _net(m);
        int256 receivable = _signedWad(net, m.cumFunding + _intervalFundingPerUnit(ctx, m)) - m.fundingBasis;
        (, uint256 theo) = _markAt(ctx, m, 0, true);
        // The traders' value rounds up in magnitude when it is the vault's liability (net long), down otherwise.
        int256 tradersValue = net > 0 ? int256(F.mulWadUp(uint256(net), theo)) : _signedWad(net, theo);
        return receivable * int256(uint256(riskParams.mainShareBps)) / int256(BPS) - tradersValue + m.costBasis;
    }

    /// @notice Stress loss of the vault's book (either side) in units of `token` (ILivestockEngine), valued at P_coll.
    /// @param token The stock token.
    function lockedValue(address token) external view returns (uint256) {
        Ctx memory ctx = _viewContext(token);
        return ctx.stock.collateralPrice == 0 ? 0 : F.divWadUp(_lockedUsd(ctx), ctx.stock.collateralPrice);
    }


    /// @dev Governance (EngineGovernance) runs on the engine's storage too: delegatecalls keep the caller's.
    fallback() external {
        address g = governance;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), g, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
