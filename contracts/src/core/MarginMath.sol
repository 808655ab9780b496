// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {RiskParams, VolParams, LiquidationParams} from "./EngineTypes.sol";

/// @title MarginMath
/// @notice The pure formulas of SPEC §3–4: σ used, skewed trade price, fee, margin requirements, liquidation
///         reward. All USD values are 18-decimal; sizes are in underlying units with 18 decimals.
/// @dev Rounding goes against the trader and in favour of the vault: prices, fees and requirements round up.
library MarginMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice σ used = max(σ_oracle, floor) × (1 + base + slope · max(0, U − kink)).
    function sigmaUsed(uint256 sigmaOracle, uint256 floor, uint256 utilizationWad, VolParams memory p)
        internal
        pure
        returns (uint256)
    {
        uint256 sigma = sigmaOracle > floor ? sigmaOracle : floor;
        return F.mulWadUp(sigma, sigmaMultiplier(utilizationWad, p));
    }

    /// @notice The σ surcharge factor 1 + base + slope · max(0, U − kink) (WAD).
    function sigmaMultiplier(uint256 utilizationWad, VolParams memory p) internal pure returns (uint256) {
        uint256 excess = utilizationWad > p.kinkWad ? utilizationWad - p.kinkWad : 0;
        return WAD + p.baseWad + F.mulWad(p.slopeWad, excess);
    }

    /// @notice Trade price = theo · (1 + k·N) with k = α·S²·|Δ| / (theo·L), i.e. theo + α·S²·|Δ|·N / L, where N is
    ///         the traders' signed net size after the trade (the vault's net short): buying into a book the vault is
    ///         already short costs more than theo, selling into it is paid more; with the vault long both are below
    ///         theo (SPEC §9.4). Never below zero.
    /// @param theo Theoretical price.
    /// @param absDelta |Δ| of the option.
    /// @param spot Underlying price S.
    /// @param netAfter N, the traders' signed net size in the market after the trade.
    /// @param capitalUsd L, the vault's capital in USD.
    /// @param alphaWad α.
    /// @param roundUp Buys round up, sells down: against the trader.
    function skewedPrice(
        uint256 theo,
        uint256 absDelta,
        uint256 spot,
        int256 netAfter,
        uint256 capitalUsd,
        uint256 alphaWad,
        bool roundUp
    ) internal pure returns (uint256) {
        if (netAfter == 0) return theo;
        if (capitalUsd == 0) return theo; // the OI cap (0) already refuses new exposure; never price at infinity
        uint256 n = uint256(netAfter < 0 ? -netAfter : netAfter);
        bool up = netAfter > 0;
        uint256 s2Delta = F.mulWadUp(F.mulWadUp(spot, spot), absDelta);
        // The premium's magnitude rounds up when it is added to a buy, down when it is added to a sell; a discount
        // the other way round.
        uint256 skew = up == roundUp
            ? F.fullMulDivUp(F.mulWadUp(alphaWad, s2Delta), n, capitalUsd)
            : F.fullMulDiv(F.mulWad(alphaWad, s2Delta), n, capitalUsd);
        if (up) return theo + skew;
        return theo > skew ? theo - skew : 0;
    }

    /// @notice Taker fee for `size` units: min(takerFeeSpotBps · S, takerFeeMarkCapBps · mark) · size.
    function takerFee(uint256 spot, uint256 mark, uint256 size, RiskParams memory p) internal pure returns (uint256) {
        return takerFee(spot, mark, size, p.takerFeeSpotBps, p.takerFeeMarkCapBps);
    }

    /// @notice The same fee from its two parameters (a caller without the whole RiskParams in memory).
    function takerFee(uint256 spot, uint256 mark, uint256 size, uint256 spotBps, uint256 markCapBps)
        internal
        pure
        returns (uint256)
    {
        uint256 bySpot = spot * spotBps / BPS;
        uint256 byMark = mark * markCapBps / BPS;
        return F.mulWadUp(bySpot < byMark ? bySpot : byMark, size);
    }

    /// @notice Funding a long of `size` pays over `seconds_`: size · (mark − intrinsic) · seconds / T.
    function fundingOver(uint256 size, uint256 mark, uint256 intrinsicValue, uint256 seconds_, uint256 period)
        internal
        pure
        returns (uint256)
    {
        if (mark <= intrinsicValue) return 0;
        return F.fullMulDivUp(F.mulWadUp(size, mark - intrinsicValue), seconds_, period);
    }

    /// @notice Reward to a liquidator: min(cap, base + share · (remaining − base)), never more than what remains.
    function liquidationReward(uint256 remainingUsd, LiquidationParams memory p) internal pure returns (uint256) {
        if (remainingUsd <= p.rewardBaseUsd) return remainingUsd;
        uint256 reward = p.rewardBaseUsd + (remainingUsd - p.rewardBaseUsd) * p.rewardShareBps / BPS;
        return reward < p.rewardCapUsd ? reward : p.rewardCapUsd;
    }

    /// @notice Weighted value of collateral: weight · amount · price.
    function weightedValue(uint256 amount, uint256 price, uint256 weightBps) internal pure returns (uint256) {
        return F.mulWad(amount, price) * weightBps / BPS;
    }
}
