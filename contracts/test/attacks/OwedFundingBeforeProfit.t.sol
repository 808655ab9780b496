// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {AttackBase} from "./AttackBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";

/// @notice An attacker review of issue 15 found that a liquidation took the funding an account owed out of its
///         collateral before it realised the account's PnL: funding beyond the collateral became bad debt (paid by
///         the insurance vault), then the profitable position closed and its profit stayed the trader's. The account
///         view agreed, since it forgave funding beyond the collateral too. Now funding beyond the collateral counts in
///         full against equity, and a liquidation pays in (funding received, profit) before it takes out (funding
///         owed, loss, fee, reward): bad debt is only what the whole account lacks (docs/decisions/016).
contract OwedFundingBeforeProfitTest is AttackBase {
    uint256 internal call100k;

    function setUp() public override {
        super.setUp();
        call100k = _id(address(tsla), BTC, true, 100_000e18);
    }

    /// @dev 2 TSLA.M ($860) margin 0.2 BTC of the 100k call; for 12 days nobody touches the account (no keeper) while
    ///      BTC climbs $1,000 a day: the funding it owes ($913) passes its margin ($854) while the call is in profit.
    function _owedFundingBeyondMargin() internal {
        _fund(alice, tsla, 2e18);
        _open(alice, call100k, 0.2e18);
        for (uint256 d = 1; d <= 12; ++d) {
            _advance(1 days, 4 hours);
            _setBtc(95_000e18 + d * 1_000e18);
        }
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertGt(h.unpaidFunding, F.mulWad(_collateral(alice, address(tsla)), _settle()), "owes more than its margin");
        assertGt(h.pnl, 0, "the call is in profit");
    }

    function _settle() internal view returns (uint256) {
        return _stock(address(tsla)).settlementPrice;
    }

    /// @dev What the account is worth in X if it closed now: margin + profit (at P_payout) − funding owed (at P_settle).
    function _netWorthX() internal view returns (int256) {
        EngineBase.Health memory h = _health(alice, address(tsla));
        uint256 payout = _stock(address(tsla)).payoutPrice;
        int256 pnlX = h.pnl >= 0 ? int256(F.divWad(uint256(h.pnl), payout)) : -int256(F.divWadUp(uint256(-h.pnl), _settle()));
        return int256(_collateral(alice, address(tsla))) + pnlX - int256(F.divWadUp(h.unpaidFunding, _settle()));
    }

    function _liquidate() internal {
        vm.prank(keeper);
        admin.liquidate(alice, address(tsla), keeper);
    }

    function test_view_fundingBeyondTheMarginIsNotForgiven() public {
        _owedFundingBeyondMargin();
        _setBtc(100_000e18);
        EngineBase.Health memory h = _health(alice, address(tsla));
        uint256 marginUsd = F.mulWad(_collateral(alice, address(tsla)), _settle());
        // Nothing weighted is left: equity is the PnL less what the margin cannot pay. It used to be the PnL alone.
        assertEq(h.equityMaintenance, h.pnl - int256(h.unpaidFunding - marginUsd), "maintenance equity");
        assertEq(h.equityInitial, h.equityMaintenance, "initial equity");
        assertTrue(_liquidatable(alice, address(tsla)), "under maintenance once the deficit counts");
    }

    /// @notice At BTC $100k the call's profit ($342) covers what the margin lacks ($59): no bad debt, and the trader
    ///         keeps what the account was worth less the close fee and the reward. Before the fix the liquidation
    ///         left $59 of bad debt to the insurance vault and the trader kept the whole profit.
    function test_liquidation_profitPaysOwedFundingBeforeAnyBadDebt() public {
        _owedFundingBeyondMargin();
        _setBtc(100_000e18);
        int256 worthX = _netWorthX();
        assertGt(worthX, 0, "the account is worth something");
        uint256 debtBefore = admin.badDebt(address(tsla));

        _liquidate();

        assertEq(admin.badDebt(address(tsla)), debtBefore, "no bad debt: the profit paid the funding");
        assertEq(admin.position(alice, call100k).size, 0, "closed");
        uint256 kept = _collateral(alice, address(tsla));
        uint256 rewardX = tsla.balanceOf(keeper);
        assertGt(kept, 0, "the trader keeps the rest");
        // What left the account beyond the funding owed is the close fee (≤ $12 here, taken from what remains).
        assertLe(kept + rewardX, uint256(worthX), "never more than the account was worth");
        assertApproxEqAbs(F.mulWad(kept + rewardX, _settle()), F.mulWad(uint256(worthX), _settle()), 12e18, "fee only");
    }

    /// @notice With BTC lower the profit is smaller than what the margin lacks: the bad debt is exactly the
    ///         difference, and the trader keeps nothing.
    function test_liquidation_badDebtIsOnlyWhatTheWholeAccountLacks() public {
        _owedFundingBeyondMargin();
        uint256 btc = 100_000e18;
        while (_netWorthX() >= 0) {
            btc -= 250e18;
            _setBtc(btc);
        }
        assertGt(_health(alice, address(tsla)).pnl, 0, "still a profit, smaller than the deficit");
        uint256 lacksX = uint256(-_netWorthX());
        uint256 debtBefore = admin.badDebt(address(tsla));

        _liquidate();

        assertApproxEqAbs(admin.badDebt(address(tsla)) - debtBefore, lacksX, 2, "bad debt = what the account lacks");
        assertEq(_collateral(alice, address(tsla)), 0, "nothing kept");
        assertEq(tsla.balanceOf(keeper), 0, "no reward out of an empty account");
    }

    /// @notice Wherever BTC ends, a liquidation never both leaves bad debt and lets the trader (or the liquidator)
    ///         keep anything: the account's value pays its debts first.
    /// forge-config: default.fuzz.runs = 48
    /// forge-config: ci.fuzz.runs = 48
    function testFuzz_liquidation_noBadDebtWhileValueIsPaidOut(uint256 btcSeed) public {
        _owedFundingBeyondMargin();
        _setBtc(bound(btcSeed, 90_000e18, 104_000e18));
        if (!_liquidatable(alice, address(tsla))) return;
        uint256 debtBefore = admin.badDebt(address(tsla));
        _liquidate();
        if (admin.badDebt(address(tsla)) > debtBefore) {
            assertEq(_collateral(alice, address(tsla)), 0, "bad debt while the trader keeps margin");
            assertEq(tsla.balanceOf(keeper), 0, "bad debt while the liquidator is paid");
        }
    }
}
