// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of Chainlink's Data Streams `VerifierProxy` (@chainlink/contracts 1.2.0, llo-feeds) we call.
interface IVerifierProxy {
    /// @notice Verifies one signed report (f + 1 signatures of the feed's DON) and returns its report data.
    function verify(bytes calldata payload, bytes calldata parameterPayload) external payable returns (bytes memory);
    /// @notice `verify` for several reports.
    function verifyBulk(bytes[] calldata payloads, bytes calldata parameterPayload)
        external
        payable
        returns (bytes[] memory verifiedReports);
    /// @notice The fee manager; address(0) where verification is free (the local chain).
    function s_feeManager() external view returns (address);
}
