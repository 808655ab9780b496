import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, SimConfigError, parseSimArgs } from './config';
import { isMarketOpen, nextOpen } from './marketHours';

describe('parseSimArgs', () => {
  it('returns the defaults for no arguments', () => {
    expect(parseSimArgs([])).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.speed).toBe(60);
    expect(DEFAULT_CONFIG.scenario).toBe('normal');
  });

  it('starts by default shortly before a market open', () => {
    const start = DEFAULT_CONFIG.startTime;
    expect(isMarketOpen(start)).toBe(false);
    expect(nextOpen(start) - start).toBe(30 * 60);
  });

  it('parses every option in both --flag value and --flag=value form', () => {
    const config = parseSimArgs([
      '--speed', '600', '--seed=42', '--scenario', 'pin', '--rpc=http://localhost:9545', '--start', '2026-07-13T13:00:00Z',
      '--streams', 'http://127.0.0.1:9788',
    ]);
    expect(config).toEqual({
      speed: 600,
      seed: 42,
      scenario: 'pin',
      rpcUrl: 'http://localhost:9545',
      startTime: Date.parse('2026-07-13T13:00:00Z') / 1000,
      streamsUrl: 'http://127.0.0.1:9788',
      help: false,
    });
    expect(parseSimArgs(['--start', '1767621600']).startTime).toBe(1767621600);
    expect(parseSimArgs(['--speed', '0.5']).speed).toBe(0.5);
    expect(parseSimArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--speed', '0']],
    [['--speed', '-3']],
    [['--speed', 'fast']],
    [['--speed', '1e9']],
    [['--seed', '-1']],
    [['--seed', '1.5']],
    [['--seed', '4294967296']],
    [['--seed', '0x10']],
    [['--scenario', 'crash']],
    [['--rpc', 'localhost:8545']],
    [['--rpc', 'ftp://example.com']],
    [['--start', 'yesterday']],
    [['--sped', '10']],
    [['--seed']],
    [['--seed', '--speed', '10']],
    [['--seed=']],
    [['seed', '1']],
  ])('rejects %j with a usage message', (argv) => {
    expect(() => parseSimArgs(argv)).toThrow(SimConfigError);
    expect(() => parseSimArgs(argv)).toThrow(/Usage/);
  });
});
