/**
 * Simulated money: the operator (issuer of every token on the local chain) mints what the
 * simulator's own accounts need. Top-ups are lazy (only when a balance runs low), so a long run
 * does not mint on every step.
 */
import { maxUint256, type Address, type LocalAccount } from 'viem';
import { stockTokenAbi } from './abis';
import type { ChainConnection } from './connection';
import { withRetry } from './retry';

/** Mint `holder` up to `target` if its balance is below `minimum`. Returns the balance afterwards. */
export async function topUp(
  connection: ChainConnection,
  issuer: LocalAccount,
  token: Address,
  holder: Address,
  minimum: bigint,
  target: bigint,
  label: string,
): Promise<bigint> {
  const balance = await withRetry(() =>
    connection.client.readContract({ address: token, abi: stockTokenAbi, functionName: 'balanceOf', args: [holder] }),
  );
  if (balance >= minimum) return balance;
  const outcome = await connection.sender.send(`mint ${label}`, issuer, {
    address: token,
    abi: stockTokenAbi,
    functionName: 'mint',
    args: [holder, target - balance],
  }, { routine: true });
  return outcome.kind === 'mined' ? target : balance;
}

/** Approve `spender` for everything once; later calls only read the allowance. */
export async function ensureAllowance(
  connection: ChainConnection,
  owner: LocalAccount,
  token: Address,
  spender: Address,
  label: string,
): Promise<void> {
  const allowance = await withRetry(() =>
    connection.client.readContract({
      address: token,
      abi: stockTokenAbi,
      functionName: 'allowance',
      args: [owner.address, spender],
    }),
  );
  if (allowance > maxUint256 / 2n) return;
  await connection.sender.send(`approve ${label}`, owner, {
    address: token,
    abi: stockTokenAbi,
    functionName: 'approve',
    args: [spender, maxUint256],
  });
}
