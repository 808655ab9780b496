/**
 * Start and stop a local anvil (the npm-installed Foundry binary) for the dev chain and for tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/**
 * The native Foundry binary, not node_modules/.bin: the npm wrappers (@foundry-rs/* 1.7.1) always exit 0,
 * so a failing `forge script` or `forge build` would look like success.
 */
export const BIN = (tool: "anvil" | "forge" | "cast") => {
  const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
  return path.join(ROOT, "node_modules", "@foundry-rs", `${tool}-${process.platform}-${arch}`, "bin", tool);
};

/** The first anvil account (from anvil's fixed test mnemonic): deployer and keeper on the local chain. */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;

export interface AnvilHandle {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Wait until the JSON-RPC endpoint answers eth_chainId. */
export async function waitForRpc(rpcUrl: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`RPC ${rpcUrl} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startAnvil(options: { port?: number; silent?: boolean; args?: string[] } = {}): Promise<AnvilHandle> {
  const port = options.port ?? (await freePort());
  if (!(await isPortFree(port))) throw new Error(`Port ${port} is already in use: is another anvil running?`);
  // A generous gas cap lets a single eth_call price a whole grid of options.
  const args = ["--port", String(port), "--host", "127.0.0.1", "--gas-limit", "300000000", ...(options.args ?? [])];
  const child = spawn(BIN("anvil"), args, { stdio: options.silent === false ? "inherit" : "ignore" });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForRpc(rpcUrl);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    rpcUrl,
    port,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
