// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IncidentBase} from "./IncidentBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";
import {Position} from "../../src/core/EngineTypes.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";

/// @title Incident: Mirror Protocol's stale oracle (Terra Classic, May 2022)
/// @notice What happened: after the Terra collapse the Terra Classic validators kept running outdated oracle
///         software and reported a LUNC price that no longer had anything to do with the market (the new LUNA's
///         ~$9 for a ~$0.0001 coin). Mirror, a synthetic-stocks protocol, kept pricing collateral with it, and
///         > $2M of mAsset pools were drained (reported 29–31 May 2022). The same family: Venus / Blizz with
///         Chainlink's LUNA min-price (May 2022). Root cause for us: trusting a price that stopped tracking.
/// @notice Reproduction: (1) the TSLA reference feed stops updating while the stock market is open; BTC/ETH, the
///         other stocks and the DEX TWAPs keep going. (2) The other input of P_coll goes stale: nobody calls the
///         permissionless PegOracle.update for TSLA.M for more than 4 h, so the hub reports the TWAP as unusable.
/// @notice What protects Livestock (SPEC §2): a stock reference older than 2 heartbeats while the market is open is
///         stale; a stale read never prices margin — withdrawals with open positions and new positions revert with
///         a named error, the peg counts as Broken (reduce-only), vault entry/exit pause — while closing a position
///         still works as long as its underlying (BTC) is fresh.
/// @notice Found here (failing tests, see the report): with the TWAP unusable the engine values the main vault's
///         capital at P_coll = 0, and the skew formula's "no capital" sentinel price (2^128 − 1) is then used for
///         closes and funding: one close drains the main and insurance vaults (test_staleTwap_closeCannotDrainTheVaults).
///         And the engine's stale-reference errors do not name the feed (SPEC §6).
contract MirrorStaleOracleTest is IncidentBase {
    uint256 internal btcCall;
    uint256 internal refUpdatedAt;
    uint256 internal heartbeat;

    bytes32 internal constant TSLA_FEED = bytes32("TSLA"); // the name the OracleHub was configured with

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _open(alice, btcCall, 0.1e18);
        _fund(bob, tsla, 50e18); // margin, no position
        (,,, refUpdatedAt,) = tslaFeed.latestRoundData();
        heartbeat = _localConfig().stockHeartbeat; // what the deploy wired into the OracleHub
        assertEq(heartbeat, 300);
        assertEq(tslaFeed.marketStatus(), 2, "market open");
    }

    /// @dev Feed silent for exactly 2 heartbeats (still fresh), then one more second (stale).
    function _goStale() internal {
        _advanceFreezing(address(tsla), refUpdatedAt + 2 * heartbeat - block.timestamp, 60);
        assertEq(block.timestamp, refUpdatedAt + 2 * heartbeat);
        assertTrue(_stock(address(tsla)).refFresh, "age = 2 heartbeats: still fresh");
        _advanceFreezing(address(tsla), 1, 1);
        assertFalse(_stock(address(tsla)).refFresh, "age = 2 heartbeats + 1 s: stale");
    }

    /// @notice The boundary: at exactly 2 heartbeats a withdrawal with an open position still works.
    function test_twoHeartbeatsIsStillFresh() public {
        _advanceFreezing(address(tsla), refUpdatedAt + 2 * heartbeat - block.timestamp, 60);
        uint256 before = _collateral(alice, address(tsla));
        vm.prank(alice);
        admin.withdraw(address(tsla), 1e18);
        assertEq(tsla.balanceOf(alice), 1e18);
        assertLe(_collateral(alice, address(tsla)), before - 1e18, "1 TSLA out (plus the funding settled first)");
    }

    /// @notice Stale reference: the hub's own reading functions refuse it with the feed's name, the peg is
    ///         Broken, and the vault pauses entry and exit.
    function test_staleReference_hubRefusesAndPegBreaks() public {
        _goStale();
        OracleHub.StockState memory s = _stock(address(tsla));
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken));
        assertTrue(s.marketOpen);

        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, TSLA_FEED));
        world.oracleHub.refPrice(address(tsla));
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, TSLA_FEED));
        world.oracleHub.collateralPrice(address(tsla));

        tsla.mint(address(this), 1e18);
        tsla.approve(address(tslaMain), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                LivestockVault.VaultEntryPaused.selector, uint8(LivestockVault.PauseReason.PegNotHealthy)
            )
        );
        tslaMain.deposit(1e18, address(this));
    }

    /// @notice The security property: with a stale reference, no margin moves out and no exposure is added.
    ///         (The exact error each call should carry is pinned by the two tests below.)
    function test_staleReference_cannotPriceMargin() public {
        _goStale();
        uint256 collateralBefore = _collateral(alice, address(tsla));
        uint256 totalBefore = engine.totalCollateral(address(tsla));
        Position memory posBefore = admin.position(alice, btcCall);

        vm.prank(alice);
        try admin.withdraw(address(tsla), 1e18) {
            revert("withdrawal priced with a stale reference");
        } catch (bytes memory err) {
            assertTrue(_selector(err) == OracleHub.StalePrice.selector, "withdraw: StalePrice");
        }
        (bool ok, bytes memory openErr) = _tryOpen(alice, btcCall, 0.01e18);
        assertFalse(ok, "new exposure with a stale reference");
        bytes4 sel = _selector(openErr);
        assertTrue(
            sel == OracleHub.StalePrice.selector || sel == IEngineErrors.PegNotHealthy.selector,
            "open: refused by a named stale/broken error"
        );
        (ok,) = _tryOpen(bob, btcCall, 0.01e18);
        assertFalse(ok);

        assertEq(_collateral(alice, address(tsla)), collateralBefore);
        assertEq(engine.totalCollateral(address(tsla)), totalBefore);
        assertEq(admin.position(alice, btcCall).size, posBefore.size);

        // An account with nothing open owes nothing: its margin needs no price and can always leave.
        vm.prank(bob);
        admin.withdraw(address(tsla), 50e18);
        assertEq(tsla.balanceOf(bob), 50e18);
    }

    /// @notice SPEC §6: "stale ... prices [are rejected] with a named custom error (`error StalePrice(bytes32 feed)`)"
    ///         — the name must be the feed's, as the hub reports it, so the app can say which feed is stale.
    function test_staleReference_withdraw_revertsStalePriceNamingTheFeed() public {
        _goStale();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, TSLA_FEED));
        admin.withdraw(address(tsla), 1e18);
    }

    /// @notice A new position against a stale reference: StalePrice(feed) too (SPEC §2/§6: "a stale read makes the
    ///         affected market reduce-only", rejected "with a named custom error (StalePrice(bytes32 feed))").
    function test_staleReference_open_revertsStalePriceNamingTheFeed() public {
        _goStale();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, TSLA_FEED));
        engine.trade(alice, btcCall, int256(0.01e18), type(uint256).max);
    }

    /// @notice Reduce-only, not frozen: closing needs a fresh underlying (BTC), not a fresh stock reference.
    function test_staleReference_closeStillWorks_whenUnderlyingFresh() public {
        _goStale();
        uint256 before = _collateral(alice, address(tsla));
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0);
        assertEq(admin.account(alice, address(tsla)).positionBits, 0);
        assertLt(_collateral(alice, address(tsla)), before, "spot unchanged: spread, fee and funding cost her");
        // Flat: the margin no longer needs a price and can leave.
        uint256 all = _collateral(alice, address(tsla));
        vm.prank(alice);
        admin.withdraw(address(tsla), all);
        assertEq(_collateral(alice, address(tsla)), 0);
    }

    /// @notice The other half of P_coll going stale: the PegOracle keeper stops (nobody calls `update` for TSLA.M
    ///         for > maxTwapSpan = 4 h) while the reference, BTC and ETH stay fresh. The hub then reports the TWAP as
    ///         unusable and `stockState().collateralPrice` as 0 — "unknown", not "worthless" (the hub's own
    ///         `collateralPrice()` reverts PegUnavailable). A healthy account must not become liquidatable because
    ///         an oracle went quiet: SPEC §2 "a stale read makes the affected market reduce-only, never silently
    ///         uses an old price" — nor a price of zero.
    ///         Today this holds only by accident: with P_coll = 0 the vault's capital is valued at 0, utilisation
    ///         becomes locked / 0 = max, the σ surcharge explodes and inflates her call's theo above the MM. Once the
    ///         capital is valued properly (see the drain test below), the liquidation must still be refused or be
    ///         priced at P_ref: this test keeps that honest.
    function test_staleTwap_doesNotMakeHealthyAccountLiquidatable() public {
        assertGt(
            _health(alice, address(tsla)).equityMaintenance,
            int256(_health(alice, address(tsla)).maintenanceMargin) * 50
        );
        _advanceWithoutTwapUpdates(address(tsla), 4 hours + 10 minutes);
        OracleHub.StockState memory s = _stock(address(tsla));
        assertTrue(s.refFresh, "the reference is fresh");
        assertEq(s.dexPrice, 0, "TWAP unusable: no DEX price");
        assertEq(s.collateralPrice, s.refPrice, "margin judged at P_ref, as liquidate and the views judge it");
        vm.expectRevert(abi.encodeWithSelector(OracleHub.PegUnavailable.selector, address(tsla)));
        world.oracleHub.collateralPrice(address(tsla));

        uint256 keeperBefore = tsla.balanceOf(keeper);
        vm.prank(keeper);
        try admin.liquidate(alice, address(tsla), keeper) {
            emit log_named_decimal_uint(
                "liquidator reward taken from a healthy account (TSLA.M)", tsla.balanceOf(keeper) - keeperBefore, 18
            );
            revert("a healthy account was liquidated because the TWAP keeper stopped");
        } catch (bytes memory err) {
            bytes4 sel = _selector(err);
            assertTrue(
                sel == IEngineErrors.NotLiquidatable.selector || sel == IEngineErrors.PriceUnavailable.selector
                    || sel == OracleHub.PegUnavailable.selector,
                "refused with a named error"
            );
        }
        assertEq(admin.position(alice, btcCall).size, 0.1e18, "her position is still open");
        // Closing is still possible (settled at P_ref).
        _close(alice, btcCall, 0.1e18);
    }

    /// @notice The exploit behind a TWAP outage. With the TWAP unusable the hub reports P_coll = 0; the engine
    ///         values the main vault's capital at P_coll, so L = 0 in the skew formula, whose "no capital" sentinel
    ///         is a price of 2^128 − 1. Closing is allowed (reduce-only), so an attacker with a position closes
    ///         half of it: the remaining open interest keeps N > 0, the sell-back price is 2^128 − 1 per unit and
    ///         the "profit" is paid by the main vault, then the insurance vault. The same sentinel drives funding
    ///         accrual, so the market's cumulative funding jumps by ~8e36 USD per unit and every other trader in
    ///         that market loses all their margin on their next touch, even after the TWAP recovers.
    ///         Nothing here is manipulated: it takes a 4-hour pause of the permissionless PegOracle.update keeper.
    function test_staleTwap_closeCannotDrainTheVaults() public {
        address attacker = makeAddr("attacker");
        _fund(attacker, tsla, 10e18);
        _open(attacker, btcCall, 0.02e18);
        uint256 vaultsBefore = tsla.balanceOf(address(tslaMain)) + tsla.balanceOf(address(tslaInsurance));
        uint256 aliceMargin = _collateral(alice, address(tsla));

        _advanceWithoutTwapUpdates(address(tsla), 4 hours + 10 minutes);
        assertEq(_stock(address(tsla)).dexPrice, 0, "TWAP unusable");

        _close(attacker, btcCall, 0.01e18); // half: open interest stays > 0
        uint256 margin = _collateral(attacker, address(tsla));
        vm.prank(attacker);
        try admin.withdraw(address(tsla), margin) {} catch {} // it goes through today (σ-inflated PnL covers IM)
        uint256 attackerTotal = tsla.balanceOf(attacker) + _collateral(attacker, address(tsla));
        uint256 vaultsAfter = tsla.balanceOf(address(tslaMain)) + tsla.balanceOf(address(tslaInsurance));
        emit log_named_decimal_uint("attacker: TSLA.M deposited", 10e18, 18);
        emit log_named_decimal_uint("attacker: TSLA.M withdrawn + margin left", attackerTotal, 18);
        emit log_named_decimal_uint("main + insurance vault before (TSLA.M)", vaultsBefore, 18);
        emit log_named_decimal_uint("main + insurance vault after (TSLA.M)", vaultsAfter, 18);
        emit log_named_uint("market cumFunding (USD per unit, 18 dec)", admin.market(btcCall).cumFunding);
        assertLe(attackerTotal, 10e18, "spot unchanged: closing cannot pay more than the margin put in");
        assertGe(vaultsAfter, vaultsBefore * 999 / 1000, "the vaults are not drained");
        assertEq(admin.badDebt(address(tsla)), 0, "no bad debt out of thin air");

        // The TWAP recovers (the keeper resumes); Alice, who did nothing, still has her margin.
        _advance(31 minutes, 60);
        assertGt(_stock(address(tsla)).collateralPrice, 0);
        assertLt(_health(alice, address(tsla)).unpaidFunding, 100e18, "a day's funding is dollars, not 1e35");
        vm.prank(alice);
        admin.withdraw(address(tsla), 1e18);
        assertGe(_collateral(alice, address(tsla)), aliceMargin - 1e18 - 1e18, "alice keeps her margin");
    }

    /// @notice The converse: a stale underlying does block the close, with the underlying feed's name
    ///         (closing at a stale BTC price would let the trader pick the price).
    function test_staleUnderlying_closeReverts_StalePriceBtc() public {
        (,,, uint256 btcAt,) = world.btcUsd.latestRoundData();
        vm.warp(btcAt + 121); // BTC max age 120 s
        vm.roll(block.number + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OracleHub.StalePrice.selector, bytes32("BTC/USD")));
        engine.trade(alice, btcCall, -int256(0.1e18), 0);
    }
}
