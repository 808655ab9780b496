// An order's cancel reason is the ABI-encoded error the engine (or the router, for OrderExpired) reverted with.
import { decodeErrorResult, type Hex } from "viem";
import { iLivestockAbi, orderRouterAbi } from "../../lib/generated";

// The engine's whole interface (every error any of its modules raises) and the router's.
const ERRORS = [...iLivestockAbi, ...orderRouterAbi];

/** The error's name ("SlippageExceeded", "OrderExpired", …), or null for a reason no known ABI decodes. */
export function cancelReasonName(reason: Hex): string | null {
  try {
    return decodeErrorResult({ abi: ERRORS, data: reason }).errorName;
  } catch {
    return null;
  }
}
