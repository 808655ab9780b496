// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC4626, ERC20, IERC20} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {ILivestockEngine} from "../interfaces/ILivestockEngine.sol";

/// @title LivestockVault
/// @notice ERC4626 vault over one stock token X. LPs deposit X while X's market is open and its peg healthy,
///         and leave through a request → cooldown → execute queue that charges an exit fee left to the LPs
///         who stay [Lyra market-maker vaults].
/// @dev Share math rounds against the user and in favour of the vault: OZ ERC4626 floors shares on deposit,
///      ceils assets on mint, floors assets on redeem; the exit fee and (main vault) utilisation round up.
///      A virtual-shares offset of 10^6 (`_decimalsOffset`) makes the first-depositor inflation attack cost the
///      attacker ~10^6 times what it steals [OpenZeppelin ERC4626 "decimals offset" docs; Morpho Blue
///      `SharesMathLib.VIRTUAL_SHARES = 1e6`]. Shares therefore have 18 + 6 = 24 decimals.
///      ERC20 share transfers are not guarded: they make no external call.
abstract contract LivestockVault is ERC4626, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Math for uint256;

    /// @notice Why entry or exit is paused; carried as `uint8` by `VaultEntryPaused` / `VaultExitPaused`.
    enum PauseReason {
        None,
        MarketClosed, // X's stock market is not open: P_ref is frozen (SPEC §2)
        PegNotHealthy, // |d| > 2% or the reference is stale (strained or broken)
        Insolvent, // main vault only: NAV before the floor is negative, a deposit would pay the book's debt
        PricesStale // main vault only: the book is valued at spot reports older than `navMaxAge`
    }

    /// @notice One pending withdrawal per owner; packed in one slot.
    struct WithdrawalRequest {
        uint192 shares; // escrowed in this contract
        uint64 readyAt; // first timestamp at which `executeWithdrawal` succeeds
        uint256 assetsAtRequest; // what the escrowed shares were worth when requested
    }

    uint256 internal constant BPS = 10_000;
    /// @notice Cooldown bounds: at least a minute (the local chain), at most 30 days.
    uint64 public constant MIN_COOLDOWN = 60;
    uint64 public constant MAX_COOLDOWN = 30 days;
    /// @notice The exit fee can be zero and at most 1%.
    uint16 public constant MAX_EXIT_FEE_BPS = 100;

    /// @notice Source of peg state and market status for X.
    OracleHub public immutable oracleHub;
    /// @notice The options engine: reports the pending amounts and the book valued in NAV, and is the only
    ///         caller of the engine hooks.
    ILivestockEngine public immutable engine;

    /// @notice Seconds between `requestWithdrawal` and the first possible `executeWithdrawal`.
    uint64 public cooldown;
    /// @notice Exit fee in basis points of the assets redeemed; it stays in the vault.
    uint16 public exitFeeBps;
    /// @notice Shares held by this contract on behalf of pending requests (Σ of `withdrawalRequest` shares).
    uint256 public totalEscrowedShares;
    /// @notice X that pending requests claim: Σ of what their shares were worth when requested (an exit pays at
    ///         most that). The main vault reports it to the engine, which leaves it out of the vault size L.
    uint256 public totalReservedAssets;

    mapping(address owner => WithdrawalRequest) internal _requests;

    /// @notice `shares` were added to `owner`'s request (the total is in `withdrawalRequest`); the whole
    ///         request becomes executable at `readyAt`.
    event WithdrawalRequested(address indexed owner, uint256 shares, uint64 readyAt);
    /// @notice `owner` took back `shares` of its request (all of it less the cancel fee).
    event WithdrawalCancelled(address indexed owner, uint256 shares);
    /// @notice The main vault burned `shares` of `owner`'s cancelled request: its exit fee, left to the LPs who stay.
    event CancelFeeCharged(address indexed owner, uint256 shares);
    /// @notice `caller` executed `owner`'s request: `shares` burned, `assets` (net) sent to `owner`, `fee` kept.
    ///         The standard ERC4626 `Withdraw` event is emitted too.
    event WithdrawalExecuted(
        address indexed owner, address indexed caller, uint256 shares, uint256 assets, uint256 fee
    );
    event CooldownSet(uint64 previous, uint64 current);
    event ExitFeeSet(uint16 previous, uint16 current);

    error ZeroAmount();
    error ZeroShares();
    error ZeroAddress();
    error VaultEntryPaused(uint8 reason);
    error VaultExitPaused(uint8 reason);
    error UseWithdrawalRequest();
    error NoWithdrawalRequest(address owner);
    error CooldownNotOver(uint64 readyAt);
    error InsufficientLiquidity(uint256 available, uint256 needed);
    error OnlyEngine();
    error CooldownOutOfBounds(uint64 cooldown);
    error ExitFeeOutOfBounds(uint16 exitFeeBps);

    modifier onlyEngine() {
        if (msg.sender != address(engine)) revert OnlyEngine();
        _;
    }

    /// @param asset_ The stock token X.
    /// @param name_ Share token name.
    /// @param symbol_ Share token symbol.
    /// @param hub The OracleHub where X is registered.
    /// @param engine_ The options engine.
    /// @param owner_ Governance.
    /// @param cooldown_ Withdrawal cooldown in seconds (local 60, production 3 days).
    /// @param exitFeeBps_ Exit fee in basis points (default 30 = 0.3%).
    constructor(
        IERC20 asset_,
        string memory name_,
        string memory symbol_,
        OracleHub hub,
        ILivestockEngine engine_,
        address owner_,
        uint64 cooldown_,
        uint16 exitFeeBps_
    ) ERC4626(asset_) ERC20(name_, symbol_) Ownable(owner_) {
        if (address(asset_) == address(0) || address(hub) == address(0) || address(engine_) == address(0)) {
            revert ZeroAddress();
        }
        oracleHub = hub;
        engine = engine_;
        _setCooldown(cooldown_);
        _setExitFee(exitFeeBps_);
    }

    // ------------------------------------------------------------------ entry

    /// @notice Deposit `assets` of X and receive vault shares.
    /// @dev Paused while X's market is closed or its peg is not healthy: entering at a frozen or depegged
    ///      price would let a depositor buy shares at a stale NAV. Shares are rounded down (against the user).
    /// @param assets Amount of X.
    /// @param receiver Who gets the shares.
    /// @return shares Shares minted.
    function deposit(uint256 assets, address receiver) public override nonReentrant returns (uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        _requireEntryOpen(); // stands in for OZ's maxDeposit check, which would read the oracle a second time
        shares = previewDeposit(assets);
        if (shares == 0) revert ZeroShares(); // dust that buys no share would be a gift to the vault
        _deposit(msg.sender, receiver, assets, shares);
    }

    /// @notice Mint exactly `shares` vault shares by depositing the X they cost.
    /// @dev Same pauses as `deposit`; the X cost is rounded up (against the user).
    /// @param shares Shares to mint.
    /// @param receiver Who gets the shares.
    /// @return assets X taken from the caller.
    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256 assets) {
        if (shares == 0) revert ZeroAmount();
        _requireEntryOpen(); // stands in for OZ's maxMint check
        assets = previewMint(shares);
        _deposit(msg.sender, receiver, assets, shares);
    }

    /// @notice Most X `receiver` can deposit now: unlimited, or 0 while entry is paused.
    /// @dev ERC4626 requires 0 rather than a revert when deposits would fail.
    /// @return Max assets.
    function maxDeposit(address) public view override returns (uint256) {
        return _entryPauseReason() == PauseReason.None ? type(uint256).max : 0;
    }

    /// @notice Most shares `receiver` can mint now: unlimited, or 0 while entry is paused.
    /// @return Max shares.
    function maxMint(address) public view override returns (uint256) {
        return _entryPauseReason() == PauseReason.None ? type(uint256).max : 0;
    }

    // ------------------------------------------------------------------ direct exit disabled

    /// @notice Disabled: leave through `requestWithdrawal` then `executeWithdrawal`.
    /// @dev A cooldown stops LPs from running ahead of losses the book has not yet booked.
    /// @return Never returns.
    function withdraw(uint256, address, address) public pure override returns (uint256) {
        revert UseWithdrawalRequest();
    }

    /// @notice Disabled: leave through `requestWithdrawal` then `executeWithdrawal`.
    /// @return Never returns.
    function redeem(uint256, address, address) public pure override returns (uint256) {
        revert UseWithdrawalRequest();
    }

    /// @notice Always 0: direct withdrawals are disabled (ERC4626 asks for 0 rather than a revert).
    /// @return 0.
    function maxWithdraw(address) public pure override returns (uint256) {
        return 0;
    }

    /// @notice Always 0: direct redemptions are disabled.
    /// @return 0.
    function maxRedeem(address) public pure override returns (uint256) {
        return 0;
    }

    /// @notice X that `shares` would pay out if executed now, net of the exit fee.
    /// @dev What `executeWithdrawal` pays at the current NAV (it prices at execution, not at request).
    /// @param shares Shares to redeem.
    /// @return assets Net X, rounded down.
    function previewRedeem(uint256 shares) public view override returns (uint256 assets) {
        (assets,) = _redeemAmounts(shares);
    }

    /// @notice Shares needed to receive `assets` of X net of the exit fee.
    /// @param assets Net X wanted.
    /// @return shares Shares, rounded up.
    function previewWithdraw(uint256 assets) public view override returns (uint256 shares) {
        uint256 gross = assets.mulDiv(BPS, BPS - exitFeeBps, Math.Rounding.Ceil);
        shares = _convertToShares(gross, Math.Rounding.Ceil);
    }

    // ------------------------------------------------------------------ withdrawal queue

    /// @notice Move `shares` into escrow and (re)start the cooldown. Adds to an existing request.
    /// @dev One request per owner keeps execution O(1). Adding restarts the whole cooldown, so a standing
    ///      request cannot be topped up to skip it. Escrowed shares keep earning until execution.
    /// @param shares Shares to escrow.
    /// @return readyAt When the request becomes executable.
    function requestWithdrawal(uint256 shares) external nonReentrant returns (uint64 readyAt) {
        if (shares == 0) revert ZeroAmount();
        WithdrawalRequest storage r = _requests[msg.sender];
        readyAt = SafeCast.toUint64(block.timestamp + cooldown);
        r.shares = SafeCast.toUint192(uint256(r.shares) + shares);
        r.readyAt = readyAt;
        uint256 assets = _convertToAssets(shares, Math.Rounding.Floor);
        r.assetsAtRequest += assets;
        totalEscrowedShares += shares;
        totalReservedAssets += assets;
        _transfer(msg.sender, address(this), shares); // reverts if the owner lacks the shares
        emit WithdrawalRequested(msg.sender, shares, readyAt);
        _onReserveChanged();
    }

    /// @notice Cancel your request and get the escrowed shares back (the main vault keeps its exit fee of them).
    /// @dev Allowed while paused: it only returns the caller's own shares. In the main vault a request shrinks the
    ///      vault size L that prices every trade; a free cancel would let an LP request → close a position at the
    ///      higher skew → cancel, in one block. The cancel fee (burned: the remaining LPs' share price rises) costs
    ///      far more than the skew such a move can buy (docs/decisions/003).
    /// @return shares Shares returned.
    function cancelWithdrawal() external nonReentrant returns (uint256 shares) {
        WithdrawalRequest memory r = _requests[msg.sender];
        if (r.shares == 0) revert NoWithdrawalRequest(msg.sender);
        delete _requests[msg.sender];
        totalEscrowedShares -= r.shares;
        totalReservedAssets -= r.assetsAtRequest;
        uint256 fee = uint256(r.shares).mulDiv(_cancelFeeBps(), BPS, Math.Rounding.Ceil);
        shares = r.shares - fee;
        if (fee != 0) {
            _burn(address(this), fee);
            emit CancelFeeCharged(msg.sender, fee);
        }
        _transfer(address(this), msg.sender, shares);
        emit WithdrawalCancelled(msg.sender, shares);
        _onReserveChanged();
    }

    /// @notice Execute `lp`'s due request: burn the escrowed shares and send X, net of the exit fee, to `lp`.
    ///         Anyone may call (keepers execute due requests); the X always goes to `lp`.
    /// @dev Priced at execution with `convertToAssets`; the fee stays in the vault, so the remaining LPs'
    ///      share price rises by it. Paused like entry (closed market or unhealthy peg: no trustworthy NAV).
    ///      The main vault also refuses an exit that pushes utilisation over its cap.
    /// @param lp Whose request to execute (the request's owner).
    /// @return assets X sent to `lp`.
    function executeWithdrawal(address lp) external nonReentrant returns (uint256 assets) {
        WithdrawalRequest memory r = _requests[lp];
        if (r.shares == 0) revert NoWithdrawalRequest(lp);
        if (block.timestamp < r.readyAt) revert CooldownNotOver(r.readyAt);
        PauseReason reason = _marketPauseReason();
        if (reason != PauseReason.None) revert VaultExitPaused(uint8(reason));

        uint256 fee;
        (assets, fee) = _exitAmounts(r);
        uint256 available = IERC20(asset()).balanceOf(address(this));
        if (assets > available) {
            engine.sweep(asset()); // collect what the engine holds for this vault before refusing
            available = IERC20(asset()).balanceOf(address(this));
            if (assets > available) revert InsufficientLiquidity(available, assets);
        }
        _checkExit();

        delete _requests[lp];
        totalEscrowedShares -= r.shares;
        totalReservedAssets -= r.assetsAtRequest;
        _burn(address(this), r.shares);
        emit WithdrawalExecuted(lp, msg.sender, r.shares, assets, fee);
        emit Withdraw(msg.sender, lp, lp, assets, r.shares);
        IERC20(asset()).safeTransfer(lp, assets);
        _onReserveChanged();
    }

    /// @notice `lp`'s pending request.
    /// @param lp The request's owner.
    /// @return shares Escrowed shares (0 if none).
    /// @return readyAt When it becomes executable.
    function withdrawalRequest(address lp) external view returns (uint256 shares, uint64 readyAt) {
        WithdrawalRequest memory r = _requests[lp];
        return (r.shares, r.readyAt);
    }

    /// @notice Seconds until `lp`'s request is executable; 0 if due or if there is none.
    /// @param lp The request's owner.
    /// @return Seconds left.
    function cooldownRemaining(address lp) external view returns (uint256) {
        uint64 readyAt = _requests[lp].readyAt;
        return readyAt > block.timestamp ? readyAt - block.timestamp : 0;
    }

    /// @notice Why entry is paused now (0 None, 1 MarketClosed, 2 PegNotHealthy, 3 Insolvent).
    /// @return reason The reason as its enum value.
    function entryPauseReason() external view returns (PauseReason reason) {
        return _entryPauseReason();
    }

    /// @notice Why exits are paused now (0 None, 1 MarketClosed, 2 PegNotHealthy).
    /// @return reason The reason as its enum value.
    function exitPauseReason() external view returns (PauseReason reason) {
        return _marketPauseReason();
    }

    // ------------------------------------------------------------------ governance

    /// @notice Set the withdrawal cooldown (applies to requests made or topped up afterwards).
    /// @dev Bounded so governance can neither make exits instant nor lock LPs in for more than 30 days.
    /// @param cooldown_ Seconds, within [MIN_COOLDOWN, MAX_COOLDOWN].
    function setCooldown(uint64 cooldown_) external onlyOwner nonReentrant {
        _setCooldown(cooldown_);
    }

    /// @notice Set the exit fee.
    /// @dev Capped at 1% so governance cannot trap LPs behind a punitive fee.
    /// @param exitFeeBps_ Basis points, at most MAX_EXIT_FEE_BPS.
    function setExitFee(uint16 exitFeeBps_) external onlyOwner nonReentrant {
        _setExitFee(exitFeeBps_);
    }

    // ------------------------------------------------------------------ internals

    /// @dev 10^6 virtual shares (see the contract NatSpec).
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    /// @dev Gross assets floor-rounded, then the fee rounded up: both against the redeemer.
    /// @dev An exit is paid at the lower of the shares' value at request and at execution: escrowed shares
    ///      bear losses during the cooldown but do not keep earning, so a standing request is no free option
    ///      to leave without a cooldown later. What the cap keeps stays with the remaining LPs.
    function _exitAmounts(WithdrawalRequest memory r) internal view returns (uint256 net, uint256 fee) {
        uint256 gross = _convertToAssets(r.shares, Math.Rounding.Floor);
        if (gross > r.assetsAtRequest) gross = r.assetsAtRequest;
        fee = gross.mulDiv(exitFeeBps, BPS, Math.Rounding.Ceil);
        net = gross - fee;
    }

    function _redeemAmounts(uint256 shares) internal view returns (uint256 net, uint256 fee) {
        uint256 gross = _convertToAssets(shares, Math.Rounding.Floor);
        fee = gross.mulDiv(exitFeeBps, BPS, Math.Rounding.Ceil);
        net = gross - fee;
    }

    function _requireEntryOpen() internal view {
        PauseReason reason = _entryPauseReason();
        if (reason != PauseReason.None) revert VaultEntryPaused(uint8(reason));
    }

    /// @dev Entry pauses; the main vault adds `Insolvent`.
    function _entryPauseReason() internal view virtual returns (PauseReason) {
        return _marketPauseReason();
    }

    /// @dev Closed market first: while closed P_ref is frozen, so the peg state says little.
    function _marketPauseReason() internal view returns (PauseReason) {
        OracleHub.StockState memory s = oracleHub.stockState(asset());
        if (!s.marketOpen) return PauseReason.MarketClosed;
        if (s.peg != OracleHub.PegState.Healthy) return PauseReason.PegNotHealthy;
        return PauseReason.None;
    }

    /// @dev Extra exit check; the main vault enforces its utilisation cap.
    function _checkExit() internal view virtual {}

    /// @dev Called after `totalReservedAssets` changes; the main vault tells the engine.
    function _onReserveChanged() internal virtual {}

    /// @dev Share of a cancelled request kept by the vault (bps); none here, the exit fee in the main vault.
    function _cancelFeeBps() internal view virtual returns (uint256) {
        return 0;
    }

    /// @dev Pays min(amount, balance) of X to `to`: the engine hooks never revert for lack of funds, so a
    ///      liquidation or a close is never blocked by an empty vault.
    function _payOut(address to, uint256 amount) internal returns (uint256 paid) {
        uint256 balance = IERC20(asset()).balanceOf(address(this));
        paid = amount < balance ? amount : balance;
        if (paid != 0) IERC20(asset()).safeTransfer(to, paid);
    }

    function _setCooldown(uint64 cooldown_) internal {
        if (cooldown_ < MIN_COOLDOWN || cooldown_ > MAX_COOLDOWN) revert CooldownOutOfBounds(cooldown_);
        emit CooldownSet(cooldown, cooldown_);
        cooldown = cooldown_;
    }

    function _setExitFee(uint16 exitFeeBps_) internal {
        if (exitFeeBps_ > MAX_EXIT_FEE_BPS) revert ExitFeeOutOfBounds(exitFeeBps_);
        emit ExitFeeSet(exitFeeBps, exitFeeBps_);
        exitFeeBps = exitFeeBps_;
    }
}
