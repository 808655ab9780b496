// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Named errors of the options engine; the web app decodes each one into words.
interface IEngineErrors {
    error ZeroAmount();
    error ZeroAddress();
    error UnknownToken(address token);
    error UnknownMarket(uint256 marketId);
    error NoPosition(address trader, uint256 marketId);
    error DeadlinePassed(uint256 deadline);
    error SlippageExceeded(uint256 price, uint256 limit);
    error InsufficientMargin(int256 equityUsd, uint256 requiredUsd);
    error WithdrawExceedsCollateral(uint256 requested, uint256 available);
    error NotLiquidatable(int256 equityUsd, uint256 maintenanceUsd);
    error PegNotHealthy(address token, uint8 pegState);
    error CloseOnlyMarket(uint256 marketId);
    error OpenInterestCapExceeded(uint256 marketId, uint256 notionalUsd, uint256 capUsd);
    error ShortInterestCapExceeded(uint8 underlying, uint256 notionalUsd, uint256 capUsd);
    error UtilizationTooHigh(uint256 utilizationWad);
    error TooManyPositions(uint8 max);
    error Paused();
    error PriceUnavailable(address token);
    error StrikeNotOnGrid(uint256 strike);
    error StrikeOutOfRange(uint256 strike, uint256 spot);
    error MarketExists(uint256 marketId);
    error MarketLimitReached(address token);
    error VaultsNotSet(address token);
    error InvalidParams();
    error NotGuardian(address caller);
    error NotMainVault(address caller);
    error NotOrderRouter(address caller);
    error OrderPending();
}
