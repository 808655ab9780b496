// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LivestockVault, ERC4626} from "./LivestockVault.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {ILivestockEngine} from "../interfaces/ILivestockEngine.sol";
import {IInsuranceVault} from "../interfaces/IVaults.sol";

/// @title InsuranceVault
/// @notice First-loss capital for X: earns 20% of fees and funding, pays bad debt before the main vault.
///         NAV (in X) = X held + X the engine owes it but has not swept. No utilisation cap: it sells nothing.
contract InsuranceVault is LivestockVault, IInsuranceVault {
    event ShortfallCovered(address indexed to, uint256 requested, uint256 paid);

    /// @param asset_ The stock token X.
    /// @param name_ Share token name.
    /// @param symbol_ Share token symbol.
    /// @param hub The OracleHub where X is registered.
    /// @param engine_ The options engine.
    /// @param owner_ Governance.
    /// @param cooldown_ Withdrawal cooldown in seconds.
    /// @param exitFeeBps_ Exit fee in basis points.
    constructor(
        IERC20 asset_,
        string memory name_,
        string memory symbol_,
        OracleHub hub,
        ILivestockEngine engine_,
        address owner_,
        uint64 cooldown_,
        uint16 exitFeeBps_
    ) LivestockVault(asset_, name_, symbol_, hub, engine_, owner_, cooldown_, exitFeeBps_) {}

    /// @notice NAV in X: balance + engine.pendingInsurance(X).
    /// @dev Pending counts so a sweep does not move the share price (no sweep-sandwich).
    /// @return NAV in units of X.
    function totalAssets() public view override returns (uint256) {
        address x = asset();
        return IERC20(x).balanceOf(address(this)) + engine.pendingInsurance(x);
    }

    /// @inheritdoc IInsuranceVault
    /// @dev Engine only. Pays at most the balance and never reverts for lack of funds, so a liquidation is
    ///      never blocked; the engine takes the rest from the main vault. Not paused with the market.
    /// @param to The main vault (bad debt) or the engine (trader profit the main vault could not pay).
    /// @param amount X asked for.
    function coverShortfall(address to, uint256 amount) external onlyEngine nonReentrant returns (uint256 paid) {
        if (to == address(0)) revert ZeroAddress();
        paid = _payOut(to, amount);
        emit ShortfallCovered(to, amount, paid);
    }

    /// @inheritdoc IInsuranceVault
    function asset() public view override(ERC4626, IInsuranceVault) returns (address) {
        return super.asset();
    }
}
