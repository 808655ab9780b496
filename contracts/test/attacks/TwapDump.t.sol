// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AttackBase} from "./AttackBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Issue 12 attack 1: a downward TWAP manipulation of a thin pool forced liquidations. Measured on the
///         first version: selling 10.26 AMZNx into the $20k-a-side pool (spot −20%) and holding 35 minutes priced
///         collateral at $184.06 and liquidated an account 10% above maintenance (attacker +$612, victim −$2,446).
///         Now collateral follows the DEX down at most 2% an hour (PegOracle floor, docs/decisions/002).
contract TwapDumpTest is AttackBase {
    address internal victim = makeAddr("victim");
    address internal attacker = makeAddr("attacker");
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(amzn), BTC, true, 80_000e18);
        // 100 AMZNx ($23,000) margin a deep in-the-money BTC call, then BTC falls until the account is 10% above
        // maintenance: safe, but close.
        _fund(victim, amzn, 100e18);
        _open(victim, btcCall, 1e18);
        _btcDownUntilCushion(victim, address(amzn), 11_000);
        EngineBase.Health memory h = admin.accountHealth(victim, address(amzn));
        assertGe(h.equityMaintenance, int256(h.maintenanceMargin), "not liquidatable before the dump");
    }

    function test_twapDump_of35MinutesNoLongerLiquidates() public {
        uint256 refBefore = _stock(address(amzn)).refPrice;
        // The dump: 10.26 AMZNx sold into the thin pool, spot −20%, held while the keeper updates as usual.
        uint256 usdcOut = _sellStock(amznPair, amzn, 10.26e18, attacker);
        _advance(35 minutes, 60);
        OracleHub.StockState memory s = _stock(address(amzn));
        emit log_named_decimal_uint("TWAP after 35 min (USD)", s.dexPrice, 18);
        emit log_named_decimal_uint("collateral price (USD)", s.collateralPrice, 18);
        assertLt(s.dexPrice, refBefore * 82 / 100, "the 30-min TWAP took the whole dump");
        assertGe(s.collateralPrice, refBefore * (10_000 - 117) / 10_000, "collateral fell at most 2%/h x 35 min");
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken), "new positions stop: the peg state still reacts");

        assertFalse(_liquidatable(victim, address(amzn)), "the view: not liquidatable");
        EngineBase.Health memory h = admin.accountHealth(victim, address(amzn));
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(IEngineErrors.NotLiquidatable.selector, h.equityMaintenance, h.maintenanceMargin)
        );
        admin.liquidate(victim, address(amzn), attacker);

        // The attacker buys back: the dump cost the pool fee twice and earned nothing.
        uint256 stockBack = _buyStock(amznPair, amzn, usdcOut, attacker);
        assertLt(stockBack, 10.26e18, "round trip through the pool loses the fee");
        assertEq(amzn.balanceOf(attacker), stockBack, "no liquidation reward");
    }

    /// @notice The legitimate case: a real depeg, the token 30% under its stock for a day while arbitrageurs keep
    ///         buying, still lowers collateral value in full and liquidates.
    function test_twapDump_aLastingDepegStillLowersCollateralAndLiquidates() public {
        uint256 ref = _stock(address(amzn)).refPrice;
        _scaleDexPrice(amznPair, amzn, 0.7e18);
        for (uint256 h; h < 24; ++h) {
            _buyStock(amznPair, amzn, 500e6, attacker); // arbitrage buys the discount…
            _scaleDexPrice(amznPair, amzn, _dexDiscountBackTo(0.7e18, ref)); // …sellers keep it there
            _advance(1 hours, 60);
        }
        OracleHub.StockState memory s = _stock(address(amzn));
        emit log_named_decimal_uint("collateral price after a day 30% under (USD)", s.collateralPrice, 18);
        assertApproxEqRel(s.collateralPrice, ref * 70 / 100, 0.02e18, "a lasting depeg counts in full");
        assertTrue(_liquidatable(victim, address(amzn)));
        vm.prank(keeper);
        admin.liquidate(victim, address(amzn), keeper);
        assertEq(admin.position(victim, btcCall).size, 0);
    }

    /// @dev The factor that brings the pair's spot back to `targetWad` × `ref`.
    function _dexDiscountBackTo(uint256 targetWad, uint256 ref) internal view returns (uint256) {
        (uint112 r0, uint112 r1,) = amznPair.getReserves();
        bool stockIs0 = amznPair.token0() == address(amzn);
        (uint256 stockR, uint256 usdcR) = stockIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 spot = usdcR * 1e12 * 1e18 / stockR; // USDC has 6 decimals
        return ref * targetWad / spot;
    }
}
