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

    /// @notice The engine's skewed trade price for many inputs (MarginMath.skewedPrice), for the cross-check with
    ///         lib/impact.ts: theo + α·S²·|Δ|·N / L, rounded up.
    /// @param theo Per point: theoretical price.
    /// @param absDelta Per point: |Δ|.
    /// @param spot Per point: S.
    /// @param vaultShort Per point: N after the trade.
    /// @param capitalUsd Per point: L in USD.
    /// @param alphaWad Per point: α.
    function skewedPriceBatch(
        uint256[] calldata theo,
        uint256[] calldata absDelta,
        uint256[] calldata spot,
        uint256[] calldata vaultShort,
        uint256[] calldata capitalUsd,
        uint256[] calldata alphaWad
    ) external pure returns (uint256[] memory prices) {
        uint256 n = theo.length;
        prices = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            prices[i] = MarginMath.skewedPrice(theo[i], absDelta[i], spot[i], vaultShort[i], capitalUsd[i], alphaWad[i]);
        }
    }
}
