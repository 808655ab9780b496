// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";

/// @title EverlastingOption
/// @notice Price and delta of everlasting (perpetual) calls and puts, Black–Scholes world, r = 0, with
///         funding period T (Paradigm "Everlasting Options"; Deri V3 EverlastingOptionPricing).
///         All values are 18-decimal fixed point: S, K in USD, σ annualised (1e18 = 100%), T in years.
/// @dev u = sqrt(1 + 8 / (σ² T));
///      V = (K/u)·(S/K)^((1−u)/2) if S ≥ K, else (K/u)·(S/K)^((1+u)/2)   (the time value, same for calls and puts);
///      call = max(S−K, 0) + V; put = max(K−S, 0) + V.
///      V is computed as exp(e·ln(S/K) + ln(K/u)) so deep out-of-the-money values keep their precision
///      down to 1 wei instead of underflowing in an intermediate (S/K)^e. Mirrored in lib/pricing.ts.
library EverlastingOption {
    int256 internal constant WAD = 1e18;
    uint256 internal constant SECONDS_PER_YEAR = 365 days;

    error InvalidPricingInput();

    /// @notice u = sqrt(1 + 8 / (σ² T)), 18 decimals.
    function u(uint256 sigma, uint256 tYears) internal pure returns (uint256) {
        if (sigma == 0 || tYears == 0) revert InvalidPricingInput();
        uint256 sigma2T = F.mulWad(F.mulWad(sigma, sigma), tYears);
        if (sigma2T == 0) revert InvalidPricingInput();
        return F.sqrtWad(1e18 + F.fullMulDiv(8e18, 1e18, sigma2T));
    }

    /// @notice Time value V (same for a call and a put at the same strike).
    function timeValue(uint256 spot, uint256 strike, uint256 sigma, uint256 tYears) internal pure returns (uint256) {
        if (spot == 0 || strike == 0) revert InvalidPricingInput();
        return _timeValue(spot, strike, u(sigma, tYears));
    }

    /// @notice Intrinsic value: max(S−K, 0) for a call, max(K−S, 0) for a put.
    function intrinsic(bool isCall, uint256 spot, uint256 strike) internal pure returns (uint256) {
        if (isCall) return spot > strike ? spot - strike : 0;
        return strike > spot ? strike - spot : 0;
    }

    /// @notice Theoretical price = intrinsic + time value.
    function theo(bool isCall, uint256 spot, uint256 strike, uint256 sigma, uint256 tYears)
        internal
        pure
        returns (uint256)
    {
        return intrinsic(isCall, spot, strike) + timeValue(spot, strike, sigma, tYears);
    }

    /// @notice Theo and delta in one pass (one ln, one exp, one sqrt).
    /// @return price Theoretical price in USD.
    /// @return optionDelta dPrice/dS, 18 decimals, in [0, 1] for calls and [−1, 0] for puts.
    function theoAndDelta(bool isCall, uint256 spot, uint256 strike, uint256 sigma, uint256 tYears)
        internal
        pure
        returns (uint256 price, int256 optionDelta)
    {
        if (spot == 0 || strike == 0) revert InvalidPricingInput();
        uint256 uWad = u(sigma, tYears);
        uint256 v = _timeValue(spot, strike, uWad);
        price = intrinsic(isCall, spot, strike) + v;
        // dV/dS = V · e / S with e the exponent of (S/K); call delta adds 1 in the money, put delta = call − 1.
        int256 e = _exponent(spot, strike, uWad);
        int256 dV = F.sDivWad(F.sMulWad(int256(v), e), int256(spot));
        int256 callDelta = (spot >= strike ? WAD : int256(0)) + dV;
        optionDelta = isCall ? callDelta : callDelta - WAD;
    }

    /// @notice Delta of a call or put.
    function delta(bool isCall, uint256 spot, uint256 strike, uint256 sigma, uint256 tYears)
        internal
        pure
        returns (int256 d)
    {
        (, d) = theoAndDelta(isCall, spot, strike, sigma, tYears);
    }

    /// @notice Funding period in years (18 decimals) from seconds.
    function yearsFromSeconds(uint256 seconds_) internal pure returns (uint256) {
        return seconds_ * 1e18 / SECONDS_PER_YEAR;
    }

    /// @dev (1−u)/2 above the strike, (1+u)/2 below it.
    function _exponent(uint256 spot, uint256 strike, uint256 uWad) private pure returns (int256) {
        return spot >= strike ? (WAD - int256(uWad)) / 2 : (WAD + int256(uWad)) / 2;
    }

    function _timeValue(uint256 spot, uint256 strike, uint256 uWad) private pure returns (uint256) {
        int256 lnMoneyness = F.lnWad(int256(F.divWad(spot, strike)));
        int256 lnV = F.sMulWad(_exponent(spot, strike, uWad), lnMoneyness) + F.lnWad(int256(F.divWad(strike, uWad)));
        return uint256(F.expWad(lnV));
    }
}
