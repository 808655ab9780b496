// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {Market} from "../../src/core/EngineTypes.sol";

/// @notice Random two-sided trades by two traders on six BTC markets: the market aggregates, the vault's net
///         exposure and the margin views stay consistent, and `previewTrade` predicts the engine's margin check.
contract PortfolioMarginFuzzTest is ProtocolFixture {
    uint256[6] internal ids;
    address[2] internal traders;

    function setUp() public override {
        super.setUp();
        ids[0] = _id(address(tsla), BTC, true, 90_000e18);
        ids[1] = _id(address(tsla), BTC, true, 95_000e18);
        ids[2] = _id(address(tsla), BTC, true, 100_000e18);
        ids[3] = _id(address(tsla), BTC, false, 90_000e18);
        ids[4] = _id(address(tsla), BTC, false, 95_000e18);
        ids[5] = _id(address(tsla), BTC, false, 100_000e18);
        traders = [alice, bob];
    }

    function _checkBook() internal view {
        uint256 exposure;
        for (uint256 j; j < 6; ++j) {
            Market memory m = admin.market(ids[j]);
            int256 sum;
            for (uint256 t; t < 2; ++t) sum += admin.position(traders[t], ids[j]).size;
            assertEq(int256(uint256(m.longOpenInterest)) - int256(uint256(m.shortOpenInterest)), sum, "net = sum of positions");
            int256 net = int256(uint256(m.longOpenInterest)) - int256(uint256(m.shortOpenInterest));
            exposure += uint256(net < 0 ? -net : net);
        }
        assertEq(admin.netExposureByUnderlying(address(tsla), BTC), exposure, "exposure = sum |net|");

        for (uint256 t; t < 2; ++t) {
            EngineBase.Health memory h = _health(traders[t], address(tsla));
            (EngineBase.PositionMargin[] memory ps, EngineBase.GroupMargin[2] memory g) =
                admin.marginBreakdown(traders[t], address(tsla));
            assertEq(h.initialMargin, g[0].initialMargin + g[1].initialMargin, "health IM = groups");
            assertEq(h.maintenanceMargin, g[0].maintenanceMargin + g[1].maintenanceMargin, "health MM = groups");
            uint256 standalone;
            for (uint256 i; i < ps.length; ++i) standalone += ps[i].initialMargin;
            assertEq(g[0].standaloneIm, standalone, "standalone = sum of the positions' IM");
            assertLe(g[0].initialMargin, g[0].standaloneIm, "offsets only lower");
            if (g[0].maxLossBounded) assertLe(g[0].initialMargin, g[0].maxLoss, "never above the max loss");
        }
    }

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_randomTwoSidedTrades_viewsAgreeAndPreviewPredictsTheMarginCheck(
        uint256 seed,
        uint256 aliceFunds
    ) public {
        _sequence(seed, bound(aliceFunds, 2e18, 60e18)); // margin binds often
    }

    /// @dev The fuzz above is not vacuous: over a few fixed seeds both outcomes are predicted.
    function test_fixedSeeds_previewPredictsBothAcceptedAndRejectedTrades() public {
        uint256 accepted;
        uint256 rejected;
        uint256 snap = vm.snapshotState();
        for (uint256 seed; seed < 4; ++seed) {
            (uint256 a, uint256 r) = _sequence(seed, 5e18);
            (accepted, rejected) = (accepted + a, rejected + r);
            vm.revertToState(snap);
        }
        emit log_named_uint("accepted (predicted)", accepted);
        emit log_named_uint("rejected for margin (predicted)", rejected);
        assertGt(accepted, 0);
        assertGt(rejected, 0);
    }

    function _sequence(uint256 seed, uint256 aliceFunds) internal returns (uint256 accepted, uint256 rejected) {
        _fund(alice, tsla, aliceFunds);
        _fund(bob, tsla, 2_000e18);
        for (uint256 step; step < 10; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address t = traders[r & 1];
            uint256 id = ids[(r >> 8) % 6];
            int256 size = int256(1 + (r >> 16) % 500) * 1e15; // 0.001 … 0.5 BTC
            if ((r >> 40) & 1 == 1) size = -size;

            int256 held = admin.position(t, id).size;
            bool reduceOnly = held != 0 && (held > 0) != (size > 0) && _abs(size) <= _abs(held);
            (EngineBase.Health memory pre,) = admin.previewTrade(t, id, size);

            vm.prank(t);
            bool ok;
            bytes memory err;
            try engine.trade(t, id, size, size > 0 ? type(uint256).max : 0) {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
            if (!reduceOnly) {
                // Clear of the boundary by 1%, the preview and the engine's check agree.
                int256 im = int256(pre.initialMargin);
                if (pre.equityInitial * 100 >= im * 101) {
                    assertTrue(ok, "preview: enough margin, the trade went through");
                    ++accepted;
                } else if (pre.equityInitial * 101 <= im * 100) {
                    assertFalse(ok, "preview: not enough margin, the trade reverted");
                    assertEq(bytes4(err), IEngineErrors.InsufficientMargin.selector);
                    ++rejected;
                }
            } else {
                assertTrue(ok || bytes4(err) == IEngineErrors.InsufficientMargin.selector, "reduce: only hedge rule");
            }
            _checkBook();
        }
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x < 0 ? -x : x);
    }
}
