// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {AccountLens} from "../../src/core/AccountLens.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";

/// @notice Shared set-up of the attack tests (issue 12): each file reproduces one measured attack, shows that it
///         no longer pays, and keeps the legitimate case beside it.
abstract contract AttackBase is ProtocolFixture {
    AccountLens internal lens;

    function setUp() public virtual override {
        super.setUp();
        lens = new AccountLens();
    }

    function _liquidatable(address trader, address token) internal view returns (bool) {
        EngineBase.Health memory h = admin.accountHealth(trader, token);
        return h.equityMaintenance < int256(h.maintenanceMargin);
    }

    /// @dev Whether `liquidate` would go through now (state rolled back either way).
    function _liquidateSucceeds(address trader, address token) internal returns (bool ok) {
        uint256 snap = vm.snapshotState();
        vm.prank(keeper);
        try admin.liquidate(trader, token, keeper) {
            ok = true;
        } catch {
            ok = false;
        }
        vm.revertToState(snap);
    }

    /// @dev Moves BTC down in $100 steps until the account's maintenance equity is under `ratioBps` of its MM.
    function _btcDownUntilCushion(address trader, address token, uint256 ratioBps) internal returns (uint256 btc) {
        (, int256 answer,,,) = world.btcUsd.latestRoundData();
        btc = uint256(answer) * 1e10;
        for (uint256 i; i < 400; ++i) {
            EngineBase.Health memory h = admin.accountHealth(trader, token);
            if (h.equityMaintenance * 10_000 < int256(h.maintenanceMargin * ratioBps)) return btc;
            btc -= 100e18;
            _setBtc(btc);
        }
        revert("cushion not reached");
    }
}
