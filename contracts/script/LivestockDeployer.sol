// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StockToken} from "../src/tokens/StockToken.sol";
import {PushPriceFeed} from "../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../src/oracles/StockPriceFeed.sol";
import {VolatilityFeed} from "../src/oracles/VolatilityFeed.sol";
import {PegOracle} from "../src/oracles/PegOracle.sol";
import {OracleHub} from "../src/oracles/OracleHub.sol";
import {AggregatorV3Interface} from "../src/interfaces/AggregatorV3Interface.sol";
import {IStockPriceFeed} from "../src/interfaces/IStockPriceFeed.sol";
import {IUniswapV2Factory, IUniswapV2Pair} from "../src/interfaces/IUniswapV2.sol";
import {ILivestockEngine} from "../src/interfaces/ILivestockEngine.sol";
import {LivestockEngine} from "../src/core/LivestockEngine.sol";
import {EngineExtension} from "../src/core/EngineExtension.sol";
import {ILivestock} from "../src/interfaces/ILivestock.sol";
import {EngineViews} from "../src/core/EngineViews.sol";
import {EngineGovernance} from "../src/core/EngineGovernance.sol";
import {AccountLens} from "../src/core/AccountLens.sol";
import {MainVault} from "../src/vaults/MainVault.sol";
import {InsuranceVault} from "../src/vaults/InsuranceVault.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The one deploy path of Livestock, shared by `Deploy.s.sol` (local anvil, Base Sepolia, Base) and
///         by the tests' fixtures, so what the tests check is what gets deployed.
/// @dev Network comes from a JSON config (contracts/deploy/*.json): "local" deploys and seeds push feeds;
///      "external" wires the OracleHub to given Chainlink-compatible feed addresses.
abstract contract LivestockDeployer is CommonBase {
    string internal constant UNISWAP_BUILD = "../node_modules/@uniswap/v2-core/build/";

    struct StockConfig {
        string symbol;
        string name;
        string feedName;
        address feedAddress; // external mode only
        uint256 price; // 8 decimals, local mode only
        uint256 poolUsd; // USDC per side of the seeded X/USDC pool
        uint16 initialWeightBps;
        uint16 maintenanceWeightBps;
        uint256 mainVaultSeed; // token units the deployer deposits into the main vault
        uint256 insuranceVaultSeed;
    }

    struct Config {
        bool externalFeeds;
        uint32 underlyingMaxAge;
        uint32 volMaxAge;
        uint32 stockHeartbeat;
        uint32 twapWindow;
        uint32 twapSpacing;
        uint256 seedAccounts;
        uint256 seedStockPerAccount;
        uint256 seedUsdcPerAccount;
        uint256 btcPrice;
        uint256 btcVol;
        uint256 ethPrice;
        uint256 ethVol;
        address btcUsd;
        address ethUsd;
        address btcVolFeed;
        address ethVolFeed;
        uint64 vaultCooldown;
        uint16 exitFeeBps;
        uint16 strikeRangeBps; // markets listed within ±this of spot, on the strike grid
        StockConfig[] stocks;
    }

    struct StockDeployment {
        StockToken token;
        IStockPriceFeed feed;
        IUniswapV2Pair pair;
        MainVault mainVault;
        InsuranceVault insuranceVault;
    }

    struct World {
        address owner;
        StockToken usdc;
        IUniswapV2Factory factory;
        PegOracle pegOracle;
        OracleHub oracleHub;
        AggregatorV3Interface btcUsd;
        AggregatorV3Interface ethUsd;
        AggregatorV3Interface btcVol;
        AggregatorV3Interface ethVol;
        LivestockEngine engine;
        EngineExtension extension;
        EngineViews views;
        EngineGovernance governance;
        AccountLens accountLens;
        StockDeployment[] stocks;
    }

    // ------------------------------------------------------------------ config

    function _loadConfig(string memory path) internal view returns (Config memory cfg) {
        string memory json = vm.readFile(path);
        cfg.externalFeeds = keccak256(bytes(vm.parseJsonString(json, ".mode"))) == keccak256("external");
        cfg.underlyingMaxAge = uint32(vm.parseJsonUint(json, ".underlyingMaxAge"));
        cfg.volMaxAge = uint32(vm.parseJsonUint(json, ".volMaxAge"));
        cfg.stockHeartbeat = uint32(vm.parseJsonUint(json, ".stockHeartbeat"));
        cfg.twapWindow = uint32(vm.parseJsonUint(json, ".twapWindow"));
        cfg.twapSpacing = uint32(vm.parseJsonUint(json, ".twapSpacing"));
        cfg.seedAccounts = vm.parseJsonUint(json, ".seedAccounts");
        cfg.seedStockPerAccount = vm.parseJsonUint(json, ".seedStockPerAccount");
        cfg.seedUsdcPerAccount = vm.parseJsonUint(json, ".seedUsdcPerAccount");
        cfg.vaultCooldown = uint64(vm.parseJsonUint(json, ".vaultCooldown"));
        cfg.exitFeeBps = uint16(vm.parseJsonUint(json, ".exitFeeBps"));
        cfg.strikeRangeBps = uint16(vm.parseJsonUint(json, ".strikeRangeBps"));
        if (cfg.externalFeeds) {
            cfg.btcUsd = vm.parseJsonAddress(json, ".feeds.btcUsd");
            cfg.ethUsd = vm.parseJsonAddress(json, ".feeds.ethUsd");
            cfg.btcVolFeed = vm.parseJsonAddress(json, ".feeds.btcVol");
            cfg.ethVolFeed = vm.parseJsonAddress(json, ".feeds.ethVol");
        } else {
            cfg.btcPrice = vm.parseJsonUint(json, ".underlyings.btc.price");
            cfg.btcVol = vm.parseJsonUint(json, ".underlyings.btc.vol");
            cfg.ethPrice = vm.parseJsonUint(json, ".underlyings.eth.price");
            cfg.ethVol = vm.parseJsonUint(json, ".underlyings.eth.vol");
        }
        uint256 count;
        while (vm.keyExistsJson(json, string.concat(".stocks[", vm.toString(count), "]"))) ++count;
        cfg.stocks = new StockConfig[](count);
        for (uint256 i; i < count; ++i) {
            string memory key = string.concat(".stocks[", vm.toString(i), "]");
            StockConfig memory s = cfg.stocks[i];
            s.symbol = vm.parseJsonString(json, string.concat(key, ".symbol"));
            s.name = vm.parseJsonString(json, string.concat(key, ".name"));
            s.feedName = vm.parseJsonString(json, string.concat(key, ".feed"));
            s.poolUsd = vm.parseJsonUint(json, string.concat(key, ".poolUsd"));
            s.initialWeightBps = uint16(vm.parseJsonUint(json, string.concat(key, ".initialWeightBps")));
            s.maintenanceWeightBps = uint16(vm.parseJsonUint(json, string.concat(key, ".maintenanceWeightBps")));
            s.mainVaultSeed = vm.parseJsonUint(json, string.concat(key, ".mainVaultSeed"));
            s.insuranceVaultSeed = vm.parseJsonUint(json, string.concat(key, ".insuranceVaultSeed"));
            if (cfg.externalFeeds) s.feedAddress = vm.parseJsonAddress(json, string.concat(key, ".feedAddress"));
            else s.price = vm.parseJsonUint(json, string.concat(key, ".price"));
        }
    }

    // ------------------------------------------------------------------ deploy

    /// @dev Every contract is created by `owner` (the broadcaster in a script, the test contract in tests),
    ///      in a fixed order, so a fresh chain always gives the same addresses.
    function _deployWorld(Config memory cfg, address owner) internal returns (World memory w) {
        w.owner = owner;
        w.usdc = new StockToken("USD Coin", "USDC", 6, owner);
        w.factory = IUniswapV2Factory(_deployUniswapFactory(owner));
        w.pegOracle = new PegOracle(owner, cfg.twapWindow, cfg.twapSpacing);
        w.oracleHub = new OracleHub(owner, w.pegOracle);
        _wireUnderlyings(cfg, w);
        w.governance = new EngineGovernance(owner, w.oracleHub);
        w.views = new EngineViews(owner, w.oracleHub, address(w.governance));
        w.extension = new EngineExtension(owner, w.oracleHub, address(w.views));
        w.engine = new LivestockEngine(owner, w.oracleHub, owner, address(w.extension));
        w.accountLens = new AccountLens();
        w.stocks = new StockDeployment[](cfg.stocks.length);
        for (uint256 i; i < cfg.stocks.length; ++i) {
            w.stocks[i] = _deployStock(cfg, cfg.stocks[i], w);
            _deployVaultsAndMarkets(cfg, cfg.stocks[i], w.stocks[i], w);
        }
        _seedAccounts(cfg, w);
    }

    /// @notice The engine's governance and views, called at the engine's address (its fallback delegates).
    function _admin(World memory w) internal pure returns (ILivestock) {
        return ILivestock(address(w.engine));
    }

    function _deployVaultsAndMarkets(Config memory cfg, StockConfig memory s, StockDeployment memory d, World memory w)
        internal
    {
        ILivestockEngine engine = ILivestockEngine(address(w.engine));
        d.mainVault = new MainVault(
            IERC20(address(d.token)),
            string.concat("Livestock ", s.symbol, " Main"),
            string.concat("lsm", s.symbol),
            w.oracleHub,
            engine,
            w.owner,
            cfg.vaultCooldown,
            cfg.exitFeeBps
        );
        d.insuranceVault = new InsuranceVault(
            IERC20(address(d.token)),
            string.concat("Livestock ", s.symbol, " Insurance"),
            string.concat("lsi", s.symbol),
            w.oracleHub,
            engine,
            w.owner,
            cfg.vaultCooldown,
            cfg.exitFeeBps
        );
        ILivestock admin = _admin(w);
        admin.listToken(address(d.token), s.initialWeightBps, s.maintenanceWeightBps);
        admin.setVaults(address(d.token), address(d.mainVault), address(d.insuranceVault));
        _listStrikes(cfg, w, address(d.token), 0, 5_000e18);
        _listStrikes(cfg, w, address(d.token), 1, 250e18);
    }

    /// @dev Calls and puts on every grid strike within ±strikeRange of spot.
    function _listStrikes(Config memory cfg, World memory w, address token, uint8 underlying, uint256 step) internal {
        uint256 spot = w.oracleHub.underlyingPrice(OracleHub.Underlying(underlying));
        uint256 low = spot * (10_000 - cfg.strikeRangeBps) / 10_000;
        uint256 high = spot * (10_000 + cfg.strikeRangeBps) / 10_000;
        for (uint256 k = (low + step - 1) / step * step; k <= high; k += step) {
            _admin(w).listMarket(token, underlying, true, k);
            _admin(w).listMarket(token, underlying, false, k);
        }
    }

    /// @notice Deposit the configured seeds into each main and insurance vault (minted to the deployer).
    /// @dev A separate step: vault entry needs a healthy peg, i.e. a TWAP older than the deployment block.
    function _seedVaults(Config memory cfg, World memory w) internal {
        for (uint256 i; i < w.stocks.length; ++i) {
            StockDeployment memory d = w.stocks[i];
            uint256 mainSeed = cfg.stocks[i].mainVaultSeed * 1e18;
            uint256 insuranceSeed = cfg.stocks[i].insuranceVaultSeed * 1e18;
            if (mainSeed + insuranceSeed == 0) continue;
            w.pegOracle.update(address(d.token)); // the TWAP vault entry checks
            d.token.mint(w.owner, mainSeed + insuranceSeed);
            d.token.approve(address(d.mainVault), mainSeed);
            d.token.approve(address(d.insuranceVault), insuranceSeed);
            if (mainSeed != 0) d.mainVault.deposit(mainSeed, w.owner);
            if (insuranceSeed != 0) d.insuranceVault.deposit(insuranceSeed, w.owner);
        }
    }

    function _wireUnderlyings(Config memory cfg, World memory w) internal {
        if (cfg.externalFeeds) {
            w.btcUsd = AggregatorV3Interface(cfg.btcUsd);
            w.ethUsd = AggregatorV3Interface(cfg.ethUsd);
            w.btcVol = AggregatorV3Interface(cfg.btcVolFeed);
            w.ethVol = AggregatorV3Interface(cfg.ethVolFeed);
        } else {
            w.btcUsd = new PushPriceFeed(8, "BTC / USD", int256(cfg.btcPrice), w.owner);
            w.ethUsd = new PushPriceFeed(8, "ETH / USD", int256(cfg.ethPrice), w.owner);
            w.btcVol = new VolatilityFeed("BTC IV", int256(cfg.btcVol), w.owner);
            w.ethVol = new VolatilityFeed("ETH IV", int256(cfg.ethVol), w.owner);
        }
        w.oracleHub.setUnderlyingFeeds(OracleHub.Underlying.BTC, w.btcUsd, w.btcVol, cfg.underlyingMaxAge, cfg.volMaxAge);
        w.oracleHub.setUnderlyingFeeds(OracleHub.Underlying.ETH, w.ethUsd, w.ethVol, cfg.underlyingMaxAge, cfg.volMaxAge);
    }

    function _deployStock(Config memory cfg, StockConfig memory s, World memory w)
        internal
        returns (StockDeployment memory d)
    {
        d.token = new StockToken(s.name, s.symbol, 18, w.owner);
        d.feed = cfg.externalFeeds
            ? IStockPriceFeed(s.feedAddress)
            : new StockPriceFeed(string.concat(s.feedName, " / USD"), int256(s.price), 2, w.owner);
        w.oracleHub.setStockFeed(address(d.token), d.feed, cfg.stockHeartbeat, bytes32(bytes(s.feedName)));

        // Seed the X/USDC pool at the reference price: poolUsd of USDC against poolUsd / price of X.
        (, int256 answer,,,) = d.feed.latestRoundData();
        uint256 priceWad = uint256(answer) * 1e10 * d.feed.multiplier() / 1e18;
        d.pair = IUniswapV2Pair(w.factory.createPair(address(d.token), address(w.usdc)));
        uint256 usdcAmount = s.poolUsd * 1e6;
        w.usdc.mint(address(d.pair), usdcAmount);
        d.token.mint(address(d.pair), s.poolUsd * 1e36 / priceWad);
        d.pair.mint(w.owner);
        w.pegOracle.registerPair(address(d.token), d.pair, address(w.usdc));
    }

    function _seedAccounts(Config memory cfg, World memory w) internal {
        string memory mnemonic = "test test test test test test test test test test test junk";
        for (uint256 i; i < cfg.seedAccounts; ++i) {
            address account = vm.addr(vm.deriveKey(mnemonic, uint32(i)));
            w.usdc.mint(account, cfg.seedUsdcPerAccount * 1e6);
            for (uint256 j; j < w.stocks.length; ++j) {
                w.stocks[j].token.mint(account, cfg.seedStockPerAccount * 1e18);
            }
        }
    }

    /// @dev Deploys the compiled 0.5.16 factory from @uniswap/v2-core's build artifact, byte for byte.
    function _deployUniswapFactory(address feeToSetter) internal returns (address factory) {
        bytes memory code = _uniswapBytecode("UniswapV2Factory.json");
        bytes memory init = abi.encodePacked(code, abi.encode(feeToSetter));
        assembly ("memory-safe") {
            factory := create(0, add(init, 0x20), mload(init))
        }
        require(factory != address(0), "uniswap factory deploy failed");
    }

    function _uniswapBytecode(string memory artifact) internal view returns (bytes memory) {
        string memory json = vm.readFile(string.concat(UNISWAP_BUILD, artifact));
        return vm.parseBytes(string.concat("0x", vm.parseJsonString(json, ".bytecode")));
    }
}
