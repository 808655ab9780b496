// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "solady/utils/ReentrancyGuardTransient.sol";
import {IncidentBase} from "./IncidentBase.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {LivestockEngine} from "../../src/core/LivestockEngine.sol";
import {ILivestock} from "../../src/interfaces/ILivestock.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";
import {ILivestockEngine} from "../../src/interfaces/ILivestockEngine.sol";
import {IUniswapV2Pair} from "../../src/interfaces/IUniswapV2.sol";
import {Market, Position} from "../../src/core/EngineTypes.sol";

/// @notice A margin token whose every transfer touching `trigger` (the engine) hands control to `target` mid-call,
///         like an ERC777 hook or a token with a callback. One shot per arming; records what the call returned.
///         Test-only: anyone may mint.
contract HostileToken is ERC20 {
    address public trigger;
    address public target;
    bytes public payload;
    bool public armed;
    bool public bubble; // re-raise the reentrant call's revert (else swallow it and let the outer call finish)
    uint256 public attempts;
    bool public lastOk;
    bytes public lastReturn;

    constructor() ERC20("Hostile Stock", "EVIL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address trigger_, address target_, bytes calldata payload_, bool bubble_) external {
        trigger = trigger_;
        target = target_;
        payload = payload_;
        bubble = bubble_;
        armed = true;
    }

    /// @dev After the balances moved (OpenZeppelin ERC20 `_update`), so the hook sees the transfer done.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (armed && (from == trigger || to == trigger)) {
            armed = false;
            ++attempts;
            (bool ok, bytes memory ret) = target.call(payload);
            lastOk = ok;
            lastReturn = ret;
            if (!ok && bubble) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        }
    }
}

/// @notice Reads the engine's books from inside a hook (read-only reentrancy probe) and, if asked, buys
///         insurance-vault shares at whatever NAV the vault shows at that moment.
contract HookProbe {
    ILivestock internal immutable views;
    HostileToken internal immutable evil;
    InsuranceVault internal immutable insurance;
    MainVault internal immutable main;

    uint256 public collateral;
    uint256 public totalCollateral;
    uint256 public navMain;
    uint256 public navInsurance;
    uint256 public sharesBought;

    constructor(address engine, HostileToken evil_, MainVault main_, InsuranceVault insurance_) {
        views = ILivestock(engine);
        evil = evil_;
        main = main_;
        insurance = insurance_;
    }

    function record(address trader) external {
        collateral = views.account(trader, address(evil)).collateral;
        totalCollateral = views.totalCollateral(address(evil));
        navMain = main.totalAssets();
        navInsurance = insurance.totalAssets();
    }

    function buyInsurance(uint256 amount) external {
        evil.approve(address(insurance), amount);
        sharesBought = insurance.deposit(amount, address(this));
    }
}

/// @title Incident: GMX v1 reentrancy (Arbitrum, 9 July 2025, ~$42M)
/// @notice What happened: GMX v1 sent an ETH refund to the order's account during `executeDecreaseOrder`; the
///         attacker's contract received control mid-execution and re-entered (opening shorts through a path that did
///         not update `globalShortAveragePrices`), corrupting the average short price that GLP's AUM was computed
///         from; GLP was then redeemed at the inflated AUM. Control handed to an untrusted party in the middle of a
///         state change, plus state that was read while inconsistent.
/// @notice Reproduction: governance lists a hostile stock token (its own feed, a real Uniswap V2 pair with a TWAP
///         history, vaults, a market) whose transfer hook calls back into the engine from inside each engine call
///         that moves tokens (deposit, withdraw, close with a profit paid by the vault, liquidate, sweep), trying
///         every state-changing entry point (deposit, depositWithPermit, withdraw, openPosition, closePosition,
///         liquidate, sweep).
/// @notice What protects Livestock: every state-changing entry point of the engine is `nonReentrant` (solady
///         ReentrancyGuardTransient; a nested entry reverts `Reentrancy()`), and checks-effects-interactions: the
///         books are final before any token moves. Each reentrant call is refused and the books end exactly as
///         the same call without the hook leaves them; if the hook bubbles the revert, nothing changes at all.
contract GmxReentrancyTest is IncidentBase {
    enum Outer {
        Deposit,
        Withdraw,
        Close,
        Liquidate,
        Sweep
    }

    /// @dev Everything the engine and the vaults account for the hostile token.
    struct Books {
        uint256 traderCollateral;
        uint256 traderBits;
        uint256 totalCollateral;
        uint256 pendingMain;
        uint256 pendingInsurance;
        uint256 pendingTreasury;
        uint256 badDebt;
        uint256 unpaidProfit;
        uint256 openInterest;
        int256 costBasis;
        int256 fundingBasis;
        uint256 cumFunding;
        int256 posSize;
        uint256 posEntry;
        uint256 posIndex;
        uint256 balEngine;
        uint256 balMain;
        uint256 balInsurance;
        uint256 balTrader;
        uint256 balKeeper;
    }

    HostileToken internal evil;
    StockPriceFeed internal evilFeed;
    IUniswapV2Pair internal evilPair;
    MainVault internal evilMain;
    InsuranceVault internal evilIns;
    uint256 internal evilCall;
    address internal trader = makeAddr("trader");

    bytes internal REENTRANCY = abi.encodeWithSelector(ReentrancyGuardTransient.Reentrancy.selector);

    function setUp() public override {
        super.setUp();
        // A stock feed, a seeded Uniswap V2 pair registered in the PegOracle: the test contract owns the world.
        evil = new HostileToken();
        evilFeed = new StockPriceFeed("EVIL / USD", 100e8, 2, address(this));
        world.oracleHub.setStockFeed(address(evil), evilFeed, 300, bytes32("EVIL"));
        evilPair = IUniswapV2Pair(world.factory.createPair(address(evil), address(usdc)));
        usdc.mint(address(evilPair), 200_000e6);
        evil.mint(address(evilPair), 2_000e18); // $100 a token
        evilPair.mint(address(this));
        world.pegOracle.registerPair(address(evil), evilPair, address(usdc));

        // Governance lists it, with vaults and one market.
        admin.listToken(address(evil), 4500, 5500);
        ILivestockEngine e = ILivestockEngine(address(engine));
        evilMain =
            new MainVault(IERC20(address(evil)), "EVIL Main", "lsmEVIL", world.oracleHub, e, address(this), 60, 30);
        evilIns = new InsuranceVault(
            IERC20(address(evil)), "EVIL Insurance", "lsiEVIL", world.oracleHub, e, address(this), 60, 30
        );
        admin.setVaults(address(evil), address(evilMain), address(evilIns));
        evilCall = admin.listMarket(address(evil), BTC, true, 95_000e18);

        _advanceAll(35 minutes); // TWAP history: the peg is healthy
        assertEq(uint8(_stock(address(evil)).peg), uint8(OracleHub.PegState.Healthy));

        evil.mint(address(this), 11_000e18);
        evil.approve(address(evilMain), 10_000e18);
        evil.approve(address(evilIns), 1_000e18);
        evilMain.deposit(10_000e18, address(this));
        evilIns.deposit(1_000e18, address(this));

        evil.mint(trader, 1_000e18);
        vm.startPrank(trader);
        evil.approve(address(engine), type(uint256).max);
        admin.deposit(address(evil), 100e18);
        engine.trade(trader, evilCall, int256(0.5e18), type(uint256).max);
        vm.stopPrank();
        assertGt(engine.pendingMain(address(evil)), 0);
    }

    // ------------------------------------------------------------------ one test per engine call that moves tokens

    function test_reenterFrom_deposit() public {
        _checkOuter(Outer.Deposit);
    }

    function test_reenterFrom_withdraw() public {
        _checkOuter(Outer.Withdraw);
    }

    /// @dev The profit is paid by the main vault (pendingMain swept first): the hook fires in the vault's transfer.
    function test_reenterFrom_closeWithProfit() public {
        admin.sweep(address(evil));
        _setBtc(104_500e18);
        _checkOuter(Outer.Close);
    }

    /// @dev The hook fires in the liquidator's reward transfer.
    function test_reenterFrom_liquidate() public {
        evilFeed.updateAnswer(10e8); // EVIL's reference −90%
        EngineBase.Health memory h = _health(trader, address(evil));
        assertLt(h.equityMaintenance, int256(h.maintenanceMargin));
        _checkOuter(Outer.Liquidate);
    }

    function test_reenterFrom_sweep() public {
        _checkOuter(Outer.Sweep);
    }

    // ------------------------------------------------------------------ read-only reentrancy

    /// @notice What a hook can read mid-call: the engine's books are already final (effects before interactions),
    ///         in withdraw and in deposit.
    function test_readOnly_engineBooksFinalWhenTokensMove() public {
        HookProbe probe = new HookProbe(address(engine), evil, evilMain, evilIns);
        bytes memory rec = abi.encodeCall(HookProbe.record, (trader));

        evil.arm(address(engine), address(probe), rec, false);
        vm.prank(trader);
        admin.withdraw(address(evil), 1e18);
        assertTrue(evil.lastOk());
        assertEq(probe.collateral(), admin.account(trader, address(evil)).collateral, "withdraw: margin final");
        assertEq(probe.totalCollateral(), engine.totalCollateral(address(evil)));

        evil.arm(address(engine), address(probe), rec, false);
        vm.prank(trader);
        admin.deposit(address(evil), 5e18);
        assertTrue(evil.lastOk());
        assertEq(probe.collateral(), admin.account(trader, address(evil)).collateral, "deposit: margin final");
        assertEq(probe.totalCollateral(), engine.totalCollateral(address(evil)));
    }

    /// @notice The vaults' NAV read from inside sweep's first transfer (to the main vault) must equal the NAV before
    ///         and after the sweep (a sweep is NAV-neutral), or a hook can buy vault shares at a wrong price.
    ///         `sweep` zeroes all three pending amounts before the first transfer, so while the main vault is being
    ///         paid, the insurance vault's NAV (balance + pendingInsurance) is missing pendingInsurance.
    function test_readOnly_vaultNavDuringSweep() public {
        _trade(); // some funding and fees, so pendingInsurance is not dust
        HookProbe probe = new HookProbe(address(engine), evil, evilMain, evilIns);
        uint256 navMain = evilMain.totalAssets();
        uint256 navIns = evilIns.totalAssets();
        uint256 pendingIns = engine.pendingInsurance(address(evil));
        assertGt(pendingIns, 0);

        evil.arm(address(engine), address(probe), abi.encodeCall(HookProbe.record, (trader)), false);
        admin.sweep(address(evil));
        assertTrue(evil.lastOk());
        assertEq(evilMain.totalAssets(), navMain);
        assertEq(evilIns.totalAssets(), navIns);
        assertEq(probe.navMain(), navMain, "main vault NAV consistent inside the hook");
        assertEq(probe.navInsurance(), navIns, "insurance vault NAV consistent inside the hook");
    }

    /// @notice The exploit that the inconsistency above allows: the hook buys insurance-vault shares at the
    ///         understated NAV and is immediately in profit once the sweep completes.
    function test_readOnly_noProfitBuyingInsuranceSharesMidSweep() public {
        _trade();
        HookProbe probe = new HookProbe(address(engine), evil, evilMain, evilIns);
        uint256 amount = 1_000e18;
        evil.mint(address(probe), amount);
        evil.arm(address(engine), address(probe), abi.encodeCall(HookProbe.buyInsurance, (amount)), false);
        admin.sweep(address(evil));
        assertTrue(evil.lastOk(), "the vault deposit went through inside the hook");
        uint256 worth = evilIns.convertToAssets(probe.sharesBought());
        emit log_named_decimal_uint("deposited mid-sweep", amount, 18);
        emit log_named_decimal_uint("worth right after the sweep", worth, 18);
        assertLe(worth, amount, "shares bought mid-sweep are not worth more than they cost");
    }

    // ------------------------------------------------------------------ the check

    function _checkOuter(Outer o) internal {
        Books memory before = _books();
        uint256 snap = vm.snapshotState();
        _runOuter(o, "");
        Books memory clean = _books();
        vm.revertToState(snap);
        _assertMoved(o, before, clean);

        bytes[] memory inner = _reentrantCalls();
        for (uint256 i; i < inner.length; ++i) {
            // The hook swallows the failure: the outer call completes exactly as without the hook.
            snap = vm.snapshotState();
            evil.arm(address(engine), address(engine), inner[i], false);
            _runOuter(o, "");
            assertEq(evil.attempts(), 1, "the hook fired");
            assertFalse(evil.lastOk(), "the reentrant call was refused");
            assertEq(evil.lastReturn(), REENTRANCY, "with Reentrancy()");
            _assertBooks(_books(), clean);
            vm.revertToState(snap);

            // The hook bubbles the failure: the whole call reverts Reentrancy() and nothing changes.
            snap = vm.snapshotState();
            evil.arm(address(engine), address(engine), inner[i], true);
            _runOuter(o, REENTRANCY);
            _assertBooks(_books(), before);
            vm.revertToState(snap);
        }
    }

    function _reentrantCalls() internal view returns (bytes[] memory c) {
        address x = address(evil);
        c = new bytes[](7);
        c[0] = abi.encodeCall(ILivestock.deposit, (x, 1e18));
        c[1] = abi.encodeCall(ILivestock.depositWithPermit, (x, 1e18, block.timestamp, 27, bytes32(0), bytes32(0)));
        c[2] = abi.encodeCall(ILivestock.withdraw, (x, 1e18));
        c[3] = abi.encodeCall(LivestockEngine.trade, (trader, evilCall, int256(0.1e18), type(uint256).max));
        c[4] = abi.encodeCall(LivestockEngine.trade, (trader, evilCall, -int256(0.1e18), 0));
        c[5] = abi.encodeCall(ILivestock.liquidate, (trader, x, trader));
        c[6] = abi.encodeCall(ILivestock.sweep, (x));
    }

    function _runOuter(Outer o, bytes memory expectedRevert) internal {
        address caller = (o == Outer.Liquidate || o == Outer.Sweep) ? keeper : trader;
        vm.prank(caller);
        if (expectedRevert.length != 0) vm.expectRevert(expectedRevert);
        if (o == Outer.Deposit) admin.deposit(address(evil), 10e18);
        else if (o == Outer.Withdraw) admin.withdraw(address(evil), 1e18);
        else if (o == Outer.Close) engine.trade(caller, evilCall, -int256(0.5e18), 0);
        else if (o == Outer.Liquidate) admin.liquidate(trader, address(evil), caller);
        else admin.sweep(address(evil));
    }

    /// @dev The outer call does move tokens through the engine (else the hook would prove nothing).
    function _assertMoved(Outer o, Books memory a, Books memory b) internal pure {
        if (o == Outer.Deposit || o == Outer.Withdraw) assertTrue(a.balEngine != b.balEngine, "engine balance moves");
        if (o == Outer.Close) assertLt(b.balMain, a.balMain, "the main vault paid a profit");
        if (o == Outer.Liquidate) assertGt(b.balKeeper, a.balKeeper, "the liquidator was paid");
        if (o == Outer.Sweep) assertGt(b.balMain, a.balMain, "the main vault was paid");
    }

    function _books() internal view returns (Books memory k) {
        address x = address(evil);
        k.traderCollateral = admin.account(trader, x).collateral;
        k.traderBits = admin.account(trader, x).positionBits;
        k.totalCollateral = engine.totalCollateral(x);
        k.pendingMain = engine.pendingMain(x);
        k.pendingInsurance = engine.pendingInsurance(x);
        k.pendingTreasury = engine.pendingTreasury(x);
        k.badDebt = admin.badDebt(x);
        k.unpaidProfit = admin.unpaidProfit(x);
        Market memory m = admin.market(evilCall);
        k.openInterest = m.longOpenInterest;
        k.costBasis = m.costBasis;
        k.fundingBasis = m.fundingBasis;
        k.cumFunding = m.cumFunding;
        Position memory p = admin.position(trader, evilCall);
        k.posSize = p.size;
        k.posEntry = p.entryPrice;
        k.posIndex = p.fundingIndex;
        k.balEngine = evil.balanceOf(address(engine));
        k.balMain = evil.balanceOf(address(evilMain));
        k.balInsurance = evil.balanceOf(address(evilIns));
        k.balTrader = evil.balanceOf(trader);
        k.balKeeper = evil.balanceOf(keeper);
    }

    function _assertBooks(Books memory a, Books memory b) internal pure {
        assertEq(a.traderCollateral, b.traderCollateral, "collateral");
        assertEq(a.traderBits, b.traderBits, "position bits");
        assertEq(a.totalCollateral, b.totalCollateral, "totalCollateral");
        assertEq(a.pendingMain, b.pendingMain, "pendingMain");
        assertEq(a.pendingInsurance, b.pendingInsurance, "pendingInsurance");
        assertEq(a.pendingTreasury, b.pendingTreasury, "pendingTreasury");
        assertEq(a.badDebt, b.badDebt, "badDebt");
        assertEq(a.unpaidProfit, b.unpaidProfit, "unpaidProfit");
        assertEq(a.openInterest, b.openInterest, "open interest");
        assertEq(a.costBasis, b.costBasis, "cost basis");
        assertEq(a.fundingBasis, b.fundingBasis, "funding basis");
        assertEq(a.cumFunding, b.cumFunding, "cumFunding");
        assertEq(a.posSize, b.posSize, "position size");
        assertEq(a.posEntry, b.posEntry, "entry price");
        assertEq(a.posIndex, b.posIndex, "funding index");
        assertEq(a.balEngine, b.balEngine, "engine balance");
        assertEq(a.balMain, b.balMain, "main vault balance");
        assertEq(a.balInsurance, b.balInsurance, "insurance vault balance");
        assertEq(a.balTrader, b.balTrader, "trader balance");
        assertEq(a.balKeeper, b.balKeeper, "keeper balance");
    }

    // ------------------------------------------------------------------ world helpers

    /// @dev `_advance` plus the hostile token's feed and TWAP.
    function _advanceAll(uint256 seconds_) internal {
        for (uint256 t; t < seconds_; t += 60) {
            vm.warp(block.timestamp + 60);
            vm.roll(block.number + 1);
            _refreshFeeds();
            (, int256 p,,,) = evilFeed.latestRoundData();
            evilFeed.updateAnswer(p);
            world.pegOracle.update(address(evil));
        }
    }

    /// @dev An hour of funding and a round trip of fees, so the pending amounts are not dust.
    function _trade() internal {
        _advanceAll(1 days / 24); // one hour
        vm.startPrank(trader);
        engine.trade(trader, evilCall, int256(0.2e18), type(uint256).max);
        engine.trade(trader, evilCall, -int256(0.2e18), 0);
        vm.stopPrank();
    }
}
