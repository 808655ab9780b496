// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";

/// @notice A trade costs the same whether 1 or 1,000 other accounts are open: the engine keeps per-market
///         aggregates and never loops over traders. Run with `--isolate` (npm test does, through `forge snapshot
///         --isolate`): each call is then its own transaction, so both measurements start from cold storage.
///         Both sides measure the same trade by a fresh trader.
contract OpenScalingTest is ProtocolFixture {
    uint256 internal constant OTHERS = 1_000;
    uint256 internal btcCall;
    address internal trader = makeAddr("measured trader");

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        _fund(bob, tsla, 100e18);
        _open(bob, btcCall, 0.01e18); // the market is live in both cases
        _fund(trader, tsla, 100e18);
    }

    function _measureOpen() internal returns (uint256) {
        vm.prank(trader);
        engine.trade(trader, btcCall, int256(0.01e18), type(uint256).max);
        return vm.lastCallGas().gasTotalUsed;
    }

    function test_openGasWithThousandAccountsWithinTwoPercent() public {
        uint256 snapshot = vm.snapshotState();
        uint256 alone = _measureOpen();
        vm.revertToState(snapshot);

        for (uint256 i; i < OTHERS; ++i) {
            address other = address(uint160(0x10000 + i));
            _fund(other, tsla, 10e18);
            _open(other, btcCall, 0.001e18);
        }
        assertEq(admin.market(btcCall).longOpenInterest, 0.01e18 + OTHERS * 0.001e18);
        uint256 crowded = _measureOpen();

        emit log_named_uint("gas.openAlone", alone);
        emit log_named_uint("gas.openWith1000Accounts", crowded);
        emit log_named_uint("gas.openScalingRatioBps", crowded * 10_000 / alone);
        assertLe(crowded * 100, alone * 102, "within 2%");
        assertGe(crowded * 100, alone * 98, "within 2%");
    }
}
