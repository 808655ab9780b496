// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";

/// @notice What the handler needs from the invariant test (which owns the DON keys and the fixture).
interface IOrderWorld {
    function signedBtcReports(uint256 t, int256 moveBps) external view returns (bytes[] memory);
    function refreshPrices() external;
}

/// @notice Drives the order lifecycle at random: commits (opens and closes, some with tight price bounds), settles
///         with reports from inside, before or after each order's window, by anyone, in batches; cancels, early
///         or late; time passes. Ghost ledgers record every fee and every completion for the invariants.
contract OrderHandler is Test {
    OrderRouter internal immutable router;
    StockToken internal immutable token;
    IOrderWorld internal immutable world;
    address[] internal traders;
    uint256[] internal markets;

    uint256[] public pendingIds;
    mapping(uint256 orderId => OrderRouter.Order) internal placed;
    mapping(uint256 orderId => uint256) public completions; // settled or cancelled events seen
    uint256 public feesIn;
    uint256 public feesToSettlers;
    uint256 public feesRefunded;
    uint256 public settledCount;
    uint256 public cancelledCount;

    constructor(
        OrderRouter router_,
        StockToken token_,
        IOrderWorld world_,
        address[] memory traders_,
        uint256[] memory markets_
    ) {
        (router, token, world, traders, markets) = (router_, token_, world_, traders_, markets_);
    }

    function pendingCount() external view returns (uint256) {
        return pendingIds.length;
    }

    function order(uint256 id) external view returns (OrderRouter.Order memory) {
        return placed[id];
    }

    function commit(uint256 traderSeed, uint256 marketSeed, uint256 sizeSeed, bool tight, uint256 lifeSeed) external {
        address trader = traders[traderSeed % traders.length];
        if (router.pendingOrderOf(trader, address(token)) != 0) return;
        uint256 marketId = markets[marketSeed % markets.length];
        bool isBuy = sizeSeed % 3 != 0;
        uint256 size = 0.001e18 + sizeSeed % 0.2e18;
        uint256 acceptable = tight ? (isBuy ? 1e18 : type(uint128).max) : (isBuy ? type(uint128).max : 0);
        (uint32 minDelay, uint32 window, uint32 lifetime,,) = router.params();
        uint256 expiresAt = block.timestamp + minDelay + window + lifeSeed % (lifetime - minDelay - window);
        uint256 fee = router.minExecutionFee(address(token)) + sizeSeed % 1e15;
        vm.recordLogs();
        vm.prank(trader);
        uint256 id = router.commit(marketId, isBuy, size, acceptable, expiresAt, fee);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == OrderRouter.OrderCommitted.selector) {
                placed[id] = abi.decode(logs[i].data, (OrderRouter.Order));
            }
        }
        feesIn += fee;
        pendingIds.push(id);
    }

    /// @dev Settles up to three pending orders with reports observed `offset` seconds after the first one's
    ///      commitment (inside its window or not), BTC moved by up to ±3 %, as a random settler.
    function settle(uint256 pickSeed, uint256 offsetSeed, int256 moveSeed, uint256 settlerSeed) external {
        uint256 n = pendingIds.length;
        if (n == 0) return;
        uint256 k = 1 + pickSeed % (n < 3 ? n : 3);
        uint256[] memory ids = new uint256[](k);
        OrderRouter.Order[] memory os = new OrderRouter.Order[](k);
        for (uint256 i; i < k; ++i) {
            ids[i] = pendingIds[(pickSeed / 7 + i) % n];
            os[i] = placed[ids[i]];
        }
        uint256 t = uint256(os[0].committedAt) + offsetSeed % 10; // window is [2, 7] after commitment
        if (t > block.timestamp) vm.warp(t);
        bytes[] memory reports = world.signedBtcReports(t, moveSeed % 300);
        address settler = address(uint160(0x5e77 + settlerSeed % 3));
        uint256 before = token.balanceOf(settler);
        vm.recordLogs();
        vm.prank(settler);
        try router.settle(ids, os, reports) {} catch {}
        _record(vm.getRecordedLogs());
        feesToSettlers += token.balanceOf(settler) - before;
    }

    function cancel(uint256 pickSeed, uint256 waitSeed) external {
        uint256 n = pendingIds.length;
        if (n == 0) return;
        uint256 id = pendingIds[pickSeed % n];
        OrderRouter.Order memory o = placed[id];
        if (waitSeed % 2 == 0 && block.timestamp <= o.expiresAt) vm.warp(uint256(o.expiresAt) + 1);
        uint256 before = token.balanceOf(o.trader);
        vm.recordLogs();
        vm.prank(o.trader);
        try router.cancel(id, o) {} catch {}
        _record(vm.getRecordedLogs());
        feesRefunded += token.balanceOf(o.trader) - before;
    }

    function wait(uint256 secondsSeed) external {
        vm.warp(block.timestamp + secondsSeed % 90);
        vm.roll(block.number + 1);
        world.refreshPrices();
    }

    function _record(Vm.Log[] memory logs) internal {
        for (uint256 i; i < logs.length; ++i) {
            bytes32 topic = logs[i].topics[0];
            if (topic != OrderRouter.OrderSettled.selector && topic != OrderRouter.OrderCancelled.selector) continue;
            uint256 id = uint256(logs[i].topics[1]);
            completions[id] += 1;
            if (topic == OrderRouter.OrderSettled.selector) settledCount++;
            else cancelledCount++;
            _removePending(id);
        }
    }

    function _removePending(uint256 id) internal {
        uint256 n = pendingIds.length;
        for (uint256 i; i < n; ++i) {
            if (pendingIds[i] == id) {
                pendingIds[i] = pendingIds[n - 1];
                pendingIds.pop();
                return;
            }
        }
    }
}
