/** Ports of the e2e stack: away from `npm run dev` (8545, 3000) so both can run on one machine. */
export const E2E_RPC_PORT = 8547;
export const E2E_APP_PORT = 3107;
export const E2E_RPC_URL = `http://127.0.0.1:${E2E_RPC_PORT}`;
/** A second anvil for the RPC-down journey (a fork of the e2e chain that the test stops and starts). */
export const E2E_RPC_DOWN_PORT = 8548;
