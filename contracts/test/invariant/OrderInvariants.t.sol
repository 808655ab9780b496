// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StreamsFixture} from "../utils/StreamsFixture.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";
import {OrderHandler, IOrderWorld} from "./OrderHandler.sol";

/// @notice Invariants of the two-step order flow (issue 13): an order completes at most once, execution fees are
///         conserved, and no order is ever stuck.
contract OrderInvariantsTest is StreamsFixture, IOrderWorld {
    OrderHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory traders = new address[](4);
        for (uint256 i; i < 4; ++i) {
            traders[i] = makeAddr(string.concat("orderTrader", vm.toString(i)));
            _fund(traders[i], tsla, 200e18);
            tsla.mint(traders[i], 10e18);
            vm.prank(traders[i]);
            tsla.approve(address(router), type(uint256).max);
        }
        uint256[] memory markets = new uint256[](4);
        markets[0] = _id(address(tsla), BTC, true, 95_000e18);
        markets[1] = _id(address(tsla), BTC, false, 95_000e18);
        markets[2] = _id(address(tsla), BTC, true, 100_000e18);
        markets[3] = _id(address(tsla), BTC, false, 90_000e18);
        handler = new OrderHandler(router, tsla, this, traders, markets);
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------ the world the handler acts in

    function signedBtcReports(uint256 t, int256 moveBps) external view returns (bytes[] memory r) {
        r = new bytes[](2);
        r[0] = _report(btcId, int192(donValue[btcId] * int192(10_000 + moveBps) / 10_000), t);
        r[1] = _report(btcVolId, donValue[btcVolId], t);
    }

    function refreshPrices() external {
        _refreshFeeds();
    }

    // ------------------------------------------------------------------ invariants

    /// @notice Protects traders and settlers: no order fills or is cancelled twice, and a completed order leaves
    ///         no hash behind.
    function invariant_orderCompletesAtMostOnce() public view {
        uint256 count = router.orderCount();
        for (uint256 id = 1; id <= count; ++id) {
            assertLe(handler.completions(id), 1, "order completed twice");
            if (handler.completions(id) == 1) assertEq(router.orderHash(id), bytes32(0));
        }
    }

    /// @notice Protects every fee: what traders paid in is what the router holds for pending orders plus what
    ///         went to settlers and back to traders, to the wei.
    function invariant_executionFeesAreConserved() public view {
        uint256 held;
        uint256 n = handler.pendingCount();
        for (uint256 i; i < n; ++i) {
            held += handler.order(handler.pendingIds(i)).fee;
        }
        assertEq(tsla.balanceOf(address(router)), held, "router holds exactly the pending fees");
        assertEq(handler.feesIn(), held + handler.feesToSettlers() + handler.feesRefunded(), "fees conserved");
    }

    /// @notice Protects traders' funds from zombie orders: every pending order can still complete — settled (or
    ///         cancelled with a reason) with reports from its window while unexpired, cancelled by its trader after.
    function invariant_noOrderIsStuck() public {
        uint256 n = handler.pendingCount();
        for (uint256 i; i < n; ++i) {
            uint256 id = handler.pendingIds(i);
            OrderRouter.Order memory o = handler.order(id);
            uint256 snap = vm.snapshotState();
            if (block.timestamp <= o.expiresAt) {
                uint256 t = uint256(o.committedAt) + 2;
                if (t > block.timestamp) vm.warp(t);
                bytes[] memory reports = this.signedBtcReports(t, 0);
                OrderRouter.Order[] memory os = new OrderRouter.Order[](1);
                os[0] = o;
                assertEq(router.settle(_ids(id), os, reports), 1, "unexpired order could not be settled");
            } else {
                vm.prank(o.trader);
                router.cancel(id, o);
            }
            assertEq(router.orderHash(id), bytes32(0));
            vm.revertToState(snap);
        }
    }

    function afterInvariant() external view {
        // The run exercised both endings (guards against a handler that never reaches them).
        assertGt(handler.settledCount() + handler.cancelledCount(), 0, "nothing completed");
    }
}
