// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {StreamsFixture} from "../utils/StreamsFixture.sol";
import {ReportStore} from "../../src/oracles/ReportStore.sol";
import {StreamsReport} from "../../src/oracles/StreamsReport.sol";
import {OrderRouter} from "../../src/orders/OrderRouter.sol";

/// @notice Reports that must never move a price: forged, signed by too few signers, of a feed this deployment
///         does not read, expired, non-positive, or older than the order. Chainlink's own Verifier rejects the
///         first two with its named errors; the store and the router the rest.
contract ReportRejectionTest is StreamsFixture {
    // Chainlink Verifier 1.2.0's errors, as it reverts them.
    error BadVerification();
    error IncorrectSignatureCount(uint256 numSigners, uint256 expectedNumSigners);
    error DigestInactive(bytes32 feedId, bytes32 configDigest);

    /// @dev One second after the stored reports: the reports below claim to be newer, so they are verified.
    function setUp() public override {
        super.setUp();
        vm.warp(block.timestamp + 1);
    }

    function _one(bytes memory r) internal pure returns (bytes[] memory a) {
        a = new bytes[](1);
        a[0] = r;
    }

    function _data(bytes32 feedId, int192 price, uint256 t, uint256 expiresAt) internal pure returns (bytes memory) {
        return abi.encode(feedId, uint32(t), uint32(t), uint192(0), uint192(0), uint32(expiresAt), price, price, price);
    }

    function _digest(bytes32 feedId) internal view returns (bytes32 digest) {
        (, digest,) = IVerifierDigest(streams.verifier).latestConfigDigestAndEpoch(feedId);
    }

    function test_forgedReport_signedByStrangersIsRejected() public {
        bytes memory data = _data(btcId, 1e18, block.timestamp, block.timestamp + 1 hours);
        // signers 2 and 3 are not in the config: keys 4 and 5 of the same rule are strangers
        bytes memory forged = _signWith(_digest(btcId), data, uint32(block.timestamp), 2, 4);
        vm.expectRevert(BadVerification.selector);
        router.updatePrices(_one(forged));
        // a real signature over different data does not verify either
        bytes memory genuine = _report(btcId, 96_000e18, block.timestamp);
        (bytes32[3] memory ctx,, bytes32[] memory rs, bytes32[] memory ss, bytes32 vs) =
            abi.decode(genuine, (bytes32[3], bytes, bytes32[], bytes32[], bytes32));
        bytes memory tampered =
            abi.encode(ctx, _data(btcId, 1e18, block.timestamp, block.timestamp + 1 hours), rs, ss, vs);
        vm.expectRevert(BadVerification.selector);
        router.updatePrices(_one(tampered));
        assertEq(store.latest(btcId).price, donValue[btcId]);
    }

    function test_tooFewSigners_isRejected() public {
        bytes memory data = _data(btcId, 1e18, block.timestamp, block.timestamp + 1 hours);
        bytes memory one = _signWith(_digest(btcId), data, uint32(block.timestamp), 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IncorrectSignatureCount.selector, 1, 2));
        router.updatePrices(_one(one));
        // the same signer twice is not two signers
        bytes memory twice = _signWith(_digest(btcId), data, uint32(block.timestamp), 1, 0);
        (bytes32[3] memory ctx,, bytes32[] memory rs, bytes32[] memory ss, bytes32 vs) =
            abi.decode(twice, (bytes32[3], bytes, bytes32[], bytes32[], bytes32));
        bytes32[] memory rs2 = new bytes32[](2);
        bytes32[] memory ss2 = new bytes32[](2);
        (rs2[0], rs2[1], ss2[0], ss2[1]) = (rs[0], rs[0], ss[0], ss[0]);
        bytes32 vs2 = vs | bytes32(uint256(uint8(vs[0])) << 240);
        vm.expectRevert(BadVerification.selector);
        router.updatePrices(_one(abi.encode(ctx, data, rs2, ss2, vs2)));
    }

    function test_anotherFeedsReport_cannotStandForThisFeed() public {
        // signed for ETH/USD but claiming to be BTC/USD: the digest of ETH's config is inactive for BTC
        bytes memory data = _data(btcId, 1e18, block.timestamp, block.timestamp + 1 hours);
        bytes32 ethDigest = _digest(ethId);
        vm.expectRevert(abi.encodeWithSelector(DigestInactive.selector, btcId, ethDigest));
        router.updatePrices(_one(_signWith(ethDigest, data, uint32(block.timestamp), 2, 0)));
    }

    function test_unlistedFeed_isRejected() public {
        bytes32 other = _feedId(3, "DOGE/USD");
        _configureFeed(streams.verifier, other); // Chainlink would verify it: this deployment does not read it
        bytes memory r = _signV3(streams.verifier, other, 1e18, uint32(block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(ReportStore.UnknownFeed.selector, other));
        router.updatePrices(_one(r));
    }

    function test_expiredReport_isRejected() public {
        uint256 t = block.timestamp;
        bytes memory data = _data(btcId, 96_000e18, t, t + 30);
        bytes memory r = _signWith(_digest(btcId), data, uint32(t), 2, 0);
        vm.warp(t + 31);
        vm.expectRevert(abi.encodeWithSelector(StreamsReport.ReportExpired.selector, btcId, t + 30));
        router.updatePrices(_one(r));
    }

    function test_nonPositivePrice_isRejected() public {
        bytes memory r = _signV3(streams.verifier, btcId, 0, uint32(block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(StreamsReport.InvalidReportPrice.selector, btcId, int256(0)));
        router.updatePrices(_one(r));
    }

    function test_olderReport_neverReplacesANewerOne() public {
        uint256 t = block.timestamp + 10;
        vm.warp(t);
        router.updatePrices(_one(_report(btcId, 97_000e18, t)));
        router.updatePrices(_one(_report(btcId, 90_000e18, t - 5)));
        assertEq(store.latest(btcId).price, 97_000e18);
        assertEq(store.latest(btcId).observedAt, t);
    }

    function test_reportOlderThanTheOrder_cannotSettleIt() public {
        uint256 btcCall = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _fundFee(alice, tsla);
        bytes[] memory before = _btcReports(block.timestamp); // observed when the order is committed
        uint256 id = _commit(alice, btcCall, true, 0.1e18, type(uint256).max);
        vm.warp(block.timestamp + 3);
        vm.expectRevert(OrderRouter.NothingSettled.selector);
        router.settle(_ids(id), _orders(_ids(id)), before);
    }

    function test_replayedOldReports_areNotVerifiedAgain() public {
        bytes memory old = _report(btcId, donValue[btcId], block.timestamp - 1); // as stored in setUp
        bytes[] memory copies = new bytes[](50);
        for (uint256 i; i < 50; ++i) {
            copies[i] = old;
        }
        vm.recordLogs();
        router.updatePrices(copies);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].emitter != streams.verifier, "verified a replay");
        }
        // nor can a settlement be padded with them
        uint256 id = _commitFor();
        vm.expectRevert(abi.encodeWithSelector(OrderRouter.TooManyReports.selector, 50, 2));
        router.settle(_ids(id), _orders(_ids(id)), copies);
    }

    function _commitFor() internal returns (uint256) {
        _fund(alice, tsla, 100e18);
        _fundFee(alice, tsla);
        return _commit(alice, _id(address(tsla), BTC, true, 95_000e18), true, 0.1e18, type(uint256).max);
    }

    function test_pin_onlyByTheRouter() public {
        StreamsReport.Report memory r;
        vm.expectRevert(abi.encodeWithSelector(ReportStore.NotPinner.selector, address(this)));
        store.pin(r, r);
        vm.expectRevert(abi.encodeWithSelector(ReportStore.NotPinner.selector, address(this)));
        store.unpin(btcId, btcVolId);
    }
}

interface IVerifierDigest {
    function latestConfigDigestAndEpoch(bytes32 feedId) external view returns (bool, bytes32, uint32);
}
