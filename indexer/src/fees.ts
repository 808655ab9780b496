// FeesDistributed (each trade's fee split 70/20/10) and Swept (fees held back, pushed out later). Both move the
// token's vaults' assets, so each is followed by a snapshot of both vaults.
import { ponder } from "ponder:registry";
import { feeDistributions } from "ponder:schema";
import { vaultsOfToken } from "../lib/deployment";
import { eventFields, lower } from "../lib/eventFields";
import { snapshotVault } from "../lib/vaultSnapshot";

ponder.on("LivestockEngine:FeesDistributed", async ({ event, context }) => {
  const token = lower(event.args.token);
  const { toMain, toInsurance, toTreasury } = event.args;
  await context.db.insert(feeDistributions).values({ ...eventFields(event), kind: "distributed", token, toMain, toInsurance, toTreasury });
  await Promise.all(vaultsOfToken(token).map((vault) => snapshotVault(context, vault, event.block)));
});

ponder.on("LivestockEngine:Swept", async ({ event, context }) => {
  const token = lower(event.args.token);
  const { toMain, toInsurance, toTreasury } = event.args;
  await context.db.insert(feeDistributions).values({ ...eventFields(event), kind: "swept", token, toMain, toInsurance, toTreasury });
  await Promise.all(vaultsOfToken(token).map((vault) => snapshotVault(context, vault, event.block)));
});
