// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IVerifierProxy} from "../interfaces/IVerifierProxy.sol";
import {StreamsReport} from "./StreamsReport.sol";

/// @title ReportStore
/// @notice Keeps the newest Chainlink Data Streams report per feed. Anyone may submit signed reports; each is
///         verified by Chainlink's own VerifierProxy (f + 1 signatures of the feed's DON), must be for a listed
///         feed, unexpired and positive, and replaces the stored one only if observed later. `StreamsFeed`
///         adapters show the stored reports to the OracleHub as ordinary feeds (docs/decisions/010).
/// @dev The order router may pin, for the rest of one transaction, an older verified report of a feed: an order
///      then executes at the first price after its commitment, not at whatever is newest when it is settled.
///      Pins live in transient storage and are cleared by the router after each order.
contract ReportStore is Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice One stored report (one slot).
    struct Stored {
        int192 price; // 18 decimals (σ as a fraction for volatility feeds)
        uint32 observedAt;
        uint8 marketStatus; // 0 unknown, 1 closed, 2 open (crypto feeds: always 2)
    }

    /// @notice Chainlink's VerifierProxy (the local one, or Chainlink's on Base).
    IVerifierProxy public immutable verifierProxy;
    /// @notice The only address that may pin reports: the OrderRouter.
    address public pinner;
    /// @notice Where verification costs a fee (Base), the token it is paid in (LINK); address(0) where it is free.
    address public feeToken;
    /// @notice Feeds this deployment reads.
    mapping(bytes32 feedId => bool) public listed;
    mapping(bytes32 feedId => Stored) internal _stored;

    uint256 private constant PIN_NAMESPACE = uint256(keccak256("livestock.ReportStore.pin"));

    event FeedListed(bytes32 indexed feedId, bool listed);
    event PinnerSet(address pinner);
    event FeeTokenSet(address feeToken, address rewardManager);
    event ReportStored(bytes32 indexed feedId, int256 price, uint256 observedAt, uint8 marketStatus);

    error UnknownFeed(bytes32 feedId);
    error NotPinner(address caller);
    error ZeroAddress();

    /// @param owner_ Governance.
    /// @param verifierProxy_ Chainlink's VerifierProxy.
    constructor(address owner_, IVerifierProxy verifierProxy_) Ownable(owner_) {
        if (address(verifierProxy_) == address(0)) revert ZeroAddress();
        verifierProxy = verifierProxy_;
    }

    // ------------------------------------------------------------------ governance

    /// @notice List or delist a feed id.
    /// @param feedId Data Streams feed id (its first two bytes name the schema: 3 crypto, 8 RWA).
    /// @param isListed Whether reports of it are accepted.
    function setFeed(bytes32 feedId, bool isListed) external onlyOwner {
        StreamsReport.schemaOf(feedId); // reverts UnsupportedSchema for a schema we cannot decode
        listed[feedId] = isListed;
        emit FeedListed(feedId, isListed);
    }

    /// @notice Set the order router, the only address that may pin reports.
    /// @param pinner_ The OrderRouter.
    function setPinner(address pinner_) external onlyOwner {
        pinner = pinner_;
        emit PinnerSet(pinner_);
    }

    /// @notice Pay verification fees in `feeToken_` (LINK on Base) held by this contract.
    /// @param feeToken_ The fee token; address(0) where verification is free.
    /// @param rewardManager Chainlink's RewardManager, which pulls the fee.
    function setFeeToken(address feeToken_, address rewardManager) external onlyOwner {
        address previous = feeToken;
        if (previous != address(0) && rewardManager != address(0)) IERC20(previous).forceApprove(rewardManager, 0);
        feeToken = feeToken_;
        if (feeToken_ != address(0)) IERC20(feeToken_).forceApprove(rewardManager, type(uint256).max);
        emit FeeTokenSet(feeToken_, rewardManager);
    }

    // ------------------------------------------------------------------ reports

    /// @notice Verify signed reports and keep each one that is newer than the stored report of its feed.
    /// @dev Reverts the whole call if any verified report fails verification (the verifier's own errors:
    ///      `BadVerification`, `IncorrectSignatureCount`, `VerifierNotFound`, …) or is expired, non-positive or
    ///      of an unlisted feed. Reports not newer than the stored one are skipped unverified and not returned.
    /// @param signedReports Full reports as Chainlink's API returns them (`fullReport`).
    /// @return reports The decoded reports that were verified, in order.
    function submit(bytes[] calldata signedReports)
        external
        nonReentrant
        returns (StreamsReport.Report[] memory reports)
    {
        return _submit(signedReports, false);
    }

    /// @notice `submit` for the router settling orders: every report is verified and returned, older ones too (an
    ///         order fills at the reports of its own second, which may be older than the newest).
    /// @param signedReports Full reports.
    /// @return reports The decoded reports, in order.
    function submitForSettlement(bytes[] calldata signedReports)
        external
        nonReentrant
        returns (StreamsReport.Report[] memory reports)
    {
        if (msg.sender != pinner) revert NotPinner(msg.sender);
        return _submit(signedReports, true);
    }

    function _submit(bytes[] calldata signedReports, bool all)
        internal
        returns (StreamsReport.Report[] memory reports)
    {
        // Only reports that can change something are verified (and, where verification costs LINK, paid for):
        // newer than the stored one, or wanted by the router to settle an order at its second.
        uint256 n = signedReports.length;
        bytes[] memory toVerify = new bytes[](n);
        uint256 count;
        for (uint256 i; i < n; ++i) {
            if (all || _isNewer(signedReports[i])) toVerify[count++] = signedReports[i];
        }
        assembly ("memory-safe") {
            mstore(toVerify, count)
        }
        reports = new StreamsReport.Report[](count);
        if (count == 0) return reports;
        bytes memory parameterPayload = feeToken == address(0) ? bytes("") : abi.encode(feeToken);
        bytes[] memory data = verifierProxy.verifyBulk(toVerify, parameterPayload);
        for (uint256 i; i < count; ++i) {
            StreamsReport.Report memory r = StreamsReport.decode(data[i]);
            if (!listed[r.feedId]) revert UnknownFeed(r.feedId);
            reports[i] = r;
            Stored storage s = _stored[r.feedId];
            if (r.observedAt > s.observedAt) {
                (s.price, s.observedAt, s.marketStatus) = (r.price, r.observedAt, r.marketStatus);
                emit ReportStored(r.feedId, r.price, r.observedAt, r.marketStatus);
            }
        }
    }

    /// @dev From the unverified envelope: whether the report claims a later observation than the stored one of its
    ///      feed. A lie only gets a report verified, where it fails or is honest.
    function _isNewer(bytes calldata signedReport) internal view returns (bool) {
        (, bytes memory data,,,) = abi.decode(signedReport, (bytes32[3], bytes, bytes32[], bytes32[], bytes32));
        (bytes32 feedId,, uint32 observedAt) = abi.decode(data, (bytes32, uint32, uint32));
        return observedAt > _stored[feedId].observedAt;
    }

    /// @notice The report in force for `feedId`: the pinned one inside an order's execution, else the newest.
    /// @param feedId The feed.
    function latest(bytes32 feedId) external view returns (Stored memory s) {
        uint256 slot = _pinSlot(feedId);
        uint256 pinned;
        assembly ("memory-safe") {
            pinned := tload(slot)
        }
        if (pinned != 0) {
            s.price = int192(uint192(pinned >> 64));
            s.observedAt = uint32(pinned >> 8);
            s.marketStatus = uint8(pinned);
            return s;
        }
        return _stored[feedId];
    }

    /// @notice Make `a` and `b` the reports in force for their feeds until `unpin` or the end of the transaction.
    /// @dev Only the router, with reports it got back from `submit` in the same transaction.
    /// @param a A verified report (an order's spot).
    /// @param b Another verified report (its σ).
    function pin(StreamsReport.Report memory a, StreamsReport.Report memory b) external {
        if (msg.sender != pinner) revert NotPinner(msg.sender);
        _pin(a);
        _pin(b);
    }

    /// @notice Return two feeds to their newest stored reports.
    /// @param a A feed.
    /// @param b Another feed.
    function unpin(bytes32 a, bytes32 b) external {
        if (msg.sender != pinner) revert NotPinner(msg.sender);
        _tstore(_pinSlot(a), 0);
        _tstore(_pinSlot(b), 0);
    }

    function _pin(StreamsReport.Report memory r) internal {
        // price is positive (checked by decode), so a pin is never 0.
        _tstore(_pinSlot(r.feedId), (uint256(uint192(r.price)) << 64) | (uint256(r.observedAt) << 8) | r.marketStatus);
    }

    function _tstore(uint256 slot, uint256 word) internal {
        assembly ("memory-safe") {
            tstore(slot, word)
        }
    }

    function _pinSlot(bytes32 feedId) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(feedId, PIN_NAMESPACE)));
    }
}
