// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";

contract StockTokenTest is Test {
    StockToken internal token;
    address internal issuer = makeAddr("issuer");
    address internal alice;
    uint256 internal aliceKey;

    function setUp() public {
        token = new StockToken("Tesla MyStonks", "TSLA.M", 18, issuer);
        (alice, aliceKey) = makeAddrAndKey("alice");
    }

    function test_issuerMintsAndBurnsWithAllowance() public {
        vm.prank(issuer);
        token.mint(alice, 10e18);
        assertEq(token.balanceOf(alice), 10e18);

        vm.prank(alice);
        token.approve(issuer, 4e18);
        vm.prank(issuer);
        token.burn(alice, 4e18);
        assertEq(token.balanceOf(alice), 6e18);
        assertEq(token.totalSupply(), 6e18);
    }

    function test_burnWithoutAllowanceReverts() public {
        vm.prank(issuer);
        token.mint(alice, 1e18);
        vm.prank(issuer);
        vm.expectPartialRevert(IERC20Errors.ERC20InsufficientAllowance.selector);
        token.burn(alice, 1e18);
    }

    function test_nonIssuerCannotMint() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, token.ISSUER_ROLE())
        );
        vm.prank(alice);
        token.mint(alice, 1);
    }

    function test_zeroAdminReverts() public {
        vm.expectRevert(StockToken.ZeroAddress.selector);
        new StockToken("x", "x", 18, address(0));
    }

    function test_usdcHasSixDecimals() public {
        StockToken usdc = new StockToken("USD Coin", "USDC", 6, issuer);
        assertEq(usdc.decimals(), 6);
        assertEq(token.decimals(), 18);
    }

    function test_permitSetsAllowanceFromSignature() public {
        address spender = makeAddr("spender");
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                alice,
                spender,
                5e18,
                token.nonces(alice),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        token.permit(alice, spender, 5e18, deadline, v, r, s);
        assertEq(token.allowance(alice, spender), 5e18);
        assertEq(token.nonces(alice), 1);
    }

    function testFuzz_mintBurnKeepsSupplyEqualToBalances(uint96 minted, uint96 burned) public {
        vm.assume(burned <= minted);
        vm.startPrank(issuer);
        token.mint(issuer, minted);
        token.burn(issuer, burned);
        vm.stopPrank();
        assertEq(token.totalSupply(), uint256(minted) - burned);
        assertEq(token.balanceOf(issuer), token.totalSupply());
    }
}
