// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {VolatilityFeed} from "../../src/oracles/VolatilityFeed.sol";

contract PriceFeedsTest is Test {
    PushPriceFeed internal btc;
    StockPriceFeed internal tsla;
    VolatilityFeed internal vol;
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        vm.warp(1_000_000);
        btc = new PushPriceFeed(8, "BTC / USD", 95_000e8, address(this));
        tsla = new StockPriceFeed("TSLA / USD", 430e8, 2, address(this));
        vol = new VolatilityFeed("BTC IV", 55e6, address(this));
    }

    function test_pushedAnswerBecomesLatestRound() public {
        vm.warp(1_000_100);
        btc.updateAnswer(96_000e8);
        (uint80 id, int256 answer,, uint256 updatedAt, uint80 answeredIn) = btc.latestRoundData();
        assertEq(id, 2);
        assertEq(answer, 96_000e8);
        assertEq(updatedAt, 1_000_100);
        assertEq(answeredIn, 2);
        (, int256 first,,,) = btc.getRoundData(1);
        assertEq(first, 95_000e8);
        assertEq(btc.decimals(), 8);
        assertEq(btc.description(), "BTC / USD");
        assertEq(btc.version(), 1);
    }

    function test_unknownRoundReverts() public {
        vm.expectRevert(abi.encodeWithSelector(PushPriceFeed.NoRoundData.selector, uint80(9)));
        btc.getRoundData(9);
    }

    function test_onlyReportersPush() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(PushPriceFeed.NotReporter.selector, stranger));
        btc.updateAnswer(1);
        btc.setReporter(stranger, true);
        vm.prank(stranger);
        btc.updateAnswer(1);
        assertEq(btc.latestRound(), 2);
    }

    function test_nonPositiveAnswerReverts() public {
        vm.expectRevert(abi.encodeWithSelector(PushPriceFeed.NonPositiveAnswer.selector, int256(0)));
        btc.updateAnswer(0);
    }

    function test_answerBeyondThePackedLatestRoundReverts() public {
        int256 tooLarge = int256(type(int112).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(PushPriceFeed.AnswerOutOfRange.selector, tooLarge));
        btc.updateAnswer(tooLarge);
        btc.updateAnswer(type(int112).max); // the largest answer the packed slot holds is accepted
        (, int256 answer,,,) = btc.latestRoundData();
        assertEq(answer, type(int112).max);
    }

    /// @dev The latest round is stored twice (packed for `latestRoundData`, and in the round history): they agree.
    function testFuzz_latestRoundMatchesItsHistory(int112 answer, uint32 elapsed) public {
        vm.assume(answer > 0);
        vm.warp(block.timestamp + elapsed);
        btc.updateAnswer(answer);
        (uint80 id, int256 latest, uint256 startedAt, uint256 updatedAt, uint80 answeredIn) = btc.latestRoundData();
        (uint80 histId, int256 histAnswer, uint256 histStarted, uint256 histUpdated, uint80 histIn) = btc.getRoundData(id);
        assertEq(abi.encode(id, latest, startedAt, updatedAt, answeredIn), abi.encode(histId, histAnswer, histStarted, histUpdated, histIn));
        assertEq(latest, answer);
        assertEq(updatedAt, block.timestamp);
        assertEq(btc.latestRound(), id);
    }

    function test_stockFeedFreezesWhileClosed() public {
        tsla.setMarketStatus(1);
        vm.expectRevert(abi.encodeWithSelector(StockPriceFeed.MarketNotOpen.selector, uint8(1)));
        tsla.updateAnswer(500e8);
        (, int256 answer,,,) = tsla.latestRoundData();
        assertEq(answer, 430e8);
        tsla.setMarketStatus(2);
        tsla.updateAnswer(431e8);
        (, answer,,,) = tsla.latestRoundData();
        assertEq(answer, 431e8);
    }

    function test_stockFeedRejectsBadStatusAndZeroMultiplier() public {
        vm.expectRevert(abi.encodeWithSelector(StockPriceFeed.InvalidMarketStatus.selector, uint8(4)));
        tsla.setMarketStatus(4);
        vm.expectRevert(StockPriceFeed.ZeroMultiplier.selector);
        tsla.setMultiplier(0);
        uint256 tooLarge = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(StockPriceFeed.MultiplierOutOfRange.selector, tooLarge));
        tsla.setMultiplier(tooLarge);
        tsla.setMultiplier(2e18);
        assertEq(tsla.multiplier(), 2e18);
        (,,, uint256 inStockData) = tsla.latestStockData();
        assertEq(inStockData, 2e18);
    }

    function test_volMovesWithinTwentyPercent() public {
        vol.updateAnswer(66e6); // +20% exactly
        vol.updateAnswer(52.8e6); // -20% exactly
        vm.expectRevert(abi.encodeWithSelector(VolatilityFeed.VolChangeTooLarge.selector, int256(52.8e6), int256(64e6)));
        vol.updateAnswer(64e6);
    }

    function testFuzz_volUpdateBound(int256 proposed) public {
        proposed = bound(proposed, 1, 200e6);
        int256 previous = 55e6;
        bool allowed = proposed >= previous * 8 / 10 && proposed <= previous * 12 / 10;
        if (!allowed) vm.expectRevert(abi.encodeWithSelector(VolatilityFeed.VolChangeTooLarge.selector, previous, proposed));
        vol.updateAnswer(proposed);
        (, int256 answer,,,) = vol.latestRoundData();
        assertEq(answer, allowed ? proposed : previous);
    }
}
