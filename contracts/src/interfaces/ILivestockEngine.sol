// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the vaults need from the options engine of Livestock.
interface ILivestockEngine {
    /// @notice X owed by the engine to the main vault of `token` (its 70% of fees and funding, and trader
    ///         losses) that `sweep` has not moved yet. Counts in the main vault's NAV.
    function pendingMain(address token) external view returns (uint256);

    /// @notice X owed by the engine to the insurance vault of `token` (its 20% share), not yet swept.
    function pendingInsurance(address token) external view returns (uint256);

    /// @notice Value of the main vault's short option book in units of `token`: funding receivable minus
    ///         traders' unrealised profit (Σ OI·theo − cost basis), converted at P_settle. Negative when the
    ///         vault owes traders. O(markets with open interest).
    function bookValue(address token) external view returns (int256);

    /// @notice Stress loss of the short book under a ±15% (BTC) / ±20% (ETH) move, in units of `token`.
    ///         Utilisation = locked / NAV; the vault refuses withdrawals that push it over the cap.
    function lockedValue(address token) external view returns (uint256);

    /// @notice Utilisation of the main vault of `token`: locked stress loss / L (WAD), L = vault capital less what
    ///         pending withdrawals claim. The vault refuses exits while it is over the cap.
    function utilization(address token) external view returns (uint256);

    /// @notice The main vault reports the X its pending withdrawal requests claim. Main vault only.
    function setWithdrawalReserve(address token, uint256 reserve) external;

    /// @notice Move pending amounts of `token` to the main vault, insurance vault and treasury. Anyone may call.
    function sweep(address token) external;
}
