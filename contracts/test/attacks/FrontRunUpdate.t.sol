// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {StreamsFixture} from "../utils/StreamsFixture.sol";
import {Market} from "../../src/core/EngineTypes.sol";

/// @notice Issue 13: a trader who knows the next BTC price or σ update before it lands buys just before it and
///         sells just after. Each case runs twice on the same world: "direct" is the first version's one-step
///         trading (no order router: trades fill at the newest stored price in the same block), "orders" is
///         the two-step flow, where an order fills at reports observed at least `minDelay` after its
///         commitment. The attacker here even sees the update's report one second before the chain's clock
///         reaches it, settles its own orders (the execution fee comes back) and spreads the trade over one
///         account per market (one pending order per account).
contract FrontRunUpdateTest is StreamsFixture {
    struct Leg {
        uint256 marketId;
        uint256 size;
    }

    function test_frontRun_btcPlusOnePercent_on80k85k90kCalls() public {
        Leg[] memory legs = _calls80to90(3e18);
        (int256 direct, int256 orders) = _both(legs, btcId, 10_100);
        _log("BTC +1% | 3 BTC each of the 80k/85k/90k calls", direct, orders);
        assertGt(direct, 0, "direct trading paid the front-runner");
        assertLt(orders, 0, "two-step orders lose after fees");
    }

    function test_frontRun_btcPlusHalfPercent_on80k85k90kCalls() public {
        Leg[] memory legs = _calls80to90(3e18);
        (int256 direct, int256 orders) = _both(legs, btcId, 10_050);
        _log("BTC +0.5% | 3 BTC each of the 80k/85k/90k calls", direct, orders);
        assertGt(direct, 0);
        assertLt(orders, 0);
    }

    function test_frontRun_sigmaPlusTenPercent_onAtmStraddle() public {
        (int256 direct, int256 orders) = _both(_straddle(2e18), btcVolId, 11_000);
        _log("BTC sigma +10% | 2 + 2 BTC ATM straddle", direct, orders);
        assertLt(orders, 0);
        assertGt(direct, orders);
    }

    function test_frontRun_sigmaPlusTwentyPercent_onAtmStraddle() public {
        (int256 direct, int256 orders) = _both(_straddle(2e18), btcVolId, 12_000);
        _log("BTC sigma +20% | 2 + 2 BTC ATM straddle", direct, orders);
        assertGt(direct, 0);
        assertLt(orders, 0);
    }

    function test_frontRun_sigmaPlusTwentyPercent_acrossEveryBtcMarket() public {
        Leg[] memory legs = _everyBtcMarket(0.25e18);
        (int256 direct, int256 orders) = _both(legs, btcVolId, 12_000);
        _log("BTC sigma +20% | 0.25 BTC in every BTC market, one account each", direct, orders);
        assertGt(direct, 0);
        assertLt(orders, 0);
    }

    /// @dev Fuzzed update size and timing of the attacker's commitment relative to the update's observation.
    function testFuzz_frontRun_anyPriceJumpUpToFivePercentLosesWithOrders(uint256 upBps, uint256 earlySeconds) public {
        upBps = bound(upBps, 10, 500);
        earlySeconds = bound(earlySeconds, 0, 1); // the chain may lag the DON by less than minDelay (2 s)
        int256 pnl = _attackWithOrders(_calls80to90(1e18), btcId, 10_000 + upBps, earlySeconds);
        assertLt(pnl, 0);
    }

    // ------------------------------------------------------------------ the two runs

    function _both(Leg[] memory legs, bytes32 feed, uint256 factorBps) internal returns (int256 direct, int256 orders) {
        uint256 snap = vm.snapshotState();
        direct = _attackDirect(legs, feed, factorBps);
        vm.revertToState(snap);
        orders = _attackWithOrders(legs, feed, factorBps, 1);
    }

    /// @dev First version: buy at the stored price, the update lands, sell in the next block.
    function _attackDirect(Leg[] memory legs, bytes32 feed, uint256 factorBps) internal returns (int256 pnlUsd) {
        admin.setOrderRouter(address(0));
        address[] memory attackers = _attackers(legs.length);
        uint256 before = _wealth(attackers);
        for (uint256 i; i < legs.length; ++i) {
            _open(attackers[i], legs[i].marketId, legs[i].size);
        }
        donValue[feed] = int192(int256(uint256(int256(donValue[feed])) * factorBps / 10_000));
        vm.warp(block.timestamp + 1);
        _publishAll();
        for (uint256 i; i < legs.length; ++i) {
            _close(attackers[i], legs[i].marketId, legs[i].size);
        }
        pnlUsd = _usd(int256(_wealth(attackers)) - int256(before));
    }

    /// @dev Two-step orders: the attacker commits `earlySeconds` before the update's observation time, settles
    ///      its own orders with the first reports it may use, and closes the same way.
    function _attackWithOrders(Leg[] memory legs, bytes32 feed, uint256 factorBps, uint256 earlySeconds)
        internal
        returns (int256 pnlUsd)
    {
        address[] memory attackers = _attackers(legs.length);
        uint256 before = _wealth(attackers);
        uint256[] memory ids = new uint256[](legs.length);
        for (uint256 i; i < legs.length; ++i) {
            ids[i] = _commit(attackers[i], legs[i].marketId, true, legs[i].size, type(uint256).max);
        }
        // The update is observed `earlySeconds` after the commitments; every later report carries it.
        donValue[feed] = int192(int256(uint256(int256(donValue[feed])) * factorBps / 10_000));
        _settleOwn(attackers[0], ids, block.timestamp + 2);
        for (uint256 i; i < legs.length; ++i) {
            ids[i] = _commit(attackers[i], legs[i].marketId, false, legs[i].size, 0);
        }
        _settleOwn(attackers[0], ids, block.timestamp + 2);
        for (uint256 i; i < legs.length; ++i) {
            assertEq(admin.position(attackers[i], legs[i].marketId).size, 0);
        }
        pnlUsd = _usd(int256(_wealth(attackers)) - int256(before));
        earlySeconds; // the window starts 2 s after the commitment: 0 or 1 s early changes nothing it can use
    }

    function _settleOwn(address settler, uint256[] memory ids, uint256 t) internal {
        vm.warp(t);
        vm.roll(block.number + 1);
        bytes[] memory reports = _btcReports(t);
        vm.prank(settler);
        assertEq(router.settle(ids, _orders(ids), reports), ids.length);
    }

    // ------------------------------------------------------------------ legs and accounts

    function _calls80to90(uint256 size) internal view returns (Leg[] memory legs) {
        legs = new Leg[](3);
        for (uint256 i; i < 3; ++i) {
            legs[i] = Leg(_id(address(tsla), BTC, true, 80_000e18 + i * 5_000e18), size);
        }
    }

    function _straddle(uint256 size) internal view returns (Leg[] memory legs) {
        legs = new Leg[](2);
        legs[0] = Leg(_id(address(tsla), BTC, true, 95_000e18), size);
        legs[1] = Leg(_id(address(tsla), BTC, false, 95_000e18), size);
    }

    function _everyBtcMarket(uint256 size) internal view returns (Leg[] memory legs) {
        uint256 count = admin.marketCount();
        uint256 n;
        for (uint256 id = 1; id <= count; ++id) {
            if (_isTslaBtc(id)) ++n;
        }
        legs = new Leg[](n);
        uint256 j;
        for (uint256 id = 1; id <= count; ++id) {
            if (_isTslaBtc(id)) legs[j++] = Leg(id, size);
        }
    }

    function _isTslaBtc(uint256 id) internal view returns (bool) {
        Market memory m = admin.market(id);
        return m.token == address(tsla) && m.underlying == BTC;
    }

    function _attackers(uint256 n) internal returns (address[] memory a) {
        a = new address[](n);
        for (uint256 i; i < n; ++i) {
            a[i] = makeAddr(string.concat("frontRunner", vm.toString(i)));
            if (_collateral(a[i], address(tsla)) == 0) {
                _fund(a[i], tsla, 1_000e18);
                _fundFee(a[i], tsla);
            }
        }
    }

    /// @dev Margin plus wallet: everything the attackers hold in TSLA.M (execution fees included).
    function _wealth(address[] memory a) internal view returns (uint256 total) {
        for (uint256 i; i < a.length; ++i) {
            total += _collateral(a[i], address(tsla)) + tsla.balanceOf(a[i]);
        }
    }

    function _usd(int256 tslaAmount) internal view returns (int256) {
        return tslaAmount * int256(world.oracleHub.refPrice(address(tsla))) / 1e18;
    }

    function _log(string memory name, int256 direct, int256 orders) internal pure {
        console2.log(name);
        console2.log("  direct (first version), USD:", direct);
        console2.log("  two-step orders, USD:       ", orders);
    }
}
