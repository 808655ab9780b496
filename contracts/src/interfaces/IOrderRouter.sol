// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the engine asks the order router.
interface IOrderRouter {
    /// @notice Whether `trader` has an order on an account in `token` that is neither settled nor cancelled.
    function hasPendingOrder(address trader, address token) external view returns (bool);
}
