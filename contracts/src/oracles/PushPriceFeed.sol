// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title PushPriceFeed
/// @notice A Chainlink-compatible feed whose answers are pushed by authorised reporters (a keeper on the
///         local chain). On Base the OracleHub points at real Chainlink feeds instead.
contract PushPriceFeed is AggregatorV3Interface, Ownable2Step {
    /// @dev One slot per round: every price read by the engine is a cold storage read, so each slot counts.
    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    /// @dev The latest round in one slot (80 + 112 + 64 bits): `latestRoundData` costs a single storage read.
    struct Latest {
        uint80 roundId;
        int112 answer;
        uint64 updatedAt;
    }

    uint8 public immutable override decimals;
    string public override description;
    Latest internal _latest;
    mapping(uint80 roundId => Round) internal _rounds;
    mapping(address reporter => bool allowed) public isReporter;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event ReporterSet(address indexed reporter, bool allowed);

    error NotReporter(address caller);
    error NonPositiveAnswer(int256 answer);
    error NoRoundData(uint80 roundId);
    error AnswerOutOfRange(int256 answer);

    /// @param decimals_ Decimals of the answer (8 like Chainlink's USD feeds).
    /// @param description_ Human name, e.g. "BTC / USD".
    /// @param initialAnswer First answer, recorded as round 1.
    /// @param owner_ Owner, also the first reporter.
    constructor(uint8 decimals_, string memory description_, int256 initialAnswer, address owner_) Ownable(owner_) {
        decimals = decimals_;
        description = description_;
        isReporter[owner_] = true;
        _record(initialAnswer);
    }

    modifier onlyReporter() {
        if (!isReporter[msg.sender]) revert NotReporter(msg.sender);
        _;
    }

    /// @notice Allow or forbid an address to push answers.
    /// @param reporter The keeper or relayer address.
    /// @param allowed True to allow.
    function setReporter(address reporter, bool allowed) external onlyOwner {
        isReporter[reporter] = allowed;
        emit ReporterSet(reporter, allowed);
    }

    /// @notice Push a new answer as the next round.
    /// @param answer The new value, in `decimals` decimals; must be positive.
    function updateAnswer(int256 answer) external virtual onlyReporter {
        _record(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure override returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view override returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert NoRoundData(roundId);
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        Latest memory l = _latest;
        return (l.roundId, l.answer, l.updatedAt, l.updatedAt, l.roundId);
    }

    /// @notice Id of the latest round (1 for the constructor's answer).
    /// @return The round id.
    function latestRound() external view returns (uint80) {
        return _latest.roundId;
    }

    function _latestAnswer() internal view returns (int256) {
        return _latest.answer;
    }

    function _record(int256 answer) internal {
        if (answer <= 0) revert NonPositiveAnswer(answer);
        if (answer > type(int112).max) revert AnswerOutOfRange(answer);
        uint80 id = _latest.roundId + 1;
        _latest = Latest(id, int112(answer), uint64(block.timestamp));
        _rounds[id] = Round(int192(answer), uint64(block.timestamp));
        emit AnswerUpdated(answer, id, block.timestamp);
    }
}
