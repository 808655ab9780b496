// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the engine calls on the main vault of a token.
interface IMainVault {
    /// @notice The vault's stock token (ERC4626 asset).
    function asset() external view returns (address);

    /// @notice Pay a trader's realised profit: transfer up to `amount` of X to the engine. Engine only.
    /// @return paid What the vault could pay (its balance may be smaller).
    function payToEngine(uint256 amount) external returns (uint256 paid);
}

/// @notice What the engine calls on the insurance vault of a token.
interface IInsuranceVault {
    /// @notice The vault's stock token (ERC4626 asset).
    function asset() external view returns (address);

    /// @notice First loss: transfer up to `amount` of X to `to` (the main vault for bad debt, the engine for
    ///         trader profit the main vault could not pay). Engine only.
    /// @return paid What the vault could pay.
    function coverShortfall(address to, uint256 amount) external returns (uint256 paid);
}
