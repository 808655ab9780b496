// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StreamsFixture} from "../utils/StreamsFixture.sol";

/// @notice Gas of the two-step order paths (issue 13 budgets), each measured call its own transaction
///         (`--isolate`): committing, settling one order with the verification of its two reports, settling ten
///         orders that share their reports, and a liquidation that brings its own reports.
contract OrderGasTest is StreamsFixture {
    uint256 internal btcCall;
    uint256 internal btcItmCall;
    address internal dave = makeAddr("dave");
    uint256 internal single;
    uint256[] internal batch;
    bytes[] internal reports;
    bytes[] internal spotReports;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        btcItmCall = _id(address(tsla), BTC, true, 80_000e18);
        // A live market: bob already trades there.
        _fund(bob, tsla, 100e18);
        _fundFee(bob, tsla);
        _settleBtc(_commit(bob, btcCall, true, 0.1e18, type(uint256).max), keeper);
        // Dave: an account a BTC crash makes liquidatable.
        _fund(dave, tsla, 10e18);
        _fundFee(dave, tsla);
        _settleBtc(_commit(dave, btcItmCall, true, 0.15e18, type(uint256).max), keeper);
        // Alice: margin in place, fee allowance given, ready to commit.
        _fund(alice, tsla, 100e18);
        _fundFee(alice, tsla);
        // One pending order, and ten from ten accounts committed in the same second.
        address carol = makeAddr("carol");
        _fund(carol, tsla, 100e18);
        _fundFee(carol, tsla);
        single = _commit(carol, btcCall, true, 0.1e18, type(uint256).max);
        for (uint256 i; i < 10; ++i) {
            address trader = makeAddr(string.concat("batchTrader", vm.toString(i)));
            _fund(trader, tsla, 100e18);
            _fundFee(trader, tsla);
            batch.push(_commit(trader, btcCall, true, 0.01e18, type(uint256).max));
        }
        uint256 t = block.timestamp + 2;
        vm.warp(t);
        vm.roll(block.number + 1);
        bytes[] memory r = _btcReports(t);
        (reports.push(), reports.push()) = (r[0], r[1]);
    }

    function test_gas_orderCommit() public {
        vm.prank(alice);
        router.commit(btcCall, true, 0.1e18, type(uint256).max, block.timestamp + 60, FEE);
        _report("gas.orderCommit", 150_000);
    }

    function test_gas_orderSettle() public {
        vm.prank(keeper);
        router.settle(_ids(single), _orders(_ids(single)), reports);
        _report("gas.orderSettle", 400_000);
    }

    function test_gas_orderSettlePerOrderBatch10() public {
        vm.prank(keeper);
        router.settle(batch, _orders(batch), reports);
        uint256 perOrder = vm.lastCallGas().gasTotalUsed / 10;
        emit log_named_uint("gas.orderSettlePerOrderBatch10", perOrder);
        assertLe(perOrder, 150_000, "gas.orderSettlePerOrderBatch10");
    }

    function test_gas_liquidateWithReport() public {
        donValue[btcId] = 60_000e18;
        uint256 t = block.timestamp + 1;
        vm.warp(t);
        bytes[] memory r = _btcReports(t); // dave holds BTC options only: BTC spot and σ
        vm.prank(keeper);
        router.liquidate(dave, address(tsla), r);
        _report("gas.liquidateWithReport", 0);
    }

    function _report(string memory name, uint256 budget) internal {
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint(name, used);
        if (budget != 0) assertLe(used, budget, name);
    }
}
