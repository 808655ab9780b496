/** Ports of the e2e stack: away from `npm run dev` (8545, 3000, DON 8788, keeper 8789) so both can run on one machine. */
export const E2E_RPC_PORT = 8547;
export const E2E_APP_PORT = 3107;
export const E2E_RPC_URL = `http://127.0.0.1:${E2E_RPC_PORT}`;
/** A second anvil for the RPC-down journey (a fork of the e2e chain that the test stops and starts). */
export const E2E_RPC_DOWN_PORT = 8548;
/** The local DON (signed Data Streams reports) and the keeper of a streams deployment. */
export const E2E_DON_PORT = 8796;
export const E2E_DON_URL = `http://127.0.0.1:${E2E_DON_PORT}`;
export const E2E_KEEPER_PORT = 8797;
export const E2E_KEEPER_URL = `http://127.0.0.1:${E2E_KEEPER_PORT}`;
/** The indexer (Ponder): history for the charts, orders and positions (dev: 42069). */
export const E2E_INDEXER_PORT = 42070;
export const E2E_INDEXER_URL = `http://127.0.0.1:${E2E_INDEXER_PORT}`;
