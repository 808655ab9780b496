// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EverlastingOption} from "./EverlastingOption.sol";
import {MarginMath} from "../core/MarginMath.sol";

/// @title PricingLens
/// @notice Read-only window onto the EverlastingOption library: lets the app, the TypeScript cross-check and
///         the benchmarks call the exact on-chain math. Holds no state.
contract PricingLens {
    /// @notice Theo and delta of one option (all 18 decimals, T in years).
    /// @param isCall True for a call.
    /// @param spot Underlying price.
    /// @param strike Strike.
    /// @param sigma Annualised volatility.
    /// @param tYears Funding period in years.
    function theoAndDelta(bool isCall, uint256 spot, uint256 strike, uint256 sigma, uint256 tYears)
        external
        pure
        returns (uint256 price, int256 delta)
    {
        return EverlastingOption.theoAndDelta(isCall, spot, strike, sigma, tYears);
    }

    /// @notice Time value V of any option with these inputs.
    function timeValue(uint256 spot, uint256 strike, uint256 sigma, uint256 tYears) external pure returns (uint256) {
        return EverlastingOption.timeValue(spot, strike, sigma, tYears);
    }

    /// @notice Many prices in one call (for the grid comparison with lib/pricing.ts).
    /// @param isCall Per point: call or put.
    /// @param spot Per point: spot.
    /// @param strike Per point: strike.
    /// @param sigma Per point: σ.
    /// @param tYears Per point: T.
    function theoAndDeltaBatch(
        bool[] calldata isCall,
        uint256[] calldata spot,
        uint256[] calldata strike,
        uint256[] calldata sigma,
        uint256[] calldata tYears
    ) external pure returns (uint256[] memory prices, int256[] memory deltas) {
        uint256 n = isCall.length;
        prices = new uint256[](n);
        deltas = new int256[](n);
        for (uint256 i; i < n; ++i) {
            (prices[i], deltas[i]) = EverlastingOption.theoAndDelta(isCall[i], spot[i], strike[i], sigma[i], tYears[i]);
        }
    }

    /// @notice One skewed-price input: MarginMath.skewedPrice's arguments.
    struct SkewPoint {
        uint256 theo;
        uint256 absDelta;
        uint256 spot;
        int256 netAfter; // N, the traders' signed net size after the trade
        uint256 capitalUsd; // L in USD
        uint256 alphaWad;
        bool buying; // a buy rounds up, a sell down
    }

    /// @notice MarginMath.skewedPrice over a batch of points, for the TS parity test of lib/impact.ts.
    /// @param points The inputs.
    function skewedPriceBatch(SkewPoint[] calldata points) external pure returns (uint256[] memory prices) {
        uint256 n = points.length;
        prices = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            SkewPoint calldata p = points[i];
            prices[i] =
                MarginMath.skewedPrice(p.theo, p.absDelta, p.spot, p.netAfter, p.capitalUsd, p.alphaWad, p.buying);
        }
    }
}
