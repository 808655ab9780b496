// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LivestockEngine} from "../../src/core/LivestockEngine.sol";
import {ILivestock} from "../../src/interfaces/ILivestock.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {PositionMath} from "../../src/core/PositionMath.sol";
import {MarginMath} from "../../src/core/MarginMath.sol";
import {Market, Position, RiskParams} from "../../src/core/EngineTypes.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {PegOracle} from "../../src/oracles/PegOracle.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";
import {IUniswapV2Pair} from "../../src/interfaces/IUniswapV2.sol";

/// @notice Drives the real local world (engine, vaults, oracles) with bounded random actions by 4 traders,
///         3 LPs and a keeper, and keeps ghost variables of what must be true.
/// @dev Every protocol call is a low-level call whose failure is counted, never propagated: a refused action
///      is a normal outcome. What an action must do when it succeeds is checked here against a model built
///      only from public views read just before the call (quotes, account health, stock state) and the
///      events of the call; each kind of disagreement has its own counter, asserted zero by an invariant.
///      Nothing below reads engine internals: external functions and public views only.
contract LivestockHandler is Test {
    // ------------------------------------------------------------------ world

    struct Deps {
        LivestockEngine engine;
        OracleHub hub;
        PegOracle pegOracle;
        PushPriceFeed btcUsd;
        PushPriceFeed ethUsd;
        PushPriceFeed btcVol;
        PushPriceFeed ethVol;
        StockToken usdc;
        StockToken[2] tokens;
        StockPriceFeed[2] feeds;
        IUniswapV2Pair[2] pairs;
        LivestockVault[2] mains;
        LivestockVault[2] insurances;
        address owner; // governance, treasury and seed LP
    }

    LivestockEngine public immutable engine;
    ILivestock public immutable admin;
    OracleHub public immutable hub;
    PegOracle public immutable pegOracle;
    PushPriceFeed public immutable btcUsd;
    PushPriceFeed public immutable ethUsd;
    PushPriceFeed public immutable btcVol;
    PushPriceFeed public immutable ethVol;
    StockToken public immutable usdc;
    address public immutable owner;

    StockToken[2] public tokens;
    StockPriceFeed[2] public feeds;
    IUniswapV2Pair[2] public pairs;
    /// @notice [TSLA.M main, TSLA.M insurance, NVDA.M main, NVDA.M insurance].
    LivestockVault[4] public vaults;

    address[4] public traders;
    address[3] public lps;
    address public keeper;

    /// @notice Every market settled in TSLA.M or NVDA.M.
    uint256[] public marketIds;
    RiskParams internal risk;
    uint16[2] internal stressBps;
    int256[2] internal initialSpot;

    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant VIRTUAL_SHARES = 1e6; // the vaults' decimals offset
    /// @dev Positions may be stored in nano-USD (entry rounded up, funding index rounded down): a settlement or an
    ///      average entry may differ from the exact value by less than 1e-9 USD per unit of size.
    uint256 internal constant NANO_USD = 1e9;

    // ------------------------------------------------------------------ action statistics

    enum Action {
        DepositMargin,
        WithdrawMargin,
        Open,
        OpenNearMax,
        Close,
        CloseAll,
        VaultDeposit,
        VaultRequest,
        VaultExecute,
        VaultCancel,
        MoveUnderlying,
        MoveStock,
        Warp,
        Liquidate,
        LiquidateWhilePaused,
        Sweep,
        AccrueFunding,
        SameBlockRoundTrip
    }

    uint256 public constant ACTIONS = 18;
    /// @notice Calls per action; of these, protocol calls that succeeded, reverted, or were skipped (nothing to do).
    uint256[18] public calls;
    uint256[18] public successes;
    uint256[18] public reverts;
    uint256[18] public skips;
    uint256 public liquidations;
    uint256 public liquidationsWithBadDebt;
    uint256 public profitShortfalls;

    // ------------------------------------------------------------------ ghosts

    /// @notice Trader profits realised, in X at P_settle (what the vaults owed), and what reached the margin.
    uint256 public ghostProfitOwedX;
    uint256 public ghostProfitPaidX;
    /// @notice A recorded shortfall while the main vault, the insurance vault or pendingMain still held X.
    uint256 public ghostShortfallWithFundsLeft;

    /// @notice Fees and funding charged to traders (model: USD owed / P_settle, capped by the margin) and the
    ///         increase of pendingMain + pendingInsurance + pendingTreasury that came from them.
    int256 public ghostFeesAndFundingChargedX;
    int256 public ghostFeesAndFundingCreditedX;
    /// @notice FundingSettled amounts that disagree with the unpaid funding the account view showed, or a
    ///         70/20/10 split off by a wei.
    uint256 public ghostFundingMismatches;

    /// @notice A margin account or a pending balance that moved by anything but funding, fees, PnL, rewards and
    ///         the trader's own transfers.
    uint256 public ghostLedgerMismatches;

    /// @notice A trade that executed at another price or fee than the quote of the same block, a close whose PnL
    ///         is not size · (price − entry), or a liquidation not at theo.
    uint256 public ghostPriceMismatches;

    /// @notice A successful margin withdrawal from an account with positions that left equity below IM.
    uint256 public ghostWithdrawalsBelowInitialMargin;

    /// @notice A liquidation that succeeded unpaused but failed paused, or failed for another reason than health.
    uint256 public ghostLiquidationsBlockedByPause;
    uint256 public ghostLiquidationsUnexpectedlyReverted;
    /// @notice Informational: the account view said liquidatable, the engine said NotLiquidatable (funding
    ///         settlement values the margin it takes at P_settle while the view deducts the USD in full).
    uint256 public ghostViewLiquidatableEngineRefused;
    /// @notice A liquidation that left a position open, paid a reward above the cap, or paid the liquidator
    ///         something else than the event says.
    uint256 public ghostLiquidationViolations;

    /// @notice A successful open after which utilisation exceeds the cap.
    uint256 public ghostOpensAboveUtilizationCap;
    /// @notice Same-block round trips by one address at constant oracle prices that ended with more margin.
    uint256 public ghostSameBlockProfits;
    /// @notice Statistics: highest utilisation seen after an open, and after an open or an LP exit.
    uint256 public ghostMaxUtilizationAfterOpen;
    uint256 public ghostMaxUtilization;

    /// @notice An LP deposit or exit, or a funding poke, after which the vault's share price fell by more than a wei
    ///         of assets.
    uint256 public ghostLpFlowSharePriceDrops;

    /// @notice An exit that paid something else than min(value at request, value now) − exit fee.
    uint256 public ghostExitPayoutMismatches;
    /// @notice Value of each LP's escrowed shares when requested [vault][lp].
    uint256[3][4] public requestedValue;

    /// @notice Bad debt that reached the main vault while the insurance vault still held X, or was still owed X
    ///         by the engine (pendingInsurance counts in its NAV).
    uint256 public ghostBadDebtSkippedInsurance;

    /// @notice A sweep that left something pending or moved other amounts than were pending.
    uint256 public ghostSweepMismatches;

    /// @notice Markets where an open succeeded in this run: the only ones that can hold positions.
    uint256[] public touchedMarkets;
    mapping(uint256 marketId => bool) public touched;
    /// @notice Per market, how far Σ size · entry may exceed the cost basis because average entries are rounded
    ///         up to the storage precision: Σ newSize · 1e-9 USD (+2 wei) over the increases since it was flat.
    mapping(uint256 marketId => uint256) public entryRoundingAllowance;

    /// @notice What each ghost counter guards; the first violation of each, in words, for the failure report.
    enum Check {
        Profit,
        Funding,
        Ledger,
        Price,
        Withdrawal,
        Pause,
        LiquidationRevert,
        Liquidation,
        Utilization,
        SharePrice,
        SameBlock,
        ExitPayout,
        BadDebt,
        Sweep
    }

    string[14] internal _firstViolation;

    function firstViolation(Check c) external view returns (string memory) {
        return _firstViolation[uint256(c)];
    }

    // ------------------------------------------------------------------ setup

    constructor(Deps memory d) {
        engine = d.engine;
        admin = ILivestock(address(d.engine));
        hub = d.hub;
        pegOracle = d.pegOracle;
        btcUsd = d.btcUsd;
        ethUsd = d.ethUsd;
        btcVol = d.btcVol;
        ethVol = d.ethVol;
        usdc = d.usdc;
        owner = d.owner;
        for (uint256 i; i < 2; ++i) {
            tokens[i] = d.tokens[i];
            feeds[i] = d.feeds[i];
            pairs[i] = d.pairs[i];
            vaults[2 * i] = d.mains[i];
            vaults[2 * i + 1] = d.insurances[i];
        }
        for (uint256 i; i < 4; ++i) traders[i] = makeAddr(string.concat("trader", vm.toString(i)));
        for (uint256 i; i < 3; ++i) lps[i] = makeAddr(string.concat("lp", vm.toString(i)));
        keeper = makeAddr("keeper");

        uint256 n = admin.marketCount();
        for (uint256 id = 1; id <= n; ++id) {
            address t = admin.market(id).token;
            if (t == address(d.tokens[0]) || t == address(d.tokens[1])) marketIds.push(id);
        }
        risk = admin.getRiskParams();
        for (uint8 u; u < 2; ++u) {
            (,, uint16 stress) = admin.underlyingParams(u);
            stressBps[u] = stress;
        }
        (, initialSpot[0],,,) = d.btcUsd.latestRoundData();
        (, initialSpot[1],,,) = d.ethUsd.latestRoundData();
    }

    /// @notice Give every trader margin in both tokens and every LP shares in every vault, so that the first
    ///         call of each run can already trade or exit. Needs the issuer role on both tokens.
    function bootstrap(uint256 marginPerAccount, uint256 mainPerLp, uint256 insurancePerLp) external {
        for (uint256 i; i < 4; ++i) {
            for (uint256 j; j < 2; ++j) {
                vm.startPrank(traders[i]);
                tokens[j].approve(address(engine), type(uint256).max);
                vm.stopPrank();
                tokens[j].mint(traders[i], marginPerAccount);
                vm.prank(traders[i]);
                admin.deposit(address(tokens[j]), marginPerAccount);
            }
        }
        for (uint256 i; i < 3; ++i) {
            for (uint256 v; v < 4; ++v) {
                uint256 amount = v % 2 == 0 ? mainPerLp : insurancePerLp;
                StockToken token = tokens[v / 2];
                vm.startPrank(lps[i]);
                token.approve(address(vaults[v]), type(uint256).max);
                vm.stopPrank();
                token.mint(lps[i], amount);
                vm.prank(lps[i]);
                vaults[v].deposit(amount, lps[i]);
            }
        }
    }

    // ================================================================== actions: margin

    /// @notice A trader deposits margin (fresh tokens).
    function depositMargin(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        _count(Action.DepositMargin);
        address trader = traders[actorSeed % 4];
        StockToken token = tokens[tokenSeed % 2];
        amount = bound(amount, 1e12, 200e18);
        token.mint(trader, amount);
        Pre memory p = _pre(Kind.Deposit, trader, trader, address(token));
        p.amountArg = amount;
        (bool ok,) = _engineCall(p, abi.encodeCall(ILivestock.deposit, (address(token), amount)));
        _tally(Action.DepositMargin, ok);
    }

    /// @notice A trader withdraws part or all of its margin; with open positions IM must still hold after.
    function withdrawMargin(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        _count(Action.WithdrawMargin);
        address trader = traders[actorSeed % 4];
        address token = address(tokens[tokenSeed % 2]);
        uint256 collateral = admin.account(trader, token).collateral;
        if (collateral == 0) return _skip(Action.WithdrawMargin);
        // A quarter of the time everything, a quarter the most initial margin allows (the edge the property is
        // about, and what leaves an account one adverse move from liquidation), else a random part.
        uint256 mode = amount % 4;
        if (mode == 0) amount = collateral;
        else if (mode == 1) amount = _maxWithdrawable(trader, token, collateral);
        else amount = bound(amount, 1, collateral);
        if (amount == 0) return _skip(Action.WithdrawMargin);
        Pre memory p = _pre(Kind.Withdraw, trader, trader, token);
        p.amountArg = amount;
        (bool ok,) = _engineCall(p, abi.encodeCall(ILivestock.withdraw, (token, amount)));
        _tally(Action.WithdrawMargin, ok);
        if (ok && admin.account(trader, token).positionBits != 0) {
            EngineBase.Health memory h = admin.accountHealth(trader, token);
            // The engine checked IM against its capital at the start of the call; the view's capital includes
            // the funding the call just settled into pendingMain, which can lower σ (and theo) by a hair when
            // utilisation is above the kink, and the view still counts the sub-nano funding the settlement
            // carried forward. One millionth of IM plus that dust absorbs both; a real breach is far larger.
            uint256 slack = h.initialMargin / 1e6 + _storageDust(trader, token);
            if (h.equityInitial + int256(slack) < int256(h.initialMargin)) {
                ++ghostWithdrawalsBelowInitialMargin;
                _violation(Check.Withdrawal, "withdrawal left equity below initial margin");
            }
        }
    }

    /// @dev Collateral whose weighted value is the free initial equity, i.e. what leaves equity = IM (shaded by
    ///      0.1% for the funding the withdrawal settles first). All of it without positions.
    function _maxWithdrawable(address trader, address token, uint256 collateral) internal view returns (uint256) {
        if (admin.account(trader, token).positionBits == 0) return collateral;
        EngineBase.Health memory h = admin.accountHealth(trader, token);
        int256 weighted = h.equityInitial - h.pnl + int256(h.unpaidFunding);
        if (h.equityInitial <= int256(h.initialMargin) || weighted <= 0) return 0;
        uint256 free = uint256(h.equityInitial) - h.initialMargin;
        return F.min(collateral, F.fullMulDiv(free, collateral, uint256(weighted)) * 999 / 1000);
    }

    // ================================================================== actions: trading

    /// @notice Open (or add to) a position of a size bounded by the trader's free margin and the market's
    ///         caps, so that it usually succeeds; one time in eight any size up to 50 units.
    function openPosition(uint256 actorSeed, uint256 marketSeed, uint256 sizeSeed) external {
        _count(Action.Open);
        _open(Action.Open, actorSeed, marketSeed, sizeSeed, false);
    }

    /// @notice Open at 90–100% of the largest size the margin and the caps allow, two times in three in a deep
    ///         in-the-money market (the leveraged kind): trades at the edges, accounts near liquidation.
    function openNearMaxSize(uint256 actorSeed, uint256 marketSeed, uint256 sizeSeed) external {
        _count(Action.OpenNearMax);
        _open(Action.OpenNearMax, actorSeed, marketSeed, sizeSeed, true);
    }

    /// @notice Close part of a position (any size from 1 wei to all of it).
    function closePosition(uint256 actorSeed, uint256 tokenSeed, uint256 posSeed, uint256 sizeSeed) external {
        _count(Action.Close);
        _close(Action.Close, actorSeed, tokenSeed, posSeed, sizeSeed, false);
    }

    /// @notice Close a whole position.
    function closeWholePosition(uint256 actorSeed, uint256 tokenSeed, uint256 posSeed) external {
        _count(Action.CloseAll);
        _close(Action.CloseAll, actorSeed, tokenSeed, posSeed, 0, true);
    }

    /// @notice Anyone liquidates a trader's account; a liquidatable account is preferred when there is one.
    function liquidate(uint256 callerSeed, uint256 actorSeed, uint256 tokenSeed) external {
        _count(Action.Liquidate);
        (address trader, address token, bool viewLiquidatable) = _liquidationTarget(actorSeed, tokenSeed);
        address liquidator = _liquidator(callerSeed, trader);
        Pre memory p = _pre(Kind.Liquidate, liquidator, trader, token);
        _expectTheoPnl(p);
        (bool ok, bytes memory ret) = _engineCall(p, abi.encodeCall(ILivestock.liquidate, (trader, token, liquidator)));
        _tally(Action.Liquidate, ok);
        if (!ok && viewLiquidatable) {
            if (_selector(ret) == IEngineErrors.NotLiquidatable.selector) {
                ++ghostViewLiquidatableEngineRefused;
            } else {
                ++ghostLiquidationsUnexpectedlyReverted;
                _violation(Check.LiquidationRevert, string.concat("liquidation of a liquidatable account reverted: ", vm.toString(ret)));
            }
        }
    }

    /// @notice A crash while the guardian has paused the engine: if no account is liquidatable, the market gaps
    ///         against the position closest to maintenance by one to three ordinary 10% steps before the keeper
    ///         acts (enough, at 35–45% margin weights, to leave bad debt); then the engine is paused and the
    ///         keeper liquidates a liquidatable account. The outcome must be the one the same call gets unpaused
    ///         (checked on a state snapshot), and a success.
    function liquidateWhilePaused(uint256 callerSeed, uint256 actorSeed, uint256 tokenSeed) external {
        _count(Action.LiquidateWhilePaused);
        (address trader, address token, bool viewLiquidatable) = _liquidationTarget(actorSeed, tokenSeed);
        if (!viewLiquidatable) {
            uint256 steps = 1 + (callerSeed >> 8) % 3;
            for (uint256 i; i < steps; ++i) {
                if (!_crashAgainstAPosition(actorSeed, tokenSeed)) break;
            }
            (trader, token, viewLiquidatable) = _liquidationTarget(actorSeed, tokenSeed);
        }
        if (!viewLiquidatable) return _skip(Action.LiquidateWhilePaused);
        address liquidator = _liquidator(callerSeed, trader);

        uint256 snap = vm.snapshotState();
        vm.prank(liquidator);
        (bool okUnpaused,) = address(engine).call(abi.encodeCall(ILivestock.liquidate, (trader, token, liquidator)));
        vm.revertToStateAndDelete(snap);

        admin.setPaused(true); // this handler is the guardian
        Pre memory p = _pre(Kind.Liquidate, liquidator, trader, token);
        _expectTheoPnl(p);
        (bool ok, bytes memory ret) = _engineCall(p, abi.encodeCall(ILivestock.liquidate, (trader, token, liquidator)));
        admin.setPaused(false);
        _tally(Action.LiquidateWhilePaused, ok);
        if (okUnpaused && !ok) {
            ++ghostLiquidationsBlockedByPause;
            _violation(Check.Pause, string.concat("pause blocked a liquidation: ", vm.toString(ret)));
        } else if (!ok && _selector(ret) != IEngineErrors.NotLiquidatable.selector) {
            ++ghostLiquidationsBlockedByPause;
            _violation(Check.Pause, string.concat("paused liquidation reverted: ", vm.toString(ret)));
        } else if (!ok) {
            ++ghostViewLiquidatableEngineRefused;
        }
    }

    /// @notice Anyone moves the pending amounts of a token to the vaults and the treasury.
    /// @notice A keeper (or anyone) re-prices the funding rates of one token's markets. It moves time already
    ///         passed into the index, priced at the rate that held, so neither main vault's share price may move.
    function accrueFunding(uint256 callerSeed, uint256 tokenSeed) external {
        _count(Action.AccrueFunding);
        uint256 i = tokenSeed % 2;
        LivestockVault main = vaults[2 * i];
        uint256[2] memory before = [main.totalAssets(), main.totalSupply()];
        vm.prank(_liquidator(callerSeed, address(0)));
        (bool ok,) = address(engine).call(abi.encodeCall(ILivestock.accrueFunding, (address(tokens[i]))));
        _tally(Action.AccrueFunding, ok);
        if (!ok) {
            ++ghostFundingMismatches;
            _violation(Check.Funding, "accrueFunding reverted");
            return;
        }
        _checkSharePrice(2 * i, before, "accrueFunding");
    }

    function sweep(uint256 callerSeed, uint256 tokenSeed) external {
        _count(Action.Sweep);
        uint256 i = tokenSeed % 2;
        address token = address(tokens[i]);
        uint256[3] memory pending =
            [engine.pendingMain(token), engine.pendingInsurance(token), engine.pendingTreasury(token)];
        uint256[3] memory before = [
            IERC20(token).balanceOf(address(vaults[2 * i])),
            IERC20(token).balanceOf(address(vaults[2 * i + 1])),
            IERC20(token).balanceOf(owner)
        ];
        vm.prank(_liquidator(callerSeed, address(0)));
        (bool ok,) = address(engine).call(abi.encodeCall(ILivestock.sweep, (token)));
        _tally(Action.Sweep, ok);
        if (!ok) {
            ++ghostSweepMismatches;
            _violation(Check.Sweep, "sweep reverted");
            return;
        }
        if (
            engine.pendingMain(token) != 0 || engine.pendingInsurance(token) != 0
                || engine.pendingTreasury(token) != 0
                || IERC20(token).balanceOf(address(vaults[2 * i])) != before[0] + pending[0]
                || IERC20(token).balanceOf(address(vaults[2 * i + 1])) != before[1] + pending[1]
                || IERC20(token).balanceOf(owner) != before[2] + pending[2]
        ) {
            ++ghostSweepMismatches;
            _violation(Check.Sweep, "sweep moved other amounts than were pending");
        }
    }

    // ================================================================== actions: vaults

    /// @notice An LP deposits into one of the four vaults.
    function vaultDeposit(uint256 lpSeed, uint256 vaultSeed, uint256 amount) external {
        _count(Action.VaultDeposit);
        address lp = lps[lpSeed % 3];
        uint256 v = vaultSeed % 4;
        LivestockVault vault = vaults[v];
        amount = bound(amount, 1e12, 1_000e18);
        tokens[v / 2].mint(lp, amount);
        uint256[2] memory before = [vault.totalAssets(), vault.totalSupply()];
        vm.prank(lp);
        (bool ok,) = address(vault).call(abi.encodeCall(vault.deposit, (amount, lp)));
        _tally(Action.VaultDeposit, ok);
        if (ok) _checkSharePrice(v, before, "LP deposit");
    }

    /// @notice An LP escrows part or all of its shares.
    function vaultRequestWithdrawal(uint256 lpSeed, uint256 vaultSeed, uint256 shares) external {
        _count(Action.VaultRequest);
        uint256 l = lpSeed % 3;
        uint256 v = vaultSeed % 4;
        LivestockVault vault = vaults[v];
        uint256 balance = vault.balanceOf(lps[l]);
        if (balance == 0) return _skip(Action.VaultRequest);
        shares = shares % 4 == 0 ? balance : bound(shares, 1, balance);
        uint256 value = vault.convertToAssets(shares);
        vm.prank(lps[l]);
        (bool ok,) = address(vault).call(abi.encodeCall(vault.requestWithdrawal, (shares)));
        _tally(Action.VaultRequest, ok);
        if (ok) requestedValue[v][l] += value;
    }

    /// @notice Anyone executes an LP's request (the seed's, else the next pending one); half the time after
    ///         waiting out its cooldown (time passes and the keeper refreshes the feeds, as in `warp`).
    function vaultExecuteWithdrawal(uint256 callerSeed, uint256 lpSeed, uint256 vaultSeed) external {
        _count(Action.VaultExecute);
        (uint256 l, uint256 v, uint256 shares) = _pendingRequest(lpSeed, vaultSeed);
        if (shares == 0) return _skip(Action.VaultExecute);
        (, uint64 readyAt) = vaults[v].withdrawalRequest(lps[l]);
        if (block.timestamp < readyAt && callerSeed % 2 == 0) _warpTo(readyAt); // half the time, wait it out
        _execute(_liquidator(callerSeed, address(0)), l, v, shares);
    }

    /// @dev Executes (l, v)'s request as `caller`; checks the payout and the share price.
    function _execute(address caller, uint256 l, uint256 v, uint256 shares) internal {
        LivestockVault vault = vaults[v];
        address lp = lps[l];
        IERC20 token = IERC20(address(tokens[v / 2]));
        uint256 gross = F.min(vault.convertToAssets(shares), requestedValue[v][l]);
        uint256 expected = token.balanceOf(lp) + gross - F.fullMulDivUp(gross, vault.exitFeeBps(), BPS);
        uint256[2] memory before = [vault.totalAssets(), vault.totalSupply()];
        vm.prank(caller);
        (bool ok,) = address(vault).call(abi.encodeCall(vault.executeWithdrawal, (lp)));
        _tally(Action.VaultExecute, ok);
        if (!ok) return;
        requestedValue[v][l] = 0;
        uint256 util = admin.utilization(address(token));
        if (util > ghostMaxUtilization) ghostMaxUtilization = util;
        if (token.balanceOf(lp) != expected) {
            ++ghostExitPayoutMismatches;
            _violation(Check.ExitPayout, "exit paid something else than min(value at request, value now) - fee");
        }
        _checkSharePrice(v, before, "LP executeWithdrawal");
    }

    /// @notice An LP cancels its request (the seed's, else the next pending one).
    function vaultCancelWithdrawal(uint256 lpSeed, uint256 vaultSeed) external {
        _count(Action.VaultCancel);
        (uint256 l, uint256 v, uint256 shares) = _pendingRequest(lpSeed, vaultSeed);
        if (shares == 0) return _skip(Action.VaultCancel);
        vm.prank(lps[l]);
        (bool ok,) = address(vaults[v]).call(abi.encodeCall(LivestockVault.cancelWithdrawal, ()));
        _tally(Action.VaultCancel, ok);
        if (ok) requestedValue[v][l] = 0;
    }

    /// @dev The seed's (LP, vault) request, else the next of the 12 that is pending; shares 0 if none.
    function _pendingRequest(uint256 lpSeed, uint256 vaultSeed)
        internal
        view
        returns (uint256 l, uint256 v, uint256 shares)
    {
        uint256 start = (lpSeed % 3) * 4 + vaultSeed % 4;
        for (uint256 k; k < 12; ++k) {
            uint256 n = (start + k) % 12;
            (l, v) = (n / 4, n % 4);
            (shares,) = vaults[v].withdrawalRequest(lps[l]);
            if (shares != 0) return (l, v, shares);
        }
    }

    /// @notice One address in one block at constant oracle prices: open, then (by the seed) execute anyone's due
    ///         withdrawal and poke funding — the permissionless moves that could shift the price — then close the
    ///         same size. A clean account's margin is its whole value, so it must not end with more than it began.
    function sameBlockRoundTrip(uint256 actorSeed, uint256 marketSeed, uint256 sizeSeed, uint256 extraSeed) external {
        _count(Action.SameBlockRoundTrip);
        address trader = traders[actorSeed % 4];
        uint256 id = marketIds[marketSeed % marketIds.length];
        Market memory m = admin.market(id);
        if (admin.account(trader, m.token).positionBits != 0) return _skip(Action.SameBlockRoundTrip);
        uint256 size = _openSize(trader, m, id, sizeSeed, false);
        if (size == 0) return _skip(Action.SameBlockRoundTrip);
        uint256 before = admin.account(trader, m.token).collateral;
        vm.prank(trader);
        (bool ok,) = address(engine).call(
            abi.encodeCall(LivestockEngine.trade, (trader, id, int256(size), type(uint256).max))
        );
        _tally(Action.SameBlockRoundTrip, ok);
        if (!ok) return;
        if (m.longOpenInterest == 0) entryRoundingAllowance[id] = 0;
        entryRoundingAllowance[id] += F.mulWadUp(size, NANO_USD) + 2;
        if (!touched[id]) {
            touched[id] = true;
            touchedMarkets.push(id);
        }
        if (extraSeed % 2 == 0) {
            (uint256 l, uint256 v, uint256 shares) = _pendingRequest(extraSeed >> 8, extraSeed >> 16);
            (, uint64 readyAt) = vaults[v].withdrawalRequest(lps[l]);
            if (shares != 0 && block.timestamp >= readyAt) _execute(trader, l, v, shares);
        }
        if ((extraSeed >> 1) % 2 == 0) {
            vm.prank(trader);
            admin.accrueFunding(m.token);
        }
        vm.prank(trader);
        engine.trade(trader, id, -int256(size), 0); // closing is never blocked
        uint256 afterX = admin.account(trader, m.token).collateral;
        if (afterX > before) {
            ++ghostSameBlockProfits;
            _violation(
                Check.SameBlock,
                string.concat("same-block round trip gained ", vm.toString(afterX - before), " X at constant prices")
            );
        }
    }

    // ================================================================== actions: world

    /// @notice BTC or ETH moves by up to ±10% (kept within 50–160% of its start so strikes stay relevant), and
    ///         its volatility by up to ±10%.
    function moveUnderlying(uint256 uSeed, uint256 moveSeed, uint256 volSeed) external {
        _count(Action.MoveUnderlying);
        uint256 u = uSeed % 2;
        _moveSpot(u, int256(bound(moveSeed, 0, 2_000)) - 1_000);

        PushPriceFeed vol = u == 0 ? btcVol : ethVol;
        (, int256 sigma,,,) = vol.latestRoundData();
        int256 volBps = int256(bound(volSeed, 0, 2_000)) - 1_000;
        int256 nextVol = sigma * (10_000 + volBps) / 10_000;
        nextVol = nextVol < 20e6 ? int256(20e6) : nextVol > 150e6 ? int256(150e6) : nextVol;
        vol.updateAnswer(nextVol);
        _tally(Action.MoveUnderlying, true);
    }

    /// @dev Spot of underlying u times (1 + moveBps / 10^4), kept within 50–160% of its start.
    function _moveSpot(uint256 u, int256 moveBps) internal {
        PushPriceFeed feed = u == 0 ? btcUsd : ethUsd;
        (, int256 price,,,) = feed.latestRoundData();
        int256 next = price * (10_000 + moveBps) / 10_000;
        int256 lo = initialSpot[u] / 2;
        int256 hi = initialSpot[u] * 16 / 10;
        next = next < lo ? lo : next > hi ? hi : next;
        feed.updateAnswer(next);
    }

    /// @notice The stock reference moves by up to ±3% while its market is open, the DEX following it (the
    ///         TWAP lags, so the peg may strain); one time in ten the DEX alone moves up to ±4%; one time in
    ///         eight the market closes or reopens.
    function moveStock(uint256 tokenSeed, uint256 moveSeed, uint256 modeSeed) external {
        _count(Action.MoveStock);
        uint256 i = tokenSeed % 2;
        StockPriceFeed feed = feeds[i];
        bool open = feed.marketStatus() == 2;
        if (modeSeed % 8 == 0) {
            if (open) {
                feed.setMarketStatus(1);
            } else {
                feed.setMarketStatus(2);
                (, int256 last,,,) = feed.latestRoundData();
                feed.updateAnswer(last); // the reopening print: fresh again
            }
        } else if (modeSeed % 10 == 1) {
            _scaleDex(i, uint256(int256(WAD) + (int256(bound(moveSeed, 0, 800)) - 400) * 1e14));
        } else if (open) {
            int256 moveBps = int256(bound(moveSeed, 0, 600)) - 300;
            (, int256 price,,,) = feed.latestRoundData();
            feed.updateAnswer(price * (10_000 + moveBps) / 10_000);
            _scaleDex(i, uint256(int256(WAD) + moveBps * 1e14));
        } else {
            return _skip(Action.MoveStock);
        }
        _tally(Action.MoveStock, true);
    }

    /// @notice Time passes (1 s – 2 h); the keeper then refreshes every feed and the TWAPs, as on the local chain.
    function warp(uint256 secondsSeed) external {
        _count(Action.Warp);
        _warpTo(block.timestamp + bound(secondsSeed, 1, 2 hours));
        _tally(Action.Warp, true);
    }

    function _warpTo(uint256 timestamp) internal {
        vm.warp(timestamp);
        vm.roll(block.number + 1);
        _refreshFeeds();
    }

    // ================================================================== engine call with its model

    enum Kind {
        Deposit,
        Withdraw,
        Open,
        Close,
        Liquidate
    }

    /// @notice What the model needs, read before the call.
    struct Pre {
        Kind kind;
        address caller;
        address trader;
        address token;
        uint256 amountArg; // deposit / withdraw amount
        uint256 price; // P_settle
        uint256 payoutPrice; // what profits are paid at
        uint256 collateral;
        uint256[3] pending; // main, insurance, treasury
        uint256 unpaidFundingUsd; // account view
        uint256 fundingDustUsd; // storage rounding a settlement may leave for later (see NANO_USD)
        uint256 unpaidProfit;
        uint256 insuranceBalance;
        uint256 callerBalance;
        bool checkQuote;
        uint256 quotePrice;
        uint256 quoteFee;
        int256 expectedPnl;
        uint256 expectedLiquidationFeeUsd; // Σ taker fee at theo over the account's positions
    }

    /// @notice What the call emitted.
    struct Emitted {
        uint256 fundingUsd;
        uint256 fundingX;
        uint256 receivedUsd; // FundingReceived: this handler's traders only buy, so it must stay 0
        uint256 receivedX;
        uint256[3] fundingSplit; // FeesDistributed of the funding
        uint256[3] feeSplit; // FeesDistributed of the trade fee
        bool splitOk;
        uint256 tradePrice;
        uint256 feeUsd;
        int256 pnl;
        uint256 rewardX;
        uint256 shortfallX;
        uint256 badDebtX;
        uint256 badDebtCovered;
        bool uncoveredDebt; // some bad debt was not covered by the insurance vault's balance
        uint256 insurancePendingAtUncovered; // Σ toInsurance emitted before that, in this call
        uint256 insurancePendingAtShortfall; // Σ toInsurance emitted before a ProfitShortfall
        bool liquidated;
    }

    function _pre(Kind kind, address caller, address trader, address token) internal view returns (Pre memory p) {
        p.kind = kind;
        p.caller = caller;
        p.trader = trader;
        p.token = token;
        OracleHub.StockState memory s = hub.stockState(token);
        (p.price, p.payoutPrice) = (s.settlementPrice, s.payoutPrice);
        p.collateral = admin.account(trader, token).collateral;
        p.pending = [engine.pendingMain(token), engine.pendingInsurance(token), engine.pendingTreasury(token)];
        p.unpaidFundingUsd = admin.accountHealth(trader, token).unpaidFunding;
        if (p.unpaidFundingUsd != 0) p.fundingDustUsd = _storageDust(trader, token);
        p.unpaidProfit = engine.unpaidProfit(token);
        p.insuranceBalance = IERC20(token).balanceOf(_insurance(token));
        p.callerBalance = IERC20(token).balanceOf(caller);
    }

    /// @dev Calls the engine as `p.caller`, then checks the call against the model: funding equal to the unpaid
    ///      funding the view showed, fees at P_settle, PnL paid or recorded, the margin and pendings moved by
    ///      exactly these amounts.
    function _engineCall(Pre memory p, bytes memory data) internal returns (bool ok, bytes memory ret) {
        vm.recordLogs();
        vm.prank(p.caller);
        (ok, ret) = address(engine).call(data);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        if (!ok) return (ok, ret);
        Emitted memory e = _parse(logs);
        _checkModel(p, e);
    }

    function _parse(Vm.Log[] memory logs) internal view returns (Emitted memory e) {
        e.splitOk = true;
        uint256[3] memory lastSplit;
        bool splitPending;
        uint256 insuranceSoFar;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory l = logs[i];
            if (l.emitter != address(engine)) continue;
            bytes32 sig = l.topics[0];
            if (sig == EngineBase.FeesDistributed.selector) {
                if (splitPending) _add(e.feeSplit, lastSplit); // an earlier split not followed by FundingSettled
                (lastSplit[0], lastSplit[1], lastSplit[2]) = abi.decode(l.data, (uint256, uint256, uint256));
                uint256 total = lastSplit[0] + lastSplit[1] + lastSplit[2];
                insuranceSoFar += lastSplit[1];
                if (
                    lastSplit[0] != total * risk.mainShareBps / BPS
                        || lastSplit[1] != total * risk.insuranceShareBps / BPS
                ) e.splitOk = false;
                splitPending = true;
            } else if (sig == EngineBase.FundingReceived.selector) {
                (e.receivedUsd, e.receivedX) = abi.decode(l.data, (uint256, uint256));
            } else if (sig == EngineBase.FundingSettled.selector) {
                (e.fundingUsd, e.fundingX) = abi.decode(l.data, (uint256, uint256));
                if (e.fundingX != 0 && splitPending) {
                    _add(e.fundingSplit, lastSplit); // element copy: `=` would alias the reused array
                    splitPending = false;
                }
            } else if (sig == EngineBase.PositionTraded.selector) {
                (, e.tradePrice, e.feeUsd,, e.pnl) = abi.decode(l.data, (int256, uint256, uint256, int256, int256));
            } else if (sig == EngineBase.Liquidated.selector) {
                (e.pnl, e.rewardX) = abi.decode(l.data, (int256, uint256));
                e.liquidated = true;
            } else if (sig == EngineBase.ProfitShortfall.selector) {
                e.shortfallX += abi.decode(l.data, (uint256));
                e.insurancePendingAtShortfall = insuranceSoFar;
            } else if (sig == EngineBase.BadDebt.selector) {
                (uint256 amount, uint256 covered) = abi.decode(l.data, (uint256, uint256));
                e.badDebtX += amount;
                e.badDebtCovered += covered;
                if (covered < amount && !e.uncoveredDebt) {
                    e.uncoveredDebt = true;
                    e.insurancePendingAtUncovered = insuranceSoFar;
                }
            }
        }
        if (splitPending) _add(e.feeSplit, lastSplit);
    }

    /// @notice The model's running amounts (X): the margin left, pendingMain, and the flows between them.
    struct Model {
        uint256 avail;
        uint256 mainPool;
        uint256 fundingX;
        uint256 lossTaken;
        uint256 fromPending;
        uint256 beforeProfit;
        uint256 profitX;
        uint256 rewardX;
        uint256 feeTaken;
    }

    function _checkModel(Pre memory p, Emitted memory e) internal {
        Model memory m;
        m.avail = p.collateral + (p.kind == Kind.Deposit ? p.amountArg : 0);
        m.mainPool = p.pending[0];
        // A touch settles funding, then realises PnL; a liquidation realises PnL first, so that the account's profit
        // pays the funding it owes before any of it is bad debt (docs/decisions/016).
        if (p.kind == Kind.Liquidate) {
            _modelPnl(p, e, m);
            _modelFunding(p, e, m);
        } else {
            _modelFunding(p, e, m);
            _modelPnl(p, e, m);
        }
        uint256 price = p.price;

        // 3. Liquidation: the taker fee a close would pay, out of what remains only; then the reward,
        //    min($500, $5 + 20% · (remaining − $5)) of what is left, paid to the caller.
        if (p.kind == Kind.Liquidate) {
            uint256 feeUsd = F.min(p.expectedLiquidationFeeUsd, F.mulWad(m.avail, price));
            m.feeTaken = feeUsd == 0 ? 0 : F.min(F.divWadUp(feeUsd, price), m.avail);
            if (_sum(e.feeSplit) != m.feeTaken) {
                ++ghostLiquidationViolations;
                _violation(Check.Liquidation, "liquidation fee differs from the close fee at theo, capped at what remains");
            }
            m.avail -= m.feeTaken;
            m.rewardX = _expectedReward(m.avail, price);
            if (e.rewardX != m.rewardX || !e.liquidated) {
                ++ghostLiquidationViolations;
                _violation(Check.Liquidation, "liquidation reward differs from min(cap, base + share of what remains)");
            }
            m.avail -= F.min(e.rewardX, m.avail);
        }

        // 4. Trade fee at P_settle, split 70/20/10.
        if (p.kind == Kind.Open || p.kind == Kind.Close) {
            m.feeTaken = e.feeUsd == 0 ? 0 : F.min(F.divWadUp(e.feeUsd, price), m.avail);
            if (_sum(e.feeSplit) != m.feeTaken) {
                ++ghostFundingMismatches;
                _violation(Check.Funding, "trade fee taken differs from fee USD / P_settle");
            }
            m.avail -= m.feeTaken;
        } else if (_sum(e.feeSplit) != 0 && p.kind != Kind.Liquidate) {
            ++ghostFundingMismatches;
            _violation(Check.Funding, "a fee was charged outside a trade");
        }
        m.mainPool += e.feeSplit[0];
        if (p.kind == Kind.Withdraw) m.avail -= F.min(p.amountArg, m.avail);

        _checkBalances(p, e, m.avail, m.mainPool);
        _checkPricesAndProfit(p, e, m);

        // Signed: a wrong model must show up as a mismatch, not as an underflow that discards the call.
        ghostFeesAndFundingChargedX += int256(m.fundingX + m.feeTaken);
        ghostFeesAndFundingCreditedX += _delta(engine.pendingInsurance(p.token), p.pending[1])
            + _delta(engine.pendingTreasury(p.token), p.pending[2])
            + _delta(engine.pendingMain(p.token) + m.fromPending, p.pending[0] + m.lossTaken);
    }

    /// @dev 1. Funding: every touch but a deposit settles exactly the unpaid funding the account view showed
    ///      (less the storage rounding carried to the next settlement, under 1e-9 USD per unit).
    function _modelFunding(Pre memory p, Emitted memory e, Model memory m) internal {
        uint256 expectedFundingUsd = p.kind == Kind.Deposit ? 0 : p.unpaidFundingUsd;
        uint256 dust = p.kind == Kind.Deposit ? 0 : p.fundingDustUsd;
        m.fundingX = e.fundingUsd == 0 ? 0 : F.min(F.divWadUp(e.fundingUsd, p.price), m.avail);
        string memory why;
        if (e.fundingUsd > expectedFundingUsd || e.fundingUsd + dust < expectedFundingUsd) {
            why = "funding settled differs from the view's unpaid funding";
        } else if (e.fundingX != m.fundingX) {
            why = "funding taken differs from funding USD / P_settle";
        } else if (_sum(e.fundingSplit) != m.fundingX) {
            why = "funding split differs from funding taken";
        } else if (!e.splitOk) {
            why = "a split is not 70/20/10";
        }
        if (bytes(why).length != 0) {
            ++ghostFundingMismatches;
            _violation(Check.Funding, 
                string.concat(
                    why,
                    string.concat(": settled ", vm.toString(e.fundingUsd), " USD / ", vm.toString(e.fundingX)),
                    string.concat(" X; view ", vm.toString(expectedFundingUsd), " USD, dust ", vm.toString(dust)),
                    string.concat("; split ", vm.toString(_sum(e.fundingSplit)), " model X ", vm.toString(m.fundingX))
                )
            );
        }
        m.avail -= m.fundingX;
        m.mainPool += e.fundingSplit[0];
    }

    /// @dev 2. Realised PnL: a loss goes to pendingMain (up to the margin), a profit comes from pendingMain first.
    function _modelPnl(Pre memory p, Emitted memory e, Model memory m) internal pure {
        if (e.pnl < 0) {
            m.lossTaken = F.min(F.divWadUp(uint256(-e.pnl), p.price), m.avail);
            m.avail -= m.lossTaken;
            m.mainPool += m.lossTaken;
        }
        m.beforeProfit = m.avail;
        if (e.pnl > 0) {
            m.profitX = F.divWad(uint256(e.pnl), p.payoutPrice); // profits at the higher credible price
            m.fromPending = F.min(m.profitX, m.mainPool);
            m.mainPool -= m.fromPending;
            m.avail += m.profitX - F.min(e.shortfallX, m.profitX);
        }
    }

    function _checkBalances(Pre memory p, Emitted memory e, uint256 collateralModel, uint256 mainPoolModel) internal {
        address token = p.token;
        uint256 collateral = admin.account(p.trader, token).collateral;
        uint256 insuranceShare = e.fundingSplit[1] + e.feeSplit[1];
        uint256 treasuryShare = e.fundingSplit[2] + e.feeSplit[2];
        if (
            collateral != collateralModel || engine.pendingMain(token) != mainPoolModel
                || engine.pendingInsurance(token) != p.pending[1] + insuranceShare
                || engine.pendingTreasury(token) != p.pending[2] + treasuryShare
        ) {
            ++ghostLedgerMismatches;
            _violation(Check.Ledger, 
                string.concat(
                    "ledger: collateral ",
                    vm.toString(collateral),
                    " model ",
                    vm.toString(collateralModel),
                    "; pendingMain ",
                    vm.toString(engine.pendingMain(token)),
                    " model ",
                    vm.toString(mainPoolModel)
                )
            );
        }
        // Bad debt is paid by the insurance vault first: the main vault absorbs only what insurance lacked, and
        // insurance is worth its balance plus what the engine still owes it.
        if (e.badDebtX != 0) {
            if (
                e.uncoveredDebt
                    && (
                        IERC20(token).balanceOf(_insurance(token)) != 0
                            || p.pending[1] + e.insurancePendingAtUncovered != 0
                    )
            ) {
                ++ghostBadDebtSkippedInsurance;
                _violation(Check.BadDebt, 
                    string.concat(
                        "bad debt left to the main vault while insurance held ",
                        vm.toString(IERC20(token).balanceOf(_insurance(token))),
                        " X and was owed ",
                        vm.toString(p.pending[1] + e.insurancePendingAtUncovered),
                        " X pending"
                    )
                );
            }
            if (p.kind == Kind.Liquidate) ++liquidationsWithBadDebt;
        }
        if (p.kind == Kind.Liquidate) {
            ++liquidations;
            uint256 callerGot = IERC20(token).balanceOf(p.caller) - p.callerBalance;
            (, uint128 capUsd,) = admin.liquidationParams();
            if (
                admin.account(p.trader, token).positionBits != 0 || callerGot != e.rewardX
                    || F.mulWad(e.rewardX, p.price) > capUsd
            ) {
                ++ghostLiquidationViolations;
                _violation(Check.Liquidation, "liquidation left a position, or paid the caller other than the capped reward");
            }
        }
    }

    function _checkPricesAndProfit(Pre memory p, Emitted memory e, Model memory m) internal {
        if (p.checkQuote && (e.tradePrice != p.quotePrice || e.feeUsd != p.quoteFee)) {
            ++ghostPriceMismatches;
            _violation(Check.Price, "trade executed at another price or fee than quoted in the same block");
        }
        if ((p.kind == Kind.Close || p.kind == Kind.Liquidate) && e.pnl != p.expectedPnl) {
            ++ghostPriceMismatches;
            _violation(Check.Price, 
                string.concat(
                    "realised PnL ", vm.toString(e.pnl), " expected ", vm.toString(p.expectedPnl)
                )
            );
        }
        if (m.profitX == 0) {
            if (e.shortfallX != 0) {
                ++ghostShortfallWithFundsLeft;
                _violation(Check.Profit, "profit shortfall recorded without a profit");
            }
            return;
        }
        // What reached the margin, measured: collateral after, plus what left it after the profit was paid.
        uint256 collateral = admin.account(p.trader, p.token).collateral;
        uint256 out = collateral + m.feeTaken + m.rewardX + (p.kind == Kind.Liquidate ? m.fundingX : 0);
        uint256 paid = out - F.min(out, m.beforeProfit);
        ghostProfitOwedX += m.profitX;
        ghostProfitPaidX += paid;
        uint256 recorded = engine.unpaidProfit(p.token) - p.unpaidProfit;
        if (recorded != 0) ++profitShortfalls;
        if (recorded != e.shortfallX || paid + recorded != m.profitX) {
            ++ghostShortfallWithFundsLeft;
            _violation(Check.Profit, 
                string.concat(
                    string.concat("profit ", vm.toString(m.profitX), " X: paid ", vm.toString(paid)),
                    string.concat(", recorded ", vm.toString(recorded), ", event ", vm.toString(e.shortfallX)),
                    string.concat("; funding ", vm.toString(m.fundingX), " fee ", vm.toString(m.feeTaken))
                )
            );
        }
        // A shortfall is only allowed once pendingMain, the main vault and the insurance vault are empty.
        if (recorded != 0) {
            address token = p.token;
            uint256 mainPendingAfterPayment = engine.pendingMain(token) - e.feeSplit[0];
            if (
                mainPendingAfterPayment != 0 || IERC20(token).balanceOf(_main(token)) != 0
                    || IERC20(token).balanceOf(_insurance(token)) != 0
                    || p.pending[1] + e.insurancePendingAtShortfall != 0
            ) {
                ++ghostShortfallWithFundsLeft;
                _violation(Check.Profit, "profit shortfall recorded while the vaults still held X");
            }
        }
    }

    // ================================================================== helpers: trading

    function _open(Action a, uint256 actorSeed, uint256 marketSeed, uint256 sizeSeed, bool nearMax) internal {
        address trader = traders[actorSeed % 4];
        uint256 id =
            nearMax && marketSeed % 3 != 0 ? _leveragedMarket(marketSeed) : marketIds[marketSeed % marketIds.length];
        Market memory m = admin.market(id);
        uint256 size = _openSize(trader, m, id, sizeSeed, nearMax);
        if (size == 0) return _skip(a);
        Pre memory p = _pre(Kind.Open, trader, trader, m.token);
        _onlyTradedMarketFunding(p, id);
        EngineBase.Quote memory q = admin.quote(id, size, true);
        p.checkQuote = true;
        p.quotePrice = q.price;
        p.quoteFee = q.fee;
        (bool ok,) = _engineCall(
            p, abi.encodeCall(LivestockEngine.trade, (trader, id, int256(size), type(uint256).max))
        );
        _tally(a, ok);
        if (ok) {
            if (m.longOpenInterest == 0) entryRoundingAllowance[id] = 0; // flat before: earlier rounding is gone
            entryRoundingAllowance[id] += F.mulWadUp(_absSize(trader, id), NANO_USD) + 2;
            if (!touched[id]) {
                touched[id] = true;
                touchedMarkets.push(id);
            }
            uint256 u = admin.utilization(m.token);
            if (u > ghostMaxUtilizationAfterOpen) ghostMaxUtilizationAfterOpen = u;
            if (u > ghostMaxUtilization) ghostMaxUtilization = u;
            if (u > uint256(risk.maxUtilizationBps) * WAD / BPS) {
                ++ghostOpensAboveUtilizationCap;
                _violation(Check.Utilization, "an open left utilisation above the cap");
            }
        }
    }

    /// @dev A deep in-the-money market (intrinsic ≥ the IM cap of 10% · S), searched from the seed: the only
    ///         long option with leverage (IM = 10% · S while its price moves ~1:1 with spot), so the only one an
    ///         adverse move of a few percent makes liquidatable. Falls back to the seed's market.
    function _leveragedMarket(uint256 seed) internal view returns (uint256) {
        uint256 n = marketIds.length;
        seed %= n;
        for (uint256 k; k < n; ++k) {
            uint256 id = marketIds[(seed + k) % n];
            Market memory m = admin.market(id);
            (, int256 answer,,,) = (m.underlying == 0 ? btcUsd : ethUsd).latestRoundData();
            uint256 spot = uint256(answer) * 1e10;
            uint256 intrinsic = m.isCall ? (spot > m.strike ? spot - m.strike : 0) : (m.strike > spot ? m.strike - spot : 0);
            if (intrinsic * BPS >= spot * risk.imSpotBps) return id;
        }
        return marketIds[seed];
    }

    /// @dev The largest size the free initial margin, the per-market OI cap and the utilisation cap allow,
    ///      shaded by 3%; a random size below it (or near it), or one time in eight any size.
    function _openSize(address trader, Market memory m, uint256 id, uint256 seed, bool nearMax)
        internal
        view
        returns (uint256)
    {
        if (!nearMax && seed % 8 == 0) return bound(seed >> 3, 1, 50e18);
        EngineBase.Quote memory q = admin.quote(id, 1e18, true);
        if (q.spot == 0) return 0;
        EngineBase.Health memory h = admin.accountHealth(trader, m.token);
        int256 free = h.equityInitial - int256(h.initialMargin);
        if (free <= 0) return nearMax ? 0 : bound(seed, 1, 1e18);
        // IM per unit plus the fee, 3% of room for the skew the size itself adds; then 97% of that.
        uint256 perUnit = F.min(q.price, q.spot * risk.imSpotBps / BPS) * 103 / 100 + q.fee;
        uint256 maxSize = F.min(uint256(free) * WAD / perUnit, _capRoom(m, q.spot)) * 97 / 100;
        if (maxSize < 1e9) return nearMax ? 0 : bound(seed, 1, 1e18);
        return nearMax ? bound(seed, maxSize * 9 / 10, maxSize) : bound(seed, 1e9, maxSize);
    }

    /// @dev Σ over the account's positions of size · 1e-9 USD + 1 wei (see NANO_USD).
    /// @dev |size| of a position (this handler's traders only buy: sizes are positive).
    function _absSize(address trader, uint256 id) internal view returns (uint256) {
        int256 size = admin.position(trader, id).size;
        return uint256(size < 0 ? -size : size);
    }

    /// @dev A trade settles the funding of its own market only (the account's other legs keep theirs unpaid, valued
    ///      in its margin): the model expects that position's unpaid funding.
    function _onlyTradedMarketFunding(Pre memory p, uint256 id) internal view {
        Position memory pos = admin.position(p.trader, id);
        p.unpaidFundingUsd = pos.size > 0
            ? PositionMath.funding(uint256(int256(pos.size)), true, pos.fundingIndex, admin.currentCumFunding(id))
            : 0;
        p.fundingDustUsd = p.unpaidFundingUsd == 0 ? 0 : F.mulWadUp(_absSize(p.trader, id), NANO_USD) + 1;
    }

    function _storageDust(address trader, address token) internal view returns (uint256 dust) {
        uint256[] memory ids = admin.positionIds(trader, token);
        for (uint256 i; i < ids.length; ++i) dust += F.mulWadUp(_absSize(trader, ids[i]), NANO_USD) + 1;
    }

    /// @dev Units of `m` the per-market OI cap and the utilisation cap still leave room for.
    function _capRoom(Market memory m, uint256 spot) internal view returns (uint256) {
        OracleHub.StockState memory s = hub.stockState(m.token);
        uint256 capitalUsd =
            F.mulWad(IERC20(m.token).balanceOf(_main(m.token)) + engine.pendingMain(m.token), s.collateralPrice);
        uint256 capUsd = capitalUsd * risk.oiCapBps / BPS;
        if (!s.marketOpen) capUsd = capUsd * risk.closedOiCapBps / BPS;
        uint256 oiRoom = capUsd * WAD / spot;
        oiRoom = oiRoom > m.longOpenInterest ? oiRoom - m.longOpenInterest : 0;
        uint256 lockedUsd = F.mulWad(admin.utilization(m.token), capitalUsd);
        uint256 maxLocked = capitalUsd * risk.maxUtilizationBps / BPS;
        uint256 utilRoom =
            maxLocked > lockedUsd ? (maxLocked - lockedUsd) * WAD / (spot * stressBps[m.underlying] / BPS) : 0;
        return F.min(oiRoom, utilRoom);
    }

    function _close(Action a, uint256 actorSeed, uint256 tokenSeed, uint256 posSeed, uint256 sizeSeed, bool whole)
        internal
    {
        // The seed's account, else the next of the 8 accounts that holds a position.
        address trader;
        address token;
        uint256[] memory ids;
        actorSeed %= 8;
        tokenSeed %= 2;
        for (uint256 k; k < 8 && ids.length == 0; ++k) {
            uint256 n = actorSeed + k;
            trader = traders[n % 4];
            token = address(tokens[(tokenSeed + n / 4) % 2]);
            ids = admin.positionIds(trader, token);
        }
        if (ids.length == 0) return _skip(a);
        uint256 id = ids[posSeed % ids.length];
        Position memory pos = admin.position(trader, id);
        uint256 size = whole ? _absSize(trader, id) : bound(sizeSeed, 1, _absSize(trader, id)); // longs only
        Pre memory p = _pre(Kind.Close, trader, trader, token);
        _onlyTradedMarketFunding(p, id);
        EngineBase.Quote memory q = admin.quote(id, size, false);
        p.checkQuote = true;
        p.quotePrice = q.price;
        p.quoteFee = q.fee;
        p.expectedPnl = int256(F.mulWad(size, q.price)) - int256(F.mulWadUp(size, pos.entryPrice));
        (bool ok,) = _engineCall(p, abi.encodeCall(LivestockEngine.trade, (trader, id, -int256(size), 0)));
        _tally(a, ok);
    }

    /// @dev Liquidation closes every position at theo: Σ size · theo − size · entry (entry rounded up).
    function _expectTheoPnl(Pre memory p) internal view {
        uint256[] memory ids = admin.positionIds(p.trader, p.token);
        for (uint256 i; i < ids.length; ++i) {
            Position memory pos = admin.position(p.trader, ids[i]);
            EngineBase.Quote memory q = admin.quote(ids[i], 0, false);
            p.expectedPnl += PositionMath.pnl(pos.size, q.theo, pos.entryPrice);
            p.expectedLiquidationFeeUsd +=
                MarginMath.takerFee(q.spot, q.theo, _absSize(p.trader, ids[i]), admin.getRiskParams());
        }
    }

    /// @dev Moves 10% against the first position of the account closest to maintenance (smallest equity over
    ///      maintenance margin): down for a call, up for a put, within the same band as moveUnderlying. False if
    ///      nobody holds a position.
    function _crashAgainstAPosition(uint256 actorSeed, uint256 tokenSeed) internal returns (bool) {
        actorSeed %= 8;
        tokenSeed %= 2;
        uint256 bestId;
        int256 bestSlack = type(int256).max;
        for (uint256 k; k < 8; ++k) {
            uint256 n = actorSeed + k;
            address t = traders[n % 4];
            address x = address(tokens[(tokenSeed + n / 4) % 2]);
            uint256[] memory ids = admin.positionIds(t, x);
            if (ids.length == 0) continue;
            EngineBase.Health memory h = admin.accountHealth(t, x);
            int256 slack = h.equityMaintenance - int256(h.maintenanceMargin);
            if (slack < bestSlack) (bestSlack, bestId) = (slack, ids[0]);
        }
        if (bestId == 0) return false;
        Market memory m = admin.market(bestId);
        _moveSpot(m.underlying, m.isCall ? -1_000 : int256(1_000));
        return true;
    }

    /// @dev An account the view calls liquidatable, searched from the seed; else the seed's account.
    function _liquidationTarget(uint256 actorSeed, uint256 tokenSeed)
        internal
        view
        returns (address trader, address token, bool liquidatable)
    {
        actorSeed %= 8; // seeds span uint256: reduce before adding
        tokenSeed %= 2;
        for (uint256 k; k < 8; ++k) {
            uint256 n = actorSeed + k;
            address t = traders[n % 4];
            address x = address(tokens[(tokenSeed + n / 4) % 2]);
            if (admin.account(t, x).positionBits == 0) continue;
            EngineBase.Health memory h = admin.accountHealth(t, x);
            if (h.equityMaintenance < int256(h.maintenanceMargin)) return (t, x, true);
        }
        return (traders[actorSeed % 4], address(tokens[tokenSeed % 2]), false);
    }

    /// @dev Any actor but `not`, or the keeper.
    function _liquidator(uint256 seed, address not) internal view returns (address who) {
        uint256 i = seed % 8;
        who = i < 4 ? traders[i] : i < 7 ? lps[i - 4] : keeper;
        if (who == not) who = keeper;
    }

    function _expectedReward(uint256 collateral, uint256 price) internal view returns (uint256) {
        (uint128 base, uint128 cap, uint16 shareBps) = admin.liquidationParams();
        uint256 remaining = F.mulWad(collateral, price);
        uint256 rewardUsd =
            remaining <= base ? remaining : F.min(base + (remaining - base) * shareBps / BPS, uint256(cap));
        return F.min(F.divWad(rewardUsd, price), collateral);
    }

    // ================================================================== helpers: world

    function _refreshFeeds() internal {
        (, int256 btc,,,) = btcUsd.latestRoundData();
        btcUsd.updateAnswer(btc);
        (, int256 eth,,,) = ethUsd.latestRoundData();
        ethUsd.updateAnswer(eth);
        (, int256 bv,,,) = btcVol.latestRoundData();
        btcVol.updateAnswer(bv);
        (, int256 ev,,,) = ethVol.latestRoundData();
        ethVol.updateAnswer(ev);
        for (uint256 i; i < 2; ++i) {
            if (feeds[i].marketStatus() == 2) {
                (, int256 p,,,) = feeds[i].latestRoundData();
                feeds[i].updateAnswer(p);
            }
            pegOracle.update(address(tokens[i]));
        }
    }

    /// @dev Multiplies the DEX price of token i by `factorWad` (donate one side, sync), like the fixture.
    function _scaleDex(uint256 i, uint256 factorWad) internal {
        IUniswapV2Pair pair = pairs[i];
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool stockIs0 = pair.token0() == address(tokens[i]);
        uint256 usdcReserve = stockIs0 ? r1 : r0;
        uint256 stockReserve = stockIs0 ? r0 : r1;
        if (factorWad == WAD) return;
        if (factorWad > WAD) usdc.mint(address(pair), usdcReserve * factorWad / WAD - usdcReserve);
        else tokens[i].mint(address(pair), stockReserve * WAD / factorWad - stockReserve);
        pair.sync();
    }

    /// @dev Share price (assets + 1) / (supply + 10^6) must not fall by more than one wei of assets.
    function _checkSharePrice(uint256 v, uint256[2] memory before, string memory what) internal {
        LivestockVault vault = vaults[v];
        uint256 a1 = vault.totalAssets();
        uint256 s1 = vault.totalSupply();
        // (a1 + 1) / (s1 + V) ≥ (a0 + 1) / (s0 + V) − 1 / (s1 + V)  ⇔  (a1 + 2)(s0 + V) ≥ (a0 + 1)(s1 + V)
        if ((a1 + 2) * (before[1] + VIRTUAL_SHARES) < (before[0] + 1) * (s1 + VIRTUAL_SHARES)) {
            ++ghostLpFlowSharePriceDrops;
            if (bytes(_firstViolation[uint256(Check.SharePrice)]).length == 0) {
                string memory assets = string.concat("assets ", vm.toString(before[0]), " -> ", vm.toString(a1));
                string memory supply = string.concat(", supply ", vm.toString(before[1]), " -> ", vm.toString(s1));
                string memory util = vm.toString(admin.utilization(address(tokens[v / 2])));
                _violation(
                    Check.SharePrice,
                    string.concat(what, " lowered the share price of ", vault.symbol(), ": ", assets, supply, ", utilization ", util)
                );
            }
        }
    }

    function _main(address token) internal view returns (address) {
        return token == address(tokens[0]) ? address(vaults[0]) : address(vaults[2]);
    }

    function _insurance(address token) internal view returns (address) {
        return token == address(tokens[0]) ? address(vaults[1]) : address(vaults[3]);
    }

    function _count(Action a) internal {
        ++calls[uint256(a)];
    }

    function _tally(Action a, bool ok) internal {
        if (ok) ++successes[uint256(a)];
        else ++reverts[uint256(a)];
    }

    function _skip(Action a) internal {
        ++skips[uint256(a)];
    }

    function _violation(Check c, string memory what) internal {
        if (bytes(_firstViolation[uint256(c)]).length == 0) _firstViolation[uint256(c)] = what;
    }

    function _selector(bytes memory ret) internal pure returns (bytes4 s) {
        if (ret.length >= 4) s = bytes4(ret);
    }

    function _delta(uint256 a, uint256 b) internal pure returns (int256) {
        return int256(a) - int256(b);
    }

    function _sum(uint256[3] memory a) internal pure returns (uint256) {
        return a[0] + a[1] + a[2];
    }

    function _add(uint256[3] memory a, uint256[3] memory b) internal pure {
        a[0] += b[0];
        a[1] += b[1];
        a[2] += b[2];
    }

    // ================================================================== views for the invariants

    function tradersList() external view returns (address[4] memory) {
        return traders;
    }

    function lpsList() external view returns (address[3] memory) {
        return lps;
    }

    function marketIdsList() external view returns (uint256[] memory) {
        return marketIds;
    }

    function touchedMarketsList() external view returns (uint256[] memory) {
        return touchedMarkets;
    }

    function vaultsList() external view returns (LivestockVault[4] memory) {
        return vaults;
    }

    function tokensList() external view returns (StockToken[2] memory) {
        return tokens;
    }

    function actionName(uint256 a) public pure returns (string memory) {
        string[18] memory names = [
            "depositMargin",
            "withdrawMargin",
            "openPosition",
            "openNearMaxSize",
            "closePosition",
            "closeWholePosition",
            "vaultDeposit",
            "vaultRequestWithdrawal",
            "vaultExecuteWithdrawal",
            "vaultCancelWithdrawal",
            "moveUnderlying",
            "moveStock",
            "warp",
            "liquidate",
            "liquidateWhilePaused",
            "sweep",
            "accrueFunding",
            "sameBlockRoundTrip"
        ];
        return names[a];
    }
}
