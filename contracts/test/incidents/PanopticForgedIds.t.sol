// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {IncidentBase} from "./IncidentBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {Position, Account as MarginAccount} from "../../src/core/EngineTypes.sol";

/// @title Incident: Panoptic position spoofing (reported 25 August 2025; whitehat rescue 28 August)
/// @notice What happened: PanopticPool did not store a user's positions, only a fingerprint: the XOR of the keccak
///         hashes of their position ids. `withdraw` took the position list from the caller and checked it against
///         that fingerprint; XOR being linear, an attacker could mine a list of fake ids with the same fingerprint,
///         pass solvency checks against positions that do not exist and withdraw collateral backing real debt.
/// @notice Reproduction: every way a caller can name a position or market it does not own, or that does not exist.
/// @notice What protects Livestock: no function takes a position list. Positions live in storage keyed by
///         (msg.sender, marketId); the list of an account's positions is its own 256-bit bitmap, written only by
///         the engine; a market id is checked against the listed range; a token must be listed. closePosition has
///         no "owner" parameter at all, so it can only ever touch msg.sender's position.
contract PanopticForgedIdsTest is IncidentBase {
    uint256 internal btcCall;
    uint256 internal btcPut;
    uint256 internal amznCall;

    function setUp() public override {
        super.setUp();
        btcCall = _id(address(tsla), BTC, true, 95_000e18);
        btcPut = _id(address(tsla), BTC, false, 95_000e18);
        amznCall = _id(address(amzn), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _fund(bob, tsla, 100e18);
        _open(bob, btcCall, 0.2e18);
    }

    /// @notice Selling what one does not hold only ever writes the seller's own short (issue 15), margined like
    ///         any open: without margin it reverts, and selling the market's whole open interest flips only the
    ///         seller's own position — Bob's long is untouched.
    function test_sellingMoreThanHeld_onlyWritesTheSellersOwnShort() public {
        address carol = makeAddr("carol");
        vm.prank(carol);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(carol, btcPut, -int256(1), 0);
        _open(alice, btcCall, 0.1e18);
        Position memory bobPos = admin.position(bob, btcCall);
        uint256 oi = admin.market(btcCall).longOpenInterest;
        vm.prank(alice);
        engine.trade(alice, btcCall, -int256(oi), 0);
        assertEq(admin.position(alice, btcCall).size, -int256(oi - 0.1e18), "alice's own short");
        assertEq(admin.position(bob, btcCall).size, bobPos.size, "bob untouched");
        assertEq(admin.position(bob, btcCall).entryPrice, bobPos.entryPrice);
    }

    /// @notice Market ids outside 1…marketCount(): UnknownMarket(id) on every entry point and view.
    function test_unknownMarketIds_revertUnknownMarket() public {
        uint256 n = admin.marketCount();
        assertEq(n, 4 * 24);
        uint256[3] memory bad = [uint256(0), n + 1, type(uint256).max];
        for (uint256 i; i < 3; ++i) {
            bytes memory err = abi.encodeWithSelector(IEngineErrors.UnknownMarket.selector, bad[i]);
            vm.prank(alice);
            vm.expectRevert(err);
            engine.trade(alice, bad[i], int256(1e15), type(uint256).max);
            vm.prank(alice);
            vm.expectRevert(err);
            engine.trade(alice, bad[i], -int256(1e15), 0);
            vm.expectRevert(err);
            admin.market(bad[i]);
            vm.expectRevert(err);
            admin.quote(bad[i], 1e15, true);
            vm.expectRevert(err);
            admin.currentCumFunding(bad[i]);
        }
        // The last real id is fine.
        assertEq(admin.market(n).token, address(world.stocks[3].token));
    }

    /// @notice A token that is not listed: UnknownToken(token) for liquidate, deposit and withdraw.
    function test_unlistedToken_revertsUnknownToken() public {
        address[2] memory fakes = [address(usdc), makeAddr("not a token")];
        for (uint256 i; i < 2; ++i) {
            bytes memory err = abi.encodeWithSelector(IEngineErrors.UnknownToken.selector, fakes[i]);
            vm.expectRevert(err);
            admin.liquidate(bob, fakes[i], address(this));
            vm.prank(alice);
            vm.expectRevert(err);
            admin.deposit(fakes[i], 1e18);
            vm.prank(alice);
            vm.expectRevert(err);
            admin.withdraw(fakes[i], 1e18);
        }
    }

    /// @notice Bob's position in TSLA.M does not exist in his AMZNx account: a market id is bound to its token,
    ///         and the account is (trader, token).
    function test_positionIsBoundToItsTokenAccount() public {
        _fund(bob, amzn, 10e18);
        // Bob's TSLA.M long cannot be sold from his AMZNx account: there it would be a new short on AMZNx margin.
        vm.prank(bob);
        vm.expectPartialRevert(IEngineErrors.InsufficientMargin.selector);
        engine.trade(bob, amznCall, -int256(0.2e18), 0);
        uint256[] memory tslaIds = admin.positionIds(bob, address(tsla));
        uint256[] memory amznIds = admin.positionIds(bob, address(amzn));
        assertEq(tslaIds.length, 1);
        assertEq(tslaIds[0], btcCall);
        assertEq(amznIds.length, 0);
    }

    /// @notice A healthy account with margin but nothing at risk cannot be "liquidated" by naming it:
    ///         NotLiquidatable(equity, 0) — no fake position makes it look under water.
    function test_liquidateFlatAccount_revertsNotLiquidatable() public {
        (,, uint16 wMaint,,,,) = admin.tokenConfig(address(tsla));
        uint256 equity = F.mulWad(100e18, _stock(address(tsla)).collateralPrice) * wMaint / 10_000;
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotLiquidatable.selector, int256(equity), uint256(0)));
        admin.liquidate(alice, address(tsla), address(this));
    }

    /// @notice Alice trades in the same market as Bob and closes everything she has: Bob's position, margin and
    ///         funding index are untouched. There is no parameter through which she could name him.
    function test_closeOnlyTouchesCallersPosition() public {
        _open(alice, btcCall, 0.1e18);
        _advance(5 minutes, 60);
        Position memory bobPos = admin.position(bob, btcCall);
        MarginAccount memory bobAcct = admin.account(bob, address(tsla));
        uint256 oi = admin.market(btcCall).longOpenInterest;

        _close(alice, btcCall, 0.1e18);

        Position memory bobAfter = admin.position(bob, btcCall);
        MarginAccount memory bobAcctAfter = admin.account(bob, address(tsla));
        assertEq(bobAfter.size, bobPos.size);
        assertEq(bobAfter.entryPrice, bobPos.entryPrice);
        assertEq(bobAfter.fundingIndex, bobPos.fundingIndex);
        assertEq(bobAcctAfter.collateral, bobAcct.collateral);
        assertEq(bobAcctAfter.positionBits, bobAcct.positionBits);
        assertEq(admin.position(alice, btcCall).size, 0);
        assertEq(admin.market(btcCall).longOpenInterest, oi - 0.1e18);

        // And once flat, selling "more" only writes her own short; Bob's long stays as it was.
        vm.prank(alice);
        engine.trade(alice, btcCall, -int256(1), 0);
        assertEq(admin.position(alice, btcCall).size, -1);
        assertEq(admin.position(bob, btcCall).size, bobPos.size);
        assertEq(admin.position(bob, btcCall).size, bobPos.size);
    }
}
