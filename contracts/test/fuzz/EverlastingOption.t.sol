// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {EverlastingOption as EO} from "../../src/pricing/EverlastingOption.sol";
import {PricingLens} from "../../src/pricing/PricingLens.sol";

contract EverlastingOptionTest is Test {
    uint256 internal constant SEVEN_DAYS = uint256(7 days) * 1e18 / 365 days;
    PricingLens internal lens = new PricingLens();

    /// @notice SPEC check: σ = 100%, T = 7 d, S = K = 50,000 → V ≈ 2,445 and funding ≈ 349/day.
    function test_specCheckValue() public pure {
        uint256 v = EO.timeValue(50_000e18, 50_000e18, 1e18, SEVEN_DAYS);
        assertApproxEqAbs(v, 2_445e18, 1e18);
        uint256 fundingPerDay = v / 7; // (mark − intrinsic) / T per year × one day = V / 7 at the money
        assertApproxEqAbs(fundingPerDay, 349e18, 1e18);
    }

    function test_atTheMoneyTimeValueIsStrikeOverU() public pure {
        uint256 v = EO.timeValue(3_000e18, 3_000e18, 0.7e18, SEVEN_DAYS);
        assertApproxEqRel(v, 3_000e18 * 1e18 / EO.u(0.7e18, SEVEN_DAYS), 1e6);
    }

    function test_zeroInputsRevert() public {
        vm.expectRevert(EO.InvalidPricingInput.selector);
        lens.timeValue(0, 1e18, 1e18, SEVEN_DAYS);
        vm.expectRevert(EO.InvalidPricingInput.selector);
        lens.timeValue(1e18, 1e18, 0, SEVEN_DAYS);
        vm.expectRevert(EO.InvalidPricingInput.selector);
        lens.theoAndDelta(true, 1e18, 0, 1e18, SEVEN_DAYS);
    }

    function testFuzz_putCallParity(uint256 spot, uint256 strike, uint256 sigma, uint256 tDays) public pure {
        (spot, strike, sigma, tDays) = _bounded(spot, strike, sigma, tDays);
        uint256 t = tDays * 1e18 / 365;
        int256 c = int256(EO.theo(true, spot, strike, sigma, t));
        int256 p = int256(EO.theo(false, spot, strike, sigma, t));
        assertEq(c - p, int256(spot) - int256(strike));
    }

    function testFuzz_priceAtLeastIntrinsicAndDeltaBounded(uint256 spot, uint256 strike, uint256 sigma, uint256 tDays)
        public
        pure
    {
        (spot, strike, sigma, tDays) = _bounded(spot, strike, sigma, tDays);
        uint256 t = tDays * 1e18 / 365;
        (uint256 callPrice, int256 callDelta) = EO.theoAndDelta(true, spot, strike, sigma, t);
        (uint256 putPrice, int256 putDelta) = EO.theoAndDelta(false, spot, strike, sigma, t);
        assertGe(callPrice, EO.intrinsic(true, spot, strike));
        assertGe(putPrice, EO.intrinsic(false, spot, strike));
        assertGe(callDelta, 0);
        assertLe(callDelta, 1e18);
        assertEq(callDelta - putDelta, 1e18);
    }

    function testFuzz_timeValueRisesWithVolatility(uint256 spot, uint256 strike, uint256 sigma, uint256 tDays)
        public
        pure
    {
        (spot, strike, sigma, tDays) = _bounded(spot, strike, sigma, tDays);
        uint256 t = tDays * 1e18 / 365;
        uint256 v = EO.timeValue(spot, strike, sigma, t);
        uint256 vHigher = EO.timeValue(spot, strike, sigma + 0.05e18, t);
        assertGe(vHigher, v);
        assertLe(v, strike); // V ≤ K/u < K
    }

    function testFuzz_deltaIsTheSlope(uint256 spot, uint256 sigma) public pure {
        spot = bound(spot, 30_000e18, 150_000e18);
        sigma = bound(sigma, 0.2e18, 2e18);
        uint256 strike = 70_000e18;
        vm.assume(spot > strike + 1e18 || spot + 1e18 < strike); // the kink at K has no derivative
        uint256 h = 1e15;
        int256 up = int256(EO.theo(true, spot + h, strike, sigma, SEVEN_DAYS));
        int256 down = int256(EO.theo(true, spot - h, strike, sigma, SEVEN_DAYS));
        int256 slope = (up - down) * 1e18 / int256(2 * h);
        assertApproxEqAbs(EO.delta(true, spot, strike, sigma, SEVEN_DAYS), slope, 1e12);
    }

    /// @notice Pricing budget: one theo + delta inside a trade costs under 5,000 gas.
    function test_gasOfOneTheoAndDelta() public {
        uint256 g = gasleft();
        (uint256 price,) = EO.theoAndDelta(true, 97_000e18, 95_000e18, 0.6e18, SEVEN_DAYS);
        uint256 used = g - gasleft();
        emit log_named_uint("gas per theo+delta", used);
        assertGt(price, 2_000e18);
        assertLt(used, 5_000);
    }

    function _bounded(uint256 spot, uint256 strike, uint256 sigma, uint256 tDays)
        internal
        pure
        returns (uint256, uint256, uint256, uint256)
    {
        strike = bound(strike, 100e18, 200_000e18);
        spot = bound(spot, strike / 2, strike * 2);
        sigma = bound(sigma, 0.1e18, 3e18);
        tDays = bound(tDays, 1, 30);
        return (spot, strike, sigma, tDays);
    }
}
