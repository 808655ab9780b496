/**
 * A browser wallet for the benchmark: an EIP-1193 provider announced through EIP-6963 (RainbowKit lists it
 * under "Installed"), injected by an init script. It answers the account and chain locally and hands every
 * other request to Node through a Playwright binding, which forwards it to anvil (the account is one of
 * anvil's unlocked dev accounts, so `eth_sendTransaction` and `eth_signTypedData_v4` are approved at once).
 *
 * Requests the wallet makes never leave the page as HTTP, so counting the page's POSTs to the RPC counts the
 * app's own reads only.
 */
import type { BrowserContext } from "@playwright/test";

export const WALLET_NAME = "Bench Wallet";
export const WALLET_RDNS = "dev.livestock.bench";
const BINDING = "__livestockBenchWallet";

/** The init script (a string: it runs in the page before any of the app's code). */
export function walletInitScript(account: `0x${string}`, chainId: number): string {
  const config = JSON.stringify({ account, chainIdHex: `0x${chainId.toString(16)}`, name: WALLET_NAME, rdns: WALLET_RDNS, binding: BINDING });
  return `(() => {
  const cfg = ${config};
  const GRANT = '__benchWalletGrant';
  const listeners = {};
  const provider = {
    isBenchWallet: true,
    async request({ method, params }) {
      switch (method) {
        case 'eth_chainId': return cfg.chainIdHex;
        case 'net_version': return String(parseInt(cfg.chainIdHex, 16));
        // Like a real wallet: no accounts for a site until it asks (eth_requestAccounts); the grant is
        // remembered per origin, so a returning page reconnects without asking again.
        case 'eth_accounts': return localStorage.getItem(GRANT) ? [cfg.account] : [];
        case 'eth_requestAccounts': localStorage.setItem(GRANT, '1'); return [cfg.account];
        case 'wallet_requestPermissions': localStorage.setItem(GRANT, '1'); return [{ parentCapability: 'eth_accounts' }];
        case 'wallet_getPermissions': return localStorage.getItem(GRANT) ? [{ parentCapability: 'eth_accounts' }] : [];
        case 'wallet_revokePermissions': localStorage.removeItem(GRANT); return null;
        case 'wallet_switchEthereumChain':
        case 'wallet_addEthereumChain':
        case 'wallet_watchAsset': return null;
        default: {
          const reply = await window[cfg.binding]({ method, params: params ?? [] });
          if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code ?? -32603, data: reply.error.data });
          return reply.result;
        }
      }
    },
    on(event, fn) { (listeners[event] ??= []).push(fn); return provider; },
    removeListener(event, fn) { listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn); return provider; },
  };
  const icon = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#38bdf8"/></svg>');
  const info = Object.freeze({ uuid: '6f1c1a52-4b1e-4c1a-9d2a-bench0000001', name: cfg.name, icon, rdns: cfg.rdns });
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
})();`;
}

type JsonRpcReply = { result?: unknown; error?: { code?: number; message: string; data?: unknown } };

/** Installs the wallet in every page of the context; its requests go to `rpcUrl` from Node. */
export async function installWallet(context: BrowserContext, options: { rpcUrl: string; account: `0x${string}`; chainId: number }): Promise<void> {
  let id = 0;
  await context.exposeBinding(BINDING, async (_source, request: { method: string; params: unknown[] }): Promise<JsonRpcReply> => {
    try {
      const res = await fetch(options.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: request.method, params: request.params }),
      });
      const body = (await res.json()) as JsonRpcReply;
      return body.error ? { error: body.error } : { result: body.result };
    } catch (error) {
      return { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } };
    }
  });
  await context.addInitScript({ content: walletInitScript(options.account, options.chainId) });
}
