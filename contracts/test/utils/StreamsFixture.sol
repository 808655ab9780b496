// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "./ProtocolFixture.sol";
import {StreamsDeployer} from "../../script/StreamsDeployer.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";
import {ReportStore} from "../../src/oracles/ReportStore.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {IStockPriceFeed} from "../../src/interfaces/IStockPriceFeed.sol";

/// @notice The local world moved onto signed Data Streams reports and two-step orders, through the real deploy
///         code: Chainlink's Verifier with the local DON's signers, the ReportStore, StreamsFeed adapters in the
///         hub, and the OrderRouter as the engine's only trading entry. Prices move by signing reports.
abstract contract StreamsFixture is ProtocolFixture, StreamsDeployer {
    Streams internal streams;
    OrderRouter internal router;
    ReportStore internal store;

    bytes32 internal btcId;
    bytes32 internal ethId;
    bytes32 internal btcVolId;
    bytes32 internal ethVolId;

    uint256 internal constant FEE = 0.01e18; // execution fee in the stock token, above the minimum

    /// @dev The values the local DON is publishing (18 decimals; σ as a fraction).
    mapping(bytes32 feedId => int192) internal donValue;
    /// @dev Every order committed through `_commit`, as `OrderCommitted` gave it.
    mapping(uint256 orderId => OrderRouter.Order) internal placed;

    function setUp() public virtual override {
        super.setUp();
        World memory w = _memoryWorld();
        (w.oracleHub, w.btcUsd, w.ethUsd, w.btcVol, w.ethVol) =
        (world.oracleHub, world.btcUsd, world.ethUsd, world.btcVol, world.ethVol);
        streams = _deployStreams(_localConfig(), _defaultStreamsConfig(), w);
        router = streams.router;
        store = streams.store;
        (btcId, ethId, btcVolId, ethVolId) =
        (streams.cryptoFeedIds[0], streams.cryptoFeedIds[1], streams.cryptoFeedIds[2], streams.cryptoFeedIds[3]);
        for (uint256 i; i < 4; ++i) {
            bytes32 id = streams.cryptoFeedIds[i];
            donValue[id] = store.latest(id).price;
        }
        for (uint256 i; i < streams.stockFeedIds.length; ++i) {
            donValue[streams.stockFeedIds[i]] = store.latest(streams.stockFeedIds[i]).price;
        }
        for (uint256 i; i < world.stocks.length; ++i) {
            (IStockPriceFeed feed,,,) = world.oracleHub.stockFeeds(address(world.stocks[i].token));
            world.stocks[i].feed = feed;
        }
    }

    function _defaultStreamsConfig() internal pure returns (StreamsConfig memory sc) {
        sc.enabled = true;
        sc.minDelay = 2;
        sc.settleWindow = 5;
        sc.maxLifetime = 120;
        sc.liquidationMaxAge = 10;
        sc.executionFeeUsd = 1e18;
    }

    // ------------------------------------------------------------------ the local DON

    /// @dev A signed report of `feedId` at `value`, observed at `t`.
    function _report(bytes32 feedId, int192 value, uint256 t) internal view returns (bytes memory) {
        if (uint16(uint256(feedId) >> 240) == 8) return _signV8(streams.verifier, feedId, value, uint32(t), 2);
        return _signV3(streams.verifier, feedId, value, uint32(t));
    }

    /// @dev Spot and σ reports of BTC at time `t`, at the DON's current values.
    function _btcReports(uint256 t) internal view returns (bytes[] memory r) {
        r = new bytes[](2);
        r[0] = _report(btcId, donValue[btcId], t);
        r[1] = _report(btcVolId, donValue[btcVolId], t);
    }

    /// @dev Every feed at the DON's values, observed now, submitted like the keeper does.
    function _publishAll() internal {
        uint256 n = 4 + streams.stockFeedIds.length;
        bytes[] memory r = new bytes[](n);
        for (uint256 i; i < 4; ++i) {
            r[i] = _report(streams.cryptoFeedIds[i], donValue[streams.cryptoFeedIds[i]], block.timestamp);
        }
        for (uint256 i; i < streams.stockFeedIds.length; ++i) {
            bytes32 id = streams.stockFeedIds[i];
            r[4 + i] = _report(id, donValue[id], block.timestamp);
        }
        router.updatePrices(r);
    }

    /// @dev The fixture's keeper: every feed re-signed and submitted at this second, TWAPs updated.
    function _refreshFeeds() internal virtual override {
        if (address(router) == address(0)) return super._refreshFeeds(); // during the push-world setUp
        _publishAll();
        for (uint256 i; i < world.stocks.length; ++i) {
            world.pegOracle.update(address(world.stocks[i].token));
        }
    }

    function _refreshUnderlyings() internal virtual override {
        if (address(router) == address(0)) return super._refreshUnderlyings();
        _publishAll();
    }

    // ------------------------------------------------------------------ orders

    function _fundFee(address trader, StockToken token) internal {
        token.mint(trader, 1e18);
        vm.prank(trader);
        token.approve(address(router), type(uint256).max);
    }

    function _commit(address trader, uint256 marketId, bool isBuy, uint256 size, uint256 acceptablePrice)
        internal
        returns (uint256 id)
    {
        uint256 expiresAt = block.timestamp + 60;
        vm.prank(trader);
        id = router.commit(marketId, isBuy, size, acceptablePrice, expiresAt, FEE);
        (address token, uint8 underlying) = admin.marketToken(marketId);
        placed[id] = OrderRouter.Order({
            trader: trader,
            committedAt: uint32(block.timestamp),
            expiresAt: uint32(expiresAt),
            marketId: uint24(marketId),
            isBuy: isBuy,
            size: uint128(size),
            acceptablePrice: acceptablePrice > type(uint128).max ? type(uint128).max : uint128(acceptablePrice),
            token: token,
            underlying: underlying,
            fee: uint88(FEE)
        });
        assertEq(router.orderHash(id), keccak256(abi.encode(placed[id])), "OrderCommitted's order hashes as stored");
    }

    function _ids(uint256 id) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = id;
    }

    function _orders(uint256[] memory ids) internal view returns (OrderRouter.Order[] memory orders) {
        orders = new OrderRouter.Order[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            orders[i] = placed[ids[i]];
        }
    }

    /// @dev Moves time to the order's first admissible report and settles it with BTC reports of that second.
    function _settleBtc(uint256 id, address settler) internal returns (uint256 done) {
        OrderRouter.Order memory o = placed[id];
        (uint32 minDelay,,,,) = router.params();
        uint256 t = uint256(o.committedAt) + minDelay;
        if (block.timestamp < t) {
            vm.warp(t);
            vm.roll(block.number + 1);
        }
        bytes[] memory reports = _btcReports(t); // signing reads the verifier: not under the prank
        vm.prank(settler);
        done = router.settle(_ids(id), _orders(_ids(id)), reports);
    }
}
