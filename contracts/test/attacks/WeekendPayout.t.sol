// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AttackBase} from "./AttackBase.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Issue 12 attack 2: weekend payouts overpaid. With the stock market closed and the DEX 8% above the frozen
///         reference, a winning 2 BTC ATM call closed on the weekend was paid 15.245 TSLA.M, the same close after the
///         reopening 14.068 (+8.4%), while LPs could not leave. Profits are now paid at the higher credible price,
///         max(P_settle, min(P_dex, P_ref × 1.10)) (docs/decisions/002).
contract WeekendPayoutTest is AttackBase {
    uint256 internal atmCall;

    function setUp() public override {
        super.setUp();
        atmCall = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 200e18);
        _open(alice, atmCall, 2e18);
        _setBtc(100_000e18); // the call wins
    }

    /// @return paid TSLA.M the close added to alice's margin.
    function _closeAll() internal returns (uint256 paid) {
        uint256 before = _collateral(alice, address(tsla));
        _close(alice, atmCall, 2e18);
        paid = _collateral(alice, address(tsla)) - before;
    }

    function test_weekendPayout_isNoLargerThanAfterTheReopening() public {
        tslaFeed.setMarketStatus(1); // Friday close: P_ref frozen at $430
        _scaleDexPrice(tslaPair, tsla, 1.08e18); // the token keeps trading, 8% higher
        _advance(2 hours, 60);
        OracleHub.StockState memory s = _stock(address(tsla));
        assertFalse(s.marketOpen);
        assertApproxEqRel(s.dexPrice, 464.4e18, 0.005e18);
        assertEq(s.payoutPrice, s.dexPrice, "profits paid at the DEX price, the higher one");

        uint256 snap = vm.snapshotState();
        uint256 weekend = _closeAll();

        vm.revertToState(snap);
        tslaFeed.setMarketStatus(2); // Monday: the stock opens where the token traded
        tslaFeed.updateAnswer(int256(s.dexPrice / 1e10));
        uint256 monday = _closeAll();

        emit log_named_decimal_uint("paid on the weekend (TSLA.M)", weekend, 18);
        emit log_named_decimal_uint("paid after the reopening (TSLA.M)", monday, 18);
        assertLe(weekend, monday * 1001 / 1000, "a weekend close is not paid more tokens");
    }

    /// @notice The legitimate case: on a normal day with the peg healthy, profits are paid at P_ref (or the TWAP
    ///         when it is within the healthy band above it), as before.
    function test_weekendPayout_healthyDayPaysAtReference() public {
        OracleHub.StockState memory s = _stock(address(tsla));
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Healthy));
        assertGe(s.payoutPrice, s.refPrice);
        assertLe(s.payoutPrice, s.refPrice * 10_200 / 10_000, "within the 2% healthy band");
        assertGt(_closeAll(), 0);
    }

    /// @notice A pump cannot shrink payouts without bound: the DEX counts up to 10% above the reference.
    function test_weekendPayout_pumpIsCappedAtTheBand() public {
        _scaleDexPrice(tslaPair, tsla, 3e18);
        _advance(2 hours, 60);
        OracleHub.StockState memory s = _stock(address(tsla));
        assertEq(s.payoutPrice, s.refPrice * 11_000 / 10_000);
    }
}
