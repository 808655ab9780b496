// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EngineBase} from "../core/EngineBase.sol";
import {IEngineErrors} from "../core/IEngineErrors.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {
    Market,
    Position,
    Account,
    RiskParams,
    UnderlyingParams,
    VolParams,
    LiquidationParams
} from "../core/EngineTypes.sol";

/// @title ILivestock
/// @notice The whole Livestock options engine behind one address and one type: trading and margin
///         (LivestockEngine), liquidation and governance (EngineExtension, through the engine's fallback), views
///         (EngineViews, through the extension's fallback), the public getters all inherit from EngineBase, and
///         Ownable2Step. Cast the engine address to this type only.
/// @dev Must declare exactly the union of the four parts' selectors: lib/engineInterface.test.ts checks it and names
///      every missing or extra signature. `Health` and `Quote` are EngineBase's own structs, so values returned here
///      are the types the engine's tests and lenses already use.
interface ILivestock is IEngineErrors {
    // ================================================================== errors raised below the engine

    /// @notice Caller is not the owner (Ownable).
    error OwnableUnauthorizedAccount(address account);
    /// @notice The zero address was given as owner (Ownable).
    error OwnableInvalidOwner(address owner);
    /// @notice A nonReentrant function was re-entered.
    error Reentrancy();
    /// @notice A token transfer failed.
    error SafeERC20FailedOperation(address token);
    /// @notice The OracleHub has no peg state for a stock token.
    error PegUnavailable(address stock);
    /// @notice The option pricing got an input out of its domain.
    error InvalidPricingInput();

    // ================================================================== events

    event TokenListed(address indexed token, uint16 initialWeightBps, uint16 maintenanceWeightBps);
    event VaultsSet(address indexed token, address mainVault, address insuranceVault);
    event MarketListed(uint256 indexed marketId, address indexed token, uint8 underlying, bool isCall, uint256 strike);
    event Deposited(address indexed trader, address indexed token, uint256 amount);
    event Withdrawn(address indexed trader, address indexed token, uint256 amount);
    event PositionTraded(
        address indexed trader,
        uint256 indexed marketId,
        int256 size,
        uint256 price,
        uint256 feeUsd,
        int256 newSize,
        int256 pnlUsd
    );
    event FundingReceived(address indexed trader, address indexed token, uint256 fundingUsd, uint256 amountX);
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
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ================================================================== margin and trading (LivestockEngine)

    /// @notice Deposit `amount` of stock token `token` as margin.
    function deposit(address token, uint256 amount) external;

    /// @notice Deposit with an EIP-2612 permit instead of a prior approve.
    function depositWithPermit(address token, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Withdraw margin; the account must still meet initial margin afterwards, and have no pending order.
    function withdraw(address token, uint256 amount) external;

    /// @notice Buy (`size` > 0) or sell (`size` < 0) `|size|` units for `trader`, the vault on the other side;
    ///         `limitPrice` is the highest price of a buy, the lowest of a sell (the order router only, once set;
    ///         else the trader). A reduce-only trade is never blocked by the pause, peg or a closed market.
    function trade(address trader, uint256 marketId, int256 size, uint256 limitPrice)
        external
        returns (uint256 price);


    /// @notice Move pending amounts of `token` to the main vault, insurance vault and treasury. Anyone may call.
    function sweep(address token) external;

    /// @notice Value of the main vault's short book in `token`: funding receivable minus traders' unrealised profit.
    function bookValue(address token) external view returns (int256);

    /// @notice Stress loss of the short book in units of `token`, valued at P_coll.
    function lockedValue(address token) external view returns (uint256);

    /// @notice The EngineExtension holding liquidation and governance; unknown selectors are delegated to it.
    function extension() external view returns (address);

    /// @notice The EngineViews holding the read-only views; the extension delegates unknown selectors to it.
    function views() external view returns (address);

    /// @notice The EngineGovernance holding listing and parameters; the views delegate unknown selectors to it.
    function governance() external view returns (address);

    // ================================================================== shared state (EngineBase, both halves)

    /// @notice The OracleHub the engine reads prices, volatility and peg states from.
    function oracleHub() external view returns (OracleHub);

    /// @notice Receiver of the protocol's share of fees and funding.
    function treasury() external view returns (address);

    /// @notice May pause and resume new positions (as may the owner).
    function guardian() external view returns (address);

    /// @notice True while new positions are stopped; closing, withdrawing and liquidating continue.
    function paused() external view returns (bool);

    /// @notice The volatility surcharge: σ used = max(σ_oracle, floor) × (1 + base + slope · excess utilisation).
    function volParams() external view returns (uint64 baseWad, uint64 slopeWad, uint64 kinkWad);

    /// @notice The liquidation reward parameters: reward = min(cap, base + share · (remaining equity − base)).
    function liquidationParams()
        external
        view
        returns (uint128 rewardBaseUsd, uint128 rewardCapUsd, uint16 rewardShareBps);

    /// @notice An underlying's (0 BTC, 1 ETH) strike step, σ floor and stress move.
    function underlyingParams(uint8 underlying)
        external
        view
        returns (uint128 strikeStep, uint64 sigmaFloorWad, uint16 stressBps);

    /// @notice A settlement token's listing, margin weights, vaults and withdrawal reserve.
    function tokenConfig(address token)
        external
        view
        returns (
            bool listed,
            uint16 initialWeightBps,
            uint16 maintenanceWeightBps,
            uint8 marketCount,
            address mainVault,
            address insuranceVault,
            uint96 withdrawalReserve
        );

    /// @notice Market id of keccak256(abi.encode(token, underlying, isCall, strike)); 0 if not listed.
    function marketIdByKey(bytes32 key) external view returns (uint256 marketId);

    /// @notice Market id at a token's position-bitmap slot.
    function marketIdAt(address token, uint8 slot) external view returns (uint256 marketId);

    /// @notice Bitmap of a token's market slots with open interest.
    function activeMarketBits(address token) external view returns (uint256 bits);

    /// @notice Σ over a token's markets of |the vault's net position| per underlying (0 BTC, 1 ETH), in units.
    function netExposureByUnderlying(address token, uint256 underlying) external view returns (uint128 size);

    /// @notice Σ over a token's markets of the traders' short open interest per underlying (0 BTC, 1 ETH), in units.
    function shortInterestByUnderlying(address token, uint256 underlying) external view returns (uint256 size);


    /// @notice Losses traders could not pay, in X: covered by the insurance vault, then absorbed by the main vault.
    function badDebt(address token) external view returns (uint256);

    /// @notice Profits the vaults could not pay traders, in X (should stay 0: utilisation caps prevent it).
    function unpaidProfit(address token) external view returns (uint256);

    /// @notice The two-step order router (address(0): direct calls by traders, push-feed deployments only).
    function orderRouter() external view returns (address);

    /// @notice X owed to the main vault of `token` (its share of fees and funding, and trader losses), not yet swept.
    function pendingMain(address token) external view returns (uint256);

    /// @notice X owed to the insurance vault of `token`, not yet swept.
    function pendingInsurance(address token) external view returns (uint256);

    /// @notice X owed to the treasury, not yet swept.
    function pendingTreasury(address token) external view returns (uint256);

    /// @notice Σ of every account's collateral in `token`.
    function totalCollateral(address token) external view returns (uint256);

    // ================================================================== ownership (Ownable2Step)

    /// @notice The governance address.
    function owner() external view returns (address);

    /// @notice The address `transferOwnership` named, until it accepts.
    function pendingOwner() external view returns (address);

    /// @notice Start a two-step ownership transfer to `newOwner`. Owner only.
    function transferOwnership(address newOwner) external;

    /// @notice The pending owner takes ownership.
    function acceptOwnership() external;

    /// @notice Leave the engine without an owner, disabling governance. Owner only.
    function renounceOwnership() external;

    // ================================================================== governance, liquidation and funding upkeep (EngineExtension)

    /// @notice Accept a stock token as margin and settlement asset, with its initial and maintenance weights.
    function listToken(address token, uint16 initialWeightBps, uint16 maintenanceWeightBps) external;

    /// @notice Set the main and insurance vaults of a token (both ERC4626 on the token).
    function setVaults(address token, address mainVault, address insuranceVault) external;

    /// @notice List a market on the strike grid within ±listRange of spot; returns its id (ids start at 1).
    function listMarket(address token, uint8 underlying, bool isCall, uint256 strike)
        external
        returns (uint256 marketId);

    /// @notice Replace the trading and risk parameters. Funding accrued so far is charged at the old ones first.
    function setRiskParams(RiskParams calldata p) external;

    /// @notice Replace the volatility surcharge parameters. Funding accrued so far is charged at the old ones first.
    function setVolParams(VolParams calldata p) external;

    /// @notice Replace the liquidation reward parameters.
    function setLiquidationParams(LiquidationParams calldata p) external;

    /// @notice Replace an underlying's strike step, σ floor and stress move; funding so far accrues at the old floor.
    function setUnderlyingParams(uint8 underlying, UnderlyingParams calldata p) external;

    /// @notice Set the treasury and the guardian (who may pause).
    function setRoles(address treasury_, address guardian_) external;

    /// @notice Route every open, close and liquidation through `orderRouter_`.
    function setOrderRouter(address orderRouter_) external;

    /// @notice Stop (or resume) new positions. Guardian or owner. Closing, withdrawing and liquidating continue.
    function setPaused(bool paused_) external;

    /// @notice The main vault of `token` reports the X its pending withdrawal requests claim. Main vault only.
    function setWithdrawalReserve(address token, uint256 reserve) external;


    /// @notice Liquidate an account below maintenance margin: every position, long or short, closes at theo;
    ///         `liquidator` earns a bounded reward (the order router only, once set; else the liquidator itself).
    function liquidate(address trader, address token, address liquidator) external;

    /// @notice Accrue and re-price the funding of every market of `token` with open interest. Anyone may call.
    function accrueFunding(address token) external;

    // ================================================================== views (EngineViews)

    /// @notice The trading and risk parameters.
    function getRiskParams() external view returns (RiskParams memory);

    /// @notice A market's static data and aggregates.
    function market(uint256 marketId) external view returns (Market memory);

    /// @notice A market's settlement token and underlying (one storage read).
    function marketToken(uint256 marketId) external view returns (address token, uint8 underlying);

    /// @notice Number of listed markets (ids are 1…marketCount).
    function marketCount() external view returns (uint256);

    /// @notice A trader's position in a market.
    function position(address trader, uint256 marketId) external view returns (Position memory);

    /// @notice A trader's margin account for a token: collateral and the bitmap of market slots with positions.
    function account(address trader, address token) external view returns (Account memory);

    /// @notice Market ids of an account's open positions.
    function positionIds(address trader, address token) external view returns (uint256[] memory ids);

    /// @notice Account health as `liquidate` judges it now: equity (both weights), IM, MM, PnL, unpaid funding.
    function accountHealth(address trader, address token) external view returns (EngineBase.Health memory);

    /// @notice Account health if `underlying` traded at `spot` (all else equal), for liquidation-price searches.
    function accountHealthAtSpot(address trader, address token, uint8 underlying, uint256 spot)
        external
        view
        returns (EngineBase.Health memory);

    /// @notice Quote for buying (`isBuy`) or selling `size` units now: price with skew, fee, theo, delta, spot.
    function quote(uint256 marketId, uint256 size, bool isBuy) external view returns (EngineBase.Quote memory q);


    /// @notice Margin per position (standalone) and per underlying group (with offsets, standalone sum, max loss).
    function marginBreakdown(address trader, address token)
        external
        view
        returns (EngineBase.PositionMargin[] memory positions, EngineBase.GroupMargin[2] memory groups);

    /// @notice Health if `size` (signed) of `marketId` traded now at the quote, the fee paid; and the quote.
    function previewTrade(address trader, uint256 marketId, int256 size)
        external
        view
        returns (EngineBase.Health memory h, EngineBase.Quote memory q);

    /// @notice Cumulative funding per unit of a market as of now (USD, 18 decimals): what the next touch accrues to.
    function currentCumFunding(uint256 marketId) external view returns (uint256);

    /// @notice Utilisation of the main vault of `token`: locked stress loss / L (less pending withdrawals), WAD.
    function utilization(address token) external view returns (uint256);
}
