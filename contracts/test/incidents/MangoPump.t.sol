// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IncidentBase} from "./IncidentBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {Market, RiskParams} from "../../src/core/EngineTypes.sol";

/// @title Incident: Mango Markets (11 October 2022, ~$114M)
/// @notice What happened: the attacker bought MNGO perps from himself, pumped MNGO spot ~10× on the thin venues
///         Mango's oracle read, and borrowed (almost) the whole treasury against the mark-to-market value of his
///         position and collateral. Two failures: collateral/PnL valued at a manipulable price, and no cap on how
///         much one account (or one market) could take from the pool.
/// @notice Reproduction: pump the DEX price of the margin token (TSLA.M, ×10, a real swap through the pair) and try
///         to open the largest position; then try to take more than a market's share of the vault.
/// @notice What protects Livestock:
///         - margin is worth weight × P_coll with P_coll = min(P_ref, 30-min TWAP): a DEX pump cannot raise it
///           (the max openable size after the pump equals the size before it, to the wei), and once the TWAP moves
///           the peg breaks and the market is reduce-only;
///         - option PnL is marked at theo from the Chainlink-style BTC/ETH feeds, not from any DEX;
///         - open interest per market ≤ 10% of the main vault's capital (notional at spot), and the vault's stress
///           loss (±15% BTC / ±20% ETH on the whole short book) ≤ 80% of its capital, both for new trades (engine)
///           and for LP exits (vault): that bounds what the vault can lose to any set of accounts.
contract MangoPumpTest is IncidentBase {
    address internal attacker = makeAddr("attacker");
    uint256 internal tslaCall;

    function setUp() public override {
        super.setUp();
        tslaCall = _id(address(tsla), BTC, true, 95_000e18);
    }

    // ------------------------------------------------------------------ the pump

    function test_dexPumpX10_maxSizeUnchanged_exposureBoundedByWeightTimesPcoll() public {
        uint256 margin = 20e18; // ≈ $8,600 of TSLA.M: the margin binds long before the OI cap
        _fund(attacker, tsla, margin);
        (uint256 maxBefore, bytes memory errBefore) = _maxOpenable(attacker, tslaCall, 10e18);
        assertEq(_selector(errBefore), IEngineErrors.InsufficientMargin.selector);
        OracleHub.StockState memory sBefore = _stock(address(tsla));
        uint256 capBefore = _oiCapUsd(address(tsla));

        uint256 spotBefore = _dexSpot(tslaPair, tsla);
        uint256 usdcIn = _usdcToMultiplySpot(tslaPair, tsla, 10);
        _buyStock(tslaPair, tsla, usdcIn, attacker);
        emit log_named_decimal_uint("USDC spent to pump TSLA.M x10", usdcIn, 6);
        assertGe(_dexSpot(tslaPair, tsla), 10 * spotBefore);

        (uint256 maxAfter, bytes memory errAfter) = _maxOpenable(attacker, tslaCall, 10e18);
        emit log_named_decimal_uint("max size before pump (BTC)", maxBefore, 18);
        emit log_named_decimal_uint("max size after pump (BTC)", maxAfter, 18);
        assertEq(maxAfter, maxBefore, "the pump buys no extra exposure");
        assertEq(errAfter, errBefore);
        assertEq(_oiCapUsd(address(tsla)), capBefore, "nor a bigger OI cap for the vault");

        // Open the max: the requirement is covered by weight × P_coll × margin (PnL ≤ 0 right after buying at
        // mark ≥ theo), and P_coll is the pre-pump price.
        _open(attacker, tslaCall, maxAfter);
        EngineBase.Health memory h = _health(attacker, address(tsla));
        (, uint16 wInit,,,,,) = admin.tokenConfig(address(tsla));
        uint256 weighted = F.mulWad(_collateral(attacker, address(tsla)), sBefore.collateralPrice) * wInit / 10_000;
        assertLe(int256(h.initialMargin), h.equityInitial);
        assertLe(h.equityInitial, int256(weighted), "exposure <= weight x q x P_coll");
        assertLe(sBefore.collateralPrice, sBefore.refPrice);

        // Held into the next block: the TWAP moves above P_ref, P_coll stays P_ref and the market goes reduce-only.
        _advance(60, 60);
        OracleHub.StockState memory s = _stock(address(tsla));
        assertGt(s.dexPrice, s.refPrice);
        assertEq(s.collateralPrice, s.refPrice);
        assertLe(_oiCapUsd(address(tsla)), capBefore * 10_001 / 10_000, "vault capital still valued at P_ref");
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEngineErrors.PegNotHealthy.selector, address(tsla), uint8(OracleHub.PegState.Broken)
            )
        );
        engine.trade(attacker, tslaCall, int256(1e15), type(uint256).max);
    }

    // ------------------------------------------------------------------ per-market OI cap

    /// @notice A whale with unlimited margin still cannot sell itself more than 10% of the vault's capital in one
    ///         market: exact OpenInterestCapExceeded(market, notional, cap).
    function test_oiCapPerMarket_boundsOneMarket() public {
        address whale = makeAddr("whale");
        _fund(whale, tsla, 100_000e18); // $43M of margin: margin never binds here
        uint256 spot = _underlyingSpot(BTC);

        uint256 room = _oiRoom(tslaCall, spot);
        _open(whale, tslaCall, room); // exactly up to the cap
        Market memory m = admin.market(tslaCall);
        assertLe(F.mulWad(m.longOpenInterest, spot), _oiCapUsdBefore);

        // One trade later the cap grew by the fee just paid into pendingMain; step over it by one wei.
        uint256 cap = _oiCapUsd(address(tsla));
        uint256 size = _oiRoom(tslaCall, spot) + 1;
        vm.prank(whale);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEngineErrors.OpenInterestCapExceeded.selector, tslaCall, F.mulWad(m.longOpenInterest + size, spot), cap
            )
        );
        engine.trade(whale, tslaCall, int256(size), type(uint256).max);

        // 10% of capital, at spot, is all one market can hold.
        assertApproxEqRel(F.mulWad(m.longOpenInterest, spot), _capitalUsd(address(tsla)) / 10, 0.001e18);
    }

    /// @notice Every TSLA.M market filled to its cap by three whales (8 positions each): the stress loss of the
    ///         whole book stays under 80% of the vault; an LP exit that would push it over is refused (exact
    ///         MainVault.UtilizationTooHigh), a smaller one goes through; and with the per-market cap lifted by
    ///         governance, the engine's own 80% cap stops new trades (exact UtilizationTooHigh).
    function test_utilizationCap_boundsWhatTheVaultCanLose() public {
        address[3] memory whales = [makeAddr("whale0"), makeAddr("whale1"), makeAddr("whale2")];
        for (uint256 i; i < 3; ++i) {
            _fund(whales[i], tsla, 100_000e18);
        }

        (,,, uint8 count,,,) = admin.tokenConfig(address(tsla));
        assertEq(count, 24, "14 BTC + 10 ETH markets");
        for (uint8 slot; slot < count; ++slot) {
            uint256 id = admin.marketIdAt(address(tsla), slot);
            uint256 room = _oiRoom(id, _underlyingSpot(admin.market(id).underlying));
            _open(whales[slot / 8], id, room);
        }
        uint256 util = admin.utilization(address(tsla));
        emit log_named_decimal_uint("utilization with every market at its OI cap", util, 18);
        assertGt(util, 0.4e18, "the book is full");
        assertLe(util, 0.8e18, "stress loss of the full book <= 80% of the vault");
        // locked = what the vault loses if BTC moves 15% and ETH 20% against it, all at once.
        assertLe(_lockedUsd(0), _capitalUsd(address(tsla)) * 8 / 10);

        // LP side: pulling 70% of the vault would leave locked > 80% of NAV.
        MainVault vault = tslaMain;
        uint256 shares = vault.balanceOf(address(this));
        vault.requestWithdrawal(shares * 7 / 10);
        uint256 atRequest = vault.convertToAssets(shares * 7 / 10);
        _advance(60, 60);
        assertGt(_exitNet(vault, shares * 7 / 10, atRequest), 0);
        // One utilisation: the request already took its X out of L, so the engine's figure is the exit's.
        uint256 expectedU = admin.utilization(address(tsla));
        assertEq(vault.utilizationWad(), expectedU);
        assertGt(expectedU, 0.8e18);
        vm.expectRevert(abi.encodeWithSelector(MainVault.UtilizationTooHigh.selector, expectedU));
        vault.executeWithdrawal(address(this));
        // ... 10% is fine.
        vault.cancelWithdrawal();
        vault.requestWithdrawal(shares / 10);
        _advance(60, 60);
        uint256 got = vault.executeWithdrawal(address(this));
        assertGt(got, 0);
        assertLe(admin.utilization(address(tsla)), 0.8e18);

        // Engine side: governance lifts the per-market cap to 600%; the 80% utilisation cap still holds.
        RiskParams memory r = _risk();
        r.oiCapBps = 60_000;
        admin.setRiskParams(r);
        address whale3 = makeAddr("whale3");
        _fund(whale3, tsla, 200_000e18);
        uint256 spot = _underlyingSpot(BTC);
        uint256 capitalUsd = _capitalUsd(address(tsla));
        uint256 lockedNow = _lockedUsd(0);
        // Size that takes the stress loss to ~90% of capital.
        uint256 size = (capitalUsd * 9 / 10 - lockedNow) * 1e18 / (spot * 15 / 100);
        uint256 expectedUtil = F.divWadUp(_lockedUsd(size), capitalUsd);
        assertGt(expectedUtil, 0.8e18);
        vm.prank(whale3);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UtilizationTooHigh.selector, expectedUtil));
        engine.trade(whale3, tslaCall, int256(size), type(uint256).max);
        // Just under the cap goes through.
        uint256 okSize = (capitalUsd * 79 / 100 - lockedNow) * 1e18 / (spot * 15 / 100);
        _open(whale3, tslaCall, okSize);
        assertLe(admin.utilization(address(tsla)), 0.8e18);
    }

    // ------------------------------------------------------------------ helpers

    /// @dev What `executeWithdrawal` pays: the lower of the value at request and now, less the exit fee (ceil).
    function _exitNet(MainVault vault, uint256 shares, uint256 atRequest) internal view returns (uint256) {
        uint256 gross = vault.convertToAssets(shares);
        if (gross > atRequest) gross = atRequest;
        return gross - Math.mulDiv(gross, vault.exitFeeBps(), 10_000, Math.Rounding.Ceil);
    }

    uint256 internal _oiCapUsdBefore;

    /// @dev Largest size that keeps the market's notional within the cap as the engine checks it:
    ///      mulWad(OI + size, spot) ≤ cap  ⇔  OI + size ≤ ((cap + 1)·1e18 − 1) / spot.
    function _oiRoom(uint256 id, uint256 spot) internal returns (uint256) {
        uint256 cap = _oiCapUsd(address(tsla));
        _oiCapUsdBefore = cap;
        uint256 maxOi = ((cap + 1) * 1e18 - 1) / spot;
        uint256 oi = admin.market(id).longOpenInterest;
        return maxOi > oi ? maxOi - oi : 0;
    }

    /// @dev The engine's locked stress loss in USD (EngineBase._lockedUsd) with `extraBtc` more BTC open interest.
    function _lockedUsd(uint256 extraBtc) internal view returns (uint256 locked) {
        for (uint8 u; u < 2; ++u) {
            uint256 oi = admin.netExposureByUnderlying(address(tsla), u) + (u == BTC ? extraBtc : 0);
            (,, uint16 stressBps) = admin.underlyingParams(u);
            if (oi != 0) locked += F.mulWadUp(oi, _underlyingSpot(u)) * stressBps / 10_000;
        }
    }
}
