// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {AccountLens} from "../../src/core/AccountLens.sol";

/// @notice Liquidation, the insurance waterfall, margin withdrawals and the account view.
contract LiquidationTest is ProtocolFixture {
    AccountLens internal lens;
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        lens = new AccountLens();
        btcCall = _id(address(tsla), BTC, true, 80_000e18);
    }

    /// @dev A long option loses at most its premium, and an at-the-money premium is fully margined
    ///      (IM = min(mark, 10% · S)), so only a deep in-the-money call carries leverage: IM is 10% of spot
    ///      while the price moves almost one for one with BTC. Alice buys about what 10 TSLA.M allow.
    function _leveragedCall() internal returns (uint256 size) {
        _fund(alice, tsla, 10e18);
        size = 0.15e18;
        _open(alice, btcCall, size);
    }

    function test_healthyAccountIsNotLiquidatable() public {
        _leveragedCall();
        EngineBase.Health memory h = _health(alice, address(tsla));
        vm.prank(keeper);
        vm.expectRevert(
            abi.encodeWithSelector(IEngineErrors.NotLiquidatable.selector, h.equityMaintenance, h.maintenanceMargin)
        );
        admin.liquidate(alice, address(tsla), keeper);
    }

    function test_crashLiquidatesAtTheoAndPaysABoundedReward() public {
        _leveragedCall();
        AccountLens.AccountView memory v = lens.accountView(address(engine), alice, address(tsla));
        uint256 liqPrice = v.positions[0].liquidationPriceDown;
        assertGt(liqPrice, 0);
        assertLt(liqPrice, 95_000e18);
        _setBtc(liqPrice + 200e18);
        assertFalse(lens.accountView(address(engine), alice, address(tsla)).liquidatable, "just above: safe");
        _setBtc(liqPrice - 200e18);
        assertTrue(lens.accountView(address(engine), alice, address(tsla)).liquidatable, "just below: liquidatable");

        uint256 marginBefore = _collateral(alice, address(tsla));
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        assertEq(admin.position(alice, btcCall).size, 0);
        assertEq(admin.market(btcCall).longOpenInterest, 0);
        uint256 reward = tsla.balanceOf(keeper);
        assertGt(reward, 0);
        assertLe(reward * 430, 500e18 * 1e18 / 1e18, "reward at most $500");
        uint256 left = _collateral(alice, address(tsla));
        assertGt(left, 0, "what remains stays the trader's");
        assertLt(left + reward, marginBefore);
    }

    function test_badDebtIsPaidByInsuranceFirst() public {
        _leveragedCall();
        _setBtc(60_000e18); // the call loses almost all its value
        tslaFeed.updateAnswer(200e8); // and the margin token halves: losses exceed the margin
        uint256 insuranceBefore = tsla.balanceOf(address(tslaInsurance));
        uint256 mainBefore = tsla.balanceOf(address(tslaMain));
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        uint256 debt = engine.badDebt(address(tsla));
        assertGt(debt, 0);
        assertEq(insuranceBefore - tsla.balanceOf(address(tslaInsurance)), debt, "insurance paid it all");
        assertEq(tsla.balanceOf(address(tslaMain)) - mainBefore, debt, "to the main vault");
        assertEq(_collateral(alice, address(tsla)), 0);
        assertEq(tsla.balanceOf(keeper), 0, "nothing left to reward");
    }

    function test_liquidationIgnoresPauseAndClosedMarket() public {
        _leveragedCall();
        admin.setPaused(true);
        tslaFeed.setMarketStatus(1);
        _setBtc(80_000e18);
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
        assertEq(admin.positionIds(alice, address(tsla)).length, 0);
    }

    function test_unpaidFundingCountsBeforeTheCheck() public {
        _leveragedCall();
        EngineBase.Health memory before = _health(alice, address(tsla));
        vm.warp(block.timestamp + 100); // no price move, only funding
        _setBtc(95_000e18);
        EngineBase.Health memory later = _health(alice, address(tsla));
        assertGt(later.unpaidFunding, before.unpaidFunding);
        assertLt(later.equityMaintenance, before.equityMaintenance);
    }

    function test_withdrawRespectsInitialMargin() public {
        _leveragedCall();
        uint256 all = _collateral(alice, address(tsla));
        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        admin.withdraw(address(tsla), all);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.WithdrawExceedsCollateral.selector, all + 1, all));
        admin.withdraw(address(tsla), all + 1);
        vm.prank(alice);
        vm.expectRevert(IEngineErrors.ZeroAmount.selector);
        admin.withdraw(address(tsla), 0);
    }

    function test_withdrawWithoutPositionsNeedsNoPrice() public {
        _fund(alice, tsla, 5e18);
        vm.warp(block.timestamp + 1 days); // every feed stale
        vm.prank(alice);
        admin.withdraw(address(tsla), 5e18);
        assertEq(tsla.balanceOf(alice), 5e18);
    }

    function test_depositRejectsZeroAndUnknownToken() public {
        vm.startPrank(alice);
        vm.expectRevert(IEngineErrors.ZeroAmount.selector);
        admin.deposit(address(tsla), 0);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UnknownToken.selector, address(usdc)));
        admin.deposit(address(usdc), 1);
        vm.stopPrank();
    }

    function test_depositWithPermit() public {
        (address signer, uint256 key) = makeAddrAndKey("permit-signer");
        tsla.mint(signer, 3e18);
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                tsla.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                        signer,
                        address(engine),
                        3e18,
                        0,
                        block.timestamp
                    )
                )
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        vm.prank(signer);
        admin.depositWithPermit(address(tsla), 3e18, block.timestamp, v, r, s);
        assertEq(_collateral(signer, address(tsla)), 3e18);
    }

    function test_marketClosedCutsWeights() public {
        _fund(alice, tsla, 10e18);
        EngineBase.Health memory open = _health(alice, address(tsla));
        tslaFeed.setMarketStatus(1);
        EngineBase.Health memory closed = _health(alice, address(tsla));
        // 35% → 25% initial weight: equity × 25/35.
        assertApproxEqRel(uint256(closed.equityInitial), uint256(open.equityInitial) * 25 / 35, 1e12);
    }

    function test_lensShowsPositionsAndRatio() public {
        _leveragedCall();
        AccountLens.AccountView memory v = lens.accountView(address(engine), alice, address(tsla));
        assertEq(v.positions.length, 1);
        assertEq(v.positions[0].marketId, btcCall);
        assertEq(v.positions[0].size, 0.15e18);
        assertGt(v.marginRatioWad, 0);
        assertLt(v.marginRatioWad, 1e18);
        assertFalse(v.liquidatable);
    }

    /// @dev The view must value unpaid funding as the engine will settle it (paid out of the collateral, so it
    ///      costs w · funding of weighted equity): otherwise the app could call an account liquidatable that the
    ///      engine refuses to liquidate.
    function test_accountViewValuesUnpaidFundingAsTheEngineSettlesIt() public {
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.15e18);
        _advance(2 days, 1 hours);
        EngineBase.Health memory viewed = _health(alice, address(tsla));
        assertGt(viewed.unpaidFunding, 5e18, "two days of funding on a deep in-the-money call");
        AccountLens.AccountView memory lensed = lens.accountView(address(engine), alice, address(tsla));
        assertEq(lensed.positions[0].unpaidFundingUsd, viewed.unpaidFunding, "the lens's position row agrees");

        vm.recordLogs();
        vm.prank(alice);
        admin.withdraw(address(tsla), 1); // any touch settles the funding
        assertEq(_fundingSettledUsd(), viewed.unpaidFunding, "the engine charged exactly what the view showed");
        EngineBase.Health memory settled = _health(alice, address(tsla));
        assertEq(settled.unpaidFunding, 0, "settled: nothing left owing in the same second");
        assertApproxEqAbs(settled.equityMaintenance, viewed.equityMaintenance, 1e12, "maintenance equity");
        assertApproxEqAbs(settled.equityInitial, viewed.equityInitial, 1e12, "initial equity");
    }

    function _fundingSettledUsd() internal returns (uint256 usd) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == EngineBase.FundingSettled.selector) (usd,) = abi.decode(logs[i].data, (uint256, uint256));
        }
    }
}
