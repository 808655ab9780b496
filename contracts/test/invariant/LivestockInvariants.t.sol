// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {LivestockHandler} from "./LivestockHandler.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {Market, Position} from "../../src/core/EngineTypes.sol";
import {OracleHub} from "../../src/oracles/OracleHub.sol";
import {PushPriceFeed} from "../../src/oracles/PushPriceFeed.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {LivestockVault} from "../../src/vaults/LivestockVault.sol";

/// @notice Properties of the whole protocol under random trading, LP flows, price moves, market closures,
///         pauses and time, each named for what it protects (Morpho style). TSLA.M and NVDA.M, every listed
///         BTC/ETH market, 4 traders, 3 LPs, a keeper; the seeded vaults are shrunk first so that trades reach
///         the per-market open-interest caps and the fuzzed LPs own most of the capital.
/// @dev Reach, measured over 256 × 50 calls: ~1,200 opens, ~1,000 closes, 30–50 liquidations (0–1 with bad
///      debt), ~170 LP exits. Not reached: the 80% utilisation cap (per-market OI caps of 10% of capital bound
///      utilisation near 41% when every market is full; ~8% seen) and a profit shortfall, so those properties
///      are checked on the paths taken (cap respected, profits paid in full).
contract LivestockInvariants is ProtocolFixture {
    LivestockHandler internal handler;

    StockToken[2] internal tokens;
    LivestockVault[4] internal vaults;
    address[4] internal traders;
    address[3] internal lps;

    /// @dev Rounding a per-market aggregate may drift from the sum of its positions by a wei or two per trade
    ///      and per settlement; 10^6 wei of USD (10^-12 USD) is far above that drift and below any real error.
    ///      Entry prices stored at nano-USD precision are allowed for separately (the handler's
    ///      entryRoundingAllowance).
    uint256 internal constant AGGREGATE_DUST = 1e6;

    function setUp() public override {
        super.setUp();
        _shrinkSeededVaults();

        LivestockHandler.Deps memory d;
        d.engine = engine;
        d.hub = world.oracleHub;
        d.pegOracle = world.pegOracle;
        d.btcUsd = PushPriceFeed(address(world.btcUsd));
        d.ethUsd = PushPriceFeed(address(world.ethUsd));
        d.btcVol = PushPriceFeed(address(world.btcVol));
        d.ethVol = PushPriceFeed(address(world.ethVol));
        d.usdc = usdc;
        d.owner = address(this);
        for (uint256 i; i < 2; ++i) {
            StockDeployment storage s = world.stocks[i];
            d.tokens[i] = s.token;
            d.feeds[i] = StockPriceFeed(address(s.feed));
            d.pairs[i] = s.pair;
            d.mains[i] = s.mainVault;
            d.insurances[i] = s.insuranceVault;
        }
        handler = new LivestockHandler(d);

        // The handler mints, reports prices and is the guardian (this contract stays owner and treasury).
        for (uint256 i; i < 2; ++i) {
            d.tokens[i].grantRole(d.tokens[i].ISSUER_ROLE(), address(handler));
            d.feeds[i].setReporter(address(handler), true);
        }
        usdc.grantRole(usdc.ISSUER_ROLE(), address(handler));
        d.btcUsd.setReporter(address(handler), true);
        d.ethUsd.setReporter(address(handler), true);
        d.btcVol.setReporter(address(handler), true);
        d.ethVol.setReporter(address(handler), true);
        admin.setRoles(address(this), address(handler));
        handler.bootstrap(40e18, 300e18, 50e18);

        tokens = handler.tokensList();
        vaults = handler.vaultsList();
        traders = handler.tradersList();
        lps = handler.lpsList();

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](18);
        selectors[0] = LivestockHandler.depositMargin.selector;
        selectors[1] = LivestockHandler.withdrawMargin.selector;
        selectors[2] = LivestockHandler.openPosition.selector;
        selectors[3] = LivestockHandler.openNearMaxSize.selector;
        selectors[4] = LivestockHandler.closePosition.selector;
        selectors[5] = LivestockHandler.closeWholePosition.selector;
        selectors[6] = LivestockHandler.vaultDeposit.selector;
        selectors[7] = LivestockHandler.vaultRequestWithdrawal.selector;
        selectors[8] = LivestockHandler.vaultExecuteWithdrawal.selector;
        selectors[9] = LivestockHandler.vaultCancelWithdrawal.selector;
        selectors[10] = LivestockHandler.moveUnderlying.selector;
        selectors[11] = LivestockHandler.moveStock.selector;
        selectors[12] = LivestockHandler.warp.selector;
        selectors[13] = LivestockHandler.liquidate.selector;
        selectors[14] = LivestockHandler.liquidateWhilePaused.selector;
        selectors[15] = LivestockHandler.sweep.selector;
        selectors[16] = LivestockHandler.accrueFunding.selector;
        selectors[17] = LivestockHandler.sameBlockRoundTrip.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev The deployer seeds 20,000 / 2,000 tokens per vault: against that no trader reaches a cap. The seed
    ///      LP (this contract) exits 99% of the main and 90% of the insurance seed through the real queue, so the
    ///      fuzzed LPs own most of the capital and their flows move it.
    function _shrinkSeededVaults() internal {
        for (uint256 i; i < 2; ++i) {
            StockDeployment storage s = world.stocks[i];
            s.mainVault.requestWithdrawal(s.mainVault.balanceOf(address(this)) * 99 / 100);
            s.insuranceVault.requestWithdrawal(s.insuranceVault.balanceOf(address(this)) * 90 / 100);
        }
        _advance(60, 60);
        for (uint256 i; i < 2; ++i) {
            world.stocks[i].mainVault.executeWithdrawal(address(this));
            world.stocks[i].insuranceVault.executeWithdrawal(address(this));
        }
    }

    // ================================================================== money
    //
    // Each invariant_* function is its own campaign in forge (its own executor, runs and depth), and a
    // campaign costs ~40 s here; so closely related properties of one concern are asserted together, each
    // with its own message, and every property the handler checks as it acts is asserted by exactly one
    // campaign (a failing property fails its campaign only).

    /// @notice Every realised trader profit reached the trader's margin in full, or the gap is in unpaidProfit;
    ///         a gap is recorded only once pendingMain, the main vault and the insurance vault (balance and
    ///         pending) are empty; and bad debt is taken from the insurance vault before the main vault.
    function invariant_vaultCoversTraderProfitsOrRecordsShortfall() public view {
        _assertProfitsPaidOrRecorded();
        assertEq(handler.ghostBadDebtSkippedInsurance(), 0, _why(LivestockHandler.Check.BadDebt));
    }

    /// @notice Funding and fees taken from traders (USD owed / P_settle, capped by the margin) equal, to the
    ///         wei, what pendingMain + pendingInsurance + pendingTreasury gained from them; each settlement is the
    ///         unpaid funding the account view showed (less storage rounding under 1e-9 USD per unit, carried
    ///         forward), each split is exactly 70/20/10; and a margin account and the pendings move only by
    ///         funding, fees, realised PnL, liquidation rewards and the trader's own transfers.
    function invariant_fundingPaidEqualsFundingReceived() public view {
        _assertFundingAndLedger();
    }

    /// @notice The engine holds at least every account's collateral and every pending amount; nobody donates
    ///         in this campaign, so it holds exactly that (a surplus would be X stuck, a deficit insolvency);
    ///         and a sweep moves exactly what is pending.
    function invariant_engineHoldsEveryCollateralAndPending() public view {
        for (uint256 i; i < 2; ++i) {
            address t = address(tokens[i]);
            uint256 owed = engine.totalCollateral(t) + engine.pendingMain(t) + engine.pendingInsurance(t)
                + engine.pendingTreasury(t);
            uint256 held = IERC20(t).balanceOf(address(engine));
            assertGe(held, owed, "engine balance >= collateral + pending");
            assertEq(held, owed, "engine balance == collateral + pending (no donations)");
        }
        assertEq(handler.ghostSweepMismatches(), 0, _why(LivestockHandler.Check.Sweep));
    }

    /// @notice totalCollateral is the sum of the accounts' collateral.
    function invariant_totalCollateralIsSumOfAccounts() public view {
        for (uint256 i; i < 2; ++i) {
            address t = address(tokens[i]);
            uint256 sum;
            for (uint256 a; a < 4; ++a) sum += admin.account(traders[a], t).collateral;
            assertEq(engine.totalCollateral(t), sum, "totalCollateral = sum of accounts");
        }
    }

    // ================================================================== margin and liquidation

    /// @notice After every successful withdrawal from an account with positions, initial equity ≥ IM.
    function invariant_noAccountWithdrawsMoreThanItsEquityAllows() public view {
        assertEq(handler.ghostWithdrawalsBelowInitialMargin(), 0, _why(LivestockHandler.Check.Withdrawal));
    }

    /// @notice The pause never blocks a liquidation: paused, a liquidatable account is liquidated exactly as it
    ///         would be unpaused; a liquidatable account is refused only for its health, never another error;
    ///         and the guardian's pause never outlives the call.
    function invariant_liquidationNeverBlockedByPause() public view {
        assertEq(handler.ghostLiquidationsBlockedByPause(), 0, _why(LivestockHandler.Check.Pause));
        assertEq(handler.ghostLiquidationsUnexpectedlyReverted(), 0, _why(LivestockHandler.Check.LiquidationRevert));
        assertFalse(engine.paused(), "left paused");
    }

    /// @notice Margin is never valued above the reference price nor above the DEX TWAP (P_coll = min).
    function invariant_collateralNeverValuedAboveReferenceOrDexFloor() public view {
        for (uint256 i; i < 2; ++i) {
            address t = address(tokens[i]);
            OracleHub.StockState memory s = world.oracleHub.stockState(t);
            (, uint96 floorPrice,,) = world.pegOracle.latestTwap(t);
            for (uint256 a; a < 4; ++a) {
                uint256 collateral = admin.account(traders[a], t).collateral;
                if (collateral == 0) continue;
                uint256 value = admin.accountHealth(traders[a], t).collateralValue;
                assertLe(value, F.mulWad(collateral, s.refPrice), "collateral valued above P_ref");
                if (s.dexPrice != 0) {
                    assertLe(value, F.mulWad(collateral, floorPrice), "collateral valued above the DEX floor");
                }
            }
        }
    }

    // ================================================================== trading and the book
    //
    // Only markets where an open succeeded in the run can hold positions (the handler is the only trader);
    // the bitmaps are checked to name no other market.

    /// @notice Opens and closes execute at the price and fee the quote view gave in the same block; a close
    ///         realises size · (price − entry); a liquidation closes every position at theo, without skew, and
    ///         pays the caller exactly min($500, $5 + 20% · (remaining − $5)) of what remains.
    function invariant_tradesExecuteAtQuotedPricesAndLiquidationsAtTheo() public view {
        assertEq(handler.ghostPriceMismatches(), 0, _why(LivestockHandler.Check.Price));
        assertEq(handler.ghostLiquidationViolations(), 0, _why(LivestockHandler.Check.Liquidation));
    }

    /// @notice After every successful open, the vault's utilisation is within its cap (80%).
    function invariant_utilizationWithinCapAfterOpens() public view {
        assertEq(handler.ghostOpensAboveUtilizationCap(), 0, _why(LivestockHandler.Check.Utilization));
    }

    /// @notice Per market, long and short open interest are the sums of the traders' long and short sizes, and
    ///         per token and underlying the vault's exposure is Σ |long − short| over its markets.
    function invariant_openInterestIsSumOfPositions() public view {
        uint256[] memory ids = handler.touchedMarketsList();
        uint256[2][2] memory byUnderlying;
        for (uint256 k; k < ids.length; ++k) {
            Market memory m = admin.market(ids[k]);
            uint256 longs;
            uint256 shorts;
            for (uint256 a; a < 4; ++a) {
                int256 size = admin.position(traders[a], ids[k]).size;
                if (size > 0) longs += uint256(size);
                else shorts += uint256(-size);
            }
            assertEq(m.longOpenInterest, longs, "long OI = sum of longs");
            assertEq(m.shortOpenInterest, shorts, "short OI = sum of shorts");
            uint256 net = longs > shorts ? longs - shorts : shorts - longs;
            byUnderlying[m.token == address(tokens[0]) ? 0 : 1][m.underlying] += net;
        }
        for (uint256 i; i < 2; ++i) {
            for (uint256 u; u < 2; ++u) {
                assertEq(
                    admin.netExposureByUnderlying(address(tokens[i]), u), byUnderlying[i][u], "OI by underlying"
                );
            }
        }
    }

    /// @notice A market's bit is in activeMarketBits exactly when it has open interest; and an account's
    ///         positionBits has a market's bit exactly when it holds a position there, never more than
    ///         maxPositions.
    function invariant_activeMarketBitsMatchOpenInterest() public view {
        uint256[] memory ids = handler.touchedMarketsList();
        uint256[2] memory active;
        uint256[2][4] memory held;
        for (uint256 k; k < ids.length; ++k) {
            Market memory m = admin.market(ids[k]);
            uint256 i = m.token == address(tokens[0]) ? 0 : 1;
            if (m.longOpenInterest + m.shortOpenInterest != 0) active[i] |= 1 << m.slot;
            for (uint256 a; a < 4; ++a) {
                if (admin.position(traders[a], ids[k]).size != 0) held[a][i] |= 1 << m.slot;
            }
        }
        uint256 maxPositions = admin.getRiskParams().maxPositions;
        for (uint256 i; i < 2; ++i) {
            assertEq(admin.activeMarketBits(address(tokens[i])), active[i], "active bits = markets with OI");
            for (uint256 a; a < 4; ++a) {
                uint256 bits = admin.account(traders[a], address(tokens[i])).positionBits;
                assertEq(bits, held[a][i], "positionBits = markets with a position");
                assertLe(LibBit.popCount(bits), maxPositions, "at most maxPositions");
            }
        }
    }

    /// @notice What the main vault's NAV is built from matches the positions, per market: the cost basis is
    ///         Σ size · entry (never above it; below it only by the entry rounding of the increases since the
    ///         market was flat), and the funding receivable OI · cumF − fundingBasis is Σ size · (cumF − index).
    function invariant_bookAggregatesMatchPositions() public view {
        uint256[] memory ids = handler.touchedMarketsList();
        for (uint256 k; k < ids.length; ++k) {
            Market memory m = admin.market(ids[k]);
            if (m.longOpenInterest + m.shortOpenInterest == 0) {
                assertEq(m.costBasis, 0, "flat market keeps no cost basis");
                assertEq(m.fundingBasis, 0, "flat market keeps no funding basis");
                continue;
            }
            uint256 cum = admin.currentCumFunding(ids[k]);
            int256 cost;
            int256 owed;
            for (uint256 a; a < 4; ++a) {
                Position memory p = admin.position(traders[a], ids[k]);
                if (p.size == 0) continue;
                cost += _signedMul(p.size, p.entryPrice);
                owed += _signedMul(p.size, cum - p.fundingIndex);
            }
            assertLe(m.costBasis, cost + int256(AGGREGATE_DUST), "cost basis never above sum of size * entry");
            assertLe(
                cost - m.costBasis,
                int256(handler.entryRoundingAllowance(ids[k]) + AGGREGATE_DUST),
                "cost basis below sum of size * entry by more than entry rounding"
            );
            int256 net = int256(uint256(m.longOpenInterest)) - int256(uint256(m.shortOpenInterest));
            int256 receivable = _signedMul(net, cum) - m.fundingBasis;
            assertApproxEqAbs(receivable, owed, AGGREGATE_DUST, "book receivable = traders' unpaid funding");
        }
    }

    // ================================================================== vaults

    /// @notice Σ LP shares + escrowed shares + the seed LP's shares = totalSupply, for each of the 4 vaults.
    function invariant_sharesSumToTotalSupply() public view {
        for (uint256 v; v < 4; ++v) {
            LivestockVault vault = vaults[v];
            uint256 sum = vault.balanceOf(address(vault)) + vault.balanceOf(address(this));
            for (uint256 l; l < 3; ++l) sum += vault.balanceOf(lps[l]);
            assertEq(sum, vault.totalSupply(), "shares sum to totalSupply");
        }
    }

    /// @notice The escrow holds exactly the shares of the pending requests, and executing a request pays
    ///         min(value at request, value at execution) less the exit fee, to the wei.
    function invariant_escrowedSharesBackRequests() public view {
        assertEq(handler.ghostExitPayoutMismatches(), 0, _why(LivestockHandler.Check.ExitPayout));
        for (uint256 v; v < 4; ++v) {
            LivestockVault vault = vaults[v];
            uint256 requested;
            for (uint256 l; l < 3; ++l) {
                (uint256 shares,) = vault.withdrawalRequest(lps[l]);
                requested += shares;
            }
            assertEq(vault.totalEscrowedShares(), requested, "escrow = sum of requests");
            assertEq(vault.balanceOf(address(vault)), requested, "escrowed shares are held by the vault");
        }
    }

    /// @notice No sequence of actions by one address within one block — open, execute anyone's due withdrawal, poke
    ///         funding, close — ends with more margin than it began with at constant oracle prices: timing alone
    ///         never pays (issue 12's sandwich and funding pokes).
    function invariant_noSameBlockRoundTripProfitsAtConstantPrices() public view {
        assertEq(handler.ghostSameBlockProfits(), 0, _why(LivestockHandler.Check.SameBlock));
    }

    /// @notice The vault size L the engine prices with leaves out exactly what pending withdrawals claim: the
    ///         engine's reserve is the main vault's Σ of request values (so executing an exit moves no price).
    function invariant_withdrawalReserveExcludedFromVaultSize() public view {
        for (uint256 i; i < 2; ++i) {
            address t = address(tokens[i]);
            LivestockVault main = vaults[2 * i];
            (,,,,,, uint96 reserve) = admin.tokenConfig(t);
            assertEq(reserve, main.totalReservedAssets(), "engine reserve = vault reserve");
        }
    }

    /// @notice An LP's own deposit or exit, and anyone's funding poke, never lowers the share price by more than a
    ///         wei of assets, in any of the four vaults: the main vault's share price falls only through trader
    ///         profit or bad debt. (It caught funding for past seconds being re-priced at the vault's new capital.)
    function invariant_mainVaultSharePriceOnlyFallsThroughTraderProfitOrBadDebt() public view {
        assertEq(handler.ghostLpFlowSharePriceDrops(), 0, _why(LivestockHandler.Check.SharePrice));
    }

    // ================================================================== statistics

    /// @dev With -vv, prints per action: calls / protocol successes / protocol reverts / skipped (nothing to do).
    ///      Nothing is asserted here: a property that fails must fail only its own campaign, not mask the others.
    function afterInvariant() external view {
        console.log(_stats());
    }

    function _assertProfitsPaidOrRecorded() internal view {
        assertEq(handler.ghostShortfallWithFundsLeft(), 0, _why(LivestockHandler.Check.Profit));
        uint256 unpaid = engine.unpaidProfit(address(tokens[0])) + engine.unpaidProfit(address(tokens[1]));
        assertEq(handler.ghostProfitOwedX(), handler.ghostProfitPaidX() + unpaid, "profit owed = paid + unpaid");
    }

    function _assertFundingAndLedger() internal view {
        assertEq(handler.ghostFundingMismatches(), 0, _why(LivestockHandler.Check.Funding));
        assertEq(handler.ghostLedgerMismatches(), 0, _why(LivestockHandler.Check.Ledger));
        assertEq(handler.ghostFeesAndFundingChargedX(), handler.ghostFeesAndFundingCreditedX(), "charged = credited");
    }

    function _why(LivestockHandler.Check c) internal view returns (string memory) {
        return handler.firstViolation(c);
    }

    function _stats() internal view returns (string memory line) {
        line = "stats";
        for (uint256 a; a < handler.ACTIONS(); ++a) {
            line = string.concat(
                line,
                " ",
                handler.actionName(a),
                "=",
                string.concat(vm.toString(handler.calls(a)), "/", vm.toString(handler.successes(a))),
                string.concat("/", vm.toString(handler.reverts(a)), "/", vm.toString(handler.skips(a)))
            );
        }
        line = string.concat(
            line,
            string.concat(" liquidations=", vm.toString(handler.liquidations())),
            string.concat(" badDebtLiquidations=", vm.toString(handler.liquidationsWithBadDebt())),
            string.concat(" shortfalls=", vm.toString(handler.profitShortfalls()))
        );
        line = string.concat(
            line,
            string.concat(" viewLiqRefused=", vm.toString(handler.ghostViewLiquidatableEngineRefused())),
            string.concat(" maxUtilAfterOpen=", vm.toString(handler.ghostMaxUtilizationAfterOpen())),
            string.concat(" maxUtil=", vm.toString(handler.ghostMaxUtilization()))
        );
    }

    /// @dev signed size · price (USD), magnitude rounded up.
    function _signedMul(int256 size, uint256 price) internal pure returns (int256) {
        return size >= 0 ? int256(F.mulWadUp(uint256(size), price)) : -int256(F.mulWadUp(uint256(-size), price));
    }
}
