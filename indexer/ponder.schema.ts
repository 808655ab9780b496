// The indexer's tables: the history the app reads through @ponder/client (SQL over HTTP) or GraphQL.
// Conventions, so every table reads the same way:
//   - amounts are bigint in the contracts' own units (USD values 18 decimals, token amounts in the token's wei);
//   - `timestamp` is the block's unix time in seconds (integer);
//   - addresses are lowercase hex;
//   - event rows carry `blockNumber`, `txHash` and `logIndex`, and their id is `${txHash}-${logIndex}`, so a
//     reorg that drops the block drops the row (Ponder reverts by block).
import { index, onchainEnum, onchainTable, primaryKey } from "ponder";

export const orderStatus = onchainEnum("order_status", ["committed", "settled", "cancelled"]);
export const positionStatus = onchainEnum("position_status", ["open", "closed", "liquidated"]);
export const positionSide = onchainEnum("position_side", ["long", "short"]);
export const positionEventKind = onchainEnum("position_event_kind", ["open", "increase", "decrease", "close", "flip"]);
export const fundingPaymentKind = onchainEnum("funding_payment_kind", ["paid", "received"]);
export const marginEventKind = onchainEnum("margin_event_kind", ["deposit", "withdraw"]);
export const feeEventKind = onchainEnum("fee_event_kind", ["distributed", "swept"]);
export const vaultKind = onchainEnum("vault_kind", ["main", "insurance"]);
export const withdrawalEventKind = onchainEnum("withdrawal_event_kind", ["request", "cancel", "cancelFee", "execute"]);

/** Markets as the engine listed them (MarketListed). */
export const markets = onchainTable("markets", (t) => ({
  marketId: t.bigint().primaryKey(),
  token: t.hex().notNull(),
  underlying: t.integer().notNull(), // OracleHub.Underlying: 0 BTC, 1 ETH
  isCall: t.boolean().notNull(),
  strike: t.bigint().notNull(), // USD, 18 decimals
  cumFunding: t.bigint().notNull(), // the last FundingAccrued's cumFunding (0 before any): where a new position starts
  timestamp: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
}));

/** Two-step orders (OrderRouter): committed, then settled at the reports' prices or cancelled with a reason. */
export const orders = onchainTable(
  "orders",
  (t) => ({
    orderId: t.bigint().primaryKey(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    underlying: t.integer().notNull(),
    isBuy: t.boolean().notNull(), // buy (grow a long, reduce a short) or sell (reduce a long, write or grow a short)
    size: t.bigint().notNull(), // underlying units, 18 decimals (unsigned: the side is isBuy)
    acceptablePrice: t.bigint().notNull(), // USD per unit, 18 decimals: highest for a buy, lowest for a sell
    executionFee: t.bigint().notNull(), // in `token`, paid to the settler
    committedAt: t.integer().notNull(), // from the order itself (= the commit block's time)
    expiresAt: t.integer().notNull(),
    status: orderStatus("status").notNull(),
    fillPrice: t.bigint(), // settled: the engine's price per unit
    feeUsd: t.bigint(), // settled: the engine's trading fee (USD)
    pnlUsd: t.bigint(), // settled: realized PnL as the engine emitted it (0 when the trade only grew a position)
    observedAt: t.integer(), // settled: the reports' observation second
    settler: t.hex(),
    cancelledBy: t.hex(),
    reason: t.hex(), // cancelled: the ABI-encoded error
    reasonName: t.text(), // cancelled: that error's name ("PriceAboveMax", "OrderExpired", …) when known
    commitBlockNumber: t.bigint().notNull(),
    commitTxHash: t.hex().notNull(),
    completedAt: t.integer(), // settled or cancelled: block time
    completedBlockNumber: t.bigint(),
    completedTxHash: t.hex(),
  }),
  (table) => ({ traderIdx: index().on(table.trader, table.token), statusIdx: index().on(table.status) }),
);

/** Executions of settled orders: one row per OrderSettled, joined to the engine's position event of that tx. */
export const fills = onchainTable(
  "fills",
  (t) => ({
    id: t.text().primaryKey(), // `${txHash}-${logIndex}` of OrderSettled
    orderId: t.bigint().notNull(),
    positionEventId: t.text(), // the PositionTraded row it produced
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    isBuy: t.boolean().notNull(),
    size: t.bigint().notNull(), // signed as the engine traded it: > 0 buy, < 0 sell
    price: t.bigint().notNull(),
    feeUsd: t.bigint().notNull(),
    pnlUsd: t.bigint().notNull(), // PositionTraded.pnlUsd (0 when the trade only grew a position)
    observedAt: t.integer().notNull(),
    settler: t.hex().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ traderIdx: index().on(table.trader, table.token) }),
);

/**
 * A position's life in one market, from size 0 to size 0 (or liquidation), on one side: `size` is signed (> 0 long,
 * < 0 short) and `side` says which. Its id is the opening event's id, so reopening after a close, or a flip (a trade
 * larger than the position: it closes this row and opens one on the other side), starts a new row.
 * `entryPrice` and `fundingIndex` follow the engine's own rounding (PositionMath). A long pays funding
 * (`fundingPaidUsd`: its share of the account's FundingSettled), a short receives it (`fundingReceivedUsd`: its share
 * of FundingReceived), each computed as the engine computes each position's funding.
 */
export const positions = onchainTable(
  "positions",
  (t) => ({
    id: t.text().primaryKey(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    status: positionStatus("status").notNull(),
    side: positionSide("side").notNull(),
    size: t.bigint().notNull(), // current signed size (0 once closed or liquidated)
    maxSize: t.bigint().notNull(), // the largest |size| it reached, with the side's sign
    entryPrice: t.bigint().notNull(), // average entry, USD per unit, 18 decimals
    fundingIndex: t.bigint().notNull(), // the market's cumFunding at this position's last funding settlement
    realizedPnlUsd: t.bigint().notNull(), // Σ pnlUsd of its PositionTraded rows (a liquidation's PnL is on the liquidation row)
    feesUsd: t.bigint().notNull(), // Σ trading fees of its position_events rows (a flip's whole fee is on the position it closes)
    fundingPaidUsd: t.bigint().notNull(), // longs
    fundingReceivedUsd: t.bigint().notNull(), // shorts
    openedAt: t.integer().notNull(),
    openedBlockNumber: t.bigint().notNull(),
    openedTxHash: t.hex().notNull(),
    closedAt: t.integer(),
    closedBlockNumber: t.bigint(),
    closedTxHash: t.hex(),
    liquidationId: t.text(),
    updatedAt: t.integer().notNull(),
  }),
  (table) => ({
    traderIdx: index().on(table.trader, table.token),
    openIdx: index().on(table.trader, table.marketId, table.status),
  }),
);

/**
 * The open position of a trader in a market, and the markets a margin account holds: what the handlers look up on
 * every trade and funding settlement, by primary key. Ponder answers those from its in-memory cache during the
 * historical sync; a `context.db.sql` query would flush every pending write to the database first (with a
 * funding lookup that sorted a market's accruals, the sync fell to about 45 events/s on 100,000 events).
 */
export const openPositions = onchainTable(
  "open_positions",
  (t) => ({
    trader: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    positionId: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.trader, table.marketId] }) }),
);

export const accountMarkets = onchainTable(
  "account_markets",
  (t) => ({
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    marketIds: t.bigint().array().notNull(), // markets with an open position, in the order they were opened
  }),
  (table) => ({ pk: primaryKey({ columns: [table.trader, table.token] }) }),
);

/**
 * Every PositionTraded, classified, with the engine's values untouched. `positionId` is the position the trade
 * changed and `side` that position's side; `kind` is open / increase / decrease / close, or flip: the trade closed
 * `positionId` (realizing `pnlUsd`) and opened the rest on the other side, as the position whose id is this row's id.
 */
export const positionEvents = onchainTable(
  "position_events",
  (t) => ({
    id: t.text().primaryKey(),
    positionId: t.text().notNull(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    side: positionSide("side").notNull(),
    kind: positionEventKind("kind").notNull(),
    size: t.bigint().notNull(), // PositionTraded.size: signed, > 0 buy, < 0 sell
    sizeAfter: t.bigint().notNull(), // PositionTraded.newSize (signed)
    price: t.bigint().notNull(),
    feeUsd: t.bigint().notNull(),
    pnlUsd: t.bigint().notNull(), // PositionTraded.pnlUsd: realized on the part that reduced the position, else 0
    orderId: t.bigint(), // set when the OrderSettled of the same transaction is indexed
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    positionIdx: index().on(table.positionId),
    txIdx: index().on(table.txHash, table.trader, table.marketId),
  }),
);

/** Per margin account (trader, stock token): running totals. */
export const accounts = onchainTable(
  "accounts",
  (t) => ({
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    deposited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    fundingPaidUsd: t.bigint().notNull(), // Σ FundingSettled (longs pay)
    fundingPaidX: t.bigint().notNull(),
    fundingReceivedUsd: t.bigint().notNull(), // Σ FundingReceived (shorts receive)
    fundingReceivedX: t.bigint().notNull(),
    realizedPnlUsd: t.bigint().notNull(), // trades that reduced a position, and liquidations
    feesUsd: t.bigint().notNull(),
    liquidations: t.integer().notNull(),
    updatedAt: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.trader, table.token] }) }),
);

/** Margin deposits and withdrawals (Deposited / Withdrawn). */
export const marginEvents = onchainTable(
  "margin_events",
  (t) => ({
    id: t.text().primaryKey(),
    kind: marginEventKind("kind").notNull(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ traderIdx: index().on(table.trader, table.token) }),
);

/**
 * Funding an account settled: `paid` rows are FundingSettled (its longs paid: USD owed, X taken), `received` rows
 * FundingReceived (its shorts received: USD due, X paid out). Both amounts are positive as emitted.
 */
export const fundingPayments = onchainTable(
  "funding_payments",
  (t) => ({
    id: t.text().primaryKey(),
    kind: fundingPaymentKind("kind").notNull(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    fundingUsd: t.bigint().notNull(),
    amountX: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ traderIdx: index().on(table.trader, table.token) }),
);

/** FundingAccrued per market: cumulative funding per unit and the spot it used; rates are differences of these. */
export const fundingAccruals = onchainTable(
  "funding_accruals",
  (t) => ({
    id: t.text().primaryKey(),
    marketId: t.bigint().notNull(),
    cumFunding: t.bigint().notNull(), // USD per unit, 18 decimals
    spot: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ marketIdx: index().on(table.marketId, table.timestamp) }),
);

/** FeesDistributed (per trade) and Swept (pending fees pushed out): the 70/20/10 split, in X. */
export const feeDistributions = onchainTable(
  "fee_distributions",
  (t) => ({
    id: t.text().primaryKey(),
    kind: feeEventKind("kind").notNull(),
    token: t.hex().notNull(),
    toMain: t.bigint().notNull(),
    toInsurance: t.bigint().notNull(),
    toTreasury: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ tokenIdx: index().on(table.token, table.timestamp) }),
);

/** Liquidated: the whole account closed at theo; `pnlUsd` is the engine's total over its positions. */
export const liquidations = onchainTable(
  "liquidations",
  (t) => ({
    id: t.text().primaryKey(),
    trader: t.hex().notNull(),
    token: t.hex().notNull(),
    liquidator: t.hex().notNull(),
    pnlUsd: t.bigint().notNull(),
    rewardX: t.bigint().notNull(),
    positionsClosed: t.integer().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ traderIdx: index().on(table.trader, table.token) }),
);

/** BadDebt: a shortfall of an account, and how much the insurance vault covered. */
export const badDebts = onchainTable("bad_debts", (t) => ({
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  trader: t.hex().notNull(),
  amountX: t.bigint().notNull(),
  coveredByInsurance: t.bigint().notNull(),
  timestamp: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
}));

/** ERC-4626 Deposit into a main or insurance vault. */
export const vaultDeposits = onchainTable(
  "vault_deposits",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    kind: vaultKind("kind").notNull(),
    token: t.hex().notNull(),
    sender: t.hex().notNull(),
    owner: t.hex().notNull(),
    assets: t.bigint().notNull(),
    shares: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), vaultIdx: index().on(table.vault, table.timestamp) }),
);

/**
 * Withdrawal requests, cancellations (and the cancel fee burned) and executions. `shares` is what the event says
 * (a request adds to the owner's pending request; `readyAt` is the whole request's); executions carry the
 * assets paid and the exit fee kept.
 */
export const withdrawalEvents = onchainTable(
  "withdrawal_events",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    kind: withdrawalEventKind("kind").notNull(),
    vaultKind: vaultKind("vault_kind").notNull(),
    token: t.hex().notNull(),
    owner: t.hex().notNull(),
    shares: t.bigint().notNull(),
    readyAt: t.integer(), // request
    assets: t.bigint(), // execute: X sent to the owner (net of the fee)
    fee: t.bigint(), // execute: X kept by the vault
    caller: t.hex(), // execute
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), vaultIdx: index().on(table.vault, table.timestamp) }),
);

/**
 * A vault's NAV and share price at the end of a block in which something moved it (a vault event or a fee
 * distribution to it), read from the vault at that block. `sharePrice` = convertToAssets(1e24): X per 1e24 shares.
 */
export const vaultSnapshots = onchainTable(
  "vault_snapshots",
  (t) => ({
    id: t.text().primaryKey(), // `${vault}-${blockNumber}`: one per vault per block
    vault: t.hex().notNull(),
    kind: vaultKind("kind").notNull(),
    token: t.hex().notNull(),
    totalAssets: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    sharePrice: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ vaultIdx: index().on(table.vault, table.timestamp) }),
);

/** PegOracle Observed: the DEX price accumulator of a stock's pair; the TWAP over [a, b] is Δcumulative / Δt. */
export const pegObservations = onchainTable(
  "peg_observations",
  (t) => ({
    id: t.text().primaryKey(),
    stock: t.hex().notNull(),
    observedAt: t.integer().notNull(), // the observation's own timestamp (event field)
    priceCumulative: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ stockIdx: index().on(table.stock, table.observedAt) }),
);

/** ReportStore ReportStored: each verified Data Streams report kept as a feed's newest. */
export const reports = onchainTable(
  "reports",
  (t) => ({
    id: t.text().primaryKey(),
    feedId: t.hex().notNull(),
    price: t.bigint().notNull(), // signed, 18 decimals
    observedAt: t.integer().notNull(), // the report's observation second
    marketStatus: t.integer().notNull(), // v8: 0 unknown, 1 closed, 2 open
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ feedIdx: index().on(table.feedId, table.observedAt) }),
);
