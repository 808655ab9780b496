// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {LivestockDeployer} from "../../script/LivestockDeployer.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {IUniswapV2Pair} from "../../src/interfaces/IUniswapV2.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Deploys the same world as the local chain (deploy/local.json) through the real deploy code.
abstract contract Fixture is Test, LivestockDeployer {
    World internal world;

    StockToken internal usdc;
    StockToken internal tsla;
    StockToken internal amzn;
    IUniswapV2Pair internal tslaPair;
    IUniswapV2Pair internal amznPair;
    StockPriceFeed internal tslaFeed;
    PushPriceFeed internal btcFeed;

    function setUp() public virtual {
        vm.warp(1_767_225_600); // 2026-01-01, so timestamps look real
        World memory w = _deployWorld(_localConfig(), address(this));
        _store(w);
        usdc = w.usdc;
        tsla = w.stocks[0].token;
        tslaPair = w.stocks[0].pair;
        tslaFeed = StockPriceFeed(address(w.stocks[0].feed));
        amzn = w.stocks[3].token;
        amznPair = w.stocks[3].pair;
        btcFeed = PushPriceFeed(address(w.btcUsd));
    }

    function _localConfig() internal view returns (Config memory) {
        return _loadConfig("deploy/local.json");
    }

    /// @dev Copies the memory World into storage (arrays of structs need an explicit loop).
    function _store(World memory w) internal {
        world.owner = w.owner;
        world.usdc = w.usdc;
        world.factory = w.factory;
        world.pegOracle = w.pegOracle;
        world.oracleHub = w.oracleHub;
        world.btcUsd = w.btcUsd;
        world.ethUsd = w.ethUsd;
        world.btcVol = w.btcVol;
        world.ethVol = w.ethVol;
        world.engine = w.engine;
        world.extension = w.extension;
        for (uint256 i; i < w.stocks.length; ++i) world.stocks.push(w.stocks[i]);
    }

    /// @dev Buy X with `usdcIn` USDC through the pair's own swap (the 0.3% fee included).
    function _buyStock(IUniswapV2Pair pair, StockToken stock, uint256 usdcIn, address to) internal returns (uint256 out) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool stockIs0 = pair.token0() == address(stock);
        (uint256 reserveIn, uint256 reserveOut) = stockIs0 ? (uint256(r1), uint256(r0)) : (uint256(r0), uint256(r1));
        uint256 inWithFee = usdcIn * 997;
        out = inWithFee * reserveOut / (reserveIn * 1000 + inWithFee);
        usdc.mint(address(pair), usdcIn);
        if (stockIs0) pair.swap(out, 0, to, "");
        else pair.swap(0, out, to, "");
    }

    /// @dev Sell `stockIn` of X into the pair through its own swap (the 0.3% fee included); returns the USDC out.
    function _sellStock(IUniswapV2Pair pair, StockToken stock, uint256 stockIn, address to) internal returns (uint256 out) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool stockIs0 = pair.token0() == address(stock);
        (uint256 reserveIn, uint256 reserveOut) = stockIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 inWithFee = stockIn * 997;
        out = inWithFee * reserveOut / (reserveIn * 1000 + inWithFee);
        stock.mint(address(pair), stockIn);
        if (stockIs0) pair.swap(0, out, to, "");
        else pair.swap(out, 0, to, "");
    }

    /// @dev Move a pair's price by donating one side and syncing: multiplies the USD price of X by `factorWad`.
    function _scaleDexPrice(IUniswapV2Pair pair, StockToken stock, uint256 factorWad) internal {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool stockIs0 = pair.token0() == address(stock);
        uint256 usdcReserve = stockIs0 ? r1 : r0;
        uint256 stockReserve = stockIs0 ? r0 : r1;
        if (factorWad >= 1e18) usdc.mint(address(pair), usdcReserve * factorWad / 1e18 - usdcReserve);
        else stock.mint(address(pair), stockReserve * 1e18 / factorWad - stockReserve);
        pair.sync();
    }

    /// @dev Advance time in keeper-sized steps, refreshing every feed and TWAP like the local keeper does.
    function _advance(uint256 seconds_, uint256 step) internal {
        for (uint256 t; t < seconds_; t += step) {
            vm.warp(block.timestamp + step);
            vm.roll(block.number + 1);
            _refreshFeeds();
        }
    }

    /// @dev Re-push the current BTC/ETH prices and volatilities so they are fresh at this timestamp.
    function _refreshUnderlyings() internal virtual {
        (, int256 btc,,,) = world.btcUsd.latestRoundData();
        PushPriceFeed(address(world.btcUsd)).updateAnswer(btc);
        (, int256 eth,,,) = world.ethUsd.latestRoundData();
        PushPriceFeed(address(world.ethUsd)).updateAnswer(eth);
        (, int256 bv,,,) = world.btcVol.latestRoundData();
        PushPriceFeed(address(world.btcVol)).updateAnswer(bv);
        (, int256 ev,,,) = world.ethVol.latestRoundData();
        PushPriceFeed(address(world.ethVol)).updateAnswer(ev);
        _checkpointUnderlyings();
    }

    /// @dev What the keeper does after each price push: fold the new values into the hub's price integrals.
    function _checkpointUnderlyings() internal {
        world.oracleHub.checkpoint(OracleHub.Underlying.BTC);
        world.oracleHub.checkpoint(OracleHub.Underlying.ETH);
    }

    function _refreshFeeds() internal virtual {
        _refreshUnderlyings();
        for (uint256 i; i < world.stocks.length; ++i) {
            StockPriceFeed feed = StockPriceFeed(address(world.stocks[i].feed));
            if (feed.marketStatus() == 2) {
                (, int256 p,,,) = feed.latestRoundData();
                feed.updateAnswer(p);
            }
            world.pegOracle.update(address(world.stocks[i].token));
        }
    }
}
