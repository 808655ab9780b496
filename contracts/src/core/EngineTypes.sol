// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Storage and parameter types of the Livestock options engine.
/// @dev Every number of SPEC §3–5 lives in one of these structs and is settable by governance.

/// @notice A listed option market: (settlement token X, BTC|ETH, CALL|PUT, strike K) and its aggregates.
///         The aggregates make a trade and the vault's NAV cost O(1) per market whatever the number of traders.
struct Market {
    address token; // settlement token X
    uint8 underlying; // OracleHub.Underlying: 0 BTC, 1 ETH
    bool isCall;
    uint8 slot; // bit of this market in its accounts' position bitmaps (0..255 per token)
    uint64 spotCumAt; // the hub's spot integral when funding was last accrued (OracleHub.PriceIntegral)
    uint96 strike; // USD, 18 decimals (up to $7.9e10)
    uint80 longOpenInterest; // Σ size of traders' longs (underlying units, 18 decimals)
    uint80 shortOpenInterest; // Σ size of traders' shorts; the vault's net position is short − long
    int128 costBasis; // Σ signed size · entry price (USD): longs add, shorts subtract
    int128 fundingBasis; // Σ signed size · funding index at last settlement (USD)
    uint128 cumFunding; // cumulative funding per unit of size (USD): cumF_m
    uint32 lastFundingTime;
    uint32 sigmaMultiplierMicro; // σ surcharge (1 + base + slope · excess utilisation) at the last touch, 1e-6
    uint64 volCumAt; // the hub's volatility integral when funding was last accrued
}

/// @notice A trader's position in one market, as the views return it (USD values with 18 decimals).
///         Size is signed: positive long (bought), negative short (sold, written).
struct Position {
    int128 size;
    uint128 entryPrice; // size-weighted average trade price (USD)
    uint128 fundingIndex; // market cumFunding when funding was last settled
}

/// @notice The stored form of a position: one slot. Prices are kept in nano-USD (9 decimals): a position
///         costs one storage slot instead of two, and a billionth of a dollar per unit is far below any fee.
///         Entry and funding index round against the trader: a long's entry up and index down, a short's entry
///         down and its opening index up (PositionMath).
struct PackedPosition {
    int96 size; // underlying units, 18 decimals, signed (up to ±3.9e10 units)
    uint80 entryNano; // USD per unit, 9 decimals (up to $1.2e15)
    uint80 fundingIndexNano; // market cumFunding at last settlement, 9 decimals
}

/// @notice A margin account: per (trader, settlement token), one slot.
struct Account {
    uint128 collateral; // units of X
    uint128 positionBits; // bit i set = open position in the token's market at slot i (≤ 128 markets)
}

/// @notice Per settlement token: margin weights and its vaults.
struct TokenConfig {
    bool listed;
    uint16 initialWeightBps; // SPEC §4: TSLA.M 3500 … AMZNx 4500
    uint16 maintenanceWeightBps; // TSLA.M 4500 … AMZNx 5500
    uint8 marketCount;
    address mainVault;
    address insuranceVault;
    uint96 withdrawalReserve; // X that the main vault's pending withdrawal requests claim: not capital for the book
}

/// @notice Global trading and risk parameters (basis points unless stated).
struct RiskParams {
    uint32 fundingPeriod; // T in seconds (7 days)
    uint64 skewAlphaWad; // α of the skew k = α·S²·|Δ| / (theo·L) (0.02e18, docs/decisions/009)
    uint16 takerFeeSpotBps; // fee = min(0.03% · S, 12.5% · mark) per unit: 3
    uint16 takerFeeMarkCapBps; // 1250
    uint16 imSpotBps; // IM per unit = min(mark, 10% · S): 1000
    uint16 mmSpotBps; // MM per unit = min(50% · mark, 5% · S): 500
    uint16 mmMarkBps; // 5000
    uint32 mmFundingSeconds; // MM adds this much current funding: 86400
    uint16 mainShareBps; // fees and funding to the main vault: 7000
    uint16 insuranceShareBps; // to the insurance vault: 2000; the treasury gets the rest
    uint16 maxUtilizationBps; // 8000
    uint16 oiCapBps; // notional OI per market ≤ 10% of vault capital: 1000
    uint16 closedWeightCutBps; // market closed: weights drop 10 points: 1000
    uint16 closedOiCapBps; // market closed: new OI capped at 25% of normal: 2500
    uint16 listRangeBps; // list strikes within ±30% of spot: 3000
    uint16 closeOnlyRangeBps; // beyond ±50% a market is close-only: 5000
    uint8 maxPositions; // per account: 8
    // A short (written) option's margin, Deribit's standard rule in USD (SPEC §9.4), in basis points of spot:
    // IM = q·(max(imBase − OTM/S, imFloor)·S + mark), MM = q·(mm·S + mark). In this struct's last slot, which every
    // margin check reads anyway.
    uint16 shortImBaseBps; // 1500
    uint16 shortImFloorBps; // 1000
    uint16 shortMmBps; // 750
    // Traders' gross short notional per underlying ≤ this of vault capital L, across its markets: 5000
    uint16 shortGrossCapBps;
}

/// @notice Per underlying (BTC, ETH).
struct UnderlyingParams {
    uint128 strikeStep; // BTC $5,000, ETH $250
    uint64 sigmaFloorWad; // BTC 0.35e18, ETH 0.45e18
    uint16 stressBps; // stress move for utilisation: BTC 1500, ETH 2000
}

/// @notice σ used = max(σ_oracle, floor) × (1 + base + slope · max(0, U − kink)).
struct VolParams {
    uint64 baseWad; // 0.05e18
    uint64 slopeWad; // 0.5e18
    uint64 kinkWad; // 0.5e18
}

/// @notice Liquidation reward = min(cap, base + share · (remaining equity − base)).
struct LiquidationParams {
    uint128 rewardBaseUsd; // $5
    uint128 rewardCapUsd; // $500
    uint16 rewardShareBps; // 2000
}
