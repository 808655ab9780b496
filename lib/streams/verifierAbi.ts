import { parseAbi } from 'viem'

/**
 * The parts of Chainlink's Data Streams VerifierProxy and Verifier (@chainlink/contracts 1.2.0, llo-feeds) that
 * deployment, the keeper and the local DON call. The proxy forwards the verifier's reverts, so the verify ABI
 * carries both contracts' errors.
 */
const SHARED_ERRORS = ['error AccessForbidden()', 'error BadVerification()', 'error ZeroAddress()'] as const
const VERIFIER_ERRORS = [
  'error CannotDeactivateLatestConfig(bytes32 feedId, bytes32 configDigest)',
  'error DigestEmpty()',
  'error DigestInactive(bytes32 feedId, bytes32 configDigest)',
  'error DigestNotSet(bytes32 feedId, bytes32 configDigest)',
  'error ExcessSigners(uint256 numSigners, uint256 maxSigners)',
  'error FaultToleranceMustBePositive()',
  'error FeedIdEmpty()',
  'error InactiveFeed(bytes32 feedId)',
  'error IncorrectSignatureCount(uint256 numSigners, uint256 expectedNumSigners)',
  'error InsufficientSigners(uint256 numSigners, uint256 minSigners)',
  'error InvalidFeed(bytes32 feedId)',
  'error MismatchedSignatures(uint256 rsLength, uint256 ssLength)',
  'error NonUniqueSignatures()',
] as const
const PROXY_ERRORS = [
  'error ConfigDigestAlreadySet(bytes32 configDigest, address verifier)',
  'error FeeManagerInvalid()',
  'error VerifierAlreadyInitialized(address verifier)',
  'error VerifierInvalid()',
  'error VerifierNotFound(bytes32 configDigest)',
] as const

export const VERIFIER_PROXY_ABI = parseAbi([
  'constructor(address accessController)',
  'function verify(bytes payload, bytes parameterPayload) payable returns (bytes verifierResponse)',
  'function verifyBulk(bytes[] payloads, bytes parameterPayload) payable returns (bytes[] verifiedReports)',
  'function initializeVerifier(address verifierAddress)',
  'function getVerifier(bytes32 configDigest) view returns (address)',
  'function s_feeManager() view returns (address)',
  'function typeAndVersion() pure returns (string)',
  'event VerifierInitialized(address verifierAddress)',
  'event VerifierSet(bytes32 oldConfigDigest, bytes32 newConfigDigest, address verifierAddress)',
  ...SHARED_ERRORS,
  ...PROXY_ERRORS,
  ...VERIFIER_ERRORS,
])

export const VERIFIER_ABI = parseAbi([
  'constructor(address verifierProxyAddr)',
  'struct AddressAndWeight { address addr; uint64 weight; }',
  'function setConfig(bytes32 feedId, address[] signers, bytes32[] offchainTransmitters, uint8 f, bytes onchainConfig, uint64 offchainConfigVersion, bytes offchainConfig, AddressAndWeight[] recipientAddressesAndWeights)',
  'function latestConfigDigestAndEpoch(bytes32 feedId) view returns (bool scanLogs, bytes32 configDigest, uint32 epoch)',
  'function latestConfigDetails(bytes32 feedId) view returns (uint32 configCount, uint32 blockNumber, bytes32 configDigest)',
  'function activateConfig(bytes32 feedId, bytes32 configDigest)',
  'function deactivateConfig(bytes32 feedId, bytes32 configDigest)',
  'function activateFeed(bytes32 feedId)',
  'function deactivateFeed(bytes32 feedId)',
  'function typeAndVersion() pure returns (string)',
  'event ConfigSet(bytes32 indexed feedId, uint32 previousConfigBlockNumber, bytes32 configDigest, uint64 configCount, address[] signers, bytes32[] offchainTransmitters, uint8 f, bytes onchainConfig, uint64 offchainConfigVersion, bytes offchainConfig)',
  'event ReportVerified(bytes32 indexed feedId, address requester)',
  ...SHARED_ERRORS,
  ...VERIFIER_ERRORS,
])
