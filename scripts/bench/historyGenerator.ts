/**
 * Writes a realistic protocol history to a local anvil chain for the history bench (`npm run bench -- --only
 * history`, scripts/bench/history.ts): about 100,000 events over simulated weeks.
 *
 * A push-feed deployment (`deploy({ streams: false })`): traders open and close through the engine directly.
 * Two-step orders settled by the keeper cost a commit, reports and a settle per trade, with the DON's clock tied to
 * wall time: far too slow for this many events, and the rows the /premiums and /pool pages read (funding accruals,
 * fee splits, vault snapshots) are the same either way.
 *
 * Every step is `stepSeconds` of simulated time (10 minutes by default) and two blocks:
 *   A (time T):     BTC/ETH prices (geometric Brownian motion at 55 % / 70 %), σ every half hour, the stock
 *                   references (kept at their deployed prices, so the DEX TWAP stays pegged), PegOracle.update of
 *                   every stock (an observation each step: minSpacing is 5 minutes);
 *   B (time T + 2): trades (opens of 0.01–0.05 BTC or 0.2–1 ETH of near-the-money calls and puts, full or half
 *                   closes), a margin top-up, accrueFunding of one token (every active market accrues), a sweep
 *                   every six steps, LP deposits into main and insurance vaults, withdrawal requests and the
 *                   executions of last step's requests.
 * Accounts are impersonated (no keys), transactions go out in JSON-RPC batches with explicit gas and nonces while
 * automine is off, and each block's receipts say which actions succeeded (the local book follows only those) and
 * how many logs were emitted. It stops once `targetEvents` logs are on chain.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  createPublicClient,
  decodeEventLog,
  encodeFunctionData,
  http,
  keccak256,
  maxUint256,
  toEventSelector,
  toHex,
  type Abi,
  type AbiEvent,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import {
  iLivestockAbi as engineAbi,
  mainVaultAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
} from "../../lib/generated";
import { ANVIL_KEYS, ROOT } from "../lib/anvil";
import { deploy, rpc, type Deployment } from "../lib/deploy";
import { Random } from "../sim/random";
import { WAD } from "../../lib/fixedPoint";

const YEAR = 365 * 86_400;
const FEED_SCALE = 1e8;
/** Explicit gas per transaction kind (anvil then neither estimates nor simulates): generous upper bounds. */
const GAS = { feed: 150_000n, peg: 200_000n, trade: 3_000_000n, accrue: 10_000_000n, sweep: 500_000n, vault: 5_000_000n, small: 200_000n };

export interface HistoryGeneratorOptions {
  rpcUrl: string;
  /** Stop once this many logs have been emitted since the deployment. Default 100,000. */
  targetEvents?: number;
  /** Simulated seconds per step. Default 600. */
  stepSeconds?: number;
  tradersPerToken?: number;
  lpsPerToken?: number;
  /** Mean trades per step. */
  tradesPerStep?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface GeneratedHistory {
  deployment: Deployment;
  deploymentFile: string;
  /** First block after the deployment and seeding, and the last block written. */
  fromBlock: number;
  toBlock: number;
  steps: number;
  simulatedDays: number;
  transactions: number;
  reverted: number;
  /** Every log of every block the generator mined. */
  events: number;
  /** Logs of the contracts and events the indexer follows (indexer/ponder.config.ts, indexer/src). */
  indexedEvents: number;
  eventsByName: Record<string, number>;
  actions: Record<string, number>;
  deploySeconds: number;
  generateSeconds: number;
}

type Call = { method: string; params: unknown[] };

/** One HTTP request with many JSON-RPC calls; answers in the calls' order. */
async function rpcBatch(rpcUrl: string, calls: readonly Call[]): Promise<unknown[]> {
  if (calls.length === 0) return [];
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: "2.0", id, method: c.method, params: c.params }))),
  });
  const answers = (await res.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  const out: unknown[] = new Array(calls.length);
  for (const a of answers) {
    if (a.error) throw new Error(`${calls[a.id]!.method}: ${a.error.message}`);
    out[a.id] = a.result;
  }
  return out;
}

type Receipt = { transactionHash: Hex; status: Hex; logs: { address: Address; topics: Hex[]; data: Hex }[] };

/** The events the indexer handles (indexer/src: `ponder.on("<contract>:<event>")`), by emitting contract. */
const INDEXED = {
  engine: ["MarketListed", "Deposited", "Withdrawn", "PositionTraded", "FundingAccrued", "FundingSettled", "FundingReceived", "FeesDistributed", "Swept", "Liquidated", "BadDebt"],
  pegOracle: ["Observed"],
  vault: ["Deposit", "WithdrawalRequested", "WithdrawalCancelled", "CancelFeeCharged", "WithdrawalExecuted"],
} as const;

function eventNames(abis: readonly Abi[]): Map<Hex, string> {
  const names = new Map<Hex, string>();
  for (const abi of abis) for (const item of abi) if (item.type === "event") names.set(toEventSelector(item as AbiEvent), item.name);
  return names;
}

/** Deterministic addresses, impersonated: no keys needed on anvil. */
const address = (label: string): Address => `0x${keccak256(toHex(`livestock-history-${label}`)).slice(-40)}` as Address;

interface Trader {
  address: Address;
  token: Address;
  nonce: number;
  /** Open size per market id, as the receipts say. */
  positions: Map<bigint, bigint>;
}

interface Lp {
  address: Address;
  token: Address;
  nonce: number;
  /** Shares held (not escrowed) per vault; a vault with a pending request is in `pending`. */
  shares: Map<Address, bigint>;
  pending: Set<Address>;
}

type Action =
  | { kind: "feed" | "peg" | "accrue" | "sweep" | "topUp" | "execute" }
  | { kind: "open"; trader: Trader; marketId: bigint; size: bigint }
  | { kind: "close"; trader: Trader; marketId: bigint; size: bigint }
  | { kind: "lpDeposit"; lp: Lp; vault: Address }
  | { kind: "request"; lp: Lp; vault: Address; shares: bigint; readyAt: number }
  | { kind: "executeOf"; lp: Lp; vault: Address };

export async function generateHistory(options: HistoryGeneratorOptions): Promise<GeneratedHistory> {
  const log = options.log ?? (() => undefined);
  const rpcUrl = options.rpcUrl;
  const targetEvents = options.targetEvents ?? 100_000;
  const stepSeconds = options.stepSeconds ?? 600;
  const random = new Random(options.seed ?? 14);
  const started = Date.now();

  const dir = path.join(ROOT, "contracts", "deploy", ".generated");
  mkdirSync(dir, { recursive: true });
  const port = new URL(rpcUrl).port;
  const deploymentFile = path.join(dir, `history-${port}.json`);
  const { deployment } = await deploy({ rpcUrl, out: deploymentFile, streams: false });
  const deploySeconds = (Date.now() - started) / 1000;
  log(`[history] push-feed deployment in ${deploySeconds.toFixed(0)} s (${path.relative(ROOT, deploymentFile)})`);

  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl, { batch: { batchSize: 200 }, timeout: 120_000 }) });
  const engine = deployment.contracts.LivestockEngine!;
  const pegOracle = deployment.contracts.PegOracle!;
  const owner = privateKeyToAccount(ANVIL_KEYS[0] as Hex).address;
  const stocks = Object.values(deployment.stocks);
  const vaults = new Set(stocks.flatMap((s) => [s.mainVault.toLowerCase(), s.insuranceVault.toLowerCase()]));

  // Markets near the money: BTC strikes within $10,000 of spot, ETH within $500, calls and puts, per token.
  const [btcSpot, ethSpot] = await Promise.all(
    [deployment.contracts.BtcUsdFeed!, deployment.contracts.EthUsdFeed!].map((feed) =>
      client.readContract({ address: feed, abi: pushPriceFeedAbi, functionName: "latestRoundData" }).then((r) => BigInt(r[1]) * 10n ** 10n),
    ),
  );
  const marketCount = await client.readContract({ address: engine, abi: engineAbi, functionName: "marketCount" });
  const allMarkets = await Promise.all(
    Array.from({ length: Number(marketCount) }, (_, i) =>
      client.readContract({ address: engine, abi: engineAbi, functionName: "market", args: [BigInt(i + 1)] }).then((m) => ({ id: BigInt(i + 1), ...m })),
    ),
  );
  const near = (m: (typeof allMarkets)[number]) => {
    const spot = m.underlying === 0 ? btcSpot : ethSpot;
    const band = m.underlying === 0 ? 10_000n * WAD : 500n * WAD;
    return m.strike + band >= spot && m.strike <= spot + band;
  };
  const marketsOf = new Map(stocks.map((s) => [s.token.toLowerCase(), allMarkets.filter((m) => m.token.toLowerCase() === s.token.toLowerCase() && near(m))]));
  log(`[history] ${allMarkets.length} markets listed; trading ${[...marketsOf.values()].reduce((n, l) => n + l.length, 0)} near the money`);

  // Accounts: traders with margin in one token each, LPs with tokens for both of its vaults.
  const tradersPerToken = options.tradersPerToken ?? 40;
  const lpsPerToken = options.lpsPerToken ?? 8;
  const prices = new Map(stocks.map((s) => [s.token.toLowerCase(), 0n]));
  for (const s of stocks) {
    const [, answer] = await client.readContract({ address: s.feed, abi: stockPriceFeedAbi, functionName: "latestRoundData" });
    prices.set(s.token.toLowerCase(), BigInt(answer));
  }
  const tokensWorth = (token: Address, usd: bigint) => (usd * 10n ** 8n * WAD) / prices.get(token.toLowerCase())!;
  const traders: Trader[] = stocks.flatMap((s, si) =>
    Array.from({ length: tradersPerToken }, (_, i) => ({ address: address(`trader-${si}-${i}`), token: s.token, nonce: 0, positions: new Map<bigint, bigint>() })),
  );
  const lps: Lp[] = stocks.flatMap((s, si) =>
    Array.from({ length: lpsPerToken }, (_, i) => ({ address: address(`lp-${si}-${i}`), token: s.token, nonce: 0, shares: new Map<Address, bigint>(), pending: new Set<Address>() })),
  );
  const stockOf = (token: Address) => stocks.find((s) => s.token.toLowerCase() === token.toLowerCase())!;

  await rpc(rpcUrl, "anvil_autoImpersonateAccount", [true]);
  await rpc(rpcUrl, "evm_setAutomine", [false]);
  let ownerNonce = await client.getTransactionCount({ address: owner, blockTag: "pending" });
  const tx = (from: Address, to: Address, data: Hex, nonce: number, gas: bigint): Call => ({
    method: "eth_sendTransaction",
    params: [{ from, to, data, gas: toHex(gas), nonce: toHex(nonce) }],
  });
  const mint = (to: Address, token: Address, amount: bigint) =>
    tx(owner, token, encodeFunctionData({ abi: stockTokenAbi, functionName: "mint", args: [to, amount] }), ownerNonce++, GAS.small);
  const approve = (from: { address: Address; nonce: number }, token: Address, spender: Address) =>
    tx(from.address, token, encodeFunctionData({ abi: stockTokenAbi, functionName: "approve", args: [spender, maxUint256] }), from.nonce++, GAS.small);

  let transactions = 0;
  let reverted = 0;
  let events = 0;
  let indexedEvents = 0;
  const eventsByName: Record<string, number> = {};
  const actions: Record<string, number> = {};
  const names = eventNames([engineAbi, mainVaultAbi, pegOracleAbi, stockTokenAbi, pushPriceFeedAbi, stockPriceFeedAbi, volatilityFeedAbi]);
  const indexedTopics = {
    engine: new Set(INDEXED.engine.map((n) => [...names].find(([, name]) => name === n)![0])),
    pegOracle: new Set(INDEXED.pegOracle.map((n) => [...names].find(([, name]) => name === n)![0])),
    vault: new Set(INDEXED.vault.map((n) => [...names].find(([, name]) => name === n)![0])),
  };
  const isIndexed = (l: Receipt["logs"][number]): boolean => {
    const at = l.address.toLowerCase();
    const topic = l.topics[0]!;
    if (at === engine.toLowerCase()) return indexedTopics.engine.has(topic);
    if (at === pegOracle.toLowerCase()) return indexedTopics.pegOracle.has(topic);
    return vaults.has(at) && indexedTopics.vault.has(topic);
  };

  /** Sends the batch, mines it at `timestamp` (more blocks if it does not fit), and hands back each action's receipt. */
  async function block(timestamp: number, batch: { call: Call; action: Action }[]): Promise<{ receipt: Receipt; action: Action }[]> {
    const hashes = (await rpcBatch(rpcUrl, batch.map((b) => b.call))) as Hex[];
    const byHash = new Map(hashes.map((h, i) => [h.toLowerCase(), batch[i]!.action]));
    const out: { receipt: Receipt; action: Action }[] = [];
    for (let t = timestamp; out.length < batch.length; t++) {
      if (t > timestamp + 20) throw new Error(`${batch.length - out.length} transactions not mined in 20 blocks`);
      await rpc(rpcUrl, "evm_setNextBlockTimestamp", [t]);
      await rpc(rpcUrl, "evm_mine", []);
      const receipts = await rpc<Receipt[]>(rpcUrl, "eth_getBlockReceipts", ["latest"]);
      for (const receipt of receipts) {
        const action = byHash.get(receipt.transactionHash.toLowerCase());
        transactions++;
        if (receipt.status !== "0x1") reverted++;
        for (const l of receipt.logs) {
          events++;
          if (isIndexed(l)) indexedEvents++;
          const name = names.get(l.topics[0]!) ?? "other";
          eventsByName[name] = (eventsByName[name] ?? 0) + 1;
        }
        if (action) out.push({ receipt, action });
      }
    }
    return out;
  }

  // Setup: gas money, tokens (traders ~$50k, LPs ~$200k), approvals, the traders' margin.
  const head = await client.getBlock({ blockTag: "latest" });
  let time = Number(head.timestamp) + 10;
  await rpcBatch(rpcUrl, [...traders, ...lps].map((a) => ({ method: "anvil_setBalance", params: [a.address, "0x56BC75E2D63100000"] })));
  const setup: { call: Call; action: Action }[] = [];
  for (const t of traders) setup.push({ call: mint(t.address, t.token, tokensWorth(t.token, 60_000n)), action: { kind: "topUp" } });
  for (const l of lps) setup.push({ call: mint(l.address, l.token, tokensWorth(l.token, 400_000n)), action: { kind: "topUp" } });
  await block(time++, setup);
  const margin = (t: Trader, usd: bigint): Call =>
    tx(t.address, engine, encodeFunctionData({ abi: engineAbi, functionName: "deposit", args: [t.token, tokensWorth(t.token, usd)] }), t.nonce++, GAS.vault);
  const setup2: { call: Call; action: Action }[] = [];
  for (const t of traders) {
    setup2.push({ call: approve(t, t.token, engine), action: { kind: "topUp" } });
    setup2.push({ call: margin(t, 40_000n), action: { kind: "topUp" } });
  }
  for (const l of lps) {
    const s = stockOf(l.token);
    setup2.push({ call: approve(l, l.token, s.mainVault), action: { kind: "topUp" } });
    setup2.push({ call: approve(l, l.token, s.insuranceVault), action: { kind: "topUp" } });
  }
  const setupResults = await block(time++, setup2);
  const setupFailed = setupResults.filter((r) => r.receipt.status !== "0x1").length;
  if (setupFailed > 0) throw new Error(`${setupFailed} setup transactions reverted`);
  const fromBlock = Number(await client.getBlockNumber({ cacheTime: 0 }));

  // Price paths start where the feeds are.
  let btc = Number(btcSpot / 10n ** 10n) / FEED_SCALE;
  let eth = Number(ethSpot / 10n ** 10n) / FEED_SCALE;
  const btcVol = Number((await client.readContract({ address: deployment.contracts.BtcVolFeed!, abi: volatilityFeedAbi, functionName: "latestRoundData" }))[1]);
  const ethVol = Number((await client.readContract({ address: deployment.contracts.EthVolFeed!, abi: volatilityFeedAbi, functionName: "latestRoundData" }))[1]);
  const dt = stepSeconds / YEAR;
  const feedCall = (feed: Address, abi: Abi, answer: bigint) => tx(owner, feed, encodeFunctionData({ abi, functionName: "updateAnswer", args: [answer] }), ownerNonce++, GAS.feed);

  const dueExecutions: { lp: Lp; vault: Address; readyAt: number }[] = [];
  const tradesPerStep = options.tradesPerStep ?? 4;
  let steps = 0;
  const generateStarted = Date.now();
  const firstTime = time;
  let lastLog = Date.now();
  while (events < targetEvents) {
    steps++;
    time += stepSeconds;
    // Block A: prices, σ, stock references, peg observations.
    btc *= Math.exp(-0.5 * 0.55 ** 2 * dt + 0.55 * Math.sqrt(dt) * random.normal());
    eth *= Math.exp(-0.5 * 0.7 ** 2 * dt + 0.7 * Math.sqrt(dt) * random.normal());
    const a: { call: Call; action: Action }[] = [
      { call: feedCall(deployment.contracts.BtcUsdFeed!, pushPriceFeedAbi, BigInt(Math.round(btc * FEED_SCALE))), action: { kind: "feed" } },
      { call: feedCall(deployment.contracts.EthUsdFeed!, pushPriceFeedAbi, BigInt(Math.round(eth * FEED_SCALE))), action: { kind: "feed" } },
    ];
    if (steps % 3 === 1) {
      // σ wanders within ±2 % a half hour around its deployed value (the feed allows ±20 % per push).
      a.push({ call: feedCall(deployment.contracts.BtcVolFeed!, volatilityFeedAbi, BigInt(Math.round(btcVol * (1 + 0.02 * Math.sin(steps / 40))))), action: { kind: "feed" } });
      a.push({ call: feedCall(deployment.contracts.EthVolFeed!, volatilityFeedAbi, BigInt(Math.round(ethVol * (1 + 0.02 * Math.cos(steps / 40))))), action: { kind: "feed" } });
    }
    for (const s of stocks) a.push({ call: feedCall(s.feed, stockPriceFeedAbi, prices.get(s.token.toLowerCase())!), action: { kind: "feed" } });
    for (const s of stocks) {
      a.push({ call: tx(owner, pegOracle, encodeFunctionData({ abi: pegOracleAbi, functionName: "update", args: [s.token] }), ownerNonce++, GAS.peg), action: { kind: "peg" } });
    }
    await block(time, a);

    // Block B: traders, funding, sweeps, vault flows.
    const b: { call: Call; action: Action }[] = [];
    const busy = new Set<Trader>();
    const trades = random.poisson(tradesPerStep);
    for (let i = 0; i < trades; i++) {
      const trader = traders[random.integerBetween(0, traders.length - 1)]!;
      if (busy.has(trader)) continue;
      busy.add(trader);
      const open = [...trader.positions].filter(([, size]) => size > 0n);
      if (open.length > 0 && (open.length >= 4 || random.bernoulli(0.45))) {
        const [marketId, held] = open[random.integerBetween(0, open.length - 1)]!;
        const size = random.bernoulli(0.7) ? held : held / 2n;
        const data = encodeFunctionData({ abi: engineAbi, functionName: "trade", args: [trader.address, marketId, -size, 0n] });
        b.push({ call: tx(trader.address, engine, data, trader.nonce++, GAS.trade), action: { kind: "close", trader, marketId, size } });
      } else {
        const markets = marketsOf.get(trader.token.toLowerCase())!;
        const m = markets[random.integerBetween(0, markets.length - 1)]!;
        const size = m.underlying === 0 ? BigInt(random.integerBetween(1, 5)) * 10n ** 16n : BigInt(random.integerBetween(2, 10)) * 10n ** 17n;
        const data = encodeFunctionData({ abi: engineAbi, functionName: "trade", args: [trader.address, m.id, size, maxUint256] });
        b.push({ call: tx(trader.address, engine, data, trader.nonce++, GAS.trade), action: { kind: "open", trader, marketId: m.id, size } });
      }
    }
    const idle = traders.filter((t) => !busy.has(t));
    const topped = idle[random.integerBetween(0, idle.length - 1)]!;
    b.push({ call: margin(topped, BigInt(random.integerBetween(200, 2_000))), action: { kind: "topUp" } });
    const accrueToken = stocks[steps % stocks.length]!.token;
    b.push({ call: tx(owner, engine, encodeFunctionData({ abi: engineAbi, functionName: "accrueFunding", args: [accrueToken] }), ownerNonce++, GAS.accrue), action: { kind: "accrue" } });
    if (steps % 6 === 0) {
      const sweepToken = stocks[(steps / 6) % stocks.length]!.token;
      b.push({ call: tx(owner, engine, encodeFunctionData({ abi: engineAbi, functionName: "sweep", args: [sweepToken] }), ownerNonce++, GAS.sweep), action: { kind: "sweep" } });
    }
    const blockTime = time + 2;
    for (const due of dueExecutions.splice(0).filter((d) => d.readyAt <= blockTime)) {
      const data = encodeFunctionData({ abi: mainVaultAbi, functionName: "executeWithdrawal", args: [due.lp.address] });
      b.push({ call: tx(owner, due.vault, data, ownerNonce++, GAS.vault), action: { kind: "executeOf", lp: due.lp, vault: due.vault } });
    }
    const lpBusy = new Set<Lp>();
    for (let i = random.poisson(0.8); i > 0; i--) {
      const lp = lps[random.integerBetween(0, lps.length - 1)]!;
      if (lpBusy.has(lp)) continue;
      lpBusy.add(lp);
      const s = stockOf(lp.token);
      const vault = random.bernoulli(0.25) ? s.insuranceVault : s.mainVault;
      const assets = tokensWorth(lp.token, BigInt(random.integerBetween(1_000, 20_000)));
      const data = encodeFunctionData({ abi: mainVaultAbi, functionName: "deposit", args: [assets, lp.address] });
      b.push({ call: tx(lp.address, vault, data, lp.nonce++, GAS.vault), action: { kind: "lpDeposit", lp, vault } });
    }
    if (random.bernoulli(0.3)) {
      const lp = lps[random.integerBetween(0, lps.length - 1)]!;
      const holdings = [...lp.shares].filter(([vault, shares]) => shares > 0n && !lp.pending.has(vault));
      if (!lpBusy.has(lp) && holdings.length > 0) {
        const [vault, held] = holdings[random.integerBetween(0, holdings.length - 1)]!;
        const shares = (held * BigInt(random.integerBetween(10, 60))) / 100n;
        const data = encodeFunctionData({ abi: mainVaultAbi, functionName: "requestWithdrawal", args: [shares] });
        b.push({ call: tx(lp.address, vault, data, lp.nonce++, GAS.vault), action: { kind: "request", lp, vault, shares, readyAt: 0 } });
      }
    }
    for (const { receipt, action } of await block(blockTime, b)) {
      const ok = receipt.status === "0x1";
      const name = `${action.kind}${ok ? "" : " (reverted)"}`;
      actions[name] = (actions[name] ?? 0) + 1;
      if (!ok) continue;
      if (action.kind === "open") action.trader.positions.set(action.marketId, (action.trader.positions.get(action.marketId) ?? 0n) + action.size);
      else if (action.kind === "close") action.trader.positions.set(action.marketId, (action.trader.positions.get(action.marketId) ?? 0n) - action.size);
      else if (action.kind === "lpDeposit") {
        for (const l of receipt.logs) {
          if (l.address.toLowerCase() !== action.vault.toLowerCase()) continue;
          const decoded = decodeEventLog({ abi: mainVaultAbi, data: l.data, topics: l.topics as [Hex, ...Hex[]], strict: false });
          if (decoded.eventName === "Deposit") action.lp.shares.set(action.vault, (action.lp.shares.get(action.vault) ?? 0n) + (decoded.args.shares ?? 0n));
        }
      } else if (action.kind === "request") {
        action.lp.shares.set(action.vault, (action.lp.shares.get(action.vault) ?? 0n) - action.shares);
        action.lp.pending.add(action.vault);
        for (const l of receipt.logs) {
          if (l.address.toLowerCase() !== action.vault.toLowerCase()) continue;
          const decoded = decodeEventLog({ abi: mainVaultAbi, data: l.data, topics: l.topics as [Hex, ...Hex[]], strict: false });
          if (decoded.eventName === "WithdrawalRequested") dueExecutions.push({ lp: action.lp, vault: action.vault, readyAt: Number(decoded.args.readyAt ?? 0n) });
        }
      } else if (action.kind === "executeOf") action.lp.pending.delete(action.vault);
    }
    // A failed execution (cap, liquidity) is tried again next step.
    for (const [lp, vault] of lps.flatMap((l) => [...l.pending].map((v) => [l, v] as const))) {
      if (!dueExecutions.some((d) => d.lp === lp && d.vault === vault)) dueExecutions.push({ lp, vault, readyAt: blockTime });
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`[history] step ${steps}, ${((time - firstTime) / 86_400).toFixed(1)} simulated days: ${events.toLocaleString("en-US")} events, ${transactions.toLocaleString("en-US")} transactions (${reverted} reverted), BTC ${btc.toFixed(0)} ETH ${eth.toFixed(0)}`);
    }
  }
  await rpc(rpcUrl, "evm_setAutomine", [true]);
  await rpc(rpcUrl, "anvil_autoImpersonateAccount", [false]);
  const toBlock = Number(await client.getBlockNumber({ cacheTime: 0 }));
  const generateSeconds = (Date.now() - generateStarted) / 1000;
  log(
    `[history] ${events.toLocaleString("en-US")} events (${indexedEvents.toLocaleString("en-US")} the indexer follows) in ${steps} steps = ${((time - firstTime) / 86_400).toFixed(1)} simulated days, blocks ${fromBlock}–${toBlock}, ${transactions.toLocaleString("en-US")} transactions (${reverted} reverted), written in ${generateSeconds.toFixed(0)} s`,
  );
  return {
    deployment,
    deploymentFile,
    fromBlock,
    toBlock,
    steps,
    simulatedDays: (time - firstTime) / 86_400,
    transactions,
    reverted,
    events,
    indexedEvents,
    eventsByName,
    actions,
    deploySeconds,
    generateSeconds,
  };
}
