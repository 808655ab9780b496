/** Time units shared by the price processes and the volatility estimators. */

/** Crypto trades around the clock, so its volatility is annualized over calendar time. */
export const SECONDS_PER_YEAR = 365 * 86_400;
/** Stock session volatility is quoted per trading year: 252 sessions of 6.5 hours. */
export const TRADING_SECONDS_PER_YEAR = 252 * 6.5 * 3600;
