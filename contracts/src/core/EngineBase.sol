// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "solady/utils/ReentrancyGuardTransient.sol";
import {FixedPointMathLib as F} from "solady/utils/FixedPointMathLib.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {EverlastingOption} from "../pricing/EverlastingOption.sol";
import {IMainVault, IInsuranceVault} from "../interfaces/IVaults.sol";
import {IEngineErrors} from "./IEngineErrors.sol";
import {MarginMath} from "./MarginMath.sol";
import {PositionMath} from "./PositionMath.sol";
import {
    Market,
    PackedPosition,
    Account,
    TokenConfig,
    RiskParams,
    UnderlyingParams,
    VolParams,
    LiquidationParams
} from "./EngineTypes.sol";


/// @title EngineBase
/// @notice Storage, events and internal logic shared by LivestockEngine (trading, margin, liquidation) and
///         EngineExtension (governance and views, reached through the engine's fallback by delegatecall).
/// @dev One storage layout, two deployed code halves: together they exceed the 24 KB contract limit (EIP-170).
abstract contract EngineBase is IEngineErrors, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 internal constant WAD = 1e18;
    uint256 internal constant NANO = PositionMath.NANO; // stored position prices: 18 − 9 decimals
    uint256 internal constant BPS = 10_000;
    uint256 internal constant SECONDS_PER_YEAR = 365 days;
    /// @dev Shorter funding periods make u huge and time values vanish: no listed market uses them.
    uint256 internal constant MIN_FUNDING_PERIOD = 1 hours;
    /// @dev Units of the OracleHub's price integrals: spot in 1e-4 USD, volatility in 1e-9 (see PriceIntegral).
    uint256 internal constant SPOT_UNIT = 1e14;
    uint256 internal constant VOL_UNIT = 1e9;

    /// @notice Prices and vault capital read once per transaction.
    struct Ctx {
        address token;
        OracleHub.StockState stock;
        uint256 capital; // L in X: main vault X + pending to it − X claimed by pending withdrawals
        uint256 capitalUsd; // L in USD (at P_coll): the one vault size of the skew, OI caps and utilisation
        uint256[2] spot;
        uint256[2] sigma; // σ used
        bool[2] fresh; // spot and σ both fresh
        uint64[2] spotCum; // the hub's price integrals at this second
        uint64[2] volCum;
        uint8 loaded; // bit u: spot of u loaded; bit u+2: σ of u loaded
        uint256 utilization;
        bool utilizationLoaded;
        uint256 theoKey; // storage slot of the market whose theo/delta are cached below, plus one
        uint256 theo;
        int256 delta;
    }

    /// @notice The health of an account, all USD (18 decimals).
    struct Health {
        uint256 collateralValue; // q_X · P_coll, unweighted
        int256 equityInitial; // initial weight · (collateral − unpaid funding in X) + PnL (negative when bankrupt)
        int256 equityMaintenance; // same with the maintenance weight
        int256 pnl; // Σ size · (theo − entry)
        uint256 unpaidFunding;
        uint256 initialMargin;
        uint256 maintenanceMargin;
    }

    /// @notice A price quote (see `quote`).
    struct Quote {
        uint256 price;
        uint256 fee;
        uint256 theo;
        int256 delta;
        uint256 spot;
    }

    OracleHub public immutable oracleHub;
    address public treasury;
    address public guardian;
    bool public paused;

    RiskParams internal riskParams; // read through getRiskParams(): a 17-field getter overflows the stack
    VolParams public volParams;
    LiquidationParams public liquidationParams;
    mapping(uint8 underlying => UnderlyingParams) public underlyingParams;

    mapping(address token => TokenConfig) public tokenConfig;
    // A mapping, not an array: reading a market skips the array's length slot (one cold read per trade).
    mapping(uint256 marketId => Market) internal _markets; // ids 1…marketCount
    uint256 internal _marketCount;
    mapping(bytes32 key => uint256 marketId) public marketIdByKey;
    mapping(address token => mapping(uint8 slot => uint256 marketId)) public marketIdAt;
    mapping(address token => uint256 bits) public activeMarketBits; // markets with open interest
    mapping(address token => uint128[2] size) public openInterestByUnderlying; // both in one slot

    mapping(address trader => mapping(address token => Account)) internal _accounts;
    mapping(address trader => mapping(uint256 marketId => PackedPosition)) internal _positions;

    /// @notice Per token: X owed to the vaults and the treasury (not yet swept) and Σ account collateral.
    /// @dev Two slots instead of four: a trade's fee split touches them together.
    struct Ledger {
        uint128 pendingMain; // 70% of fees and funding, and trader losses
        uint128 pendingInsurance; // 20% of fees and funding
        uint128 pendingTreasury; // 10%
        uint128 totalCollateral; // Σ of every account's collateral
    }

    mapping(address token => Ledger) internal _ledger;
    /// @notice Losses traders could not pay, in X: covered by the insurance vault, then absorbed by the main vault.
    mapping(address token => uint256) public badDebt;
    /// @notice Profits the vaults could not pay traders, in X (should stay 0: utilisation caps prevent it).
    mapping(address token => uint256) public unpaidProfit;
    /// @notice The two-step order router that alone opens, closes and liquidates once set (docs/decisions/010).
    address public orderRouter;

    event TokenListed(address indexed token, uint16 initialWeightBps, uint16 maintenanceWeightBps);
    event VaultsSet(address indexed token, address mainVault, address insuranceVault);
    event MarketListed(uint256 indexed marketId, address indexed token, uint8 underlying, bool isCall, uint256 strike);
    event Deposited(address indexed trader, address indexed token, uint256 amount);
    event Withdrawn(address indexed trader, address indexed token, uint256 amount);
    event PositionOpened(
        address indexed trader, uint256 indexed marketId, uint256 size, uint256 price, uint256 feeUsd, uint256 newSize
    );
    event PositionClosed(
        address indexed trader, uint256 indexed marketId, uint256 size, uint256 price, uint256 feeUsd, int256 pnlUsd
    );
    event FundingSettled(address indexed trader, address indexed token, uint256 fundingUsd, uint256 amountX);
    event FundingAccrued(uint256 indexed marketId, uint256 cumFunding, uint256 spot);
    event WithdrawalReserveSet(address indexed token, uint256 reserve);
    event FeesDistributed(address indexed token, uint256 toMain, uint256 toInsurance, uint256 toTreasury);
    event Liquidated(
        address indexed trader, address indexed token, address indexed liquidator, int256 pnlUsd, uint256 rewardX
    );
    event BadDebt(address indexed token, address indexed trader, uint256 amountX, uint256 coveredByInsurance);
    event ProfitShortfall(address indexed token, address indexed trader, uint256 amountX);
    event Swept(address indexed token, uint256 toMain, uint256 toInsurance, uint256 toTreasury);
    event PausedSet(bool paused);
    event RiskParamsSet(RiskParams params);
    event VolParamsSet(VolParams params);
    event LiquidationParamsSet(LiquidationParams params);
    event UnderlyingParamsSet(uint8 indexed underlying, UnderlyingParams params);
    event RolesSet(address treasury, address guardian);
    event OrderRouterSet(address orderRouter);

    /// @param owner_ Governance.
    /// @param hub The OracleHub.
    constructor(address owner_, OracleHub hub) Ownable(owner_) {
        if (address(hub) == address(0)) revert ZeroAddress();
        oracleHub = hub;
    }

    /// @notice X owed to the main vault of `token` (its share of fees and funding, and trader losses), not yet swept.
    function pendingMain(address token) external view returns (uint256) {
        return _ledger[token].pendingMain;
    }

    /// @notice X owed to the insurance vault of `token`, not yet swept.
    function pendingInsurance(address token) external view returns (uint256) {
        return _ledger[token].pendingInsurance;
    }

    /// @notice X owed to the treasury, not yet swept.
    function pendingTreasury(address token) external view returns (uint256) {
        return _ledger[token].pendingTreasury;
    }

    /// @notice Σ of every account's collateral in `token`.
    function totalCollateral(address token) external view returns (uint256) {
        return _ledger[token].totalCollateral;
    }

    /// @dev Solady keeps transient storage for the lock on Ethereum mainnet only by default; Base and anvil
    ///      (Cancun) have TSTORE too, and an ordinary storage lock costs every trade thousands of gas.
    function _useTransientReentrancyGuardOnlyOnMainnet() internal pure override returns (bool) {
        return false;
    }

    // ================================================================== internals: accounts

    /// @dev The order router, or — while none is set — `actor` itself.
    function _authorize(address actor) internal view {
        address router = orderRouter;
        if (msg.sender != router && (router != address(0) || msg.sender != actor)) revert NotOrderRouter(msg.sender);
    }

    function _deposit(address token, uint256 amount) internal {
        if (amount == 0) revert ZeroAmount();
        if (!tokenConfig[token].listed) revert UnknownToken(token);
        _accounts[msg.sender][token].collateral += SafeCastLib.toUint128(amount);
        _ledger[token].totalCollateral += SafeCastLib.toUint128(amount);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, token, amount);
    }

    function _account(address trader, address token) internal view returns (Account storage) {
        if (!tokenConfig[token].listed) revert UnknownToken(token);
        return _accounts[trader][token];
    }

    function _market(uint256 marketId) internal view returns (Market storage m) {
        m = _markets[marketId];
        if (m.token == address(0)) revert UnknownMarket(marketId); // also id 0 and ids never listed
    }

    /// @dev Settles every position's funding at the market's accrued index and charges it to the margin.
    function _settleFunding(Ctx memory ctx, address trader, Account storage acct) internal {
        uint256 owed;
        uint256 bits = acct.positionBits;
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            Market storage m = _markets[id];
            _accrue(ctx, m, id);
            owed += _settlePositionFunding(m, _positions[trader][id]);
        }
        if (owed != 0) {
            uint256 taken = _collectSplit(ctx, trader, acct, owed);
            emit FundingSettled(trader, ctx.token, owed, taken);
        }
    }

    /// @dev Moves a position's funding index to the market's and returns what it owes (USD, rounded up).
    ///      The market's basis follows, so that receivable = OI · cumF − basis stays exact.
    function _settlePositionFunding(Market storage m, PackedPosition storage pos) internal returns (uint256 owed) {
        uint256 cum = m.cumFunding;
        uint256 index = uint256(pos.fundingIndexNano) * NANO;
        if (cum <= index) return 0;
        uint256 size = pos.size;
        uint256 newIndex = PositionMath.settledIndex(cum);
        uint256 basisBefore = F.min(F.mulWad(size, index), m.fundingBasis);
        m.fundingBasis = uint128(m.fundingBasis - basisBefore + F.mulWad(size, newIndex));
        pos.fundingIndexNano = uint80(newIndex / NANO);
        owed = PositionMath.fundingOwed(size, index, cum);
    }

    /// @dev Adds `size` at `price` to a position and the market's aggregates; returns the new size.
    function _increase(Account storage acct, Market storage m, PackedPosition storage pos, uint256 size, uint256 price)
        internal
        returns (uint256 newSize)
    {
        uint256 oldSize = pos.size;
        uint256 index = uint256(pos.fundingIndexNano) * NANO;
        if (oldSize == 0) {
            if (LibBit.popCount(acct.positionBits) >= riskParams.maxPositions) {
                revert TooManyPositions(riskParams.maxPositions);
            }
            acct.positionBits |= uint128(1) << m.slot;
            index = PositionMath.settledIndex(m.cumFunding);
        }
        newSize = oldSize + size;
        uint256 entryNano = PositionMath.averageEntryNano(oldSize, pos.entryNano, size, price);
        pos.size = SafeCastLib.toUint96(newSize);
        pos.entryNano = SafeCastLib.toUint80(entryNano);
        pos.fundingIndexNano = uint80(index / NANO);
        m.openInterest += uint128(size);
        m.costBasis += uint128(F.mulWadUp(size, price));
        m.fundingBasis += uint128(F.mulWad(size, index));
        activeMarketBits[m.token] |= 1 << m.slot;
        openInterestByUnderlying[m.token][m.underlying] += uint128(size);
    }

    /// @dev Removes `size` from a position at `price`, updating the aggregates; returns the realised PnL.
    function _reduce(Account storage acct, Market storage m, PackedPosition storage pos, uint256 size, uint256 price)
        internal
        returns (int256 pnl)
    {
        uint256 entry = uint256(pos.entryNano) * NANO;
        pnl = PositionMath.pnl(size, price, entry);
        m.openInterest -= uint128(size);
        m.costBasis -= uint128(F.min(F.mulWadUp(size, entry), m.costBasis));
        m.fundingBasis -= uint128(F.min(F.mulWad(size, uint256(pos.fundingIndexNano) * NANO), m.fundingBasis));
        openInterestByUnderlying[m.token][m.underlying] -= uint128(size);
        if (m.openInterest == 0) {
            activeMarketBits[m.token] &= ~(uint256(1) << m.slot);
            m.costBasis = 0; // rounding dust belongs to nobody once the book is flat
            m.fundingBasis = 0;
        }
        uint256 left = pos.size - size;
        if (left == 0) {
            delete pos.size;
            delete pos.entryNano;
            delete pos.fundingIndexNano;
            acct.positionBits &= ~(uint128(1) << m.slot);
        } else {
            pos.size = uint96(left);
        }
    }

    /// @dev Price and fee of a trade of `size` now. Opening is refused beyond the close-only range.
    function _tradeQuote(Ctx memory ctx, Market storage m, uint256 marketId, uint256 size, bool isOpen)
        internal
        returns (uint256 price, uint256 fee)
    {
        uint8 u = m.underlying;
        uint256 spot = _requireFreshSpot(ctx, u);
        if (isOpen && _distanceBps(m.strike, spot) > riskParams.closeOnlyRangeBps) revert CloseOnlyMarket(marketId);
        _accrue(ctx, m, marketId);
        uint256 oiAfter = isOpen ? m.openInterest + size : m.openInterest - size;
        (price,) = _markAt(ctx, m, oiAfter);
        fee = MarginMath.takerFee(spot, price, size, riskParams);
    }

    // ================================================================== internals: money

    /// @dev Charges a fee or funding (USD) to the margin and splits it 70/20/10; returns the X taken.
    function _collectSplit(Ctx memory ctx, address trader, Account storage acct, uint256 usd)
        internal
        returns (uint256 taken)
    {
        taken = _take(ctx, trader, acct, usd);
        if (taken == 0) return 0;
        uint256 toMain = taken * riskParams.mainShareBps / BPS;
        uint256 toInsurance = taken * riskParams.insuranceShareBps / BPS;
        uint256 toTreasury = taken - toMain - toInsurance;
        Ledger storage l = _ledger[ctx.token];
        l.pendingMain += uint128(toMain);
        l.pendingInsurance += uint128(toInsurance);
        l.pendingTreasury += uint128(toTreasury);
        emit FeesDistributed(ctx.token, toMain, toInsurance, toTreasury);
    }

    function _collectFee(Ctx memory ctx, address trader, Account storage acct, uint256 feeUsd) internal {
        if (feeUsd != 0) _collectSplit(ctx, trader, acct, feeUsd);
    }

    /// @dev Realised PnL: a loss goes to the main vault in kind; a profit is paid by the vaults.
    function _settlePnl(Ctx memory ctx, address trader, Account storage acct, int256 pnlUsd) internal {
        if (pnlUsd < 0) {
            _ledger[ctx.token].pendingMain += uint128(_take(ctx, trader, acct, uint256(-pnlUsd)));
        } else if (pnlUsd > 0) {
            // Paid at the higher credible price: a profit never buys more tokens than it would after the reopening.
            _payProfit(ctx, trader, acct, F.divWad(uint256(pnlUsd), ctx.stock.payoutPrice));
        }
    }

    /// @dev Takes `usd` worth of X (rounded up) from the margin; what the margin lacks is bad debt, paid by the
    ///      insurance vault to the main vault, the rest absorbed by the main vault.
    function _take(Ctx memory ctx, address trader, Account storage acct, uint256 usd) internal returns (uint256 taken) {
        uint256 amount = F.divWadUp(usd, ctx.stock.settlementPrice);
        uint256 available = acct.collateral;
        taken = amount < available ? amount : available;
        acct.collateral = uint128(available - taken);
        _ledger[ctx.token].totalCollateral -= uint128(taken);
        if (amount > taken) {
            uint256 shortfall = amount - taken;
            badDebt[ctx.token] += shortfall;
            TokenConfig storage c = tokenConfig[ctx.token];
            uint256 covered = IInsuranceVault(c.insuranceVault).coverShortfall(c.mainVault, shortfall);
            emit BadDebt(ctx.token, trader, shortfall, covered);
        }
    }

    /// @dev Pays a profit in X: first from what is pending to the main vault, then from the main vault, then
    ///      from the insurance vault; anything left unpaid is recorded.
    function _payProfit(Ctx memory ctx, address trader, Account storage acct, uint256 amount) internal {
        address token = ctx.token;
        uint256 fromPending = F.min(amount, _ledger[token].pendingMain);
        _ledger[token].pendingMain -= uint128(fromPending);
        uint256 paid = fromPending;
        TokenConfig storage c = tokenConfig[token];
        if (paid < amount) paid += IMainVault(c.mainVault).payToEngine(amount - paid);
        if (paid < amount) paid += IInsuranceVault(c.insuranceVault).coverShortfall(address(this), amount - paid);
        if (paid < amount) {
            unpaidProfit[token] += amount - paid;
            emit ProfitShortfall(token, trader, amount - paid);
        }
        acct.collateral += SafeCastLib.toUint128(paid);
        _ledger[token].totalCollateral += SafeCastLib.toUint128(paid);
    }

    // ================================================================== internals: checks

    function _requireInitialMargin(Ctx memory ctx, address trader, Account storage acct) internal view {
        for (uint8 u; u < 2; ++u) {
            if (openInterestByUnderlying[ctx.token][u] != 0 && _hasUnderlying(ctx.token, acct.positionBits, u)) {
                _requireFreshSpot(ctx, u);
            }
        }
        if (!ctx.stock.refFresh) oracleHub.refPrice(ctx.token); // reverts StalePrice(<feed name>)
        if (ctx.stock.dexPrice == 0) revert OracleHub.PegUnavailable(ctx.token); // no TWAP: no new exposure
        Health memory h = _health(ctx, trader, acct, false);
        if (h.equityInitial < int256(h.initialMargin)) revert InsufficientMargin(h.equityInitial, h.initialMargin);
    }

    function _requireExposureCaps(Ctx memory ctx, uint256 marketId, Market storage m) internal view {
        uint256 capUsd = ctx.capitalUsd * riskParams.oiCapBps / BPS;
        if (!ctx.stock.marketOpen) capUsd = capUsd * riskParams.closedOiCapBps / BPS;
        uint256 notional = F.mulWad(m.openInterest, ctx.spot[m.underlying]);
        if (notional > capUsd) revert OpenInterestCapExceeded(marketId, notional, capUsd);
        ctx.utilizationLoaded = false; // exposure just changed
        uint256 util = _utilization(ctx);
        if (util > uint256(riskParams.maxUtilizationBps) * WAD / BPS) revert UtilizationTooHigh(util);
    }

    function _requireSettlementPrice(Ctx memory ctx) internal pure {
        if (ctx.stock.settlementPrice == 0) revert PriceUnavailable(ctx.token);
    }

    function _requireFreshSpot(Ctx memory ctx, uint8 u) internal view returns (uint256 spot) {
        spot = _spot(ctx, u);
        _sigma(ctx, u);
        if (!ctx.fresh[u]) {
            // Re-read through the reverting getters so the error names the stale feed.
            oracleHub.underlyingPrice(OracleHub.Underlying(u));
            oracleHub.volatility(OracleHub.Underlying(u));
        }
    }

    function _hasUnderlying(address token, uint256 bits, uint8 u) internal view returns (bool) {
        while (bits != 0) {
            if (_markets[marketIdAt[token][uint8(LibBit.ffs(bits))]].underlying == u) return true;
            bits &= bits - 1;
        }
        return false;
    }

    // ================================================================== internals: valuation

    /// @dev Health as `liquidate` judges it, and as every view shows it. An underlying whose price or σ is stale is
    ///      valued at whichever of its last price and that price moved by ± its stress size leaves the account the
    ///      most equity over maintenance: a stale feed never blocks liquidating an account that is insolvent at
    ///      every price the market can plausibly be at, and never liquidates one that might be solvent.
    ///      Health is additive across underlyings, so choosing each one's price on its own finds the best case.
    function _liquidationHealth(Ctx memory ctx, address trader, Account storage acct, bool includeUnpaid)
        internal
        view
        returns (Health memory)
    {
        for (uint8 u; u < 2; ++u) {
            if (openInterestByUnderlying[ctx.token][u] == 0 || !_hasUnderlying(ctx.token, acct.positionBits, u)) {
                continue;
            }
            _sigma(ctx, u); // σ used and utilisation at the last price, before the price is varied
            if (ctx.fresh[u]) continue;
            uint256 last = ctx.spot[u];
            if (last == 0) oracleHub.underlyingPrice(OracleHub.Underlying(u)); // nothing to value at: names the feed
            uint256 stress = underlyingParams[u].stressBps;
            uint256 bestSpot = last;
            int256 best = type(int256).min;
            for (uint256 i; i < 3; ++i) {
                uint256 candidate = i == 0 ? last * (BPS - stress) / BPS : i == 1 ? last : last * (BPS + stress) / BPS;
                ctx.spot[u] = candidate;
                ctx.theoKey = 0; // theo cached at another price
                Health memory c = _health(ctx, trader, acct, includeUnpaid);
                int256 cushion = c.equityMaintenance - int256(c.maintenanceMargin);
                if (cushion > best) (best, bestSpot) = (cushion, candidate);
            }
            ctx.spot[u] = bestSpot;
            ctx.theoKey = 0;
        }
        return _health(ctx, trader, acct, includeUnpaid);
    }

    /// @dev Equity = w · q_X · P_coll + Σ size · (theo − entry) − unpaid funding; IM and MM per SPEC §4.
    ///      A closed stock market cuts both weights by `closedWeightCutBps`.
    function _health(Ctx memory ctx, address trader, Account storage acct, bool includeUnpaid)
        internal
        view
        returns (Health memory h)
    {
        address token = ctx.token;
        uint256 bits = acct.positionBits;
        while (bits != 0) {
            uint256 id = marketIdAt[token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _addPositionHealth(ctx, h, _markets[id], _positions[trader][id], includeUnpaid);
        }
        _addCollateralEquity(ctx, h, acct.collateral);
    }

    /// @dev Weighted collateral (after paying unpaid funding out of it) plus PnL, with both weights (cut while the
    ///      market is closed).
    function _addCollateralEquity(Ctx memory ctx, Health memory h, uint256 collateral) internal view {
        TokenConfig storage c = tokenConfig[ctx.token];
        uint256 cut = ctx.stock.marketOpen ? 0 : riskParams.closedWeightCutBps;
        uint256 price = ctx.stock.collateralPrice;
        h.collateralValue = F.mulWad(collateral, price);
        uint256 unpaid = h.unpaidFunding;
        uint256 settle = ctx.stock.settlementPrice;
        if (unpaid != 0 && settle != 0) {
            // Value the account as the engine will on its next touch: funding is paid first, in X at P_settle,
            // out of the collateral (so it costs w · funding of weighted equity); what the collateral lacks
            // becomes the vaults' bad debt, not the trader's. The liquidation check then sees the same equity.
            collateral -= F.min(F.divWadUp(unpaid, settle), collateral);
            unpaid = 0;
        }
        h.equityInitial = _equity(collateral, price, _sub(c.initialWeightBps, cut), h.pnl, unpaid);
        h.equityMaintenance = _equity(collateral, price, _sub(c.maintenanceWeightBps, cut), h.pnl, unpaid);
    }

    function _addPositionHealth(
        Ctx memory ctx,
        Health memory h,
        Market storage m,
        PackedPosition storage pos,
        bool includeUnpaid
    ) internal view {
        uint256 spot = _spot(ctx, m.underlying);
        (uint256 theo,) = _theoAndDelta(ctx, m);
        uint256 size = pos.size;
        h.pnl += PositionMath.pnl(size, theo, uint256(pos.entryNano) * NANO);
        if (includeUnpaid) {
            // What the next settlement charges, by the same rule as `_settlePositionFunding`.
            uint256 cum = m.cumFunding + _intervalFundingPerUnit(ctx, m);
            h.unpaidFunding += PositionMath.fundingOwed(size, uint256(pos.fundingIndexNano) * NANO, cum);
        }
        h.initialMargin += MarginMath.initialMargin(size, theo, spot, riskParams);
        h.maintenanceMargin += MarginMath.maintenanceMargin(
            size, theo, EverlastingOption.intrinsic(m.isCall, spot, m.strike), spot, riskParams
        );
    }

    function _equity(uint256 collateral, uint256 price, uint256 weightBps, int256 pnl, uint256 unpaid)
        internal
        pure
        returns (int256)
    {
        return int256(MarginMath.weightedValue(collateral, price, weightBps)) + pnl - int256(unpaid);
    }

    /// @dev Accrues the market's funding, then stores the σ surcharge that the next interval is priced with.
    function _accrue(Ctx memory ctx, Market storage m, uint256 marketId) internal {
        _accrueIndex(ctx, m, marketId);
        _storeSigmaMultiplier(ctx, m);
    }

    /// @dev cumF_m += V(S̄, σ̄ used) · Δt / T, with S̄ and σ̄ the averages of spot and σ over the interval since the
    ///      last accrual (the hub's integrals) and the σ surcharge stored at the last touch. Who touches a market and
    ///      when moves nothing: the charge follows the prices over the interval, not the prices at its ends, and an
    ///      LP's deposit cannot reprice funding already accrued. Nothing accrues while the underlying is stale: the
    ///      interval waits for fresh prices (docs/decisions/004).
    function _accrueIndex(Ctx memory ctx, Market storage m, uint256 marketId) internal {
        if (m.lastFundingTime == block.timestamp) return;
        uint8 u = m.underlying;
        _spot(ctx, u);
        if (!ctx.fresh[u]) return;
        uint256 perUnit = _intervalFundingPerUnit(ctx, m);
        m.lastFundingTime = uint32(block.timestamp);
        m.spotCumAt = ctx.spotCum[u];
        m.volCumAt = ctx.volCum[u];
        if (perUnit != 0) {
            m.cumFunding += uint128(perUnit);
            emit FundingAccrued(marketId, m.cumFunding, ctx.spot[u]);
        }
    }

    /// @dev Funding per unit for the interval since the last accrual (USD, rounded up: the vault is owed the dust);
    ///      0 without open interest, before the first trade, or while the underlying is stale (nothing accrues then).
    ///      Funding is the option's time value over T: the skew premium is a one-off trade cost, never charged again.
    function _intervalFundingPerUnit(Ctx memory ctx, Market storage m) internal view returns (uint256) {
        uint8 u = m.underlying;
        _spot(ctx, u);
        uint256 dt = block.timestamp - m.lastFundingTime;
        if (dt == 0 || !ctx.fresh[u] || m.openInterest == 0 || m.sigmaMultiplierMicro == 0) return 0;
        uint256 avgSpot;
        uint256 avgVol;
        unchecked {
            // The integrals wrap modulo 2^64; their difference over the interval is exact.
            avgSpot = uint256(ctx.spotCum[u] - m.spotCumAt) * SPOT_UNIT / dt;
            avgVol = uint256(ctx.volCum[u] - m.volCumAt) * VOL_UNIT / dt;
        }
        if (avgSpot == 0) return 0;
        uint256 sigma = F.mulWadUp(F.max(avgVol, underlyingParams[u].sigmaFloorWad), uint256(m.sigmaMultiplierMicro) * 1e12);
        uint256 v = EverlastingOption.timeValue(avgSpot, m.strike, sigma, _tYears());
        return F.fullMulDivUp(v, dt, riskParams.fundingPeriod);
    }

    /// @dev The σ surcharge at current utilisation, kept for the market's next interval; not at a stale price.
    function _storeSigmaMultiplier(Ctx memory ctx, Market storage m) internal {
        _spot(ctx, m.underlying);
        if (!ctx.fresh[m.underlying]) return;
        uint256 micro = F.divUp(MarginMath.sigmaMultiplier(_utilization(ctx), volParams), 1e12);
        m.sigmaMultiplierMicro = uint32(F.min(micro, type(uint32).max));
    }

    /// @dev Skewed price per unit of `m` with the vault short `n` units, at the context's prices.
    function _markAt(Ctx memory ctx, Market storage m, uint256 n) internal view returns (uint256 price, uint256 theo) {
        int256 delta;
        (theo, delta) = _theoAndDelta(ctx, m);
        price = MarginMath.skewedPrice(
            theo, _abs(delta), ctx.spot[m.underlying], n, ctx.capitalUsd, riskParams.skewAlphaWad
        );
    }

    /// @dev Theo and delta of `m` at the context's prices, computed once per market per transaction: a trade
    ///      needs them for funding accrual, the trade price and the margin check.
    function _theoAndDelta(Ctx memory ctx, Market storage m) internal view returns (uint256 theo, int256 delta) {
        uint256 key;
        assembly ("memory-safe") {
            key := add(m.slot, 1)
        }
        if (ctx.theoKey == key) return (ctx.theo, ctx.delta);
        uint8 u = m.underlying;
        (theo, delta) = EverlastingOption.theoAndDelta(m.isCall, _spot(ctx, u), m.strike, _sigma(ctx, u), _tYears());
        (ctx.theoKey, ctx.theo, ctx.delta) = (key, theo, delta);
    }

    // ================================================================== internals: context

    function _context(address token) internal view returns (Ctx memory ctx) {
        ctx = _viewContext(token);
    }

    function _viewContext(address token) internal view returns (Ctx memory ctx) {
        ctx.token = token;
        ctx.stock = oracleHub.stockState(token);
        TokenConfig storage c = tokenConfig[token];
        address vault = c.mainVault;
        if (vault != address(0)) {
            // L leaves out what pending withdrawals claim: executing one (anyone may) then moves no price.
            uint256 held = IERC20(token).balanceOf(vault) + _ledger[token].pendingMain;
            uint256 reserve = c.withdrawalReserve;
            ctx.capital = held > reserve ? held - reserve : 0;
        }
        ctx.capitalUsd = F.mulWad(ctx.capital, ctx.stock.collateralPrice);
    }

    /// @dev Spot and oracle σ of an underlying, read together once per transaction.
    function _spot(Ctx memory ctx, uint8 u) internal view returns (uint256) {
        if (ctx.loaded & (uint8(1) << u) == 0) {
            (uint256 spot, bool spotFresh, uint256 vol, bool volFresh, uint64 spotCum, uint64 volCum) =
                oracleHub.underlyingState(OracleHub.Underlying(u));
            (ctx.spotCum[u], ctx.volCum[u]) = (spotCum, volCum);
            ctx.spot[u] = spot;
            ctx.sigma[u] = vol; // raw until _sigma applies the floor and the utilisation surcharge
            ctx.fresh[u] = spotFresh && volFresh;
            ctx.loaded |= uint8(1) << u;
        }
        return ctx.spot[u];
    }

    function _sigma(Ctx memory ctx, uint8 u) internal view returns (uint256) {
        if (ctx.loaded & (uint8(4) << u) == 0) {
            _spot(ctx, u);
            uint256 vol = ctx.sigma[u];
            ctx.sigma[u] = MarginMath.sigmaUsed(vol, underlyingParams[u].sigmaFloorWad, _utilization(ctx), volParams);
            ctx.loaded |= uint8(4) << u;
        }
        return ctx.sigma[u];
    }

    /// @dev locked = Σ_U stress_U · S_U · OI_U: an option's value moves at most as much as its underlying,
    ///      so this bounds the short book's loss under the stress move at O(1) cost.
    function _lockedUsd(Ctx memory ctx) internal view returns (uint256 locked) {
        for (uint8 u; u < 2; ++u) {
            uint256 oi = openInterestByUnderlying[ctx.token][u];
            if (oi != 0) locked += F.mulWadUp(oi, _spot(ctx, u)) * underlyingParams[u].stressBps / BPS;
        }
    }

    function _utilization(Ctx memory ctx) internal view returns (uint256) {
        if (!ctx.utilizationLoaded) {
            uint256 locked = _lockedUsd(ctx);
            ctx.utilization = locked == 0 ? 0 : ctx.capitalUsd == 0 ? type(uint64).max : F.divWadUp(locked, ctx.capitalUsd);
            ctx.utilizationLoaded = true;
        }
        return ctx.utilization;
    }

    function _tYears() internal view returns (uint256) {
        return uint256(riskParams.fundingPeriod) * WAD / SECONDS_PER_YEAR;
    }

    function _distanceBps(uint256 strike, uint256 spot) internal pure returns (uint256) {
        uint256 diff = strike > spot ? strike - spot : spot - strike;
        return diff * BPS / spot;
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x < 0 ? -x : x);
    }

    function _sub(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : 0;
    }
}

