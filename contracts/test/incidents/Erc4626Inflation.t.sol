// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IncidentBase} from "./IncidentBase.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";
import {ILivestockEngine} from "../../src/interfaces/ILivestockEngine.sol";

/// @title Incident: ERC4626 first-depositor inflation (Hundred Finance, April 2023, ~$7M; Sonne Finance, May 2024,
///        ~$20M — both on empty Compound-fork markets; the generic ERC4626 form is in OpenZeppelin's advisory)
/// @notice The attack: on an empty vault, mint 1 wei of shares, then donate a large amount of the asset directly so
///         that one share is worth a fortune; the next depositor's shares round down to (almost) nothing and the
///         attacker redeems their deposit.
/// @notice Reproduction: a fresh MainVault and InsuranceVault on NVDA.M (known to the OracleHub, never traded, so
///         the engine's pending amounts and book for it are 0), attacker deposits 1 wei and donates 1e24 (1M
///         NVDA.M, $185M), victim deposits 1,000 NVDA.M.
/// @notice What protects Livestock: LivestockVault's `_decimalsOffset() = 6` — 10^6 virtual shares and 1 virtual
///         asset (OpenZeppelin ERC4626 decimals offset; Morpho `SharesMathLib.VIRTUAL_SHARES`). The donation is
///         shared with the virtual shares, so the victim keeps ≥ 99.9% of its deposit and the attacker loses ~10^6
///         times what the victim loses. `deposit` also refuses a deposit that would mint 0 shares (ZeroShares).
contract Erc4626InflationTest is IncidentBase {
    address internal attacker = makeAddr("attacker");
    address internal victim = makeAddr("victim");

    uint256 internal constant DONATION = 1e24;
    uint256 internal constant VICTIM_DEPOSIT = 1_000e18;

    /// @dev Registered as NVDA.M's main vault: the engine takes withdrawal reserves from the registered vault only.
    function _freshMain() internal returns (MainVault vault) {
        vault = _newMain();
        vm.prank(world.owner);
        admin.setVaults(address(nvda), address(vault), address(world.stocks[1].insuranceVault));
    }

    function _newMain() internal returns (MainVault) {
        return new MainVault(
            IERC20(address(nvda)),
            "Fresh NVDA Main",
            "fNVDA",
            world.oracleHub,
            ILivestockEngine(address(engine)),
            address(this),
            60,
            30
        );
    }

    function _freshInsurance() internal returns (InsuranceVault) {
        return new InsuranceVault(
            IERC20(address(nvda)),
            "Fresh NVDA Insurance",
            "fiNVDA",
            world.oracleHub,
            ILivestockEngine(address(engine)),
            address(this),
            60,
            30
        );
    }

    function test_inflation_mainVault_victimKeeps999() public {
        _attack(_freshMain());
    }

    function test_inflation_insuranceVault_victimKeeps999() public {
        _attack(_freshInsurance());
    }

    /// @notice Dust that would buy no share is refused instead of being gifted to the vault.
    function test_inflation_dustDepositRevertsZeroShares() public {
        LivestockVault vault = _freshMain();
        nvda.mint(attacker, 1 + DONATION * 1e6);
        vm.startPrank(attacker);
        nvda.approve(address(vault), 1);
        vault.deposit(1, attacker);
        nvda.transfer(address(vault), DONATION * 1e6); // 1e30: one share now ~ 5e23 wei of assets
        vm.stopPrank();
        nvda.mint(victim, 1e18);
        vm.startPrank(victim);
        nvda.approve(address(vault), 1e18);
        assertEq(vault.previewDeposit(1e5), 0);
        vm.expectRevert(LivestockVault.ZeroShares.selector);
        vault.deposit(1e5, victim);
        vm.stopPrank();
    }

    function _attack(LivestockVault vault) internal {
        assertEq(vault.totalSupply(), 0);
        assertEq(vault.totalAssets(), 0);

        // 1. Attacker: 1 wei deposit, then a 1e24 donation straight to the vault.
        nvda.mint(attacker, 1 + DONATION);
        vm.startPrank(attacker);
        nvda.approve(address(vault), 1);
        uint256 attackerShares = vault.deposit(1, attacker);
        nvda.transfer(address(vault), DONATION);
        vm.stopPrank();
        assertEq(attackerShares, 1e6, "1 wei buys 10^6 shares: the virtual offset");

        // 2. Victim deposits 1,000 NVDA.M.
        nvda.mint(victim, VICTIM_DEPOSIT);
        vm.startPrank(victim);
        nvda.approve(address(vault), VICTIM_DEPOSIT);
        uint256 victimShares = vault.deposit(VICTIM_DEPOSIT, victim);
        vm.stopPrank();
        assertGt(victimShares, 0);

        uint256 victimValue = vault.convertToAssets(victimShares);
        uint256 attackerValue = vault.convertToAssets(attackerShares);
        emit log_named_decimal_uint(
            "victim: value of its shares / deposit (%)", victimValue * 100e18 / VICTIM_DEPOSIT, 18
        );
        emit log_named_decimal_uint("attacker: value of its shares (NVDA.M)", attackerValue, 18);
        assertGe(victimValue, VICTIM_DEPOSIT * 999 / 1000, "victim keeps >= 99.9%");
        uint256 victimLoss = VICTIM_DEPOSIT - victimValue;
        uint256 attackerLoss = DONATION + 1 - attackerValue;
        assertGt(attackerLoss, victimLoss * 100_000, "the attack burns >= 10^5 x what it takes");

        // 3. The victim leaves through the real queue: what it receives is ≥ 99.9% of its deposit less the
        //    0.3% exit fee (which stays with the remaining LP, the attacker).
        vm.prank(victim);
        vault.requestWithdrawal(victimShares);
        _advance(60, 60);
        uint256 received = vault.executeWithdrawal(victim);
        assertEq(nvda.balanceOf(victim), received);
        assertGe(received, VICTIM_DEPOSIT * 999 / 1000 * (10_000 - vault.exitFeeBps()) / 10_000);
    }
}
