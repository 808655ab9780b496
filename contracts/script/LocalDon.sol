// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";

/// @notice Chainlink's Data Streams verifier, as deployed from its 0.8.19 bytecode (contracts/out-chainlink).
interface IChainlinkVerifier {
    struct AddressAndWeight {
        address addr;
        uint64 weight;
    }

    function setConfig(
        bytes32 feedId,
        address[] memory signers,
        bytes32[] memory offchainTransmitters,
        uint8 f,
        bytes memory onchainConfig,
        uint64 offchainConfigVersion,
        bytes memory offchainConfig,
        AddressAndWeight[] memory recipientAddressesAndWeights
    ) external;

    function latestConfigDigestAndEpoch(bytes32 feedId)
        external
        view
        returns (bool scanLogs, bytes32 configDigest, uint32 epoch);
}

interface IChainlinkVerifierProxy {
    function initializeVerifier(address verifierAddress) external;
}

/// @notice The local DON's signing in Solidity, for the deploy script (first reports) and the tests: the same
///         keys, feed ids and report layout as `lib/streams` and `services/don`. LOCAL ONLY: the keys are public.
abstract contract LocalDon is CommonBase {
    uint8 internal constant DON_F = 1;
    uint256 internal constant DON_SIGNERS = 4;
    string internal constant CHAINLINK_OUT = "out-chainlink/";

    /// @dev feedId(schema, name) = (schema << 240) | (keccak256(name) & (2^240 − 1)), as lib/streams/feeds.ts.
    function _feedId(uint16 schema, string memory name) internal pure returns (bytes32) {
        return bytes32((uint256(schema) << 240) | (uint256(keccak256(bytes(name))) & ((1 << 240) - 1)));
    }

    function _donKey(uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked("livestock-local-don-signer-", _decimal(i))));
    }

    function _donSigners() internal pure returns (address[] memory signers) {
        signers = new address[](DON_SIGNERS);
        for (uint256 i; i < DON_SIGNERS; ++i) {
            signers[i] = vm.addr(_donKey(i));
        }
    }

    /// @dev Deploys VerifierProxy and Verifier byte for byte from Chainlink's compiled sources.
    function _deployChainlinkVerifier() internal returns (address proxy, address verifier) {
        proxy = _create(abi.encodePacked(_chainlinkBytecode("VerifierProxy.json"), abi.encode(address(0))));
        verifier = _create(abi.encodePacked(_chainlinkBytecode("Verifier.json"), abi.encode(proxy)));
        IChainlinkVerifierProxy(proxy).initializeVerifier(verifier);
    }

    /// @dev One config per feed (Verifier 1.2.0 keeps them per feed id): the local signers, f = 1.
    function _configureFeed(address verifier, bytes32 feedId) internal returns (bytes32 digest) {
        address[] memory signers = _donSigners();
        bytes32[] memory transmitters = new bytes32[](signers.length);
        for (uint256 i; i < signers.length; ++i) {
            transmitters[i] = bytes32(uint256(uint160(signers[i])));
        }
        IChainlinkVerifier(verifier)
            .setConfig(feedId, signers, transmitters, DON_F, "", 1, "", new IChainlinkVerifier.AddressAndWeight[](0));
        (, digest,) = IChainlinkVerifier(verifier).latestConfigDigestAndEpoch(feedId);
    }

    /// @dev A v3 (crypto / σ) report signed by f + 1 local signers, as Chainlink's API returns it.
    function _signV3(address verifier, bytes32 feedId, int192 price, uint32 observedAt)
        internal
        view
        returns (bytes memory)
    {
        bytes memory data = abi.encode(
            feedId, observedAt, observedAt, uint192(0), uint192(0), uint32(observedAt + 1 hours), price, price, price
        );
        return _signData(verifier, feedId, data, observedAt);
    }

    /// @dev A v8 (RWA) report with `marketStatus` (1 closed, 2 open).
    function _signV8(address verifier, bytes32 feedId, int192 price, uint32 observedAt, uint32 marketStatus)
        internal
        view
        returns (bytes memory)
    {
        bytes memory data = abi.encode(
            feedId,
            observedAt,
            observedAt,
            uint192(0),
            uint192(0),
            uint32(observedAt + 1 hours),
            uint64(observedAt) * 1e9,
            price,
            marketStatus
        );
        return _signData(verifier, feedId, data, observedAt);
    }

    /// @dev Signs `data` with the first f + 1 local signers under the feed's current config digest.
    function _signData(address verifier, bytes32 feedId, bytes memory data, uint32 epoch)
        internal
        view
        returns (bytes memory)
    {
        (, bytes32 digest,) = IChainlinkVerifier(verifier).latestConfigDigestAndEpoch(feedId);
        return _signWith(digest, data, epoch, DON_F + 1, 0);
    }

    /// @dev The full report envelope: `count` signatures by local signers `first`, `first + 1`, ….
    function _signWith(bytes32 digest, bytes memory data, uint32 epoch, uint256 count, uint256 first)
        internal
        pure
        returns (bytes memory)
    {
        bytes32[3] memory context = [digest, bytes32(uint256(epoch) << 8), bytes32(0)];
        bytes32 h = keccak256(abi.encodePacked(keccak256(data), context[0], context[1], context[2]));
        bytes32[] memory rs = new bytes32[](count);
        bytes32[] memory ss = new bytes32[](count);
        uint256 rawVs;
        for (uint256 i; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_donKey(first + i), h);
            (rs[i], ss[i]) = (r, s);
            rawVs |= uint256(v - 27) << (248 - 8 * i);
        }
        return abi.encode(context, data, rs, ss, bytes32(rawVs));
    }

    function _chainlinkBytecode(string memory artifact) internal view returns (bytes memory) {
        string memory json = vm.readFile(string.concat(CHAINLINK_OUT, artifact));
        return vm.parseJsonBytes(json, ".bytecode.object");
    }

    function _create(bytes memory init) private returns (address deployed) {
        assembly ("memory-safe") {
            deployed := create(0, add(init, 0x20), mload(init))
        }
        require(deployed != address(0), "chainlink verifier deploy failed");
    }

    function _decimal(uint256 i) private pure returns (string memory) {
        if (i == 0) return "0";
        bytes memory b;
        while (i != 0) {
            b = abi.encodePacked(bytes1(uint8(48 + i % 10)), b);
            i /= 10;
        }
        return string(b);
    }
}
