// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {IncidentBase} from "./IncidentBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";

/// @title Incident: the AMZNX pin (3 July 2025)
/// @notice What happened: on a thin AMZNx pool a buy of about $500 pushed the quoted price of AMZNx to $23,781,
///         ~100× Amazon's real price. A protocol that valued AMZNx margin at DEX spot would have lent against a
///         100× fake price (SPEC §2, "[AMZNX incident]").
/// @notice Reproduction: the attacker holds AMZNx margin and pumps the local AMZNx/USDC pair (the thinnest local
///         pool: $20,000 a side) ×100 with a real Uniswap V2 swap, then tries to open more exposure.
/// @notice What protects Livestock: margin is valued at P_coll = min(P_ref, P_dex) where P_dex is the PegOracle's
///         30-minute TWAP of cumulative prices, never spot. A swap moves the pair's cumulative price only from the
///         next block on, so in the pump block nothing the engine reads has moved; afterwards the TWAP rises, but
///         min() caps the value at the stock's reference price, and the peg deviation (> 2%, then > 5%) turns the
///         market reduce-only (PegNotHealthy) as soon as the TWAP includes one pumped second.
contract AmznxPinTest is IncidentBase {
    address internal attacker = makeAddr("attacker");
    uint256 internal amznCall;
    MainVault internal amznMain;

    uint256 internal constant MARGIN = 10e18; // 10 AMZNx ≈ $2,300 of margin

    function setUp() public override {
        super.setUp();
        amznCall = _id(address(amzn), BTC, true, 95_000e18);
        amznMain = world.stocks[3].mainVault;
        _fund(attacker, amzn, MARGIN);
    }

    /// @notice Same block as a ×100 spot pump: the account's collateral value, its equity and the largest size it
    ///         can open are exactly what they were before the pump; one wei more fails with the very same
    ///         InsufficientMargin(equity, required) as before.
    function test_pumpX100_sameBlock_marginAndMaxSizeUnchanged() public {
        OracleHub.StockState memory sBefore = _stock(address(amzn));
        assertEq(uint8(sBefore.peg), uint8(OracleHub.PegState.Healthy));
        EngineBase.Health memory hBefore = _health(attacker, address(amzn));
        (uint256 maxBefore, bytes memory errBefore) = _maxOpenable(attacker, amznCall, 5e18);
        assertEq(_selector(errBefore), IEngineErrors.InsufficientMargin.selector, "margin is what binds");
        assertGt(maxBefore, 0.1e18);

        // The pump: a real swap through the pair (0.3% fee), ×100 on spot.
        uint256 spotBefore = _dexSpot(amznPair, amzn);
        uint256 usdcIn = _usdcToMultiplySpot(amznPair, amzn, 100);
        uint256 bought = _buyStock(amznPair, amzn, usdcIn, attacker);
        uint256 spotAfter = _dexSpot(amznPair, amzn);
        emit log_named_decimal_uint("USDC spent on the pump", usdcIn, 6);
        emit log_named_decimal_uint("AMZNx spot before (USD)", spotBefore, 18);
        emit log_named_decimal_uint("AMZNx spot after (USD)", spotAfter, 18);
        assertGe(spotAfter, spotBefore * 100, "spot pumped x100");

        // Nothing the engine reads moved in this block.
        OracleHub.StockState memory sAfter = _stock(address(amzn));
        assertEq(sAfter.dexPrice, sBefore.dexPrice, "TWAP unchanged in the pump block");
        assertEq(sAfter.collateralPrice, sBefore.collateralPrice, "P_coll unchanged");
        assertLe(sAfter.collateralPrice, sAfter.refPrice, "P_coll <= P_ref");
        assertEq(uint8(sAfter.peg), uint8(OracleHub.PegState.Healthy));

        EngineBase.Health memory hAfter = _health(attacker, address(amzn));
        assertEq(hAfter.collateralValue, hBefore.collateralValue, "collateral value unchanged");
        assertEq(hAfter.equityInitial, hBefore.equityInitial, "initial equity unchanged");
        assertEq(hAfter.equityMaintenance, hBefore.equityMaintenance, "maintenance equity unchanged");
        assertLe(hAfter.collateralValue, F.mulWad(MARGIN, sAfter.refPrice), "never above P_ref");
        // What a spot-reading protocol would have credited: ≥ 100× more.
        assertGe(F.mulWad(MARGIN, spotAfter), 100 * hAfter.collateralValue - 100);

        // Max exposure identical; one wei more fails with byte-identical InsufficientMargin.
        (uint256 maxAfter, bytes memory errAfter) = _maxOpenable(attacker, amznCall, 5e18);
        assertEq(maxAfter, maxBefore, "max openable size unchanged by the pump");
        assertEq(errAfter, errBefore, "same equity, same requirement");
        vm.prank(attacker);
        vm.expectRevert(errAfter);
        engine.trade(attacker, amznCall, int256(maxBefore + 1), type(uint256).max);

        // The AMZNx the attacker just bought at the pumped price is itself margin worth P_coll, not spot.
        vm.startPrank(attacker);
        amzn.approve(address(engine), bought);
        admin.deposit(address(amzn), bought);
        vm.stopPrank();
        EngineBase.Health memory hMore = _health(attacker, address(amzn));
        assertEq(hMore.collateralValue, F.mulWad(MARGIN + bought, sAfter.collateralPrice));
    }

    /// @notice The pump held for minutes: the TWAP climbs above P_ref, but P_coll = min(P_ref, TWAP) pins the
    ///         collateral value at the reference price; as soon as the TWAP includes a pumped second the peg is
    ///         Broken (a ×100 pump skips Strained): new positions and vault deposits in AMZNx stop, while closing
    ///         still works.
    function test_pumpHeld_twapRises_pegBreaks_valueNeverAboveRef() public {
        _open(attacker, amznCall, 0.05e18); // a small position to close afterwards
        uint256 refPrice = _stock(address(amzn)).refPrice;
        uint256 valueBefore = _health(attacker, address(amzn)).collateralValue;
        uint256 margin = _collateral(attacker, address(amzn));

        _buyStock(amznPair, amzn, _usdcToMultiplySpot(amznPair, amzn, 100), attacker);

        // Minute by minute, with the keeper updating every feed and the PegOracle as on the local chain. The
        // pumped price enters the cumulative from the next block on: after 1 s it is already +99 × 1 / 1,801 ≈ +5.5%
        // of a 30-min TWAP, so the peg is Broken as soon as the hub's TWAP includes one pumped second.
        OracleHub.StockState memory s;
        uint256 minutesToBreak;
        for (uint256 i = 1; i <= 10; ++i) {
            _advance(60, 60);
            s = _stock(address(amzn));
            EngineBase.Health memory h = _health(attacker, address(amzn));
            assertEq(s.refPrice, refPrice);
            assertLe(s.collateralPrice, refPrice, "min() never lets P_coll above P_ref");
            assertLe(h.collateralValue, F.mulWad(margin, refPrice), "collateral value never above P_ref");
            assertLe(h.collateralValue, valueBefore, "and never above its pre-pump value");
            if (minutesToBreak == 0 && s.peg != OracleHub.PegState.Healthy) {
                minutesToBreak = i;
                // From then on nothing new can be opened against AMZNx.
                vm.prank(attacker);
                vm.expectRevert(
                    abi.encodeWithSelector(IEngineErrors.PegNotHealthy.selector, address(amzn), uint8(s.peg))
                );
                engine.trade(attacker, amznCall, int256(0.01e18), type(uint256).max);
            }
        }
        emit log_named_uint("minutes until the peg left Healthy", minutesToBreak);
        assertGt(minutesToBreak, 0, "the pump broke the peg");
        assertLe(minutesToBreak, 6, "within one TWAP observation spacing (5 min) plus a block");
        assertGt(s.dexPrice, s.refPrice, "TWAP above the reference");
        assertEq(s.collateralPrice, s.refPrice, "P_coll = P_ref: the pump's value is cut off");
        assertEq(uint8(s.peg), uint8(OracleHub.PegState.Broken));
        emit log_named_decimal_uint("AMZNx TWAP after 10 min (USD)", s.dexPrice, 18);

        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEngineErrors.PegNotHealthy.selector, address(amzn), uint8(OracleHub.PegState.Broken)
            )
        );
        engine.trade(attacker, amznCall, int256(0.01e18), type(uint256).max);

        // LPs cannot buy vault shares at a depegged price either.
        amzn.mint(address(this), 1e18);
        amzn.approve(address(amznMain), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                LivestockVault.VaultEntryPaused.selector, uint8(LivestockVault.PauseReason.PegNotHealthy)
            )
        );
        amznMain.deposit(1e18, address(this));

        // Reduce-only still means the attacker can leave: closing is never blocked by the peg.
        _close(attacker, amznCall, 0.05e18);
        assertEq(admin.position(attacker, amznCall).size, 0);
    }
}
