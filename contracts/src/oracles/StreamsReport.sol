// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title StreamsReport
/// @notice Decodes verified Chainlink Data Streams report data: schema v3 (crypto, and our own σ feeds, whose
///         benchmark price is the annualised volatility as an 18-decimal fraction) and v8 (RWA, with
///         `marketStatus` 0 unknown / 1 closed / 2 open). The schema is the feed id's first two bytes.
library StreamsReport {
    /// @notice What the protocol keeps of a report.
    struct Report {
        bytes32 feedId;
        int192 price; // v3 benchmarkPrice, v8 midPrice; 18 decimals
        uint32 observedAt; // observationsTimestamp
        uint32 expiresAt;
        uint8 marketStatus; // v8 marketStatus; 2 (open) for v3
    }

    uint8 internal constant OPEN = 2;

    error UnsupportedSchema(bytes32 feedId);
    error ReportExpired(bytes32 feedId, uint256 expiresAt);
    error InvalidReportPrice(bytes32 feedId, int256 price);

    /// @notice The schema version of a feed id; reverts for one this library cannot decode.
    function schemaOf(bytes32 feedId) internal pure returns (uint16 schema) {
        schema = uint16(uint256(feedId) >> 240);
        if (schema != 3 && schema != 8) revert UnsupportedSchema(feedId);
    }

    /// @notice Decode verified report data; reverts if it has expired or its price is not positive.
    function decode(bytes memory data) internal view returns (Report memory r) {
        bytes32 feedId = abi.decode(data, (bytes32));
        uint16 schema = schemaOf(feedId);
        r.feedId = feedId;
        if (schema == 3) {
            (,, r.observedAt,,, r.expiresAt, r.price,,) =
                abi.decode(data, (bytes32, uint32, uint32, uint192, uint192, uint32, int192, int192, int192));
            r.marketStatus = OPEN;
        } else {
            uint32 status;
            (,, r.observedAt,,, r.expiresAt,, r.price, status) =
                abi.decode(data, (bytes32, uint32, uint32, uint192, uint192, uint32, uint64, int192, uint32));
            r.marketStatus = status > 2 ? 0 : uint8(status);
        }
        if (r.expiresAt < block.timestamp) revert ReportExpired(feedId, r.expiresAt);
        if (r.price <= 0) revert InvalidReportPrice(feedId, r.price);
    }
}
