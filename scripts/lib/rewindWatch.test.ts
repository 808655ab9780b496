import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type AnvilHandle } from "./anvil";
import { rpc } from "./deploy";
import { UnknownBlockStall, waitForRewind } from "./rewindWatch";

/** A stand-in for Ponder's GET /status, answering the indexed block the test sets. */
function statusServer(indexed: () => number): Promise<{ server: Server; url: string }> {
  const server = createServer((_, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ chain: { id: 31337, block: { number: indexed(), timestamp: 0 } } }));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const mine = (url: string, blocks: number) => rpc(url, "anvil_mine", [`0x${blocks.toString(16)}`]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("waitForRewind (anvil)", () => {
  let anvil: AnvilHandle;
  let status: { server: Server; url: string };
  let indexed = 0;

  beforeAll(async () => {
    anvil = await startAnvil();
    status = await statusServer(() => indexed);
  });
  afterAll(async () => {
    status.server.close();
    await anvil.stop();
  });

  it("sees a head below the indexed block", async () => {
    const snapshot = await rpc<string>(anvil.rpcUrl, "evm_snapshot", []);
    await mine(anvil.rpcUrl, 5);
    indexed = Number(await rpc<string>(anvil.rpcUrl, "eth_blockNumber", []));
    let stopped = false;
    const watch = waitForRewind(anvil.rpcUrl, status.url, () => stopped, 100);
    await sleep(300);
    await rpc(anvil.rpcUrl, "evm_revert", [snapshot]);
    const rewind = await watch;
    stopped = true;
    expect(rewind?.replaced).toBeUndefined();
    expect(rewind!.head).toBeLessThan(rewind!.indexed);
  });

  it("sees a revert that new blocks hid within one poll: the block it saw was replaced", async () => {
    const snapshot = await rpc<string>(anvil.rpcUrl, "evm_snapshot", []);
    await mine(anvil.rpcUrl, 3);
    const seenHead = Number(await rpc<string>(anvil.rpcUrl, "eth_blockNumber", []));
    indexed = seenHead;
    let stopped = false;
    const watch = waitForRewind(anvil.rpcUrl, status.url, () => stopped, 1_000);
    await sleep(1_500); // the watch has seen the head once
    // Revert and grow past the indexed block again before the next poll, as the e2e fixture's reset does.
    await rpc(anvil.rpcUrl, "evm_revert", [snapshot]);
    await rpc(anvil.rpcUrl, "evm_increaseTime", ["0x10"]);
    await mine(anvil.rpcUrl, 6);
    const rewind = await watch;
    stopped = true;
    expect(rewind?.replaced).toBe(seenHead);
    expect(rewind!.head).toBeGreaterThanOrEqual(indexed);
  });

  it("stays quiet while the chain only grows", async () => {
    indexed = Number(await rpc<string>(anvil.rpcUrl, "eth_blockNumber", []));
    let stopped = false;
    const watch = waitForRewind(anvil.rpcUrl, status.url, () => stopped, 100);
    await mine(anvil.rpcUrl, 2);
    await sleep(400);
    await mine(anvil.rpcUrl, 2);
    await sleep(400);
    stopped = true;
    expect(await watch).toBeUndefined();
  });
});

describe("UnknownBlockStall", () => {
  it("resolves once Ponder has retried logs of a vanished block `threshold` times, not on other lines", async () => {
    const stall = new UnknownBlockStall(3);
    let stalled = false;
    void stall.stalled.then(() => (stalled = true));
    stall.observe("[indexer] 07:43:48 WARN  Received JSON-RPC error method=eth_getLogs retry_count=1");
    stall.observe("[indexer] Details: unknown block");
    stall.observe("[indexer] Details: unknown block");
    await Promise.resolve();
    expect(stalled).toBe(false);
    stall.observe("[indexer] Details: unknown block");
    await Promise.resolve();
    expect(stalled).toBe(true);
  });
});
