// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LivestockDeployer} from "./LivestockDeployer.sol";
import {LocalDon} from "./LocalDon.sol";
import {OracleHub} from "../src/oracles/OracleHub.sol";
import {ReportStore} from "../src/oracles/ReportStore.sol";
import {StreamsFeed} from "../src/oracles/StreamsFeed.sol";
import {IVerifierProxy} from "../src/interfaces/IVerifierProxy.sol";
import {ILivestock} from "../src/interfaces/ILivestock.sol";
import {OrderRouter} from "../src/orders/OrderRouter.sol";

/// @notice Moves a deployed world onto signed Data Streams reports and two-step orders (docs/decisions/010):
///         Chainlink's Verifier behind its VerifierProxy with the local DON's signer set (or Chainlink's proxy on
///         Base), a ReportStore with one StreamsFeed adapter per feed wired into the OracleHub, and the
///         OrderRouter as the engine's only way to open, close and liquidate.
abstract contract StreamsDeployer is LivestockDeployer, LocalDon {
    struct StreamsConfig {
        bool enabled;
        address verifierProxy; // Chainlink's on Base; address(0): deploy Chainlink's verifier with local signers
        uint32 minDelay;
        uint32 settleWindow;
        uint32 maxLifetime;
        uint32 liquidationMaxAge;
        uint256 executionFeeUsd; // 18 decimals: the smallest execution fee, in each stock at its price
    }

    struct Streams {
        address verifierProxy;
        address verifier; // address(0) on Base
        ReportStore store;
        OrderRouter router;
        bytes32[4] cryptoFeedIds; // BTC/USD, ETH/USD, BTC/USD-IV, ETH/USD-IV
        bytes32[] stockFeedIds; // per stock, in config order
    }

    function _loadStreamsConfig(string memory path) internal view returns (StreamsConfig memory sc) {
        string memory json = vm.readFile(path);
        if (!vm.keyExistsJson(json, ".streams")) return sc;
        sc.enabled = vm.parseJsonBool(json, ".streams.enabled");
        sc.verifierProxy = vm.parseJsonAddress(json, ".streams.verifierProxy");
        sc.minDelay = uint32(vm.parseJsonUint(json, ".streams.minDelay"));
        sc.settleWindow = uint32(vm.parseJsonUint(json, ".streams.settleWindow"));
        sc.maxLifetime = uint32(vm.parseJsonUint(json, ".streams.maxLifetime"));
        sc.liquidationMaxAge = uint32(vm.parseJsonUint(json, ".streams.liquidationMaxAge"));
        sc.executionFeeUsd = vm.parseJsonUint(json, ".streams.executionFeeUsd");
    }

    /// @dev Local: also signs and stores first reports at the push feeds' current values, so the hub has prices
    ///      from the first block on (afterwards the local DON signs and the keeper submits).
    function _deployStreams(Config memory cfg, StreamsConfig memory sc, World memory w)
        internal
        returns (Streams memory s)
    {
        s.cryptoFeedIds =
            [_feedId(3, "BTC/USD"), _feedId(3, "ETH/USD"), _feedId(3, "BTC/USD-IV"), _feedId(3, "ETH/USD-IV")];
        s.stockFeedIds = new bytes32[](cfg.stocks.length);
        for (uint256 i; i < cfg.stocks.length; ++i) {
            s.stockFeedIds[i] = _feedId(8, cfg.stocks[i].feedName);
        }

        if (sc.verifierProxy == address(0)) {
            (s.verifierProxy, s.verifier) = _deployChainlinkVerifier();
            for (uint256 i; i < 4; ++i) {
                _configureFeed(s.verifier, s.cryptoFeedIds[i]);
            }
            for (uint256 i; i < s.stockFeedIds.length; ++i) {
                _configureFeed(s.verifier, s.stockFeedIds[i]);
            }
        } else {
            s.verifierProxy = sc.verifierProxy;
        }
        s.store = new ReportStore(w.owner, IVerifierProxy(s.verifierProxy));
        for (uint256 i; i < 4; ++i) {
            s.store.setFeed(s.cryptoFeedIds[i], true);
        }
        for (uint256 i; i < s.stockFeedIds.length; ++i) {
            s.store.setFeed(s.stockFeedIds[i], true);
        }
        if (s.verifier != address(0)) _publishCurrentPrices(w, s);

        _wireStreamsIntoHub(cfg, w, s);

        s.router = new OrderRouter(
            w.owner,
            ILivestock(address(w.engine)),
            s.store,
            [s.cryptoFeedIds[0], s.cryptoFeedIds[2], s.cryptoFeedIds[1], s.cryptoFeedIds[3]]
        );
        s.router
            .setParams(
                OrderRouter.Params({
                    minDelay: sc.minDelay,
                    settleWindow: sc.settleWindow,
                    maxLifetime: sc.maxLifetime,
                    liquidationMaxAge: sc.liquidationMaxAge,
                    executionGas: 1_500_000
                })
            );
        for (uint256 i; i < w.stocks.length; ++i) {
            address token = address(w.stocks[i].token);
            uint256 price = w.oracleHub.refPrice(token);
            s.router.setMinExecutionFee(token, sc.executionFeeUsd * 1e18 / price);
            w.stocks[i].mainVault.setNavMaxAge(sc.liquidationMaxAge);
        }
        s.store.setPinner(address(s.router));
        _admin(w).setOrderRouter(address(s.router));
    }

    function _wireStreamsIntoHub(Config memory cfg, World memory w, Streams memory s) internal {
        OracleHub hub = w.oracleHub;
        hub.setUnderlyingFeeds(
            OracleHub.Underlying.BTC,
            new StreamsFeed(s.store, s.cryptoFeedIds[0], "BTC/USD"),
            new StreamsFeed(s.store, s.cryptoFeedIds[2], "BTC/USD-IV"),
            cfg.underlyingMaxAge,
            cfg.volMaxAge
        );
        hub.setUnderlyingFeeds(
            OracleHub.Underlying.ETH,
            new StreamsFeed(s.store, s.cryptoFeedIds[1], "ETH/USD"),
            new StreamsFeed(s.store, s.cryptoFeedIds[3], "ETH/USD-IV"),
            cfg.underlyingMaxAge,
            cfg.volMaxAge
        );
        for (uint256 i; i < w.stocks.length; ++i) {
            bytes32 name = bytes32(bytes(cfg.stocks[i].feedName));
            StreamsFeed feed = new StreamsFeed(s.store, s.stockFeedIds[i], name);
            hub.setStockFeed(address(w.stocks[i].token), feed, cfg.stockHeartbeat, name);
            w.stocks[i].feed = feed;
        }
    }

    /// @dev Signs the push feeds' values (8 decimals) as reports (18 decimals) observed now, and stores them.
    function _publishCurrentPrices(World memory w, Streams memory s) internal {
        bytes[] memory reports = new bytes[](4 + w.stocks.length);
        uint32 t = uint32(block.timestamp);
        address[4] memory feeds = [address(w.btcUsd), address(w.ethUsd), address(w.btcVol), address(w.ethVol)];
        for (uint256 i; i < 4; ++i) {
            (, int256 answer,,,) = StreamsFeed(feeds[i]).latestRoundData();
            reports[i] = _signV3(s.verifier, s.cryptoFeedIds[i], int192(answer) * 1e10, t);
        }
        for (uint256 i; i < w.stocks.length; ++i) {
            (, int256 answer,,,) = w.stocks[i].feed.latestRoundData();
            uint8 status = w.stocks[i].feed.marketStatus();
            reports[4 + i] = _signV8(s.verifier, s.stockFeedIds[i], int192(answer) * 1e10, t, status);
        }
        s.store.submit(reports);
    }
}
