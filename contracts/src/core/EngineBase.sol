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
import {PortfolioMargin} from "./PortfolioMargin.sol";
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
        bool refuseBadDebt; // a trade or withdrawal: only liquidation may leave a loss the margin cannot pay
        uint256 sigmaStored; // bit per market slot: σ surcharge stored at this context's utilisation already
        uint256 theoKey; // storage slot of the market whose theo/delta are cached below, plus one
        uint256 theo;
        int256 delta;
    }

    /// @notice The health of an account, all USD (18 decimals).
    struct Health {
        uint256 collateralValue; // q_X · P_coll, unweighted
        int256 equityInitial; // initial weight · (collateral − unpaid funding in X) + PnL (negative when bankrupt)
        int256 equityMaintenance; // same with the maintenance weight
        int256 pnl; // Σ signed size · (theo − entry)
        uint256 unpaidFunding; // funding the longs owe since their last settlement (USD)
        uint256 fundingReceivable; // funding the shorts will receive at their next settlement (USD)
        uint256 initialMargin; // portfolio IM: per underlying, offsets recognised (PortfolioMargin)
        uint256 maintenanceMargin;
    }

    /// @notice One position's standalone margin (before offsets).
    struct PositionMargin {
        uint256 marketId;
        uint8 underlying;
        int256 size;
        uint256 mark; // theo now
        uint256 initialMargin;
        uint256 maintenanceMargin;
    }

    /// @notice An underlying's group: the account's requirement on it with offsets, the sum of its legs' standalone
    ///         IM, and its maximum loss (when bounded).
    struct GroupMargin {
        uint256 initialMargin;
        uint256 maintenanceMargin;
        uint256 standaloneIm;
        bool maxLossBounded;
        uint256 maxLoss;
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
    mapping(address token => uint256 bits) public activeMarketBits; // markets with open positions, either side
    /// @notice Per token and underlying: Σ over markets of |the vault's net position| (units, 18 decimals), the
    ///         size its stress loss (utilisation) is computed on, in either direction. Both in one slot.
    mapping(address token => uint128[2] size) public netExposureByUnderlying;

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
    /// @dev Per token and underlying: the traders' short open interest summed over its markets (underlying units,
    ///      18 decimals), bounded by `shortGrossCapBps` of capital (docs/decisions/014). Read through EngineViews: a
    ///      public getter would be compiled into every module.
    mapping(address token => mapping(uint256 underlying => uint256 size)) internal _shortInterestByUnderlying;

    event TokenListed(address indexed token, uint16 initialWeightBps, uint16 maintenanceWeightBps);
    event VaultsSet(address indexed token, address mainVault, address insuranceVault);
    event MarketListed(uint256 indexed marketId, address indexed token, uint8 underlying, bool isCall, uint256 strike);
    event Deposited(address indexed trader, address indexed token, uint256 amount);
    event Withdrawn(address indexed trader, address indexed token, uint256 amount);
    /// @notice A trade: `size` > 0 bought, < 0 sold; `newSize` the signed position after it; `pnlUsd` realised on
    ///         the part that reduced the position (0 when it only grew).
    event PositionTraded(
        address indexed trader,
        uint256 indexed marketId,
        int256 size,
        uint256 price,
        uint256 feeUsd,
        int256 newSize,
        int256 pnlUsd
    );
    event FundingSettled(address indexed trader, address indexed token, uint256 fundingUsd, uint256 amountX);
    /// @notice Funding paid to a trader's shorts (USD owed, X credited).
    event FundingReceived(address indexed trader, address indexed token, uint256 fundingUsd, uint256 amountX);
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

    /// @dev Settles every position's funding at the market's accrued index: longs pay (split 70/20/10), shorts
    ///      receive the main vault's share, paid like a profit (docs/decisions/014).
    function _settleFunding(Ctx memory ctx, address trader, Account storage acct, uint256 bits) internal {
        uint256 owed;
        uint256 received;
        uint256 mainShare = riskParams.mainShareBps;
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            Market storage m = _markets[id];
            _accrue(ctx, m, id);
            (uint256 o, uint256 r) = _settlePositionFunding(m, _positions[trader][id], mainShare);
            (owed, received) = (owed + o, received + r);
        }
        // Paid before what the longs owe is taken: an account short BTC and long ETH nets, never goes bad first.
        _creditFundingReceived(ctx, trader, acct, received);
        _chargeFundingOwed(ctx, trader, acct, owed);
    }

    /// @dev Pays a short's settled funding (USD) into the margin at P_payout, like a profit.
    function _creditFundingReceived(Ctx memory ctx, address trader, Account storage acct, uint256 received) internal {
        if (received == 0) return;
        uint256 paid = _payProfit(ctx, trader, acct, F.divWad(received, ctx.stock.payoutPrice));
        emit FundingReceived(trader, ctx.token, received, paid);
    }

    /// @dev Takes a long's settled funding (USD) from the margin, split 70/20/10.
    function _chargeFundingOwed(Ctx memory ctx, address trader, Account storage acct, uint256 owed) internal {
        if (owed == 0) return;
        uint256 taken = _collectSplit(ctx, trader, acct, owed);
        emit FundingSettled(trader, ctx.token, owed, taken);
    }

    /// @dev Accrues the funding of the markets in `bits` (slots of the context's token).
    function _accrueSlots(Ctx memory ctx, uint256 bits) internal {
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _accrue(ctx, _markets[id], id);
        }
    }

    /// @dev Moves a position's funding index to the market's; returns what a long owes or a short receives (USD).
    ///      The market's signed basis follows, so that Σ signed size · (cumF − index) = N · cumF − basis stays exact.
    function _settlePositionFunding(Market storage m, PackedPosition storage pos, uint256 mainShare)
        internal
        returns (uint256 owed, uint256 received)
    {
        uint256 cum = m.cumFunding;
        uint256 index = uint256(pos.fundingIndexNano) * NANO;
        uint256 newIndex = PositionMath.settledIndex(cum);
        if (newIndex <= index) return (0, 0);
        int256 size = pos.size;
        m.fundingBasis += _toInt128(_signedWad(size, newIndex) - _signedWad(size, index));
        pos.fundingIndexNano = uint80(newIndex / NANO);
        if (size > 0) owed = PositionMath.funding(uint256(size), true, index, cum);
        else received = PositionMath.fundingReceived(uint256(-size), index, cum, mainShare);
    }

    /// @dev Applies a signed trade of `delta` at `price` to a position and the market's aggregates: reduces the
    ///      position first (realising PnL), then opens the rest on the trade's side (a flip). Returns the realised
    ///      PnL, the new size and whether the vault's net exposure in the market grew.
    function _applyTrade(Account storage acct, Market storage m, PackedPosition storage pos, int256 delta, uint256 price)
        internal
        returns (int256 pnl, int256 newSize, uint256 grownExposure)
    {
        int256 netBefore = _net(m);
        int256 old = pos.size;
        if (old != 0 && (old > 0) != (delta > 0)) {
            int256 closing = _abs(delta) < _abs(old) ? -delta : old;
            pnl = _reducePosition(acct, m, pos, closing, price);
            delta += closing;
        }
        if (delta != 0) _increasePosition(acct, m, pos, delta, price);
        newSize = pos.size;
        grownExposure = _updateExposure(m, netBefore);
    }

    /// @dev Grows a position (or opens one) by signed `delta` on its own side at `price`.
    function _increasePosition(
        Account storage acct,
        Market storage m,
        PackedPosition storage pos,
        int256 delta,
        uint256 price
    ) internal {
        int256 old = pos.size;
        bool isLong = delta > 0;
        uint256 index = uint256(pos.fundingIndexNano) * NANO;
        if (old == 0) {
            if (LibBit.popCount(acct.positionBits) >= riskParams.maxPositions) {
                revert TooManyPositions(riskParams.maxPositions);
            }
            acct.positionBits |= uint128(1) << m.slot;
            index = PositionMath.openingIndex(m.cumFunding, isLong);
        } else if (!isLong) {
            // A growing short moves to the index rounded up, so the added size receives nothing of the current
            // nano-dollar (found by invariant_shortsReceiveTheMainShareOfFundingNeverMore); the held part forgoes
            // under 1e-9 USD per unit.
            uint256 up = PositionMath.openingIndex(m.cumFunding, false);
            if (up != index) {
                m.fundingBasis += _toInt128(_signedWad(old, up) - _signedWad(old, index));
                index = up;
            }
        }
        uint256 q = _abs(delta);
        // One write of the position's one slot (size, entry and index together).
        _writePosition(
            pos,
            SafeCastLib.toInt96(old + delta),
            SafeCastLib.toUint80(PositionMath.averageEntryNano(_abs(old), pos.entryNano, q, price, isLong)),
            SafeCastLib.toUint80(index / NANO)
        );
        if (isLong) {
            m.longOpenInterest = SafeCastLib.toUint80(uint256(m.longOpenInterest) + q);
        } else {
            m.shortOpenInterest = SafeCastLib.toUint80(uint256(m.shortOpenInterest) + q);
            unchecked {
                _shortInterestByUnderlying[m.token][m.underlying] += q; // Σ of uint80 market totals: no overflow
            }
        }
        m.costBasis += _toInt128(_signedWad(delta, price));
        m.fundingBasis += _toInt128(_signedWad(delta, index));
        activeMarketBits[m.token] |= 1 << m.slot;
    }

    /// @dev Takes signed `part` (same side as the position, |part| ≤ |size|) off a position at `price`; returns the
    ///      realised PnL.
    function _reducePosition(
        Account storage acct,
        Market storage m,
        PackedPosition storage pos,
        int256 part,
        uint256 price
    ) internal returns (int256 pnl) {
        uint256 entry = uint256(pos.entryNano) * NANO;
        pnl = PositionMath.pnl(part, price, entry);
        uint256 q = _abs(part);
        if (part > 0) {
            m.longOpenInterest -= uint80(q);
        } else {
            m.shortOpenInterest -= uint80(q);
            unchecked {
                _shortInterestByUnderlying[m.token][m.underlying] -= q; // q ≤ this market's part of the sum
            }
        }
        m.costBasis -= _toInt128(_signedWad(part, entry));
        m.fundingBasis -= _toInt128(_signedWad(part, uint256(pos.fundingIndexNano) * NANO));
        if (m.longOpenInterest == 0 && m.shortOpenInterest == 0) {
            activeMarketBits[m.token] &= ~(uint256(1) << m.slot);
            m.costBasis = 0; // rounding dust belongs to nobody once the book is flat
            m.fundingBasis = 0;
        }
        int256 left = pos.size - part;
        if (left == 0) {
            _writePosition(pos, 0, 0, 0);
            acct.positionBits &= ~(uint128(1) << m.slot);
        } else {
            pos.size = int96(left);
        }
    }

    /// @dev Stores a position's one slot in one SSTORE (field by field would write it three times).
    function _writePosition(PackedPosition storage pos, int96 size, uint80 entryNano, uint80 indexNano) internal {
        assembly ("memory-safe") {
            // Layout of PackedPosition: size in bits 0–95 (two's complement), entry 96–175, index 176–255.
            let packed := or(
                and(size, 0xffffffffffffffffffffffff), or(shl(96, entryNano), shl(176, indexNano))
            )
            sstore(pos.slot, packed)
        }
    }

    /// @dev Moves the underlying's Σ |net| by the change of this market's |net|; returns the market's new |net|
    ///      when it grew, 0 when it did not.
    function _updateExposure(Market storage m, int256 netBefore) internal returns (uint256 grown) {
        uint256 before = _abs(netBefore);
        uint256 after_ = _abs(_net(m));
        if (before == after_) return 0;
        uint128[2] storage e = netExposureByUnderlying[m.token];
        if (after_ > before) {
            e[m.underlying] += uint128(after_ - before);
            return after_;
        }
        e[m.underlying] -= uint128(before - after_);
    }

    /// @dev The traders' signed net size in a market: the vault's net short.
    function _net(Market storage m) internal view returns (int256) {
        return int256(uint256(m.longOpenInterest)) - int256(uint256(m.shortOpenInterest));
    }

    /// @dev signed size · price (USD), the magnitude rounded down: the one rule of both market bases.
    function _signedWad(int256 size, uint256 price) internal pure returns (int256) {
        return size >= 0 ? int256(F.mulWad(uint256(size), price)) : -int256(F.mulWad(uint256(-size), price));
    }

    function _toInt128(int256 x) internal pure returns (int128) {
        return SafeCastLib.toInt128(x);
    }

    /// @dev Price and fee of a signed trade of `delta` now. A trade that opens or grows a position is refused beyond
    ///      the close-only range.
    function _tradeQuote(Ctx memory ctx, Market storage m, uint256 marketId, int256 delta, bool opening)
        internal
        returns (uint256 price, uint256 fee)
    {
        uint8 u = m.underlying;
        uint256 spot = _requireFreshSpot(ctx, u);
        if (opening && _distanceBps(m.strike, spot) > riskParams.closeOnlyRangeBps) revert CloseOnlyMarket(marketId);
        _accrue(ctx, m, marketId);
        (price,) = _markAt(ctx, m, _net(m) + delta, delta > 0);
        RiskParams storage r = riskParams; // two fields, not a memory copy of all of them
        fee = MarginMath.takerFee(spot, price, _abs(delta), r.takerFeeSpotBps, r.takerFeeMarkCapBps);
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
            // A trade that realised a loss beyond the margin (closing a hedge's losing leg first, while the winning
            // leg still holds the gain) would hand that loss to the insurance vault and keep the gain: refused.
            if (ctx.refuseBadDebt) {
                revert InsufficientMargin(int256(F.mulWad(available, ctx.stock.settlementPrice)) - int256(usd), usd);
            }
            uint256 shortfall = amount - taken;
            badDebt[ctx.token] += shortfall;
            TokenConfig storage c = tokenConfig[ctx.token];
            uint256 covered = IInsuranceVault(c.insuranceVault).coverShortfall(c.mainVault, shortfall);
            emit BadDebt(ctx.token, trader, shortfall, covered);
        }
    }

    /// @dev Pays a profit in X: first from what is pending to the main vault, then from the main vault, then
    ///      from the insurance vault; anything left unpaid is recorded.
    function _payProfit(Ctx memory ctx, address trader, Account storage acct, uint256 amount)
        internal
        returns (uint256 paid)
    {
        address token = ctx.token;
        uint256 fromPending = F.min(amount, _ledger[token].pendingMain);
        _ledger[token].pendingMain -= uint128(fromPending);
        paid = fromPending;
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

    /// @param unsettled Whether some legs' funding is unsettled (a trade settles its own market only).
    function _requireInitialMargin(Ctx memory ctx, address trader, Account storage acct, bool unsettled)
        internal
        view
    {
        uint256 held = _heldUnderlyings(ctx.token, acct.positionBits);
        for (uint8 u; u < 2; ++u) {
            if (held & (1 << u) != 0) _requireFreshSpot(ctx, u);
        }
        if (!ctx.stock.refFresh) oracleHub.refPrice(ctx.token); // reverts StalePrice(<feed name>)
        if (ctx.stock.dexPrice == 0) revert OracleHub.PegUnavailable(ctx.token); // no TWAP: no new exposure
        Health memory h = _health(ctx, trader, acct, unsettled);
        if (h.equityInitial < int256(h.initialMargin)) revert InsufficientMargin(h.equityInitial, h.initialMargin);
    }

    /// @dev After a trade that grew the vault's |net| in the market to `absNet`.
    function _requireExposureCaps(Ctx memory ctx, uint256 marketId, Market storage m, uint256 absNet)
        internal
        view
    {
        _requireUnderOiCap(ctx, marketId, F.mulWad(absNet, ctx.spot[m.underlying]));
        ctx.utilizationLoaded = false; // exposure just changed
        ctx.sigmaStored = 0; // and with it the σ surcharge a touch would store
        uint256 util = _utilization(ctx);
        if (util > uint256(riskParams.maxUtilizationBps) * WAD / BPS) revert UtilizationTooHigh(util);
    }

    /// @dev After a trade that grew a short: the traders' gross short interest stays within the same OI cap. A
    ///      short's loss beyond its margin in a price gap is the vault's bad debt, and a long and a short account of
    ///      one owner net to nothing: without this, the net cap would not bound how much of that risk one can farm
    ///      (the long keeps the gap's gain, the short leaves its loss). Longs lose at most their value: no cap.
    ///      Per market that is the OI cap; summed over the underlying's markets, `shortGrossCapBps`: offsetting
    ///      pairs spread across strikes are bounded in total too.
    function _requireWriteCap(Ctx memory ctx, uint256 marketId, Market storage m) internal view {
        uint8 u = m.underlying;
        uint256 spot = ctx.spot[u];
        _requireUnderOiCap(ctx, marketId, F.mulWad(m.shortOpenInterest, spot));
        uint256 grossUsd = F.mulWad(_shortInterestByUnderlying[ctx.token][u], spot);
        uint256 capUsd = ctx.capitalUsd * riskParams.shortGrossCapBps / BPS;
        if (grossUsd > capUsd) revert ShortInterestCapExceeded(u, grossUsd, capUsd);
    }

    function _requireUnderOiCap(Ctx memory ctx, uint256 marketId, uint256 notional) internal view {
        uint256 capUsd = ctx.capitalUsd * riskParams.oiCapBps / BPS;
        if (!ctx.stock.marketOpen) capUsd = capUsd * riskParams.closedOiCapBps / BPS;
        if (notional > capUsd) revert OpenInterestCapExceeded(marketId, notional, capUsd);
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

    /// @dev Bit u set when the account holds a position on underlying u: one pass over its positions.
    function _heldUnderlyings(address token, uint256 bits) internal view returns (uint256 held) {
        while (bits != 0 && held != 3) {
            held |= 1 << _markets[marketIdAt[token][uint8(LibBit.ffs(bits))]].underlying;
            bits &= bits - 1;
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
        uint256 held = _heldUnderlyings(ctx.token, acct.positionBits);
        for (uint8 u; u < 2; ++u) {
            if (held & (1 << u) == 0) continue;
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

    /// @dev Equity = w · q_X · P_coll + Σ size · (theo − entry) − unpaid funding + funding receivable; IM and MM
    ///      per underlying by PortfolioMargin (SPEC §4, §9.4). A closed stock market cuts both weights by
    ///      `closedWeightCutBps`.
    function _health(Ctx memory ctx, address trader, Account storage acct, bool includeUnpaid)
        internal
        view
        returns (Health memory h)
    {
        uint256 bits = acct.positionBits;
        if (bits != 0 && bits & (bits - 1) == 0) {
            _addSingleLeg(ctx, h, trader, marketIdAt[ctx.token][uint8(LibBit.ffs(bits))], includeUnpaid);
        } else {
            PortfolioMargin.Book[2] memory books = _books(ctx, trader, acct, h, includeUnpaid);
            for (uint256 u; u < 2; ++u) {
                (uint256 im, uint256 mm,) = PortfolioMargin.requirements(books[u]);
                h.initialMargin += im;
                h.maintenanceMargin += mm;
            }
        }
        _addCollateralEquity(ctx, h, acct.collateral);
    }

    /// @dev An account with one position: its PnL, funding and margin by `PortfolioMargin.singleLeg`.
    function _addSingleLeg(Ctx memory ctx, Health memory h, address trader, uint256 id, bool includeUnpaid)
        internal
        view
    {
        Market storage m = _markets[id];
        PackedPosition storage pos = _positions[trader][id];
        (uint256 theo,) = _theoAndDelta(ctx, m);
        int256 size = pos.size;
        h.pnl += PositionMath.pnl(size, theo, uint256(pos.entryNano) * NANO);
        if (includeUnpaid) _addUnpaidFunding(ctx, h, m, pos);
        RiskParams memory r = riskParams;
        uint256 fundingDay = _fundingDay(ctx, m, size, theo, r);
        (h.initialMargin, h.maintenanceMargin) =
            PortfolioMargin.singleLeg(m.isCall, m.strike, size, theo, ctx.spot[m.underlying], fundingDay, r);
    }

    /// @dev The account's legs per underlying, with PnL and unpaid funding added to `h` on the way.
    function _books(Ctx memory ctx, address trader, Account storage acct, Health memory h, bool includeUnpaid)
        internal
        view
        returns (PortfolioMargin.Book[2] memory books)
    {
        uint256 bits = acct.positionBits;
        uint256 n = LibBit.popCount(bits);
        RiskParams memory r = riskParams; // one copy for every leg
        books[0] = PortfolioMargin.newBook(r, n);
        books[1] = PortfolioMargin.newBook(r, n);
        while (bits != 0) {
            uint256 id = marketIdAt[ctx.token][uint8(LibBit.ffs(bits))];
            bits &= bits - 1;
            _addLeg(ctx, h, books, _markets[id], _positions[trader][id], includeUnpaid);
        }
    }

    function _addLeg(
        Ctx memory ctx,
        Health memory h,
        PortfolioMargin.Book[2] memory books,
        Market storage m,
        PackedPosition storage pos,
        bool includeUnpaid
    ) internal view {
        PortfolioMargin.Book memory book = books[m.underlying];
        if (book.legCount == 0) book.spot = _spot(ctx, m.underlying); // only an underlying the account holds
        (uint256 theo,) = _theoAndDelta(ctx, m);
        int256 size = pos.size;
        h.pnl += PositionMath.pnl(size, theo, uint256(pos.entryNano) * NANO);
        if (includeUnpaid) _addUnpaidFunding(ctx, h, m, pos);
        uint256 fundingDay = _fundingDay(ctx, m, size, theo, book.r);
        PortfolioMargin.add(book, m.isCall, m.strike, size, theo, fundingDay);
    }

    /// @dev What the next settlement charges or credits the position, by the rules of `_settlePositionFunding`.
    function _addUnpaidFunding(Ctx memory ctx, Health memory h, Market storage m, PackedPosition storage pos)
        internal
        view
    {
        uint256 cum = m.cumFunding + _intervalFundingPerUnit(ctx, m);
        uint256 index = uint256(pos.fundingIndexNano) * NANO;
        int256 size = pos.size;
        if (size > 0) {
            h.unpaidFunding += PositionMath.funding(uint256(size), true, index, cum);
        } else {
            h.fundingReceivable +=
                PositionMath.fundingReceived(uint256(-size), index, cum, riskParams.mainShareBps);
        }
    }

    /// @dev A day of a long's funding at the current mark (kept in its maintenance margin); 0 for a short.
    function _fundingDay(Ctx memory ctx, Market storage m, int256 size, uint256 theo, RiskParams memory r)
        internal
        view
        returns (uint256)
    {
        if (size <= 0) return 0;
        uint256 intrinsicValue = EverlastingOption.intrinsic(m.isCall, ctx.spot[m.underlying], m.strike);
        return MarginMath.fundingOver(uint256(size), theo, intrinsicValue, r.mmFundingSeconds, r.fundingPeriod);
    }

    /// @dev Weighted collateral (after receiving and paying unsettled funding, as the next touch will) plus PnL,
    ///      with both weights (cut while the market is closed). Funding beyond the collateral counts in full.
    function _addCollateralEquity(Ctx memory ctx, Health memory h, uint256 collateral) internal view {
        TokenConfig storage c = tokenConfig[ctx.token];
        uint256 cut = ctx.stock.marketOpen ? 0 : riskParams.closedWeightCutBps;
        uint256 price = ctx.stock.collateralPrice;
        h.collateralValue = F.mulWad(collateral, price);
        uint256 unpaid = h.unpaidFunding;
        uint256 settle = ctx.stock.settlementPrice;
        if (h.fundingReceivable != 0 && ctx.stock.payoutPrice != 0) {
            collateral += F.divWad(h.fundingReceivable, ctx.stock.payoutPrice); // credited first, at P_payout
        }
        if (unpaid != 0 && settle != 0) {
            // Value the account as the engine will on its next touch: funding is paid first, in X at P_settle,
            // out of the collateral (so it costs w · funding of weighted equity); what the collateral lacks
            // becomes the vaults' bad debt, not the trader's. The liquidation check then sees the same equity.
            uint256 owedX = F.divWadUp(unpaid, settle);
            if (owedX <= collateral) {
                collateral -= owedX;
                unpaid = 0;
            } else {
                // A trade or withdrawal never leaves funding owed that the margin cannot pay: only liquidation may.
                if (ctx.refuseBadDebt) {
                    revert InsufficientMargin(int256(F.mulWad(collateral, settle)) - int256(unpaid), unpaid);
                }
                // What the collateral lacks is still owed, out of the account's PnL (liquidation realises PnL before
                // it takes funding): it stays in equity, unweighted, never forgiven (docs/decisions/016).
                unpaid -= F.mulWad(collateral, settle); // collateral < ⌈unpaid / settle⌉: no underflow
                collateral = 0;
            }
        }
        h.equityInitial = _equity(collateral, price, _sub(c.initialWeightBps, cut), h.pnl, unpaid);
        h.equityMaintenance = _equity(collateral, price, _sub(c.maintenanceWeightBps, cut), h.pnl, unpaid);
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
        // Settling funding and then quoting touch the same market twice at one utilisation: store once.
        if (ctx.sigmaStored & (1 << m.slot) != 0) return;
        _storeSigmaMultiplier(ctx, m);
        ctx.sigmaStored |= 1 << m.slot;
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
        if (dt == 0 || !ctx.fresh[u] || m.sigmaMultiplierMicro == 0) return 0;
        if (m.longOpenInterest == 0 && m.shortOpenInterest == 0) return 0;
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

    /// @dev Skewed price per unit of `m` with the traders net `netAfter` units after the trade, at the context's
    ///      prices; a buy's rounds up, a sell's down.
    function _markAt(Ctx memory ctx, Market storage m, int256 netAfter, bool buying)
        internal
        view
        returns (uint256 price, uint256 theo)
    {
        int256 delta;
        (theo, delta) = _theoAndDelta(ctx, m);
        price = MarginMath.skewedPrice(
            theo, _abs(delta), ctx.spot[m.underlying], netAfter, ctx.capitalUsd, riskParams.skewAlphaWad, buying
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

    /// @dev locked = Σ_U stress_U · S_U · Σ_m |N_m|: an option's value moves at most as much as its underlying, so
    ///      this bounds the vault's loss under the stress move, whichever side of each market it holds, at O(1) cost.
    function _lockedUsd(Ctx memory ctx) internal view returns (uint256 locked) {
        for (uint8 u; u < 2; ++u) {
            uint256 oi = netExposureByUnderlying[ctx.token][u];
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

