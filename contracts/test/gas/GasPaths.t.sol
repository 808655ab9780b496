// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";

/// @notice Gas of each user path, one measured call per test, with budgets from the protocol issue.
///         Run with `--isolate` (as `npm run gas` and CI do) so each call is its own transaction: cold storage
///         and the 21k base cost included, like on chain. Each test logs `gas.<path>` for the benchmark.
contract GasPathsTest is ProtocolFixture {
    uint256 internal btcCall;
    uint256 internal btcItmCall;
    MainVault internal nvdaMain;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        btcItmCall = _id(address(tsla), BTC, true, 80_000e18);
        nvdaMain = world.stocks[1].mainVault;
        // Warm up the markets the way a live chain is: others already trade there.
        _fund(bob, tsla, 100e18);
        _open(bob, btcCall, 0.1e18);
        // Alice: margin in place, tokens approved for a second deposit.
        _fund(alice, tsla, 100e18);
        tsla.mint(alice, 10e18);
        vm.prank(alice);
        tsla.approve(address(engine), type(uint256).max);
        // Carol: an open position to close; Dave: an account a crash makes liquidatable.
        _fund(carol, tsla, 100e18);
        _open(carol, btcCall, 0.1e18);
        _fund(dave, tsla, 10e18);
        _open(dave, btcItmCall, 0.15e18);
        // Erin: TSLA.M to deposit into the TSLA.M main vault, whose book is open (its NAV values the short book,
        // one pricing per market with open interest); Frank: NVDA.M vault shares to withdraw.
        tsla.mint(erin, 100e18);
        vm.prank(erin);
        tsla.approve(address(tslaMain), type(uint256).max);
        nvda.mint(frank, 100e18);
        vm.startPrank(frank);
        nvda.approve(address(nvdaMain), type(uint256).max);
        nvdaMain.deposit(100e18, frank);
        vm.stopPrank();
        vm.warp(block.timestamp + 1);
        _refreshFeeds();
    }

    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");
    address internal erin = makeAddr("erin");
    address internal frank = makeAddr("frank");

    /// @dev `budget` 0: measured and reported, no budget set by the issue.
    function _report(string memory name, uint256 budget) internal {
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint(name, used);
        if (budget != 0) assertLe(used, budget, name);
    }

    function test_gas_marginDeposit() public {
        vm.prank(alice);
        admin.deposit(address(tsla), 10e18);
        _report("gas.marginDeposit", 80_000);
    }

    function test_gas_open() public {
        // The engine step of a settled order: quote + 1% slippage, as the app commits it.
        uint256 maxPrice = admin.quote(btcCall, 0.1e18, true).price * 101 / 100;
        vm.prank(alice);
        engine.trade(alice, btcCall, int256(0.1e18), maxPrice);
        _report("gas.open", 225_000); // 200k before issue 12: docs/decisions/006
    }

    function test_gas_close() public {
        uint256 minPrice = admin.quote(btcCall, 0.1e18, false).price * 99 / 100;
        vm.prank(carol);
        engine.trade(carol, btcCall, -int256(0.1e18), minPrice);
        _report("gas.close", 200_000);
    }

    /// @notice Issue 15: writing an option (a new short) costs no more than 250k.
    function test_gas_openShort() public {
        uint256 minPrice = admin.quote(btcCall, 0.1e18, false).price * 99 / 100;
        vm.prank(alice);
        engine.trade(alice, btcCall, -int256(0.1e18), minPrice);
        _report("gas.openShort", 250_000);
    }

    /// @notice Issue 15: an account touch with 8 positions (calls and puts, long and short, BTC and ETH: two offset
    ///         groups) — the 8th open, in a live market: its own market's funding settled, the other 7 legs valued
    ///         with theirs unsettled, the whole portfolio margined. The issue's target, 1.5 × gas.open, is not met;
    ///         the budget guards the measured cost (docs/decisions/015 has the breakdown).
    function test_gas_openWith8PositionsPortfolio() public {
        address gina = makeAddr("gina");
        _fund(gina, tsla, 400e18);
        uint256[7] memory ids = [
            _id(address(tsla), BTC, true, 95_000e18),
            _id(address(tsla), BTC, true, 100_000e18),
            _id(address(tsla), BTC, false, 95_000e18),
            _id(address(tsla), BTC, false, 90_000e18),
            _id(address(tsla), ETH, true, 3_250e18),
            _id(address(tsla), ETH, false, 3_250e18),
            _id(address(tsla), ETH, true, 3_500e18)
        ];
        int8[7] memory sides = [int8(1), -1, -1, 1, 1, 1, -1];
        for (uint256 i; i < 7; ++i) {
            vm.prank(gina);
            engine.trade(gina, ids[i], sides[i] * int256(0.01e18), sides[i] > 0 ? type(uint256).max : 0);
        }
        // The 8th market is live, as gas.open's is: another trader holds a position there.
        uint256 eighth = _id(address(tsla), ETH, false, 3_000e18);
        _open(bob, eighth, 0.01e18);
        vm.warp(block.timestamp + 1);
        _refreshFeeds();
        vm.prank(gina);
        engine.trade(gina, eighth, int256(0.01e18), type(uint256).max);
        _report("gas.openWith8PositionsPortfolio", 500_000); // a guard, not issue 15's 1.5x: docs/decisions/015
    }

    function test_gas_liquidate() public {
        _setBtc(70_000e18);
        vm.prank(keeper);
        admin.liquidate(dave, address(tsla), keeper);
        _report("gas.liquidate", 250_000);
    }

    function test_gas_vaultDeposit() public {
        vm.prank(erin);
        tslaMain.deposit(50e18, erin);
        _report("gas.vaultDeposit", 285_000); // 250k before issue 12: docs/decisions/006
    }

    function test_gas_withdrawRequest() public {
        uint256 shares = nvdaMain.balanceOf(frank);
        vm.prank(frank);
        nvdaMain.requestWithdrawal(shares);
        _report("gas.withdrawRequest", 0);
    }

    function test_gas_withdrawExecute() public {
        uint256 shares = nvdaMain.balanceOf(frank);
        vm.prank(frank);
        nvdaMain.requestWithdrawal(shares);
        _advance(61, 61);
        nvdaMain.executeWithdrawal(frank);
        _report("gas.withdrawExecute", 0);
    }
}
