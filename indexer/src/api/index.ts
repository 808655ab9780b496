// The indexer's HTTP API (beside Ponder's own GET /health, GET /ready and GET /status):
//   /sql/*    SQL over HTTP for @ponder/client (typed Drizzle queries from the app; /sql/live for SSE)
//   /graphql  GraphQL over every table (also at /)
import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { uncachedSqlRequest } from "../../lib/uncachedSql";

const app = new Hono();
const sql = new Hono().use("/sql/*", client({ db, schema }));

// Ponder 0.16.6 caches /sql/db results per query text and clears an entry only when a table the query reads is
// written; a reorg reverts rows with those notifications switched off, so a cached answer would keep showing rows
// of blocks that no longer exist (indexer/test: the reorg case). Every query is therefore answered fresh.
app.get("/sql/db", async (c) => sql.fetch(uncachedSqlRequest(c.req.raw)));
app.use("/sql/*", async (c) => sql.fetch(c.req.raw));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));

export default app;
