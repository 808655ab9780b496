// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {EverlastingOption as EO} from "../../src/pricing/EverlastingOption.sol";

/// @notice Gas of one theo + delta (the library call a trade makes per priced option), as the median over a
///         grid of inputs (σ 10–300 %, S/K 0.5–2, T 1–30 days, calls and puts): the cost depends on the inputs
///         through ln/exp/sqrt, so one point is not the number. Inputs come from storage-free memory arrays so
///         the optimizer cannot fold them. Logs `pricing.gasPerPrice` (median) for `npm run bench`.
contract PricingGasTest is Test {
    uint256 internal constant BUDGET = 5_000;

    function test_gas_theoAndDeltaMedian() public {
        uint256[6] memory sigmas = [uint256(0.1e18), 0.35e18, 0.6e18, 1e18, 2e18, 3e18];
        uint256[5] memory moneyness = [uint256(0.5e18), 0.8e18, 1e18, 1.25e18, 2e18];
        uint256[4] memory days_ = [uint256(1), 7, 14, 30];
        uint256 strike = 95_000e18;
        uint256[] memory used = new uint256[](sigmas.length * moneyness.length * days_.length * 2);
        uint256 n;
        for (uint256 i; i < sigmas.length; ++i) {
            for (uint256 j; j < moneyness.length; ++j) {
                uint256 spot = strike * moneyness[j] / 1e18;
                for (uint256 k; k < days_.length; ++k) {
                    uint256 t = days_[k] * 1e18 / 365;
                    used[n++] = _measure(true, spot, strike, sigmas[i], t);
                    used[n++] = _measure(false, spot, strike, sigmas[i], t);
                }
            }
        }
        uint256 median = _median(used);
        emit log_named_uint("pricing.gasPerPrice", median);
        emit log_named_uint("pricing.gasPerPriceMax", _max(used));
        assertLe(median, BUDGET, "median gas of one theo + delta");
    }

    /// @dev Gas of the library call alone (the gasleft bookkeeping around it is a few gas).
    function _measure(bool isCall, uint256 spot, uint256 strike, uint256 sigma, uint256 t) internal view returns (uint256 used) {
        uint256 g = gasleft();
        (uint256 price,) = EO.theoAndDelta(isCall, spot, strike, sigma, t);
        used = g - gasleft();
        require(price >= EO.intrinsic(isCall, spot, strike), "price below intrinsic");
    }

    function _median(uint256[] memory xs) internal pure returns (uint256) {
        // Insertion sort: 240 values, test-only.
        for (uint256 i = 1; i < xs.length; ++i) {
            uint256 x = xs[i];
            uint256 j = i;
            while (j > 0 && xs[j - 1] > x) {
                xs[j] = xs[j - 1];
                --j;
            }
            xs[j] = x;
        }
        uint256 m = xs.length / 2;
        return xs.length % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
    }

    function _max(uint256[] memory xs) internal pure returns (uint256 m) {
        for (uint256 i; i < xs.length; ++i) {
            if (xs[i] > m) m = xs[i];
        }
    }
}
