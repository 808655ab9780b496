/**
 * Who does what on the local chain. All keys come from anvil's well-known test mnemonic, so they
 * are the same on every machine (and worthless anywhere else).
 */
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';

export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export function anvilAccount(index: number): HDAccount {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
}

/**
 * Account 0 deployed everything: it is the reporter of every feed, the issuer of every token and
 * the LP of every pool, so it also runs the keeper. Accounts 1–4 are left for people using the app
 * (the deploy seeds them with tokens). 5–8 are background traders; 9 trades on the DEX pools.
 */
export const SIM_ACCOUNT_INDEX = {
  operator: 0,
  casualTraders: [5, 6, 7],
  leveragedTrader: 8,
  dex: 9,
} as const;
