// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Fixture} from "./Fixture.sol";
import {MockEngine} from "./MockEngine.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";

/// @notice The local world (real OracleHub, TWAP history, healthy TSLA.M peg) plus TSLA.M vaults on a MockEngine.
abstract contract VaultFixture is Fixture {
    uint64 internal constant COOLDOWN = 60;
    uint16 internal constant EXIT_FEE_BPS = 30;

    MockEngine internal engine;
    MainVault internal mainVault;
    InsuranceVault internal insVault;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");

    function setUp() public virtual override {
        super.setUp();
        _advance(40 minutes, 60); // a full TWAP window: the peg is healthy
        engine = new MockEngine();
        mainVault = new MainVault(
            IERC20(address(tsla)),
            "Livestock TSLA.M Main",
            "lmTSLA.M",
            world.oracleHub,
            engine,
            address(this),
            COOLDOWN,
            EXIT_FEE_BPS
        );
        insVault = new InsuranceVault(
            IERC20(address(tsla)),
            "Livestock TSLA.M Insurance",
            "liTSLA.M",
            world.oracleHub,
            engine,
            address(this),
            COOLDOWN,
            EXIT_FEE_BPS
        );
        engine.setVaults(address(tsla), address(mainVault), address(insVault));
        address[3] memory lps = [alice, bob, carol];
        for (uint256 i; i < lps.length; ++i) {
            tsla.mint(lps[i], 1_000_000e18);
            vm.startPrank(lps[i]);
            tsla.approve(address(mainVault), type(uint256).max);
            tsla.approve(address(insVault), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _deposit(LivestockVault vault, address who, uint256 assets) internal returns (uint256 shares) {
        vm.prank(who);
        shares = vault.deposit(assets, who);
    }

    function _request(LivestockVault vault, address who, uint256 shares) internal returns (uint64 readyAt) {
        vm.prank(who);
        readyAt = vault.requestWithdrawal(shares);
    }

    /// @dev Request everything, wait out the cooldown (feeds refreshed), execute as a keeper.
    function _exitAll(LivestockVault vault, address who) internal returns (uint256 assets) {
        _request(vault, who, vault.balanceOf(who));
        _advance(vault.cooldown(), 60);
        vm.prank(keeper);
        assets = vault.executeWithdrawal(who);
    }

    function _strainPeg() internal {
        _scaleDexPrice(tslaPair, tsla, 1.03e18); // DEX 3% above reference
        _advance(36 minutes, 60);
    }
}
