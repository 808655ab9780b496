// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title StockToken
/// @notice A tokenized stock (TSLA.M, NVDA.M, AAPLx, AMZNx): ERC20 with EIP-2612 permit, minted and burned
///         by an issuer (the custodian in real life). Also used, with 6 decimals, for the local USDC.
contract StockToken is ERC20, ERC20Permit, AccessControl {
    /// @notice Role allowed to mint and burn (the custodian).
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    uint8 private immutable _decimals;

    error ZeroAddress();

    /// @param name_ Token name, also the EIP-712 domain name used by permit.
    /// @param symbol_ Token symbol.
    /// @param decimals_ 18 for stock tokens, 6 for USDC.
    /// @param admin Receives the admin and issuer roles.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address admin)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        if (admin == address(0)) revert ZeroAddress();
        _decimals = decimals_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ISSUER_ROLE, admin);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Issue `amount` tokens to `to` (the custodian received the underlying share).
    /// @param to Receiver.
    /// @param amount Amount in token units.
    function mint(address to, uint256 amount) external onlyRole(ISSUER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Redeem: burn `amount` tokens held by `from`, which must have approved the issuer.
    /// @param from Holder whose tokens are burned.
    /// @param amount Amount in token units.
    function burn(address from, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
    }
}
