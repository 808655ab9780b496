// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {IUniswapV2Pair} from "../../src/interfaces/IUniswapV2.sol";
import {RiskParams} from "../../src/core/EngineTypes.sol";

/// @notice Helpers shared by the incident reproductions in this folder (no tests here).
/// @dev Everything runs against the real local world of `ProtocolFixture` (real Uniswap V2 bytecode, real
///      OracleHub / PegOracle / engine / vaults); nothing in src/ is mocked.
abstract contract IncidentBase is ProtocolFixture {
    /// @dev Tries `openPosition` in a throw-away state snapshot; returns whether it went through and, if not,
    ///      the exact revert data.
    function _tryOpen(address trader, uint256 marketId, uint256 size) internal returns (bool ok, bytes memory err) {
        uint256 snap = vm.snapshotState();
        vm.prank(trader);
        try engine.trade(trader, marketId, int256(size), type(uint256).max) {
            ok = true;
        } catch (bytes memory e) {
            err = e;
        }
        vm.revertToState(snap);
    }

    /// @dev Largest size in [0, hi) that `trader` can open now (binary search to 1 wei, nothing is kept), and
    ///      the exact revert data of opening one wei more.
    function _maxOpenable(address trader, uint256 marketId, uint256 hi)
        internal
        returns (uint256 max, bytes memory errAbove)
    {
        (bool ok,) = _tryOpen(trader, marketId, hi);
        require(!ok, "upper bound opens: raise it");
        uint256 lo; // 0 "opens" trivially
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            (ok,) = _tryOpen(trader, marketId, mid);
            if (ok) lo = mid;
            else hi = mid;
        }
        max = lo;
        (, errAbove) = _tryOpen(trader, marketId, lo + 1);
    }

    function _selector(bytes memory err) internal pure returns (bytes4 sel) {
        if (err.length < 4) return bytes4(0);
        assembly ("memory-safe") {
            sel := mload(add(err, 0x20))
        }
    }

    /// @dev The pair's instantaneous price of `stock` in USD (18 decimals): what a spot-reading protocol would use.
    function _dexSpot(IUniswapV2Pair pair, StockToken stock) internal view returns (uint256) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool stockIs0 = pair.token0() == address(stock);
        (uint256 rStock, uint256 rUsdc) = stockIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        return rUsdc * 1e12 * 1e18 / rStock;
    }

    /// @dev USDC to swap into the pair (0.3% fee included) so that the spot price of `stock` is ≥ `factor` × now.
    ///      Constant product: after a buy of `in` the price is (y + in)(y + 0.997·in) / (x·y) · ..., so solve
    ///      997·in² + 1997·y·in − 1000·(factor − 1)·y² = 0 for `in`.
    function _usdcToMultiplySpot(IUniswapV2Pair pair, StockToken stock, uint256 factor)
        internal
        view
        returns (uint256 usdcIn)
    {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        uint256 y = pair.token0() == address(stock) ? r1 : r0; // USDC reserve
        uint256 disc = 1997 * 1997 + 4 * 997 * 1000 * (factor - 1);
        uint256 rootWad = F.sqrt(disc * 1e36); // sqrt(disc) in WAD
        usdcIn = y * (rootWad - 1997e18) / (2 * 997e18);
        usdcIn += usdcIn / 1e6 + 1; // integer floors in the pair's getAmountOut
    }

    /// @dev Like `_advance`, but the reference feed of `frozen` stops updating (the keeper or the oracle
    ///      network behind it went silent) while every other feed and every TWAP keeps going.
    function _advanceFreezing(address frozen, uint256 seconds_, uint256 step) internal {
        for (uint256 t; t < seconds_; t += step) {
            vm.warp(block.timestamp + step);
            vm.roll(block.number + 1);
            _refreshUnderlyings();
            for (uint256 i; i < world.stocks.length; ++i) {
                address token = address(world.stocks[i].token);
                StockPriceFeed feed = StockPriceFeed(address(world.stocks[i].feed));
                if (token != frozen && feed.marketStatus() == 2) {
                    (, int256 p,,,) = feed.latestRoundData();
                    feed.updateAnswer(p);
                }
                world.pegOracle.update(token);
            }
        }
    }

    function _risk() internal view returns (RiskParams memory) {
        return admin.getRiskParams();
    }

    /// @dev The engine's per-market OI cap in USD as `_requireExposureCaps` computes it at the start of a trade:
    ///      oiCapBps × (main vault X + pendingMain) × P_coll, cut while the stock market is closed.
    function _oiCapUsd(address token) internal view returns (uint256 capUsd) {
        OracleHub.StockState memory s = _stock(token);
        (,,,, address mainVault,,) = admin.tokenConfig(token);
        uint256 capital = StockToken(token).balanceOf(mainVault) + engine.pendingMain(token);
        RiskParams memory r = _risk();
        capUsd = F.mulWad(capital, s.collateralPrice) * r.oiCapBps / 10_000;
        if (!s.marketOpen) capUsd = capUsd * r.closedOiCapBps / 10_000;
    }

    /// @dev The main vault's capital in USD as the engine values it (X held + pending, at P_coll).
    function _capitalUsd(address token) internal view returns (uint256) {
        (,,,, address mainVault,,) = admin.tokenConfig(token);
        uint256 capital = StockToken(token).balanceOf(mainVault) + engine.pendingMain(token);
        return F.mulWad(capital, _stock(token).collateralPrice);
    }

    function _underlyingSpot(uint8 u) internal view returns (uint256) {
        return world.oracleHub.underlyingPrice(OracleHub.Underlying(u));
    }
}
