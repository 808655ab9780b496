// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "./Fixture.sol";
import {LivestockEngine} from "../../src/core/LivestockEngine.sol";
import {ILivestock} from "../../src/interfaces/ILivestock.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {Market, Position} from "../../src/core/EngineTypes.sol";

/// @notice The local world with a TWAP history, seeded vaults and helpers for trading.
abstract contract ProtocolFixture is Fixture {
    LivestockEngine internal engine;
    ILivestock internal admin; // the engine's address, seen through its whole interface (every module)
    MainVault internal tslaMain;
    InsuranceVault internal tslaInsurance;
    StockToken internal nvda;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal keeper = makeAddr("keeper");

    uint8 internal constant BTC = 0;
    uint8 internal constant ETH = 1;

    function setUp() public virtual override {
        super.setUp();
        engine = world.engine;
        admin = ILivestock(address(engine));
        tslaMain = world.stocks[0].mainVault;
        tslaInsurance = world.stocks[0].insuranceVault;
        nvda = world.stocks[1].token;
        _advance(40 minutes, 60); // TWAP history: pegs healthy, vault entry open
        _seedVaults(_localConfig(), _memoryWorld());
    }

    function _memoryWorld() internal view returns (World memory w) {
        w.owner = world.owner;
        w.engine = world.engine;
        w.pegOracle = world.pegOracle;
        w.stocks = new StockDeployment[](world.stocks.length);
        for (uint256 i; i < world.stocks.length; ++i) w.stocks[i] = world.stocks[i];
    }

    function _id(address token, uint8 underlying, bool isCall, uint256 strike) internal view returns (uint256 id) {
        id = admin.marketIdByKey(keccak256(abi.encode(token, underlying, isCall, strike)));
        require(id != 0, "market not listed");
    }

    function _fund(address trader, StockToken token, uint256 amount) internal {
        token.mint(trader, amount);
        vm.startPrank(trader);
        token.approve(address(engine), amount);
        admin.deposit(address(token), amount);
        vm.stopPrank();
    }

    function _open(address trader, uint256 marketId, uint256 size) internal {
        vm.prank(trader);
        engine.trade(trader, marketId, int256(size), type(uint256).max);
    }

    function _close(address trader, uint256 marketId, uint256 size) internal {
        vm.prank(trader);
        engine.trade(trader, marketId, -int256(size), 0);
    }

    function _setBtc(uint256 price) internal {
        PushPriceFeed(address(world.btcUsd)).updateAnswer(int256(price / 1e10));
        _checkpointUnderlyings();
    }

    /// @dev The keeper stops updating the TWAP of `token`; every other feed and TWAP keeps being pushed each minute.
    function _advanceWithoutTwapUpdates(address token, uint256 seconds_) internal {
        for (uint256 t; t < seconds_; t += 60) {
            vm.warp(block.timestamp + 60);
            vm.roll(block.number + 1);
            _refreshUnderlyings();
            for (uint256 i; i < world.stocks.length; ++i) {
                StockPriceFeed feed = StockPriceFeed(address(world.stocks[i].feed));
                (, int256 p,,,) = feed.latestRoundData();
                feed.updateAnswer(p);
                if (address(world.stocks[i].token) != token) world.pegOracle.update(address(world.stocks[i].token));
            }
        }
    }

    function _stock(address token) internal view returns (OracleHub.StockState memory) {
        return world.oracleHub.stockState(token);
    }

    function _collateral(address trader, address token) internal view returns (uint256) {
        return admin.account(trader, token).collateral;
    }

    function _health(address trader, address token) internal view returns (EngineBase.Health memory) {
        return admin.accountHealth(trader, token);
    }
}
