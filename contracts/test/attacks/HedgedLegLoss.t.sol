// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";

/// @notice Attack found in the review of issue 15: the realised loss of one leg of a hedge is taken from the
///         collateral alone, so before the fix closing the losing leg first turned what the collateral lacked into
///         bad debt (the insurance vault paid $17,741 of it in this scenario) while the winning leg kept its gain:
///         the trader left with $25,797 from $4,764 at risk. Now a trade that would leave a loss the margin cannot
///         pay is refused (only liquidation may create bad debt), and the trader adds margin (or is liquidated, which closes both legs together).
contract HedgedLegLossTest is ProtocolFixture {
    uint256 internal call95;
    uint256 internal call100;

    function setUp() public override {
        super.setUp();
        call95 = _id(address(tsla), BTC, true, 95_000e18);
        call100 = _id(address(tsla), BTC, true, 100_000e18);
    }

    function _usd(uint256 x) internal view returns (uint256) {
        return F.mulWad(x, _stock(address(tsla)).collateralPrice);
    }

    function test_closingTheLosingLegFirst_cannotTurnTheHedgedLossIntoBadDebt() public {
        uint256 q = 1e18;
        // Debit call spread 95/100 with collateral worth 1.2 x its IM (= its max loss).
        (EngineBase.Health memory pre,) = admin.previewTrade(alice, call95, int256(q));
        uint256 weightedPrice = _stock(address(tsla)).collateralPrice * 3500 / 10_000;
        _fund(alice, tsla, F.divWadUp(pre.initialMargin, weightedPrice) * 12 / 10);
        vm.prank(alice);
        engine.trade(alice, call95, int256(q), type(uint256).max);
        vm.prank(alice);
        engine.trade(alice, call100, -int256(q), 0);
        EngineBase.Health memory h = _health(alice, address(tsla));
        emit log_named_decimal_uint("spread IM (USD)", h.initialMargin, 18);
        // Withdraw down to ~1.05 x IM.
        uint256 target = h.initialMargin * 105 / 100;
        uint256 excess = F.divWad(uint256(h.equityInitial) - target, weightedPrice);
        vm.prank(alice);
        admin.withdraw(address(tsla), excess);
        uint256 c0 = _collateral(alice, address(tsla));
        emit log_named_decimal_uint("alice collateral at risk (USD)", _usd(c0), 18);

        // BTC +30%: the spread is worth about its width, the account is healthy.
        _setBtc(123_500e18);
        h = _health(alice, address(tsla));
        emit log_named_decimal_int("equity maintenance after the move", h.equityMaintenance, 18);
        emit log_named_decimal_uint("maintenance margin after the move", h.maintenanceMargin, 18);
        assertGt(h.equityMaintenance, int256(h.maintenanceMargin), "not liquidatable");

        uint256 debt0 = engine.badDebt(address(tsla));
        // 1. Buying back the losing short alone would realise a loss beyond the collateral: refused (selling the
        //    winning long first is refused too: it would leave a naked short the margin does not cover).
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(alice, call100, int256(q), type(uint256).max);
        // 2. With margin for the loss the short closes (funded from the margin), then the long pays its gain.
        uint256 topUp = 60e18;
        _fund(alice, tsla, topUp);
        vm.prank(alice);
        engine.trade(alice, call100, int256(q), type(uint256).max);
        vm.prank(alice);
        engine.trade(alice, call95, -int256(q), 0);
        c0 += topUp;
        assertEq(engine.badDebt(address(tsla)), debt0, "a voluntary close never creates bad debt");
        uint256 c1 = _collateral(alice, address(tsla));
        emit log_named_decimal_uint("alice collateral after both closes (USD)", _usd(c1), 18);
        // At most the collateral (top-up included) plus the spread's width (5,000 USD) in value: no extraction.
        assertLe(_usd(c1), _usd(c0) + 5_000e18, "no more than the spread's maximum gain");
        assertGt(_usd(c1), _usd(c0), "the spread's gain is paid");
    }
}
