// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {RiskParams} from "../../src/core/EngineTypes.sol";

/// @notice Attack found in the review of issue 15: before the fix a reduce-only trade that grew the vault's |net|
///         went through the OI and utilisation caps, so writers who pushed the traders' net short to the cap could
///         lock a long holder in (paying them funding). A reduce-only trade is now never refused by a cap. (Since
///         the gross short interest is capped too, writers alone can no longer push |N| past the cap; a cap that
///         shrinks under an open book — governance, or the vault's capital falling — still puts |N| beyond it.)
contract CloseNotBlockedByCapsTest is ProtocolFixture {
    uint256 internal call95;

    function setUp() public override {
        super.setUp();
        call95 = _id(address(tsla), BTC, true, 95_000e18);
    }

    function _capUnits() internal view returns (uint256) {
        (,,,,,, uint96 reserve) = admin.tokenConfig(address(tsla));
        uint256 held = tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla));
        uint256 capUsd = F.mulWad(held - reserve, _stock(address(tsla)).collateralPrice) * 1000 / 10_000;
        return F.divWad(capUsd, 95_000e18);
    }

    function test_longCanClose_evenWhenWritersHoldTheNetAtTheCap() public {
        uint256 capUnits = _capUnits();
        emit log_named_decimal_uint("OI cap (BTC units)", capUnits, 18);
        _fund(alice, tsla, 10_000e18);
        _fund(bob, tsla, 100_000e18);

        uint256 q = 3e18;
        _open(alice, call95, q); // victim long 3 BTC of calls, N = +3
        // Writing beyond the cap in gross short interest is refused, whatever the net.
        vm.prank(bob);
        vm.expectPartialRevert(IEngineErrors.OpenInterestCapExceeded.selector);
        engine.trade(bob, call95, -int256(q + capUnits - 0.2e18), 0);
        // The attacker writes up to the cap: N = 3 - (cap - 0.2). Then the cap halves under the open book.
        vm.prank(bob);
        engine.trade(bob, call95, -int256(capUnits - 0.2e18), 0);
        RiskParams memory p = admin.getRiskParams();
        p.oiCapBps /= 2;
        admin.setRiskParams(p);
        emit log_named_int("N after the writer", int256(uint256(admin.market(call95).longOpenInterest)) - int256(uint256(admin.market(call95).shortOpenInterest)));

        // The victim's reduce-only closes grow |N| past the cap and still go through: first 1 BTC, then the rest.
        vm.prank(alice);
        engine.trade(alice, call95, -int256(1e18), 0);
        vm.prank(alice);
        engine.trade(alice, call95, -int256(q - 1e18), 0);
        assertEq(admin.position(alice, call95).size, 0, "the long is closed");
        assertGt(admin.market(call95).shortOpenInterest, capUnits / 2, "|N| is beyond the halved cap");
        // A new short from the same side, which would grow |N| beyond the cap, is still refused.
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.OpenInterestCapExceeded.selector);
        engine.trade(alice, call95, -int256(1e18), 0);
    }
}
