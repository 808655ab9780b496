// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {ILivestock} from "../../src/interfaces/ILivestock.sol";
import {Market, Position, RiskParams, LiquidationParams} from "../../src/core/EngineTypes.sol";

/// @notice One type reaches both halves of the engine: every call here goes through `ILivestock(address(engine))`,
///         whether LivestockEngine answers it itself or its fallback delegates it to EngineExtension.
/// @dev The selector sets themselves (interface = engine ∪ extension, overlap = inherited code only) and the storage
///      layouts are compared in lib/engineInterface.test.ts from `forge inspect`.
contract EngineInterfaceTest is ProtocolFixture {
    ILivestock internal livestock;
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        livestock = ILivestock(address(engine));
        btcCall = livestock.marketIdByKey(keccak256(abi.encode(address(tsla), BTC, true, uint256(95_000e18))));
        require(btcCall != 0, "market not listed");
    }

    function test_viewsOfBothHalvesAndTheSharedGetters() public view {
        // LivestockEngine's own code.
        assertEq(livestock.extension(), address(world.extension));
        assertEq(livestock.bookValue(address(tsla)), 0); // no open interest yet: the book is flat
        assertEq(livestock.lockedValue(address(tsla)), 0);
        // EngineExtension's code, through the fallback.
        assertGe(livestock.marketCount(), btcCall);
        Market memory m = livestock.market(btcCall);
        assertEq(m.token, address(tsla));
        assertTrue(m.isCall);
        assertEq(m.strike, 95_000e18);
        assertEq(livestock.utilization(address(tsla)), 0);
        // EngineBase getters and Ownable2Step, answered by the engine itself.
        assertEq(address(livestock.oracleHub()), address(world.oracleHub));
        assertEq(livestock.owner(), world.owner);
        assertEq(livestock.pendingOwner(), address(0));
        (bool listed,,,, address mainVault,,) = livestock.tokenConfig(address(tsla));
        assertTrue(listed);
        assertEq(mainVault, address(tslaMain));
        (uint128 strikeStep,,) = livestock.underlyingParams(BTC);
        assertEq(strikeStep, 5_000e18);
        assertFalse(livestock.paused());
    }

    function test_riskParamsAndAGovernanceSetterAsOwner() public {
        RiskParams memory r = livestock.getRiskParams();
        assertEq(r.fundingPeriod, 7 days);
        assertEq(r.maxPositions, 8);

        LiquidationParams memory p =
            LiquidationParams({rewardBaseUsd: 6e18, rewardCapUsd: 400e18, rewardShareBps: 1500});
        vm.expectRevert(abi.encodeWithSelector(ILivestock.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        livestock.setLiquidationParams(p);

        vm.expectEmit(address(engine));
        emit ILivestock.LiquidationParamsSet(p);
        vm.prank(world.owner);
        livestock.setLiquidationParams(p);
        (uint128 base, uint128 cap, uint16 share) = livestock.liquidationParams();
        assertEq(base, 6e18);
        assertEq(cap, 400e18);
        assertEq(share, 1500);
    }

    function test_tradeQuoteAndHealthThroughOneType() public {
        tsla.mint(alice, 100e18);
        vm.startPrank(alice);
        tsla.approve(address(livestock), 100e18);
        livestock.deposit(address(tsla), 100e18);
        assertEq(livestock.account(alice, address(tsla)).collateral, 100e18);

        EngineBase.Quote memory q = livestock.quote(btcCall, 0.1e18, true);
        assertGe(q.price, q.theo);
        assertGt(q.delta, 0);
        livestock.trade(alice, btcCall, int256(0.1e18), q.price + q.price / 100);
        vm.stopPrank();

        Position memory pos = livestock.position(alice, btcCall);
        assertEq(pos.size, 0.1e18);
        assertApproxEqAbs(pos.entryPrice, q.price, 1e9); // stored in nano-USD, rounded up
        uint256[] memory ids = livestock.positionIds(alice, address(tsla));
        assertEq(ids.length, 1);
        assertEq(ids[0], btcCall);
        assertGt(livestock.pendingMain(address(tsla)), 0, "the fee went 70% to the main vault");

        EngineBase.Health memory h = livestock.accountHealth(alice, address(tsla));
        assertGe(h.equityInitial, int256(h.initialMargin));
        assertGt(h.maintenanceMargin, 0);
        assertGt(livestock.lockedValue(address(tsla)), 0);
        assertGt(livestock.utilization(address(tsla)), 0);
    }
}
