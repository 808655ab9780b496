// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
import {StreamsDeployer} from "./StreamsDeployer.sol";

/// @notice `forge script script/Deploy.s.sol --rpc-url <rpc> --broadcast`
///         Env: DEPLOY_CONFIG (default deploy/local.json), PRIVATE_KEY (default anvil account 0),
///         DEPLOYMENT_OUT (default ../lib/deployments/<chainId>.json), STREAMS (true/false: overrides the config's
///         `streams.enabled`, i.e. signed Data Streams reports and two-step orders instead of push feeds).
contract Deploy is Script, StreamsDeployer {
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    function run() external returns (World memory w) {
        string memory configPath = vm.envOr("DEPLOY_CONFIG", string("deploy/local.json"));
        Config memory cfg = _loadConfig(configPath);
        StreamsConfig memory sc = _loadStreamsConfig(configPath);
        sc.enabled = vm.envOr("STREAMS", sc.enabled);
        Streams memory streams;
        uint256 key = vm.envOr("PRIVATE_KEY", ANVIL_KEY_0);
        uint256 startBlock = block.number; // where an event indexer starts reading
        vm.startBroadcast(key);
        w = _deployWorld(cfg, vm.addr(key));
        if (sc.enabled) streams = _deployStreams(cfg, sc, w);
        vm.stopBroadcast();
        string memory out = vm.envOr(
            "DEPLOYMENT_OUT", string.concat("../lib/deployments/", vm.toString(block.chainid), ".json")
        );
        _writeDeployment(w, cfg, sc, streams, out, startBlock);
    }

    function _writeDeployment(
        World memory w,
        Config memory cfg,
        StreamsConfig memory sc,
        Streams memory streams,
        string memory path,
        uint256 startBlock
    ) internal {
        string memory c = "contracts";
        vm.serializeAddress(c, "USDC", address(w.usdc));
        vm.serializeAddress(c, "UniswapV2Factory", address(w.factory));
        vm.serializeAddress(c, "PegOracle", address(w.pegOracle));
        vm.serializeAddress(c, "BtcUsdFeed", address(w.btcUsd));
        vm.serializeAddress(c, "EthUsdFeed", address(w.ethUsd));
        vm.serializeAddress(c, "BtcVolFeed", address(w.btcVol));
        vm.serializeAddress(c, "EthVolFeed", address(w.ethVol));
        vm.serializeAddress(c, "EngineExtension", address(w.extension));
        vm.serializeAddress(c, "EngineViews", address(w.views));
        vm.serializeAddress(c, "EngineGovernance", address(w.governance));
        vm.serializeAddress(c, "LivestockEngine", address(w.engine));
        vm.serializeAddress(c, "AccountLens", address(w.accountLens));
        if (sc.enabled) {
            vm.serializeAddress(c, "OrderRouter", address(streams.router));
            vm.serializeAddress(c, "ReportStore", address(streams.store));
        }
        string memory contractsJson = vm.serializeAddress(c, "OracleHub", address(w.oracleHub));

        // Stocks keyed by symbol; `index` keeps the config order (forge sorts keys).
        string memory stocksKey = "stocks";
        string memory stocksJson;
        for (uint256 i; i < w.stocks.length; ++i) {
            string memory k = cfg.stocks[i].symbol;
            vm.serializeUint(k, "index", i);
            vm.serializeString(k, "name", cfg.stocks[i].name);
            vm.serializeString(k, "feedName", cfg.stocks[i].feedName);
            vm.serializeAddress(k, "token", address(w.stocks[i].token));
            vm.serializeAddress(k, "feed", address(w.stocks[i].feed));
            vm.serializeAddress(k, "mainVault", address(w.stocks[i].mainVault));
            vm.serializeAddress(k, "insuranceVault", address(w.stocks[i].insuranceVault));
            vm.serializeUint(k, "initialWeightBps", cfg.stocks[i].initialWeightBps);
            vm.serializeUint(k, "maintenanceWeightBps", cfg.stocks[i].maintenanceWeightBps);
            string memory one = vm.serializeAddress(k, "pair", address(w.stocks[i].pair));
            stocksJson = vm.serializeString(stocksKey, k, one);
        }

        string memory root = "deployment";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeString(root, "mode", cfg.externalFeeds ? "external" : "local");
        vm.serializeUint(root, "startBlock", startBlock);
        vm.serializeString(root, "contracts", contractsJson);
        if (sc.enabled) vm.serializeString(root, "streams", _streamsJson(cfg, sc, streams));
        string memory json = vm.serializeString(root, "stocks", stocksJson);
        vm.writeJson(json, path);
    }

    /// @dev What the local DON and the keeper read: the verifier, each feed's id by name, the order timing.
    function _streamsJson(Config memory cfg, StreamsConfig memory sc, Streams memory streams)
        internal
        returns (string memory)
    {
        string memory f = "streamsFeeds";
        vm.serializeBytes32(f, "BTC/USD", streams.cryptoFeedIds[0]);
        vm.serializeBytes32(f, "ETH/USD", streams.cryptoFeedIds[1]);
        vm.serializeBytes32(f, "BTC/USD-IV", streams.cryptoFeedIds[2]);
        string memory feeds = vm.serializeBytes32(f, "ETH/USD-IV", streams.cryptoFeedIds[3]);
        for (uint256 i; i < cfg.stocks.length; ++i) {
            feeds = vm.serializeBytes32(f, cfg.stocks[i].feedName, streams.stockFeedIds[i]);
        }
        string memory k = "streams";
        vm.serializeAddress(k, "verifierProxy", streams.verifierProxy);
        vm.serializeAddress(k, "verifier", streams.verifier);
        vm.serializeUint(k, "minDelay", sc.minDelay);
        vm.serializeUint(k, "settleWindow", sc.settleWindow);
        vm.serializeUint(k, "maxLifetime", sc.maxLifetime);
        vm.serializeUint(k, "liquidationMaxAge", sc.liquidationMaxAge);
        return vm.serializeString(k, "feeds", feeds);
    }
}
