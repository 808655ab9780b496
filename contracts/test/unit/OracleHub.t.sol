// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";

contract OracleHubTest is Fixture {
    OracleHub internal hub;

    function setUp() public override {
        super.setUp();
        hub = world.oracleHub;
        _advance(40 minutes, 60); // a full TWAP window of history
    }

    function test_readsUnderlyingsIn18Decimals() public view {
        assertEq(hub.underlyingPrice(OracleHub.Underlying.BTC), 95_000e18);
        assertEq(hub.underlyingPrice(OracleHub.Underlying.ETH), 3_200e18);
        assertEq(hub.volatility(OracleHub.Underlying.BTC), 0.55e18);
        assertEq(hub.volatility(OracleHub.Underlying.ETH), 0.70e18);
    }

    function test_tryVolatilityReportsStalenessWithoutReverting() public {
        (uint256 vol, bool fresh) = hub.tryVolatility(OracleHub.Underlying.ETH);
        assertEq(vol, 0.70e18);
        assertTrue(fresh);
        (, AggregatorV3Interface volFeed,, uint32 volMaxAge,,) = hub.underlyingFeeds(OracleHub.Underlying.ETH);
        (,,, uint256 volUpdatedAt,) = volFeed.latestRoundData();
        vm.warp(volUpdatedAt + volMaxAge + 1);
        (vol, fresh) = hub.tryVolatility(OracleHub.Underlying.ETH);
        assertEq(vol, 0.70e18, "the last value, flagged");
        assertFalse(fresh);
    }

    function test_underlyingWithoutFeedsIsNamed() public {
        OracleHub bare = new OracleHub(address(this), world.pegOracle);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.UnknownUnderlying.selector, OracleHub.Underlying.ETH));
        bare.underlyingPrice(OracleHub.Underlying.ETH);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.UnknownUnderlying.selector, OracleHub.Underlying.BTC));
        bare.volatility(OracleHub.Underlying.BTC);
    }

    function test_staleUnderlyingRevertsWithItsName() public {
        vm.warp(block.timestamp + 121);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("BTC/USD")));
        hub.underlyingPrice(OracleHub.Underlying.BTC);
        (uint256 price, bool fresh) = hub.tryUnderlyingPrice(OracleHub.Underlying.BTC);
        assertEq(price, 95_000e18);
        assertFalse(fresh);
    }

    function test_staleVolatilityRevertsWithItsName() public {
        vm.warp(block.timestamp + 3601);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("ETH/IV")));
        hub.volatility(OracleHub.Underlying.ETH);
    }

    function test_staleStockReferenceWhileOpenReverts() public {
        vm.warp(block.timestamp + 601); // two 300 s heartbeats missed
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("TSLA")));
        hub.refPrice(address(tsla));
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("TSLA")));
        hub.collateralPrice(address(tsla));
        OracleHub.StockState memory s = hub.stockState(address(tsla));
        assertFalse(s.refFresh);
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken));
    }

    /// @notice P_coll = min(P_ref, DEX floor): a DEX discount lowers collateral by at most 2% an hour, so a
    ///         35-minute dump barely moves it while a discount that lasts counts in full.
    function test_collateralPriceFollowsALastingDexDiscountAtMostTwoPercentAnHour() public {
        assertApproxEqRel(hub.collateralPrice(address(tsla)), 430e18, 1e12);
        _scaleDexPrice(tslaPair, tsla, 0.9e18); // DEX 10% below reference
        _advance(36 minutes, 60);
        uint256 afterDump = hub.collateralPrice(address(tsla));
        assertLt(afterDump, 430e18, "the discount starts to count");
        assertGe(afterDump, 430e18 * (10_000 - 120) / 10_000, "at most 2%/h x 36 min = 1.2%");
        assertApproxEqRel(hub.stockState(address(tsla)).dexPrice, 387e18, 0.01e18, "the TWAP itself is down 10%");
        _advance(6 hours, 60);
        assertApproxEqRel(hub.collateralPrice(address(tsla)), 387e18, 1e12, "a lasting discount counts in full");
        _scaleDexPrice(tslaPair, tsla, 1.5e18); // now DEX above reference
        _advance(36 minutes, 60);
        assertEq(hub.collateralPrice(address(tsla)), 430e18, "never above the reference");
    }

    function test_pinInOneBlockDoesNotMoveCollateralPrice() public {
        uint256 before = hub.collateralPrice(address(amzn));
        _scaleDexPrice(amznPair, amzn, 100e18);
        assertEq(hub.collateralPrice(address(amzn)), before);
        assertEq(uint8(hub.stockState(address(amzn)).peg), uint8(OracleHub.PegState.Healthy));
    }

    function test_pegMovesHealthyStrainedBroken() public {
        assertEq(uint8(hub.stockState(address(tsla)).peg), uint8(OracleHub.PegState.Healthy));

        _scaleDexPrice(tslaPair, tsla, 1.015e18);
        _advance(36 minutes, 60);
        OracleHub.StockState memory s = hub.stockState(address(tsla));
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Healthy), "1.5% is healthy");
        assertApproxEqAbs(s.deviationWad, 0.015e18, 1e12);

        _scaleDexPrice(tslaPair, tsla, uint256(1.03e18) * 1e18 / 1.015e18);
        _advance(36 minutes, 60);
        s = hub.stockState(address(tsla));
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Strained), "3% is strained");
        assertEq(s.settlementPrice, s.collateralPrice);

        _scaleDexPrice(tslaPair, tsla, uint256(0.92e18) * 1e18 / 1.03e18);
        _advance(36 minutes, 60);
        s = hub.stockState(address(tsla));
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken), "-8% is broken");
        assertApproxEqAbs(s.deviationWad, -0.08e18, 1e12);
        assertEq(s.settlementPrice, s.collateralPrice, "broken: payments at P_coll");
        assertLe(s.collateralPrice, 430e18);
        assertGt(s.collateralPrice, 430e18 * 92 / 100, "the DEX floor falls 2%/h, not at once");
    }

    function test_marketClosedFreezesReference() public {
        tslaFeed.setMarketStatus(1);
        vm.expectRevert(abi.encodeWithSelector(StockPriceFeed.MarketNotOpen.selector, uint8(1)));
        tslaFeed.updateAnswer(999e8);
        _advance(3 days, 120); // a long weekend: no heartbeat, still not stale
        OracleHub.StockState memory s = hub.stockState(address(tsla));
        assertFalse(s.marketOpen);
        assertTrue(s.refFresh);
        assertEq(s.refPrice, 430e18);
        assertEq(hub.refPrice(address(tsla)), 430e18);
    }

    function test_multiplierScalesReference() public {
        tslaFeed.setMultiplier(2e18);
        assertEq(hub.refPrice(address(tsla)), 860e18);
    }

    function test_stalledKeeperBreaksPeg() public {
        vm.warp(block.timestamp + 5 hours);
        tslaFeed.updateAnswer(430e8);
        OracleHub.StockState memory s = hub.stockState(address(tsla));
        assertTrue(s.refFresh);
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken));
        assertEq(s.dexPrice, 0);
        assertEq(s.settlementPrice, 430e18);
    }

    function test_unknownsRevert() public {
        vm.expectRevert(abi.encodeWithSelector(OracleHub.UnknownStock.selector, address(0xDEAD)));
        hub.stockState(address(0xDEAD));
    }

    function test_governanceOnlyAndValidated() public {
        vm.expectRevert(OracleHub.InvalidConfig.selector);
        hub.setPegThresholds(500, 200, 1 hours, 1 hours);
        vm.expectRevert(OracleHub.InvalidConfig.selector);
        hub.setUnderlyingFeeds(OracleHub.Underlying.BTC, AggregatorV3Interface(address(0)), world.btcVol, 1, 1);
        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(0xBAD)));
        hub.setPegThresholds(100, 300, 1 hours, 1 hours);
        hub.setPegThresholds(100, 300, 1 hours, 1 hours);
        assertEq(hub.strainedBps(), 100);
    }

    function testFuzz_pegStateMatchesDeviation(uint256 factor) public {
        factor = bound(factor, 0.5e18, 1.5e18);
        _scaleDexPrice(tslaPair, tsla, factor);
        _advance(36 minutes, 60);
        OracleHub.StockState memory s = hub.stockState(address(tsla));
        uint256 absBps = uint256(s.deviationWad < 0 ? -s.deviationWad : s.deviationWad) * 10_000 / 1e18;
        OracleHub.PegState expected = absBps > 500
            ? OracleHub.PegState.Broken
            : absBps > 200 ? OracleHub.PegState.Strained : OracleHub.PegState.Healthy;
        assertEq(uint8(s.peg), uint8(expected));
        assertLe(s.collateralPrice, s.refPrice);
        // The DEX floor never sits under the TWAP: P_coll ≥ min(P_ref, P_dex).
        assertGe(s.collateralPrice, s.dexPrice < s.refPrice ? s.dexPrice : s.refPrice);
        assertGe(s.payoutPrice, s.settlementPrice);
    }
}
