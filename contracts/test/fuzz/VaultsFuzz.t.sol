// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";

contract VaultsFuzzTest is VaultFixture {
    /// @notice Whatever the share price left by earlier LPs and donations, a deposit → request → execute round
    ///         trip never returns more than the deposit less the exit fee on it.
    function testFuzz_roundTripNeverReturnsMoreThanDepositedLessFee(
        uint256 amount,
        uint256 earlier,
        uint256 donation,
        uint16 feeBps
    ) public {
        amount = bound(amount, 1, 500_000e18);
        earlier = bound(earlier, 0, 500_000e18);
        donation = bound(donation, 0, 100_000e18);
        feeBps = uint16(bound(feeBps, 0, mainVault.MAX_EXIT_FEE_BPS()));
        mainVault.setExitFee(feeBps);

        if (earlier != 0) _deposit(mainVault, bob, earlier);
        if (donation != 0) tsla.mint(address(mainVault), donation);

        uint256 shares = mainVault.previewDeposit(amount);
        vm.assume(shares != 0); // dust that buys no share reverts ZeroShares (tested in the unit suite)
        _deposit(mainVault, alice, amount);
        uint256 back = _exitAll(mainVault, alice);

        uint256 feeOnDeposit = Math.mulDiv(amount, feeBps, 10_000, Math.Rounding.Ceil);
        assertLe(back, amount - feeOnDeposit, "round trip is never profitable");
    }

    /// @notice Any interleaving of deposits, requests, cancels and executions by three LPs keeps
    ///         totalSupply = Σ LP balances + escrow, and the escrow held equals the sum of the requests.
    function testFuzz_shareSupplyEqualsBalancesPlusEscrow(uint256 seed) public {
        address[3] memory lps = [alice, bob, carol];
        for (uint256 step; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address who = lps[r % 3];
            uint256 op = (r >> 8) % 5;
            uint256 x = r >> 16;
            if (op == 0) {
                _deposit(mainVault, who, bound(x, 1e12, 10_000e18));
            } else if (op == 1) {
                uint256 bal = mainVault.balanceOf(who);
                if (bal != 0) _request(mainVault, who, bound(x, 1, bal));
            } else if (op == 2) {
                (uint256 s,) = mainVault.withdrawalRequest(who);
                vm.prank(who);
                if (s != 0) mainVault.cancelWithdrawal();
            } else if (op == 3) {
                (uint256 s, uint64 readyAt) = mainVault.withdrawalRequest(who);
                if (s != 0 && block.timestamp >= readyAt) {
                    vm.prank(keeper);
                    mainVault.executeWithdrawal(who);
                }
            } else {
                _advance(60, 60);
            }
            _assertShareAccounting(lps);
        }
    }

    function _assertShareAccounting(address[3] memory lps) internal view {
        uint256 sumBalances;
        uint256 sumRequests;
        for (uint256 i; i < lps.length; ++i) {
            sumBalances += mainVault.balanceOf(lps[i]);
            (uint256 s,) = mainVault.withdrawalRequest(lps[i]);
            sumRequests += s;
        }
        uint256 escrow = mainVault.balanceOf(address(mainVault));
        assertEq(mainVault.totalSupply(), sumBalances + escrow, "supply = balances + escrow");
        assertEq(escrow, mainVault.totalEscrowedShares(), "escrow held = escrow recorded");
        assertEq(escrow, sumRequests, "escrow = sum of requests");
    }
}
