// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {IMainVault, IInsuranceVault} from "../interfaces/IVaults.sol";
import {EngineBase} from "./EngineBase.sol";
import {
    Market, TokenConfig, RiskParams, UnderlyingParams, VolParams, LiquidationParams
} from "./EngineTypes.sol";

/// @title EngineGovernance
/// @notice Listing, parameters and the fee sweep of the Livestock engine: tokens, vaults, markets, risk, volatility, liquidation and
///         short-margin parameters, roles, the order router and the pause. Reached through the engine's chain of
///         fallbacks (LivestockEngine → EngineExtension → EngineViews → here, each a delegatecall), so it writes the
///         engine's storage.
/// @dev Called directly it would only act on its own, unused storage.
contract EngineGovernance is EngineBase {
    using SafeERC20 for IERC20;

    /// @param owner_ Unused owner of the module's own (unused) storage.
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
                strike: SafeCastLib.toUint96(strike),
                longOpenInterest: 0,
                shortOpenInterest: 0,
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
                || p.shortImFloorBps == 0 || p.shortImFloorBps > p.shortImBaseBps || p.shortMmBps == 0
                || p.shortMmBps > p.shortImFloorBps
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

    // ================================================================== funding upkeep

    /// @notice Accrue the funding of every market settled in `token` that has open interest and re-price each
    ///         market's funding rate at current prices and vault capital. Anyone may call: keepers do after a
    ///         price move, so a market nobody trades does not keep charging yesterday's rate.
    /// @dev Loops over markets (≤ 128 per token), never over accounts.
    /// @param token The settlement token.
    function accrueFunding(address token) external nonReentrant {
        _accrueSlots(_context(token), activeMarketBits[token]);
    }

    /// @dev Accrues every market with open interest at the parameters in force, before governance changes one that
    ///      prices funding. Loops over markets (governance only), never over accounts.
    function _accrueAllMarkets() internal {
        uint256 n = _marketCount;
        address token;
        Ctx memory ctx;
        for (uint256 id = 1; id <= n; ++id) {
            Market storage m = _markets[id];
            if (m.longOpenInterest == 0 && m.shortOpenInterest == 0) continue;
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

    // ================================================================== fee sweep

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
