// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StreamsFixture} from "../utils/StreamsFixture.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";

/// @notice Liquidation stays one step, but only on spot reports no older than `liquidationMaxAge`: a liquidator
///         cannot close an account at a stored price the market has left behind.
contract RouterLiquidationTest is StreamsFixture {
    uint256 internal itmCall;

    function setUp() public override {
        super.setUp();
        itmCall = _id(address(tsla), BTC, true, 80_000e18);
        _fund(alice, tsla, 10e18);
        _fundFee(alice, tsla);
        _settleBtc(_commit(alice, itmCall, true, 0.15e18, type(uint256).max), keeper);
    }

    /// @dev The reports a liquidation of a BTC-only account needs: BTC spot and σ.
    function _spotReports(uint256 t) internal view returns (bytes[] memory r) {
        r = _btcReports(t);
    }

    function test_liquidate_withFreshReportsPaysTheCaller() public {
        donValue[btcId] = 60_000e18;
        uint256 t = block.timestamp + 1;
        vm.warp(t);
        bytes[] memory r = _spotReports(t);
        uint256 before = tsla.balanceOf(keeper);
        vm.prank(keeper);
        router.liquidate(alice, address(tsla), r);
        assertEq(admin.position(alice, itmCall).size, 0);
        assertGt(tsla.balanceOf(keeper), before);
    }

    function test_liquidate_refusesAStoredPriceOlderThanTheLimit() public {
        // A crash is stored, then BTC recovers: the recovery's report exists but the liquidator leaves it out.
        donValue[btcId] = 60_000e18;
        uint256 t = block.timestamp + 1;
        vm.warp(t);
        router.updatePrices(_spotReports(t));
        vm.warp(t + 11);
        bytes[] memory none = new bytes[](0);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.ReportTooOld.selector, btcId, t, 10));
        router.liquidate(alice, address(tsla), none);
        // with the newest reports the account is healthy again
        donValue[btcId] = 95_000e18;
        bytes[] memory fresh = _spotReports(t + 11);
        vm.prank(keeper);
        vm.expectRevert(); // NotLiquidatable(equity, maintenance)
        router.liquidate(alice, address(tsla), fresh);
        assertEq(admin.position(alice, itmCall).size, 0.15e18);
    }

    function test_liquidate_aStaleFeedStillAllowsTheStressRule() public {
        // Past the hub's max age the engine's stale-feed rule applies (issue 12), so the age check steps aside.
        donValue[btcId] = 55_000e18;
        uint256 t = block.timestamp + 1;
        vm.warp(t);
        router.updatePrices(_spotReports(t));
        vm.warp(t + 121); // local underlyingMaxAge is 120 s: the DON stopped publishing BTC's spot
        bytes[] memory sigmaOnly = new bytes[](1);
        sigmaOnly[0] = _report(btcVolId, donValue[btcVolId], t + 121);
        vm.prank(keeper);
        router.liquidate(alice, address(tsla), sigmaOnly);
        assertEq(admin.position(alice, itmCall).size, 0);
    }

    function test_liquidate_anOldSigmaIsRefusedToo() public {
        // A liquidator leaving out the newest σ report (a higher σ makes long options worth more).
        donValue[btcId] = 60_000e18;
        uint256 t = block.timestamp + 20;
        vm.warp(t);
        bytes[] memory spotOnly = new bytes[](1);
        spotOnly[0] = _report(btcId, donValue[btcId], t);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.ReportTooOld.selector, btcVolId, t - 20, 10));
        router.liquidate(alice, address(tsla), spotOnly);
    }

    function test_liquidate_aLaggingEthFeedDoesNotBlockABtcOnlyAccount() public {
        donValue[btcId] = 60_000e18;
        uint256 t = block.timestamp + 30; // ETH's stored reports are now 30 s old: neither recent nor stale
        vm.warp(t);
        bytes[] memory r = _spotReports(t);
        vm.prank(keeper);
        router.liquidate(alice, address(tsla), r);
        assertEq(admin.position(alice, itmCall).size, 0);
    }

    function test_liquidate_directCallToTheEngineIsRefused() public {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotOrderRouter.selector, keeper));
        admin.liquidate(alice, address(tsla), keeper);
    }
}
