/** Entry point for the chain-facing simulator (keeper, orchestrator): the pure core in one import. */
export * from './random';
export * from './clock';
export * from './marketHours';
export * from './processes'; // includes ./volatility and ./units
export * from './dexAgents'; // includes ./uniswapV2
export * from './config';
