/**
 * `npm run chain`: anvil on 127.0.0.1:8545 with Livestock deployed and seeded; Ctrl-C stops it.
 * (`npm run dev` does this plus the simulator and the web app.)
 */
import { isPortFree, startAnvil } from "./lib/anvil";
import { deploy } from "./lib/deploy";

const PORT = Number(process.env.ANVIL_PORT ?? 8545);

async function main() {
  if (!(await isPortFree(PORT))) {
    console.error(`[chain] port ${PORT} is already in use: stop the other process or set ANVIL_PORT.`);
    process.exit(1);
  }
  const anvil = await startAnvil({ port: PORT });
  const stop = async () => {
    await anvil.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`[chain] anvil at ${anvil.rpcUrl}`);
  const { file } = await deploy({ rpcUrl: anvil.rpcUrl });
  console.log(`[chain] deployed and seeded → ${file}. Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`[chain] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
