/**
 * Sends the keeper's and the simulator's transactions: simulate first (so a refusal is reported by its error name and
 * costs no block), then sign locally and send the raw transaction. Anvil automines, so the receipt
 * exists as soon as the send returns; the receipt is still polled in case the chain mines on an
 * interval. One refused or failed transaction never throws: it is recorded and the step goes on.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  decodeErrorResult,
  encodeFunctionData,
  keccak256,
  TransactionReceiptNotFoundError,
  type Abi,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type EncodeFunctionDataParameters,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { knownErrorsAbi } from './abis';
import { errorText, isTransientRpcError, sleep, withRetry } from './retry';

/** Where outcomes are tallied: the simulator's step report (TickReport) or the keeper's counters. */
export interface SendLog {
  txMined: number;
  problems: string[];
}

type WriteMutability = 'nonpayable' | 'payable';

export interface WriteCall<abi extends Abi, name extends ContractFunctionName<abi, WriteMutability>> {
  address: Address;
  abi: abi;
  functionName: name;
  args: ContractFunctionArgs<abi, WriteMutability, name>;
}

export type TxOutcome =
  | { kind: 'mined'; hash: Hex; receipt: TransactionReceipt }
  /** The call reverts in simulation: nothing was sent. */
  | { kind: 'refused'; reason: string }
  /** Sent and mined, but reverted (not simulated, or the chain moved between simulation and mining). */
  | { kind: 'reverted'; hash: Hex; reason: string; receipt: TransactionReceipt }
  /** The RPC failed even after retries. */
  | { kind: 'failed'; reason: string };

/** Generous fixed limit: skipping eth_estimateGas halves the requests per transaction. */
const GAS_LIMIT = 12_000_000n;
const RECEIPT_TIMEOUT_MS = 15_000;

export class TxSender {
  private readonly wallet: WalletClient<Transport, Chain>;
  private readonly nonces = new Map<Address, number>();
  private gasPrice: bigint | undefined;
  private report: SendLog | undefined;

  /**
   * @param options.freshNonces Ask the node for the nonce before every send (never cache one): for a keeper on a
   *        chain that others may rewind (e2e tests revert anvil snapshots) or that shares its account.
   */
  constructor(
    private readonly client: PublicClient<Transport, Chain>,
    transport: Transport,
    private readonly options: { freshNonces?: boolean } = {},
  ) {
    this.wallet = createWalletClient({ chain: client.chain, transport });
  }

  /**
   * Nonces and gas price are cached for one step only: someone using the same anvil account in
   * the app between two steps must not make the simulator reuse a nonce.
   */
  beginStep(report: SendLog): void {
    this.report = report;
    this.nonces.clear();
    this.gasPrice = undefined;
  }

  /**
   * Send a contract call; `label` names it in the step's log line when it does not go through.
   * `routine` skips the simulation for the simulator's own plumbing (feed pushes, swaps, TWAP
   * updates), which cannot be refused in normal operation: half the requests, and the step fits in
   * its second. Should one revert anyway, its reason is read afterwards.
   */
  async send<const abi extends Abi, name extends ContractFunctionName<abi, WriteMutability>>(
    label: string,
    from: LocalAccount,
    call: WriteCall<abi, name>,
    /** quietReasons: refusals and reverts with these reasons are not problems of the step (e.g. another keeper was first). */
    options: { routine?: boolean; gas?: bigint; quietReasons?: readonly string[] } = {},
  ): Promise<TxOutcome> {
    const data = encodeFunctionData({
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
    } as EncodeFunctionDataParameters);
    const outcome = await this.sendData(from, call.address, data, options.routine === true, options.gas ?? GAS_LIMIT);
    const quiet = (outcome.kind === 'refused' || outcome.kind === 'reverted') && options.quietReasons?.includes(outcome.reason);
    if (!quiet) this.record(label, outcome);
    return outcome;
  }

  /**
   * Send several calls from one account without waiting between them (consecutive nonces), then wait for every
   * receipt: on a chain that mines on an interval they land in the same block or the next few, which is what a
   * keeper facing a crash needs (one transaction per block would take a thousand blocks for a thousand accounts).
   * Each call is simulated first (eth_call on the latest state, in chunks so no request waits on hundreds): a
   * refusal is reported and nothing is sent for it. `gas` is each transaction's limit: a bound the caller knows
   * (not eth_estimateGas, whose binary search runs the call a dozen times and took over 15 s for 437 liquidations),
   * and far below `send`'s 12M so a block fits many.
   */
  async sendMany<const abi extends Abi, name extends ContractFunctionName<abi, WriteMutability>>(
    label: string,
    from: LocalAccount,
    calls: readonly WriteCall<abi, name>[],
    options: { gas: bigint; simulateChunk?: number },
  ): Promise<TxOutcome[]> {
    const data = calls.map((call) => encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as EncodeFunctionDataParameters));
    const chunk = options.simulateChunk ?? 50;
    const refusals: (string | undefined)[] = [];
    for (let start = 0; start < calls.length; start += chunk) {
      const part = calls.slice(start, start + chunk);
      refusals.push(
        ...(await Promise.all(
          part.map((call, j) => this.simulate(from.address, call.address, data[start + j]!, undefined, options.gas).catch((error: unknown) => `rpc: ${errorText(error)}`)),
        )),
      );
    }
    const outcomes: (TxOutcome | undefined)[] = refusals.map((reason) => (reason === undefined ? undefined : { kind: 'refused', reason }));
    const sent: { index: number; hash: Hex }[] = [];
    try {
      // One nonce from the node, then counted here: the node's pending count lags a burst of sends.
      let nonce = refusals.some((r) => r === undefined) ? await this.nextNonce(from.address) : 0;
      const gasPrice = await this.currentGasPrice();
      for (const [i, call] of calls.entries()) {
        if (refusals[i] !== undefined) continue;
        const serialized = await from.signTransaction({ chainId: this.client.chain.id, to: call.address, data: data[i], nonce, gas: options.gas, gasPrice, type: 'legacy' });
        await withRetry(() => this.wallet.sendRawTransaction({ serializedTransaction: serialized }));
        nonce++;
        this.nonces.set(from.address, nonce);
        sent.push({ index: i, hash: keccak256(serialized) });
      }
    } catch (error) {
      // The node refused one (nonce taken by another sender, RPC down): the rest are not sent; the next round
      // reads the chain again, with the nonce asked afresh.
      this.nonces.delete(from.address);
      const reason = errorText(error);
      for (const [i] of calls.entries()) if (!outcomes[i] && !sent.some((s) => s.index === i)) outcomes[i] = { kind: 'failed', reason };
    }
    await Promise.all(
      sent.map(async ({ index, hash }) => {
        try {
          outcomes[index] = this.settle(from.address, hash, await this.waitForReceipt(hash));
        } catch (error) {
          outcomes[index] = { kind: 'failed', reason: errorText(error) };
        }
      }),
    );
    const done = outcomes.map((o) => o ?? { kind: 'failed' as const, reason: 'not sent' });
    for (const outcome of done) this.record(label, outcome);
    return done;
  }

  private record(label: string, outcome: TxOutcome): void {
    if (!this.report) return;
    if (outcome.kind === 'mined') this.report.txMined++;
    else this.report.problems.push(`${label}(${outcome.reason})`);
  }

  private async sendData(from: LocalAccount, to: Address, data: Hex, routine: boolean, gas: bigint): Promise<TxOutcome> {
    try {
      if (!routine) {
        const refusal = await this.simulate(from.address, to, data, undefined, gas);
        if (refusal !== undefined) return { kind: 'refused', reason: refusal };
      }
      const outcome = await this.signSendAndWait(from, to, data, gas);
      if (outcome.kind !== 'reverted') return outcome;
      // Replay on the state before the transaction's block (automine: one transaction per block).
      const before = outcome.receipt.blockNumber - 1n;
      return { ...outcome, reason: (await this.simulate(from.address, to, data, before, gas)) ?? outcome.reason };
    } catch (error) {
      return { kind: 'failed', reason: errorText(error) };
    }
  }

  /** The revert reason if the call reverts (now, or on the state after `blockNumber`), else undefined. */
  private async simulate(from: Address, to: Address, data: Hex, blockNumber?: bigint, gas = GAS_LIMIT): Promise<string | undefined> {
    try {
      await withRetry(() => this.client.call({ account: from, to, data, gas, blockNumber }));
      return undefined;
    } catch (error) {
      if (isTransientRpcError(error)) throw error;
      return revertReason(error);
    }
  }

  private async signSendAndWait(from: LocalAccount, to: Address, data: Hex, gas: bigint, isRetry = false): Promise<TxOutcome> {
    const nonce = await this.nextNonce(from.address);
    const gasPrice = await this.currentGasPrice();
    const serialized = await from.signTransaction({
      chainId: this.client.chain.id,
      to,
      data,
      nonce,
      gas,
      gasPrice,
      type: 'legacy',
    });
    const hash = keccak256(serialized);
    try {
      await withRetry(() => this.wallet.sendRawTransaction({ serializedTransaction: serialized }));
    } catch (error) {
      // A retried send may have gone through the first time; a nonce clash means someone else
      // (the app, on the same account) used it: fetch the nonce again and try once more.
      const receipt = await this.client.getTransactionReceipt({ hash }).catch(() => undefined);
      if (receipt) return this.settle(from.address, hash, receipt);
      this.nonces.delete(from.address);
      if (!isRetry && /nonce|already known|replacement/i.test(errorText(error))) {
        this.gasPrice = undefined;
        return this.signSendAndWait(from, to, data, gas, true);
      }
      throw error;
    }
    this.nonces.set(from.address, nonce + 1);
    return this.settle(from.address, hash, await this.waitForReceipt(hash));
  }

  private settle(from: Address, hash: Hex, receipt: TransactionReceipt): TxOutcome {
    if (receipt.status === 'success') return { kind: 'mined', hash, receipt };
    this.nonces.delete(from);
    return { kind: 'reverted', hash, reason: 'reverted on chain', receipt };
  }

  private async waitForReceipt(hash: Hex): Promise<TransactionReceipt> {
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
    for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
      try {
        return await withRetry(() => this.client.getTransactionReceipt({ hash }));
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError) || Date.now() > deadline) throw error;
      }
      await sleep(delay);
    }
  }

  private async nextNonce(address: Address): Promise<number> {
    if (this.options.freshNonces) this.nonces.delete(address);
    const cached = this.nonces.get(address);
    if (cached !== undefined) return cached;
    const nonce = await withRetry(() => this.client.getTransactionCount({ address, blockTag: 'pending' }));
    this.nonces.set(address, nonce);
    return nonce;
  }

  /**
   * Twice the latest base fee plus a 1 gwei tip: clears the next blocks even if the base fee rises. Not a multiple
   * of eth_gasPrice: anvil suggests a tip from recent transactions' tips, so paying twice its suggestion on every
   * send doubles the price each time (measured: 65,000 gwei after 16 sends).
   */
  private async currentGasPrice(): Promise<bigint> {
    if (this.options.freshNonces) this.gasPrice = undefined;
    if (this.gasPrice === undefined) {
      const block = await withRetry(() => this.client.getBlock({ blockTag: 'latest' }));
      this.gasPrice = block.baseFeePerGas != null ? block.baseFeePerGas * 2n + PRIORITY_FEE : await withRetry(() => this.client.getGasPrice());
    }
    return this.gasPrice;
  }
}

const PRIORITY_FEE = 1_000_000_000n;

/** Decode a revert into a short reason: the custom error's name, a require string, or viem's message. */
export function revertReason(error: unknown): string {
  const data = revertData(error);
  if (data && data !== '0x') {
    try {
      const decoded = decodeErrorResult({ abi: knownErrorsAbi, data });
      if (decoded.errorName === 'Error' && typeof decoded.args?.[0] === 'string') return decoded.args[0];
      return decoded.errorName;
    } catch {
      return `revert ${data.slice(0, 10)}`;
    }
  }
  return errorText(error);
}

function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let found: Hex | undefined;
  error.walk((e) => {
    if (e instanceof ContractFunctionRevertedError && e.raw) found = e.raw;
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x')) found = data as Hex;
    else if (typeof data === 'object' && data !== null && typeof (data as { data?: unknown }).data === 'string') {
      found = (data as { data: Hex }).data;
    }
    return found !== undefined;
  });
  return found;
}
