// The main and insurance vaults: ERC-4626 deposits, withdrawal requests, cancellations (and the cancel fee) and
// executions, each followed by a NAV / share-price snapshot of the vault at that block.
import { ponder } from "ponder:registry";
import { vaultDeposits, withdrawalEvents } from "ponder:schema";
import { vaultInfo } from "../lib/deployment";
import { eventFields, lower } from "../lib/eventFields";
import { snapshotVault } from "../lib/vaultSnapshot";

for (const contract of ["MainVault", "InsuranceVault"] as const) {
  ponder.on(`${contract}:Deposit`, async ({ event, context }) => {
    const vault = lower(event.log.address);
    const { kind, token } = vaultInfo(vault);
    await context.db.insert(vaultDeposits).values({
      ...eventFields(event),
      vault,
      kind,
      token,
      sender: lower(event.args.sender),
      owner: lower(event.args.owner),
      assets: event.args.assets,
      shares: event.args.shares,
    });
    await snapshotVault(context, vault, event.block);
  });

  ponder.on(`${contract}:WithdrawalRequested`, async ({ event, context }) => {
    const vault = lower(event.log.address);
    const { kind, token } = vaultInfo(vault);
    await context.db.insert(withdrawalEvents).values({
      ...eventFields(event),
      vault,
      kind: "request",
      vaultKind: kind,
      token,
      owner: lower(event.args.owner),
      shares: event.args.shares,
      readyAt: Number(event.args.readyAt),
    });
    await snapshotVault(context, vault, event.block);
  });

  ponder.on(`${contract}:WithdrawalCancelled`, async ({ event, context }) => {
    const vault = lower(event.log.address);
    const { kind, token } = vaultInfo(vault);
    await context.db.insert(withdrawalEvents).values({
      ...eventFields(event),
      vault,
      kind: "cancel",
      vaultKind: kind,
      token,
      owner: lower(event.args.owner),
      shares: event.args.shares,
    });
    await snapshotVault(context, vault, event.block);
  });

  ponder.on(`${contract}:CancelFeeCharged`, async ({ event, context }) => {
    const vault = lower(event.log.address);
    const { kind, token } = vaultInfo(vault);
    await context.db.insert(withdrawalEvents).values({
      ...eventFields(event),
      vault,
      kind: "cancelFee",
      vaultKind: kind,
      token,
      owner: lower(event.args.owner),
      shares: event.args.shares,
    });
  });

  ponder.on(`${contract}:WithdrawalExecuted`, async ({ event, context }) => {
    const vault = lower(event.log.address);
    const { kind, token } = vaultInfo(vault);
    await context.db.insert(withdrawalEvents).values({
      ...eventFields(event),
      vault,
      kind: "execute",
      vaultKind: kind,
      token,
      owner: lower(event.args.owner),
      caller: lower(event.args.caller),
      shares: event.args.shares,
      assets: event.args.assets,
      fee: event.args.fee,
    });
    await snapshotVault(context, vault, event.block);
  });
}
