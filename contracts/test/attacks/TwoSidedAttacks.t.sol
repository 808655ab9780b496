// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";

/// @notice Issue 15's attacker review, written as tests: what selling as well as buying lets one do around other
///         trades and around the vault's LPs, at constant prices (no oracle move to hide behind).
contract TwoSidedAttacksTest is ProtocolFixture {
    uint256 internal call95;
    address internal mallory = makeAddr("mallory");
    address internal mallory2 = makeAddr("mallory2");
    address internal victim = makeAddr("victim");

    function setUp() public override {
        super.setUp();
        call95 = _id(address(tsla), BTC, true, 95_000e18);
        _fund(mallory, tsla, 1_000e18);
        _fund(mallory2, tsla, 1_000e18);
        _fund(victim, tsla, 1_000e18);
    }

    function _trade(address who, int256 size) internal {
        vm.prank(who);
        engine.trade(who, call95, size, size > 0 ? type(uint256).max : 0);
    }

    /// @dev The account's margin in USD at the settlement price (what a loss or fee is taken at).
    function _valueUsd(address who) internal view returns (uint256) {
        return F.mulWad(_collateral(who, address(tsla)), _stock(address(tsla)).settlementPrice);
    }

    /// @notice Selling then buying back (or buying then selling) in one block never gains: the skew moves against
    ///         each leg and both pay the fee.
    function testFuzz_roundTripEitherWayLoses(uint256 q, bool sellFirst) public {
        q = bound(q, 0.001e18, 1e18);
        uint256 before = _valueUsd(mallory);
        int256 first = sellFirst ? -int256(q) : int256(q);
        _trade(mallory, first);
        _trade(mallory, -first);
        assertEq(admin.positionIds(mallory, address(tsla)).length, 0);
        assertLt(_valueUsd(mallory), before, "a round trip costs the skew and two fees");
    }

    /// @notice A sandwich around another trader's trade, either direction: trade with it before, close after. The
    ///         victim moves the skew the sandwich profits from; the two fees and the sandwich's own skew exceed it.
    function testFuzz_sandwichAroundAnotherTradeDoesNotPay(uint256 q, uint256 victimSize, bool victimBuys) public {
        q = bound(q, 0.001e18, 1e18);
        victimSize = bound(victimSize, 0.001e18, 1e18);
        int256 side = victimBuys ? int256(1) : int256(-1);
        uint256 before = _valueUsd(mallory);
        _trade(mallory, side * int256(q));
        _trade(victim, side * int256(victimSize));
        _trade(mallory, -side * int256(q));
        assertLe(_valueUsd(mallory), before, "front-running a trade of the same side does not pay");
    }

    /// @notice Offsetting long and short accounts of one owner net to nothing for the vault, but the short side can
    ///         lose more than its margin in a gap while the long keeps the gain: the gross short interest is capped
    ///         like the net (before the fix, 0 net let the pair grow without bound).
    function test_offsettingAccountsCannotGrowTheShortSideBeyondTheCap() public {
        uint256 spot = 95_000e18;
        uint256 capitalUsd = F.mulWad(
            tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla)),
            _stock(address(tsla)).collateralPrice
        );
        uint256 capUnits = F.divWad(capitalUsd * admin.getRiskParams().oiCapBps / 10_000, spot);
        emit log_named_decimal_uint("write cap (BTC)", capUnits, 18);
        // Grow a long and an equal short in steps: the net stays 0, the shorts grow until the cap refuses.
        uint256 step = capUnits / 4;
        _fund(mallory, tsla, 100_000e18);
        _fund(mallory2, tsla, 100_000e18);
        uint256 written;
        for (uint256 i; i < 4; ++i) {
            _trade(mallory, int256(step));
            _trade(mallory2, -int256(step));
            written += step;
        }
        assertLe(F.mulWad(written, spot), capitalUsd * admin.getRiskParams().oiCapBps / 10_000);
        _trade(mallory, int256(step)); // the long side alone is bounded by the net cap, not this one
        vm.prank(mallory2);
        vm.expectPartialRevert(IEngineErrors.OpenInterestCapExceeded.selector);
        engine.trade(mallory2, call95, -int256(step), 0);
    }

    /// @notice The per-market cap alone could be summed across strikes: one owner's long and short accounts write
    ///         just under the cap in each BTC market. The traders' gross short interest per underlying is capped too
    ///         (`shortGrossCapBps`, 50 % of capital): the pair stops after five markets' worth, and ETH, another
    ///         underlying, is still open to them.
    function test_offsettingPairsAcrossStrikesAreCappedPerUnderlying() public {
        uint256 spot = 95_000e18;
        uint256 capitalUsd = F.mulWad(
            tsla.balanceOf(address(tslaMain)) + engine.pendingMain(address(tsla)),
            _stock(address(tsla)).collateralPrice
        );
        uint256 grossCapUsd = capitalUsd * admin.getRiskParams().shortGrossCapBps / 10_000;
        // 90 % of the per-market cap in each market: never the per-market cap's refusal.
        uint256 perMarket = F.divWad(capitalUsd * admin.getRiskParams().oiCapBps / 10_000, spot) * 9 / 10;
        _fund(mallory, tsla, 100_000e18);
        _fund(mallory2, tsla, 100_000e18);
        uint256 written;
        bytes memory refusal;
        for (uint256 k = 80_000e18; k <= 110_000e18; k += 5_000e18) {
            uint256 id = _id(address(tsla), BTC, true, k);
            vm.prank(mallory);
            engine.trade(mallory, id, int256(perMarket), type(uint256).max);
            vm.prank(mallory2);
            try engine.trade(mallory2, id, -int256(perMarket), 0) {
                written += perMarket;
            } catch (bytes memory reason) {
                refusal = reason;
                break;
            }
        }
        assertEq(bytes4(refusal), IEngineErrors.ShortInterestCapExceeded.selector, "refused by the gross cap");
        assertEq(admin.shortInterestByUnderlying(address(tsla), BTC), written, "the counter is the markets' sum");
        assertLe(F.mulWad(written, spot), grossCapUsd, "gross short notional within the cap");
        assertGt(F.mulWad(written + perMarket, spot), grossCapUsd, "one more market would pass it");
        // ETH shorts are counted apart.
        uint256 eth = _id(address(tsla), ETH, true, 3_250e18);
        vm.prank(mallory2);
        engine.trade(mallory2, eth, -1e18, 0);
        assertEq(admin.shortInterestByUnderlying(address(tsla), ETH), 1e18);
        // Reducing is never capped: the last short buys back.
        uint256 first = _id(address(tsla), BTC, true, 80_000e18);
        vm.prank(mallory2);
        engine.trade(mallory2, first, int256(perMarket), type(uint256).max);
        assertEq(admin.shortInterestByUnderlying(address(tsla), BTC), written - perMarket);
    }

    /// @notice Offsetting long and short positions opened just before an LP deposit never make the deposit's
    ///         shares cheaper: the vault's book gains the skew both legs paid, so the share price can only rise.
    function testFuzz_offsettingPositionsBeforeADepositDoNotCheapenShares(uint256 q) public {
        q = bound(q, 0.001e18, 1e18);
        uint256 pricePerShare0 = tslaMain.convertToAssets(1e18);
        _trade(mallory, int256(q));
        _trade(mallory2, -int256(q));
        uint256 pricePerShare1 = tslaMain.convertToAssets(1e18);
        assertGe(pricePerShare1, pricePerShare0, "the share price after the pair is not lower");
    }
}
