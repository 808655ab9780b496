// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILivestockEngine} from "../../src/interfaces/ILivestockEngine.sol";
import {IMainVault, IInsuranceVault} from "../../src/interfaces/IVaults.sol";

/// @notice Stand-in for the options engine in vault tests: every value the vaults read is settable, and
///         `sweep` moves the pending amounts out of this contract's own balance (fund it first).
contract MockEngine is ILivestockEngine {
    using SafeERC20 for IERC20;

    mapping(address token => uint256) public pendingMain;
    mapping(address token => uint256) public pendingInsurance;
    mapping(address token => int256) public bookValue;
    mapping(address token => uint256) public lockedValue;
    mapping(address token => address) public mainVault;
    mapping(address token => address) public insuranceVault;
    mapping(address token => uint256) public withdrawalReserve;

    function setVaults(address token, address main, address insurance) external {
        mainVault[token] = main;
        insuranceVault[token] = insurance;
    }

    function setPendingMain(address token, uint256 v) external {
        pendingMain[token] = v;
    }

    function setPendingInsurance(address token, uint256 v) external {
        pendingInsurance[token] = v;
    }

    function setBookValue(address token, int256 v) external {
        bookValue[token] = v;
    }

    function setLockedValue(address token, uint256 v) external {
        lockedValue[token] = v;
    }

    /// @dev The engine's definition: locked / L, L = main vault X + pending − reserved withdrawals (here all in X).
    function utilization(address token) external view returns (uint256) {
        uint256 locked = lockedValue[token];
        if (locked == 0) return 0;
        uint256 held = IERC20(token).balanceOf(mainVault[token]) + pendingMain[token];
        uint256 reserve = withdrawalReserve[token];
        if (held <= reserve) return type(uint256).max;
        return (locked * 1e18 + held - reserve - 1) / (held - reserve);
    }

    function setWithdrawalReserve(address token, uint256 reserve) external {
        require(msg.sender == mainVault[token], "not main vault");
        withdrawalReserve[token] = reserve;
    }

    function sweep(address token) external {
        uint256 m = pendingMain[token];
        uint256 i = pendingInsurance[token];
        pendingMain[token] = 0;
        pendingInsurance[token] = 0;
        if (m != 0) IERC20(token).safeTransfer(mainVault[token], m);
        if (i != 0) IERC20(token).safeTransfer(insuranceVault[token], i);
    }

    /// @dev Engine-side calls into the vaults, so tests can prank nothing and still go through `onlyEngine`.
    function callPayToEngine(IMainVault vault, uint256 amount) external returns (uint256) {
        return vault.payToEngine(amount);
    }

    function callCoverShortfall(IInsuranceVault vault, address to, uint256 amount) external returns (uint256) {
        return vault.coverShortfall(to, amount);
    }
}
