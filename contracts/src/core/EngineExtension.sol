// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {EverlastingOption} from "../pricing/EverlastingOption.sol";
import {IMainVault, IInsuranceVault} from "../interfaces/IVaults.sol";
import {EngineBase} from "./EngineBase.sol";
import {MarginMath} from "./MarginMath.sol";
import {
    Market, Position, PackedPosition, Account, TokenConfig, RiskParams, UnderlyingParams, VolParams, LiquidationParams
} from "./EngineTypes.sol";

/// @title EngineExtension
/// @notice Governance and read-only views of the Livestock engine. Deployed once and reached only through
///         LivestockEngine's fallback (delegatecall), so it reads and writes the engine's storage.
/// @dev Called directly it would only act on its own, unused storage.
contract EngineExtension is EngineBase {
    /// @param owner_ Unused owner of the extension's own (unused) storage.
    /// @param hub The same OracleHub as the engine.
    constructor(address owner_, OracleHub hub) EngineBase(owner_, hub) {}

    // ================================================================== governance

    /// @notice Accept a stock token as margin and settlement asset.
    /// @param token The stock token (must be known to the OracleHub).
    /// @param initialWeightBps Weight for opening and withdrawing (SPEC: 3500–4500).
    /// @param maintenanceWeightBps Weight for liquidation (SPEC: 4500–5500), ≥ the initial weight.
    function listToken(address token, uint16 initialWeightBps, uint16 maintenanceWeightBps) external onlyOwner {
        if (token == address(0)) revert ZeroAddress();
        if (initialWeightBps == 0 || maintenanceWeightBps < initialWeightBps || maintenanceWeightBps > BPS) {
            revert InvalidParams();
        }
        oracleHub.stockState(token); // reverts UnknownStock if the hub has no feed for it
        TokenConfig storage c = tokenConfig[token];
        c.listed = true;
        c.initialWeightBps = initialWeightBps;
        c.maintenanceWeightBps = maintenanceWeightBps;
        emit TokenListed(token, initialWeightBps, maintenanceWeightBps);
    }

    /// @notice Set the main and insurance vaults of a token (both ERC4626 on the token).
    /// @param token The stock token.
    /// @param mainVault Sells the options and earns 70% of fees and funding.
    /// @param insuranceVault First loss; earns 20%.
    function setVaults(address token, address mainVault, address insuranceVault) external onlyOwner {
        if (!tokenConfig[token].listed) revert UnknownToken(token);
        if (IMainVault(mainVault).asset() != token || IInsuranceVault(insuranceVault).asset() != token) {
            revert InvalidParams();
        }
        tokenConfig[token].mainVault = mainVault;
        tokenConfig[token].insuranceVault = insuranceVault;
        emit VaultsSet(token, mainVault, insuranceVault);
    }

    /// @notice List a market on the strike grid within ±listRange of spot.
    /// @param token Settlement token.
    /// @param underlying 0 BTC, 1 ETH.
    /// @param isCall Call or put.
    /// @param strike Strike in USD (18 decimals), a multiple of the underlying's strike step.
    /// @return marketId The new market's id (ids start at 1).
    function listMarket(address token, uint8 underlying, bool isCall, uint256 strike)
        external
        onlyOwner
        returns (uint256 marketId)
    {
        TokenConfig storage c = tokenConfig[token];
        if (!c.listed) revert UnknownToken(token);
        if (c.mainVault == address(0)) revert VaultsNotSet(token);
        if (underlying > 1) revert InvalidParams();
        UnderlyingParams memory up = underlyingParams[underlying];
        if (strike == 0 || strike % up.strikeStep != 0) revert StrikeNotOnGrid(strike);
        uint256 spot = oracleHub.underlyingPrice(OracleHub.Underlying(underlying));
        if (_distanceBps(strike, spot) > riskParams.listRangeBps) revert StrikeOutOfRange(strike, spot);
        bytes32 key = keccak256(abi.encode(token, underlying, isCall, strike));
        if (marketIdByKey[key] != 0) revert MarketExists(marketIdByKey[key]);
        if (c.marketCount == 128) revert MarketLimitReached(token); // an account maps its positions in 128 bits
        uint8 slot = c.marketCount++;
        marketId = ++_marketCount;
        _markets[marketId] = (
            Market({
                token: token,
                underlying: underlying,
                isCall: isCall,
                slot: slot,
                strike: uint128(strike),
                openInterest: 0,
                costBasis: 0,
                fundingBasis: 0,
                spotCumAt: 0,
                cumFunding: 0,
                lastFundingTime: 0, // set, with the price checkpoint, by the first accrual
                sigmaMultiplierMicro: 0,
                volCumAt: 0
            })
        );
        marketIdByKey[key] = marketId;
        marketIdAt[token][slot] = marketId;
        emit MarketListed(marketId, token, underlying, isCall, strike);
    }

    /// @notice Replace the trading and risk parameters. Funding accrued so far is charged at the old ones first.
    /// @param p New parameters; shares and weights are validated.
    function setRiskParams(RiskParams calldata p) external onlyOwner nonReentrant {
        if (
            p.fundingPeriod < MIN_FUNDING_PERIOD || p.mainShareBps + p.insuranceShareBps > BPS || p.maxUtilizationBps > BPS
                || p.maxPositions == 0 || p.closeOnlyRangeBps < p.listRangeBps || p.closedWeightCutBps > BPS
        ) revert InvalidParams();
        _accrueAllMarkets(); // T prices funding: the past at the old T
        riskParams = p;
        emit RiskParamsSet(p);
    }

    /// @notice Replace the volatility surcharge parameters. Funding accrued so far is charged at the old ones first.
    /// @param p New base, slope and kink.
    function setVolParams(VolParams calldata p) external onlyOwner nonReentrant {
        if (p.kinkWad > WAD) revert InvalidParams();
        _accrueAllMarkets();
        volParams = p;
        emit VolParamsSet(p);
    }

    /// @notice Replace the liquidation reward parameters.
    /// @param p New base, cap and share of the reward.
    function setLiquidationParams(LiquidationParams calldata p) external onlyOwner {
        if (p.rewardCapUsd < p.rewardBaseUsd || p.rewardShareBps > BPS) revert InvalidParams();
        liquidationParams = p;
        emit LiquidationParamsSet(p);
    }

    /// @notice Replace an underlying's strike step, σ floor and stress move. Funding accrued so far is charged at
    ///         the old σ floor first.
    /// @param underlying 0 BTC, 1 ETH.
    /// @param p New parameters.
    function setUnderlyingParams(uint8 underlying, UnderlyingParams calldata p) external onlyOwner nonReentrant {
        if (underlying > 1 || p.strikeStep == 0 || p.stressBps == 0 || p.stressBps > BPS) revert InvalidParams();
        _accrueAllMarkets();
        underlyingParams[underlying] = p;
        emit UnderlyingParamsSet(underlying, p);
    }

    /// @notice Set the treasury and the guardian (who may pause).
    /// @param treasury_ Receiver of the protocol's share.
    /// @param guardian_ May pause and resume new positions.
    function setRoles(address treasury_, address guardian_) external onlyOwner {
        if (treasury_ == address(0) || guardian_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        guardian = guardian_;
        emit RolesSet(treasury_, guardian_);
    }

    /// @notice Route every open, close and liquidation through the two-step order router (docs/decisions/010).
    /// @dev address(0) returns to direct calls by the trader: only for deployments on push feeds.
    /// @param orderRouter_ The OrderRouter.
    function setOrderRouter(address orderRouter_) external onlyOwner {
        orderRouter = orderRouter_;
        emit OrderRouterSet(orderRouter_);
    }

    /// @dev Accrues every market with open interest at the parameters in force, before governance changes one that
    ///      prices funding. Loops over markets (governance only), never over accounts.
    function _accrueAllMarkets() internal {
        uint256 n = _marketCount;
        address token;
        Ctx memory ctx;
        for (uint256 id = 1; id <= n; ++id) {
            Market storage m = _markets[id];
            if (m.openInterest == 0) continue;
            if (m.token != token) (token, ctx) = (m.token, _context(m.token));
            _accrueIndex(ctx, m, id);
        }
    }

    /// @notice Stop (or resume) new positions. Closing, withdrawing and liquidating continue while paused.
    /// @param paused_ True to pause.
    function setPaused(bool paused_) external {
        if (msg.sender != guardian && msg.sender != owner()) revert NotGuardian(msg.sender);
        paused = paused_;
        emit PausedSet(paused_);
    }

    // ================================================================== views

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

    /// @notice Quote for buying (`isOpen`) or selling back `size` units now.
    /// @return q Price per unit with skew, fee for the whole size, theo, delta and spot (USD, 18 decimals).
    function quote(uint256 marketId, uint256 size, bool isOpen) external view returns (Quote memory q) {
        Market storage m = _market(marketId);
        Ctx memory ctx = _viewContext(m.token);
        q.spot = _spot(ctx, m.underlying);
        (, q.delta) = EverlastingOption.theoAndDelta(m.isCall, q.spot, m.strike, _sigma(ctx, m.underlying), _tYears());
        uint256 n = isOpen ? m.openInterest + size : m.openInterest - F.min(size, m.openInterest);
        (q.price, q.theo) = _markAt(ctx, m, n);
        q.fee = MarginMath.takerFee(q.spot, q.price, size, riskParams);
    }

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

    /// @notice The main vault of `token` reports the X its pending withdrawal requests claim, which the engine
    ///         leaves out of the vault size L (skew, caps, utilisation). Main vault only.
    /// @param token The stock token.
    /// @param reserve Σ of what the pending requests were worth when made, in X.
    function setWithdrawalReserve(address token, uint256 reserve) external {
        TokenConfig storage c = tokenConfig[token];
        if (msg.sender != c.mainVault || msg.sender == address(0)) revert NotMainVault(msg.sender);
        c.withdrawalReserve = SafeCastLib.toUint96(reserve);
        emit WithdrawalReserveSet(token, reserve);
    }
}
