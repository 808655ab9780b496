// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {PegOracle} from "../../src/oracles/PegOracle.sol";
import {IUniswapV2Pair} from "../../src/interfaces/IUniswapV2.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";

contract PegOracleTest is Fixture {
    function _twap(address stock) internal view returns (uint256 price, uint256 span) {
        return world.pegOracle.twap(stock);
    }

    function test_pairsAreUniswapBytecodeSeededAtReferencePrice() public view {
        assertEq(world.factory.getPair(address(tsla), address(usdc)), address(tslaPair));
        (uint112 r0, uint112 r1,) = tslaPair.getReserves();
        (uint256 stockReserve, uint256 usdcReserve) = tslaPair.token0() == address(tsla) ? (r0, r1) : (r1, r0);
        assertEq(usdcReserve, 2_000_000e6);
        assertApproxEqRel(usdcReserve * 1e12 * 1e18 / stockReserve, 430e18, 1e12);
    }

    /// @dev A pair without liquidity has no price: registering it fails instead of storing a zero observation.
    function test_registerRejectsAnEmptyPair() public {
        StockToken meta = new StockToken("Meta xStock", "METAx", 18, address(this));
        address pair = world.factory.createPair(address(meta), address(usdc));
        vm.expectRevert(abi.encodeWithSelector(PegOracle.EmptyReserves.selector, pair));
        world.pegOracle.registerPair(address(meta), IUniswapV2Pair(pair), address(usdc));
    }

    function test_noTwapInTheRegistrationBlock() public view {
        (uint256 price, uint256 span) = _twap(address(tsla));
        assertEq(price, 0);
        assertEq(span, 0);
    }

    function test_twapEqualsSteadyPrice() public {
        _advance(40 minutes, 60);
        (uint256 price, uint256 span) = _twap(address(tsla));
        assertApproxEqRel(price, 430e18, 1e12);
        assertGe(span, 30 minutes);
        assertLt(span, 40 minutes);
    }

    /// @notice AMZNX pin: a 100× spot pump inside one block leaves the TWAP exactly where it was.
    function test_pumpInSameBlockLeavesTwapUnchanged() public {
        _advance(40 minutes, 60);
        (uint256 before,) = _twap(address(amzn));
        (uint112 r0, uint112 r1,) = amznPair.getReserves();
        uint256 usdcReserve = amznPair.token0() == address(amzn) ? r1 : r0;
        // Constant product: spot ×100 needs the USDC reserve ×10, i.e. 9× the reserve bought in (plus fee).
        _buyStock(amznPair, amzn, usdcReserve * 9 * 1000 / 997, address(0xBEEF));
        (r0, r1,) = amznPair.getReserves();
        (uint256 sr, uint256 ur) = amznPair.token0() == address(amzn) ? (r0, r1) : (r1, r0);
        uint256 spot = ur * 1e30 / sr;
        assertApproxEqRel(spot, 100 * 230e18, 0.01e18, "spot pumped 100x");
        (uint256 afterPump,) = _twap(address(amzn));
        assertEq(afterPump, before, "TWAP unchanged in the pump block");
    }

    function test_pumpHeldOneMinuteMovesTwapByItsTimeShare() public {
        _advance(40 minutes, 60);
        (uint256 before, uint256 span) = _twap(address(amzn));
        _scaleDexPrice(amznPair, amzn, 100e18);
        vm.warp(block.timestamp + 60);
        (uint256 afterMinute, uint256 span2) = _twap(address(amzn));
        // One minute at 100× inside a ~30 minute average: the TWAP rises by about 99 × 60 / span.
        uint256 expected = before + before * 99 * 60 / span2;
        assertApproxEqRel(afterMinute, expected, 0.01e18);
        assertGt(span2, span);
    }

    function test_updateRespectsSpacing() public {
        assertFalse(world.pegOracle.update(address(tsla)));
        vm.warp(block.timestamp + 300);
        assertTrue(world.pegOracle.update(address(tsla)));
        (uint256 count, uint32 newest) = world.pegOracle.observationState(address(tsla));
        assertEq(count, 2);
        assertEq(newest, block.timestamp);
    }

    function test_ringBufferKeepsEightObservations() public {
        _advance(2 hours, 300);
        (uint256 count,) = world.pegOracle.observationState(address(tsla));
        assertEq(count, world.pegOracle.OBSERVATIONS());
        (, uint256 span) = _twap(address(tsla));
        assertGe(span, 30 minutes);
        assertLe(span, 35 minutes);
    }

    function test_unknownStockReverts() public {
        vm.expectRevert(abi.encodeWithSelector(PegOracle.UnknownStock.selector, address(0xDEAD)));
        world.pegOracle.twap(address(0xDEAD));
        vm.expectRevert(abi.encodeWithSelector(PegOracle.UnknownStock.selector, address(0xDEAD)));
        world.pegOracle.update(address(0xDEAD));
    }

    function test_registerRejectsForeignPair() public {
        vm.expectRevert(abi.encodeWithSelector(PegOracle.PairMismatch.selector, address(tslaPair), address(amzn), address(usdc)));
        world.pegOracle.registerPair(address(amzn), tslaPair, address(usdc));
    }

    function test_windowMustBeCoveredByRing() public {
        vm.expectRevert(abi.encodeWithSelector(PegOracle.InvalidWindow.selector, uint32(1800), uint32(60)));
        world.pegOracle.setWindow(1800, 60);
        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(0xBAD)));
        world.pegOracle.setWindow(1800, 300);
    }

    function testFuzz_twapFollowsAPriceHeldAWholeWindow(uint256 factor) public {
        factor = bound(factor, 0.2e18, 5e18);
        _scaleDexPrice(tslaPair, tsla, factor);
        _advance(36 minutes, 60);
        (uint256 price,) = _twap(address(tsla));
        assertApproxEqRel(price, 430e18 * factor / 1e18, 1e12);
    }
}
