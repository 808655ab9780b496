import { describe, expect, it } from "vitest";
import { ChainClock } from "./clock";

describe("ChainClock", () => {
  it("is the latest block's timestamp plus wall time since the block was seen, never going backwards", () => {
    let wall = 1_000_000;
    const clock = new ChainClock("http://127.0.0.1:1", 500, () => wall);
    clock.observeBlock(1n, 5_000);
    wall += 2_500;
    expect(clock.now()).toBe(5_002.5);
    clock.observeBlock(1n, 5_000); // same block polled again: no reset
    wall += 500;
    expect(clock.now()).toBe(5_003);
    clock.observeBlock(2n, 5_060); // simulator jumped 60 s
    expect(clock.now()).toBe(5_060);
    clock.observeBlock(3n, 5_050); // a block stamped earlier than our estimate: hold
    expect(clock.now()).toBe(5_060);
    clock.observeBlock(1n, 100); // anvil restarted: a new chain
    expect(clock.now()).toBe(100);
  });
});
