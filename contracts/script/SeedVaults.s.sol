// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
import {LivestockDeployer} from "./LivestockDeployer.sol";
import {StockToken} from "../src/tokens/StockToken.sol";
import {PegOracle} from "../src/oracles/PegOracle.sol";
import {MainVault} from "../src/vaults/MainVault.sol";
import {InsuranceVault} from "../src/vaults/InsuranceVault.sol";

/// @notice Second deploy step: seed every main and insurance vault once the DEX TWAP has history.
///         Env: DEPLOY_CONFIG, PRIVATE_KEY, DEPLOYMENT (the JSON written by Deploy.s.sol).
contract SeedVaults is Script, LivestockDeployer {
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    function run() external {
        Config memory cfg = _loadConfig(vm.envOr("DEPLOY_CONFIG", string("deploy/local.json")));
        string memory json = vm.readFile(vm.envString("DEPLOYMENT"));
        uint256 key = vm.envOr("PRIVATE_KEY", ANVIL_KEY_0);
        World memory w;
        w.owner = vm.addr(key);
        w.pegOracle = PegOracle(vm.parseJsonAddress(json, ".contracts.PegOracle"));
        w.stocks = new StockDeployment[](cfg.stocks.length);
        for (uint256 i; i < cfg.stocks.length; ++i) {
            string memory base = string.concat(".stocks['", cfg.stocks[i].symbol, "']");
            w.stocks[i].token = StockToken(vm.parseJsonAddress(json, string.concat(base, ".token")));
            w.stocks[i].mainVault = MainVault(vm.parseJsonAddress(json, string.concat(base, ".mainVault")));
            w.stocks[i].insuranceVault =
                InsuranceVault(vm.parseJsonAddress(json, string.concat(base, ".insuranceVault")));
        }
        vm.startBroadcast(key);
        _seedVaults(cfg, w);
        vm.stopBroadcast();
    }
}
