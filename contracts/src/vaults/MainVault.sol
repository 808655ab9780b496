// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {LivestockVault, ERC4626} from "./LivestockVault.sol";
import {OracleHub} from "../oracles/OracleHub.sol";
import {ILivestockEngine} from "../interfaces/ILivestockEngine.sol";
import {IMainVault} from "../interfaces/IVaults.sol";

/// @title MainVault
/// @notice The seller of every option settled in X: LPs earn 70% of fees and funding and carry the book.
///         NAV (in X) = X held + X the engine owes but has not swept + value of the short book.
contract MainVault is LivestockVault, IMainVault {
    using Math for uint256;

    uint256 internal constant WAD = 1e18;
    /// @notice Bounds of the utilisation cap (SPEC default 80%).
    uint256 public constant MIN_MAX_UTILIZATION = 0.1e18;
    uint256 public constant MAX_MAX_UTILIZATION = 0.95e18;

    /// @notice Largest locked / NAV an exit may leave behind (WAD; 0.8e18 = 80%).
    uint256 public maxUtilizationWad = 0.8e18;

    event PaidToEngine(address indexed engine, uint256 requested, uint256 paid);
    event MaxUtilizationSet(uint256 previous, uint256 current);

    error UtilizationTooHigh(uint256 utilizationAfterWad);
    error MaxUtilizationOutOfBounds(uint256 maxUtilizationWad);

    /// @param asset_ The stock token X.
    /// @param name_ Share token name.
    /// @param symbol_ Share token symbol.
    /// @param hub The OracleHub where X is registered.
    /// @param engine_ The options engine.
    /// @param owner_ Governance.
    /// @param cooldown_ Withdrawal cooldown in seconds.
    /// @param exitFeeBps_ Exit fee in basis points.
    constructor(
        IERC20 asset_,
        string memory name_,
        string memory symbol_,
        OracleHub hub,
        ILivestockEngine engine_,
        address owner_,
        uint64 cooldown_,
        uint16 exitFeeBps_
    ) LivestockVault(asset_, name_, symbol_, hub, engine_, owner_, cooldown_, exitFeeBps_) {}

    /// @notice Deposits need the spot and σ of every underlying the book is exposed to observed at most this many
    ///         seconds ago (0: no check, push-feed deployments), so nobody buys shares at a NAV the next signed
    ///         report is known to move (docs/decisions/011).
    uint32 public navMaxAge;

    event NavMaxAgeSet(uint256 navMaxAge);

    /// @notice Set the oldest spot report a deposit's NAV may rest on.
    /// @param navMaxAge_ Seconds; 0 turns the check off.
    function setNavMaxAge(uint32 navMaxAge_) external onlyOwner {
        navMaxAge = navMaxAge_;
        emit NavMaxAgeSet(navMaxAge_);
    }

    /// @notice NAV in X: balance + engine.pendingMain + engine.bookValue, floored at 0.
    /// @dev The book value is negative when the vault owes traders; while the sum is negative entry is paused
    ///      (`Insolvent`), because a new deposit would only pay that debt.
    /// @return NAV in units of X.
    function totalAssets() public view override returns (uint256) {
        int256 nav = _signedNav();
        return nav > 0 ? uint256(nav) : 0;
    }

    /// @inheritdoc IMainVault
    /// @dev Engine only. Pays at most the balance and never reverts for lack of funds, so a trader's close is
    ///      never blocked; the engine turns to the insurance vault for the rest. Not paused with the market.
    /// @param amount X the engine asks for.
    function payToEngine(uint256 amount) external onlyEngine nonReentrant returns (uint256 paid) {
        paid = _payOut(msg.sender, amount);
        emit PaidToEngine(msg.sender, amount, paid);
    }

    /// @notice Current utilisation, the engine's one definition: locked stress loss / L, with L the vault's capital
    ///         less what pending withdrawals claim (WAD, rounded up).
    /// @return Utilisation in WAD.
    function utilizationWad() external view returns (uint256) {
        return engine.utilization(asset());
    }

    /// @notice Set the utilisation cap that exits must respect.
    /// @dev Bounded: under 10% LPs could barely leave, over 95% the book would have no buffer.
    /// @param maxUtilizationWad_ WAD, within [MIN_MAX_UTILIZATION, MAX_MAX_UTILIZATION].
    function setMaxUtilization(uint256 maxUtilizationWad_) external onlyOwner nonReentrant {
        if (maxUtilizationWad_ < MIN_MAX_UTILIZATION || maxUtilizationWad_ > MAX_MAX_UTILIZATION) {
            revert MaxUtilizationOutOfBounds(maxUtilizationWad_);
        }
        emit MaxUtilizationSet(maxUtilizationWad, maxUtilizationWad_);
        maxUtilizationWad = maxUtilizationWad_;
    }

    /// @inheritdoc IMainVault
    function asset() public view override(ERC4626, IMainVault) returns (address) {
        return super.asset();
    }

    /// @dev Refuses an exit while utilisation is over the cap. The exit's own X is already out of L (reserved at
    ///      request), so paying it changes neither utilisation nor any trade price.
    function _checkExit() internal view override {
        uint256 u = engine.utilization(asset());
        if (u > maxUtilizationWad) revert UtilizationTooHigh(u);
    }

    /// @dev A cancelled request pays the exit fee: requesting moves L, so it must not be free to take back.
    function _cancelFeeBps() internal view override returns (uint256) {
        return exitFeeBps;
    }

    /// @dev The engine leaves reserved X out of the vault size L from the moment of the request.
    function _onReserveChanged() internal override {
        engine.setWithdrawalReserve(asset(), totalReservedAssets);
    }

    /// @dev Entry also pauses while the unfloored NAV is negative (see `totalAssets`).
    function _entryPauseReason() internal view override returns (PauseReason reason) {
        reason = super._entryPauseReason();
        if (reason == PauseReason.None && _signedNav() < 0) reason = PauseReason.Insolvent;
        if (reason == PauseReason.None && _bookPricesStale()) reason = PauseReason.PricesStale;
    }

    /// @dev Whether the book rests on a spot or σ older than `navMaxAge` for an underlying it is net exposed to.
    function _bookPricesStale() internal view returns (bool) {
        uint256 maxAge = navMaxAge;
        if (maxAge == 0) return false;
        address x = asset();
        for (uint8 u; u < 2; ++u) {
            if (INetExposureByUnderlying(address(engine)).netExposureByUnderlying(x, u) == 0) continue;
            (AggregatorV3Interface spot, AggregatorV3Interface vol,,,,) =
                oracleHub.underlyingFeeds(OracleHub.Underlying(u));
            (,,, uint256 spotAt,) = spot.latestRoundData();
            (,,, uint256 volAt,) = vol.latestRoundData();
            if (spotAt + maxAge < block.timestamp || volAt + maxAge < block.timestamp) return true;
        }
        return false;
    }

    function _signedNav() internal view returns (int256) {
        address x = asset();
        uint256 held = IERC20(x).balanceOf(address(this)) + engine.pendingMain(x);
        return SafeCast.toInt256(held) + engine.bookValue(x);
    }
}

/// @notice The engine's Σ |net position| per underlying (a public mapping of LivestockEngine): the book's value
///         moves with that underlying's price only where the traders are net long or short.
interface INetExposureByUnderlying {
    function netExposureByUnderlying(address token, uint256 underlying) external view returns (uint128);
}
