// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {Position, Market} from "../../src/core/EngineTypes.sol";

contract EngineTradingTest is ProtocolFixture {
    uint256 internal btcCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
    }

    function test_openThenCloseMovesMarginByPnlFeesAndFunding() public {
        _fund(alice, tsla, 100e18);
        uint256 before = _collateral(alice, address(tsla));
        _open(alice, btcCall, 0.1e18);
        Position memory p = admin.position(alice, btcCall);
        assertEq(p.size, 0.1e18);
        assertGt(p.entryPrice, 2_600e18); // ATM, σ 55% × 1.05, T 7 d: K/u ≈ 2,685 plus skew
        EngineBase.Health memory h = _health(alice, address(tsla));
        assertGe(h.equityInitial, h.initialMargin);

        _advance(1 days, 60);
        h = _health(alice, address(tsla));
        assertGt(h.unpaidFunding, 0);
        _close(alice, btcCall, 0.1e18);
        assertEq(admin.position(alice, btcCall).size, 0);
        uint256 afterClose = _collateral(alice, address(tsla));
        assertLt(afterClose, before, "spot unchanged: fees and funding cost the trader");
        assertEq(admin.account(alice, address(tsla)).positionBits, 0);
    }
}
