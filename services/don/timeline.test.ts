import { describe, expect, it } from "vitest";
import { Timeline } from "./timeline";

const obs = (time: number, value: bigint) => ({ time, value, marketStatus: 0 as const });

describe("Timeline", () => {
  it("answers the last observation at or before t (the first one before it), in time order whatever the insert order", () => {
    const t = new Timeline();
    t.add(obs(20, 2n));
    t.add(obs(10, 1n));
    t.add(obs(30, 3n));
    t.add(obs(20, 22n)); // same time replaces
    expect([5, 10, 19.9, 20, 29, 30, 1e9].map((x) => t.at(x)?.value)).toEqual([1n, 1n, 1n, 22n, 22n, 3n, 3n]);
    expect(t.latest()?.value).toBe(3n);
  });

  it("keeps memory bounded but still knows the value before the retained window", () => {
    const t = new Timeline(100, 1000);
    for (let i = 0; i < 10_000; i++) t.add(obs(i, BigInt(i)));
    expect(t.size).toBeLessThanOrEqual(102);
    expect(t.at(9_899)?.value).toBe(9_899n);
    const capped = new Timeline(1e9, 50);
    for (let i = 0; i < 500; i++) capped.add(obs(i, BigInt(i)));
    expect(capped.size).toBe(50);
  });
});
