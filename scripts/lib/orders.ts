/**
 * Commit a two-step order from a wallet (tests, the keeper latency check, e2e fixtures): deposit margin if asked,
 * approve the router for the execution fee, quote, commit with a slippage bound, and return the order id with its
 * commitment time. The keeper (services/keeper) settles it.
 */
import {
  decodeEventLog, maxUint256, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient,
} from "viem";
import { iLivestockAbi as engineAbi, orderRouterAbi, stockTokenAbi } from "../../lib/generated";
import type { Deployment } from "./deploy";

export interface CommitOrderOptions {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  deployment: Deployment;
  marketId: bigint;
  size: bigint;
  /** True: buy (grow a long, reduce a short); false: sell (reduce a long, write or grow a short). */
  isBuy: boolean;
  /** Deposit this much of the market's stock token as margin first. */
  deposit?: bigint;
  /** Acceptable price = quote ± this (default 500 bps). */
  slippageBps?: bigint;
  /** Seconds from now to expiry (default: the router's longest lifetime). */
  lifetime?: number;
}

export interface CommittedOrder {
  orderId: bigint;
  committedAt: number;
  expiresAt: number;
  blockNumber: bigint;
}

export async function commitOrder(o: CommitOrderOptions): Promise<CommittedOrder> {
  const { publicClient, walletClient, deployment } = o;
  const engine = deployment.contracts.LivestockEngine;
  const router = deployment.contracts.OrderRouter;
  if (!engine || !router) throw new Error("the deployment has no OrderRouter: deploy with STREAMS=true");
  const trader = walletClient.account.address;
  const send = async (request: Parameters<typeof walletClient.writeContract>[0]) => {
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted (${hash})`);
    return receipt;
  };
  const market = await publicClient.readContract({ address: engine, abi: engineAbi, functionName: "market", args: [o.marketId] });
  const token: Address = market.token;
  const chain = walletClient.chain ?? null;
  if (o.deposit) {
    await send({ address: token, abi: stockTokenAbi, functionName: "approve", args: [engine, o.deposit], chain, account: walletClient.account });
    await send({ address: engine, abi: engineAbi, functionName: "deposit", args: [token, o.deposit], chain, account: walletClient.account });
  }
  const allowance = await publicClient.readContract({ address: token, abi: stockTokenAbi, functionName: "allowance", args: [trader, router] });
  if (allowance < maxUint256 / 2n) {
    await send({ address: token, abi: stockTokenAbi, functionName: "approve", args: [router, maxUint256], chain, account: walletClient.account });
  }
  const [fee, quote, params, block] = await Promise.all([
    publicClient.readContract({ address: router, abi: orderRouterAbi, functionName: "minExecutionFee", args: [token] }),
    publicClient.readContract({ address: engine, abi: engineAbi, functionName: "quote", args: [o.marketId, o.size, o.isBuy] }),
    publicClient.readContract({ address: router, abi: orderRouterAbi, functionName: "params" }),
    publicClient.getBlock({ blockTag: "latest" }),
  ]);
  const slippage = o.slippageBps ?? 500n;
  // The highest price of a buy, the lowest of a sell.
  const acceptable = o.isBuy ? (quote.price * (10_000n + slippage)) / 10_000n : (quote.price * (10_000n - slippage)) / 10_000n;
  const [minDelay, settleWindow, maxLifetime] = params;
  // The commit's block is at least one second after the latest: stay inside [now + minDelay + window, now + maxLifetime].
  const lifetime = Math.max(minDelay + settleWindow + 2, Math.min(o.lifetime ?? maxLifetime - 2, maxLifetime - 2));
  const expiresAt = Number(block.timestamp) + lifetime;
  const receipt = await send({
    address: router,
    abi: orderRouterAbi,
    functionName: "commit",
    args: [o.marketId, o.isBuy, o.size, acceptable, BigInt(expiresAt), fee],
    chain,
    account: walletClient.account,
  });
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== router.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: orderRouterAbi, data: log.data, topics: log.topics });
      if (event.eventName === "OrderCommitted") {
        return { orderId: event.args.orderId, committedAt: event.args.order.committedAt, expiresAt, blockNumber: receipt.blockNumber };
      }
    } catch {
      // another event
    }
  }
  throw new Error("commit mined without an OrderCommitted event");
}
