// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {StreamsFixture} from "../utils/StreamsFixture.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {Position} from "../../src/core/EngineTypes.sol";

/// @notice Commit, settle and cancel: the order lifecycle of docs/decisions/010.
contract OrderRouterTest is StreamsFixture {
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _fundFee(alice, tsla);
    }

    function test_settle_fillsAtTheReportInTheWindowAndPaysTheSettler() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        assertTrue(router.hasPendingOrder(alice, address(tsla)));
        uint256 keeperBefore = tsla.balanceOf(keeper);

        // The DON moves BTC +2% before the window: the order must fill at the new price, not the committed one.
        donValue[btcId] = donValue[btcId] * 102 / 100;
        uint256 snap = vm.snapshotState();
        vm.warp(block.timestamp + 2);
        _publishAll();
        uint256 expected = admin.quote(btcCall, 0.1e18, true).price;
        vm.revertToState(snap);

        vm.recordLogs();
        assertEq(_settleBtc(id, keeper), 1);
        Position memory p = admin.position(alice, btcCall);
        assertEq(p.size, 0.1e18);
        assertApproxEqAbs(p.entryPrice, expected, 1e9); // entry prices are kept to 1e-9 USD
        assertEq(tsla.balanceOf(keeper) - keeperBefore, FEE);
        assertFalse(router.hasPendingOrder(alice, address(tsla)));
        assertEq(router.orderHash(id), bytes32(0));
    }

    function test_settle_anOrderSettlesAtMostOnce() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        _settleBtc(id, keeper);
        bytes[] memory again = _btcReports(block.timestamp);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), again);
        assertEq(admin.position(alice, btcCall).size, 0.1e18);
    }

    function test_settle_onlyTheReportsOfTheOrdersSecond() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        uint256 t0 = block.timestamp;
        vm.warp(t0 + 30);
        // observed when committing (known then), one second early, one second late: nobody may choose among them
        bytes[] memory atCommit = _btcReports(t0);
        bytes[] memory early = _btcReports(t0 + 1);
        bytes[] memory late = _btcReports(t0 + 3);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), atCommit);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), early);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), late);
        // spot and σ of different seconds do not settle either
        bytes[] memory mixed = new bytes[](2);
        (mixed[0], mixed[1]) = (_btcReports(t0 + 2)[0], late[1]);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), mixed);
        // its second settles, even 30 s later
        assertEq(router.settle(_ids(id), _orders(_ids(id)), _btcReports(t0 + 2)), 1);
    }

    function test_settle_needsBothSpotAndSigmaOfTheOrdersUnderlying() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        bytes[] memory onlySpot = new bytes[](1);
        onlySpot[0] = _report(btcId, donValue[btcId], t);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), onlySpot);
        bytes[] memory eth = new bytes[](2);
        eth[0] = _report(ethId, donValue[ethId], t);
        eth[1] = _report(ethVolId, donValue[ethVolId], t);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), eth);
    }

    function test_settle_cancelsWithTheEnginesReasonWhenThePriceBoundIsCrossed() public {
        uint256 quoted = admin.quote(btcCall, 0.1e18, true).price;
        uint256 id = _commit(alice, btcCall, true, 0.1e18, quoted * 1005 / 1000);
        donValue[btcId] = donValue[btcId] * 103 / 100; // BTC +3% before the window: the call costs more
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        bytes[] memory reports = _btcReports(t);
        vm.recordLogs();
        vm.prank(keeper);
        assertEq(router.settle(_ids(id), _orders(_ids(id)), reports), 1);
        bytes memory reason = _cancelReason();
        assertEq(bytes4(reason), IEngineErrors.SlippageExceeded.selector);
        assertEq(admin.position(alice, btcCall).size, 0);
        assertFalse(router.hasPendingOrder(alice, address(tsla)));
        assertEq(tsla.balanceOf(keeper), FEE); // the settler did the work either way
    }

    function test_cancel_onlyByTheTraderAfterExpiryWithTheFeeBack() public {
        uint256 before = tsla.balanceOf(alice);
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        assertEq(before - tsla.balanceOf(alice), FEE);
        OrderRouter.Order memory o = placed[id];
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.OrderNotExpired.selector, id, o.expiresAt));
        router.cancel(id, placed[id]);
        vm.warp(uint256(o.expiresAt) + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.NotOrderOwner.selector, bob));
        router.cancel(id, placed[id]);
        // an expired order cannot be settled any more, even with reports from its window
        bytes[] memory inWindow = _btcReports(uint256(o.committedAt) + 2);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), inWindow);
        vm.prank(alice);
        router.cancel(id, placed[id]);
        assertEq(tsla.balanceOf(alice), before);
        assertFalse(router.hasPendingOrder(alice, address(tsla)));
    }

    function test_commit_onePendingOrderPerAccountAndNoWithdrawalMeanwhile() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.OrderAlreadyPending.selector, id));
        router.commit(btcCall, true, 0.1e18, type(uint256).max, block.timestamp + 60, FEE);
        vm.prank(alice);
        vm.expectRevert(IEngineErrors.OrderPending.selector);
        admin.withdraw(address(tsla), 1e18);
        _settleBtc(id, keeper);
        vm.prank(alice);
        admin.withdraw(address(tsla), 1e18);
    }

    function test_commit_validatesExpiryFeeAndSize() public {
        (uint32 minDelay, uint32 window, uint32 lifetime,,) = router.params();
        uint256 earliest = block.timestamp + minDelay + window;
        uint256 latest = block.timestamp + lifetime;
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.InvalidExpiry.selector, earliest - 1, earliest, latest));
        router.commit(btcCall, true, 0.1e18, 1, earliest - 1, FEE);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.InvalidExpiry.selector, latest + 1, earliest, latest));
        router.commit(btcCall, true, 0.1e18, 1, latest + 1, FEE);
        uint256 minFee = router.minExecutionFee(address(tsla));
        assertGt(minFee, 0);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.FeeTooLow.selector, minFee - 1, minFee));
        router.commit(btcCall, true, 0.1e18, 1, latest, minFee - 1);
        vm.expectRevert(OrderRouter.ZeroSize.selector);
        router.commit(btcCall, true, 0, 1, latest, FEE);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UnknownMarket.selector, uint256(0)));
        router.commit(0, true, 1e18, 1, latest, FEE);
        vm.stopPrank();
    }

    function test_engine_onlyTheRouterTradesAndLiquidates() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotOrderRouter.selector, alice));
        engine.trade(alice, btcCall, int256(0.1e18), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotOrderRouter.selector, alice));
        engine.trade(alice, btcCall, -int256(0.1e18), 0);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotOrderRouter.selector, alice));
        admin.liquidate(bob, address(tsla), alice);
        vm.stopPrank();
    }

    function test_settle_aStarvedExecutionRevertsInsteadOfCancelling() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        bytes[] memory reports = _btcReports(t);
        vm.prank(keeper);
        (bool ok, bytes memory ret) = address(router).call{gas: 900_000}(
            abi.encodeCall(OrderRouter.settle, (_ids(id), _orders(_ids(id)), reports))
        );
        assertFalse(ok);
        assertEq(bytes4(ret), OrderRouter.InsufficientGas.selector);
        assertTrue(router.hasPendingOrder(alice, address(tsla)));
    }

    function test_settle_batchOfOrdersFromManyAccountsSharesReports() public {
        uint256[] memory ids = new uint256[](10);
        for (uint256 i; i < 10; ++i) {
            address trader = makeAddr(string.concat("trader", vm.toString(i)));
            _fund(trader, tsla, 50e18);
            _fundFee(trader, tsla);
            ids[i] = _commit(trader, btcCall, true, 0.01e18, type(uint256).max);
        }
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        bytes[] memory reports = _btcReports(t);
        vm.prank(keeper);
        assertEq(router.settle(ids, _orders(ids), reports), 10);
        assertEq(tsla.balanceOf(keeper), 10 * FEE);
    }

    function test_settleAndCancel_refuseAnOrderThatIsNotTheCommittedOne() public {
        uint256 id = _commit(alice, btcCall, true, 0.1e18, 1e18);
        OrderRouter.Order[] memory forged = _orders(_ids(id));
        forged[0].acceptablePrice = type(uint128).max; // a settler loosening the trader's price bound
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        bytes[] memory reports = _btcReports(t);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.OrderMismatch.selector, id));
        router.settle(_ids(id), forged, reports);
        vm.warp(block.timestamp + 120);
        forged[0].fee = uint88(FEE * 2); // a trader asking back more than it paid
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.OrderMismatch.selector, id));
        router.cancel(id, forged[0]);
    }

    function test_close_isTwoStepsToo() public {
        _settleBtc(_commit(alice, btcCall, true, 0.1e18, type(uint256).max), keeper);
        uint256 id = _commit(alice, btcCall, false, 0.04e18, 0);
        _settleBtc(id, keeper);
        assertEq(admin.position(alice, btcCall).size, 0.06e18);
    }

    function _cancelReason() internal returns (bytes memory reason) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == OrderRouter.OrderCancelled.selector) return abi.decode(logs[i].data, (bytes));
        }
        revert("no OrderCancelled");
    }
}
