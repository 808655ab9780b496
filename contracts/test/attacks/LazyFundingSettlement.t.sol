// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {PositionMath} from "../../src/core/PositionMath.sol";
import {Position} from "../../src/core/EngineTypes.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice A trade settles the funding of its own market only; the account's other legs keep theirs unsettled
///         (docs/decisions/015). Attacks on that: escape the other legs' funding, use it as margin, or leave it
///         unpayable by closing a losing leg first.
contract LazyFundingSettlementTest is ProtocolFixture {
    uint256 internal btcCall;
    uint256 internal ethCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        ethCall = _id(address(tsla), ETH, true, 3_250e18);
    }

    /// @dev What the next settlement of one position charges (a long) or credits (a short), USD.
    function _legFunding(address trader, uint256 id) internal view returns (uint256 owed, uint256 received) {
        Position memory p = admin.position(trader, id);
        uint256 cum = admin.currentCumFunding(id);
        if (p.size > 0) owed = PositionMath.funding(uint256(int256(p.size)), true, p.fundingIndex, cum);
        else if (p.size < 0) {
            received = PositionMath.fundingReceived(
                uint256(-int256(p.size)), p.fundingIndex, cum, admin.getRiskParams().mainShareBps
            );
        }
    }

    function _fundingSettledUsd(Vm.Log[] memory logs) internal view returns (uint256 usd) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(engine) && logs[i].topics[0] == EngineBase.FundingSettled.selector) {
                (uint256 u,) = abi.decode(logs[i].data, (uint256, uint256));
                usd += u;
            }
        }
    }

    /// @notice Nothing is escaped: a trade in BTC settles the BTC leg's funding only, the ETH leg's stays owed to
    ///         the wei and the next touch of it (here a withdrawal, which settles every leg) charges it.
    function test_aTradeSettlesItsOwnMarket_theOtherLegsFundingStaysOwedAndIsPaidLater() public {
        _fund(alice, tsla, 200e18);
        _open(alice, btcCall, 0.1e18);
        _open(alice, ethCall, 2e18);
        _advance(1 days, 1 hours);
        (uint256 owedBtc,) = _legFunding(alice, btcCall);
        (uint256 owedEth,) = _legFunding(alice, ethCall);
        assertGt(owedEth, 1e18, "a day of the ETH leg's funding is worth more than $1");

        vm.recordLogs();
        _open(alice, btcCall, 0.01e18);
        assertEq(_fundingSettledUsd(vm.getRecordedLogs()), owedBtc, "the trade settles its own market's funding");
        (uint256 owedEthAfter,) = _legFunding(alice, ethCall);
        assertEq(owedEthAfter, owedEth, "the other leg's funding is still owed, unchanged");
        assertEq(_health(alice, address(tsla)).unpaidFunding, owedEth, "and the account view shows it");

        vm.recordLogs();
        vm.prank(alice);
        admin.withdraw(address(tsla), 1);
        assertEq(_fundingSettledUsd(vm.getRecordedLogs()), owedEth, "the next full touch charges it to the wei");
    }

    /// @dev Largest BTC call `trader` can buy now (binary search over trades rolled back), 1e-4 BTC resolution.
    function _maxOpen(address trader) internal returns (uint256 lo) {
        uint256 hi = 20e18;
        lo = 0;
        while (hi - lo > 1e14) {
            uint256 mid = (lo + hi) / 2;
            uint256 snap = vm.snapshotState();
            vm.prank(trader);
            (bool ok,) = address(engine).call(
                abi.encodeCall(engine.trade, (trader, btcCall, int256(mid), type(uint256).max))
            );
            vm.revertToState(snap);
            if (ok) lo = mid;
            else hi = mid;
        }
    }

    /// @notice Unsettled funding is not margin: an account whose other leg owes funding can open exactly as much as
    ///         the same account after paying it (and the owed amount is large enough that ignoring it would show).
    function test_unsettledFundingOfOtherLegs_countsInTheInitialMarginCheck() public {
        _fund(alice, tsla, 8e18);
        _fund(bob, tsla, 8e18);
        _open(alice, ethCall, 4e18);
        _open(bob, ethCall, 4e18);
        _advance(5 days, 1 hours);
        vm.prank(bob);
        admin.withdraw(address(tsla), 1); // bob settles every leg; alice keeps the ETH leg's funding unpaid
        (uint256 owed,) = _legFunding(alice, ethCall);
        EngineBase.Health memory ha = _health(alice, address(tsla));
        EngineBase.Health memory hb = _health(bob, address(tsla));
        uint256 roomBob = uint256(hb.equityInitial) - hb.initialMargin;
        emit log_named_decimal_uint("alice's unsettled ETH funding (USD)", owed, 18);
        emit log_named_decimal_uint("bob's initial-margin room after paying his (USD)", roomBob, 18);
        // Paid from collateral, funding costs the initial weight of it in equity: material against the room.
        (, uint256 weight,,,,,) = admin.tokenConfig(address(tsla));
        assertGt(owed * weight / 10_000, roomBob / 20, "the owed funding is over 5% of the room");
        assertEq(ha.unpaidFunding, owed, "alice's view carries her unsettled funding");
        assertEq(hb.unpaidFunding, 0, "bob's is paid");
        // Their equities differ only by bob's entry, one trade later on the skew (cents).
        assertApproxEqAbs(ha.equityInitial, hb.equityInitial, 1e18, "the view values the unpaid funding as paid");

        uint256 maxAlice = _maxOpen(alice);
        uint256 maxBob = _maxOpen(bob);
        emit log_named_decimal_uint("max BTC call alice (unsettled)", maxAlice, 18);
        emit log_named_decimal_uint("max BTC call bob (settled)", maxBob, 18);
        assertGt(maxBob, 0);
        // Ignoring alice's funding lets her buy 12.7 % more here (0.307 BTC: measured with the check removed).
        assertApproxEqRel(maxAlice, maxBob, 0.005e18, "unsettled funding buys no extra position");
    }

    /// @notice Closing a losing leg must not leave the other legs' unsettled funding beyond the margin (it would be
    ///         bad debt at their next settlement, while the trader kept the rest): refused, as it was when every
    ///         touch settled every leg; with margin for it, the close goes through and all funding is paid.
    function test_closingALosingLeg_cannotLeaveTheOtherLegsFundingUnpayable() public {
        _fund(alice, tsla, 40e18);
        _open(alice, ethCall, 3e18); // owes funding
        vm.prank(alice);
        engine.trade(alice, btcCall, -0.1e18, 0); // the leg that will lose: a short call
        _advance(3 days, 1 hours);
        (uint256 owedEth,) = _legFunding(alice, ethCall);
        assertGt(owedEth, 0);

        // The BTC price at which buying the short back leaves the margin worth about half the ETH leg's funding.
        uint256 lo = 95_000e18;
        uint256 hi = 400_000e18;
        uint256 left;
        for (uint256 i; i < 60; ++i) {
            uint256 mid = (lo + hi) / 2;
            _setBtc(mid);
            left = _leftAfterBuyBack();
            if (left > owedEth * 3 / 4) lo = mid;
            else if (left < owedEth / 4) hi = mid;
            else break;
        }
        assertGt(left, owedEth / 4, "found a price that leaves less than the owed funding");
        assertLt(left, owedEth * 3 / 4);
        emit log_named_decimal_uint("BTC price", _btc(), 18);
        emit log_named_decimal_uint("margin left after the buy-back (USD)", left, 18);
        emit log_named_decimal_uint("ETH leg's unsettled funding (USD)", owedEth, 18);

        vm.prank(alice);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(alice, btcCall, 0.1e18, type(uint256).max);

        // With margin for it the buy-back goes through, and the ETH leg's funding is paid in full later.
        uint256 debt0 = engine.badDebt(address(tsla));
        _fund(alice, tsla, F.divWadUp(owedEth, _stock(address(tsla)).settlementPrice));
        vm.prank(alice);
        engine.trade(alice, btcCall, 0.1e18, type(uint256).max);
        vm.recordLogs();
        _close(alice, ethCall, 3e18);
        assertEq(_fundingSettledUsd(vm.getRecordedLogs()), owedEth, "the ETH leg paid all its funding");
        assertEq(engine.badDebt(address(tsla)), debt0, "no bad debt");
    }

    /// @notice A close checks the other underlying's legs for their funding only, without pricing them: a broken ETH
    ///         feed (answering 0, which the pricing refuses) does not block closing a BTC leg.
    function test_closingALeg_isNotBlockedByTheOtherUnderlyingsBrokenFeed() public {
        _fund(alice, tsla, 200e18);
        _open(alice, btcCall, 0.1e18);
        _open(alice, ethCall, 2e18);
        _advance(1 hours, 10 minutes);
        // A Chainlink aggregator answering 0 (the local push feed refuses to store one).
        (uint80 round,,, uint256 updatedAt, uint80 answeredIn) = world.ethUsd.latestRoundData();
        vm.mockCall(
            address(world.ethUsd),
            abi.encodeWithSelector(world.ethUsd.latestRoundData.selector),
            abi.encode(round, int256(0), updatedAt, updatedAt, answeredIn)
        );
        assertEq(_spotOf(1), 0, "the hub reads ETH at 0");
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0, "the BTC leg closed");
        assertEq(admin.position(alice, ethCall).size, 2e18, "the ETH leg is untouched");
    }

    function _spotOf(uint8 u) internal view returns (uint256 spot) {
        (spot,) = world.oracleHub.tryUnderlyingPrice(OracleHub.Underlying(u));
    }

    function _btc() internal view returns (uint256) {
        (, int256 p,,,) = world.btcUsd.latestRoundData();
        return uint256(p) * 1e10;
    }

    /// @dev USD the margin would hold after buying the short BTC call back now: collateral, plus the short's
    ///      funding credit, minus the realised loss and the fee.
    function _leftAfterBuyBack() internal view returns (uint256) {
        EngineBase.Quote memory q = admin.quote(btcCall, 0.1e18, true);
        Position memory p = admin.position(alice, btcCall);
        (, uint256 received) = _legFunding(alice, btcCall);
        uint256 price = _stock(address(tsla)).settlementPrice;
        int256 left = int256(F.mulWad(_collateral(alice, address(tsla)), price) + received)
            - int256(F.mulWadUp(0.1e18, q.price)) + int256(F.mulWad(0.1e18, p.entryPrice)) - int256(q.fee);
        return left > 0 ? uint256(left) : 0;
    }
}
