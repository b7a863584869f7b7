import type { SeedOptions } from '../runtime/seeding';
import { isIsoDate } from '../subgraphs/kit/dates';

/**
 * Reads `--seed N --scale F --reference-date YYYY-MM-DD --reset` (environment: HUB_SEED, HUB_SCALE;
 * the reference date defaults to the hub's today, HUB_TODAY or the day in England).
 */
export function readSeedOptions(argv: string[]): SeedOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(value('--seed') ?? process.env.HUB_SEED ?? 42);
  const scale = Number(value('--scale') ?? process.env.HUB_SCALE ?? 1);
  const referenceDate = value('--reference-date');
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer; got ${value('--seed')}.`);
  if (!(scale > 0 && scale <= 100)) throw new Error(`--scale must be a number above 0 and at most 100; got ${value('--scale')}.`);
  if (referenceDate && !isIsoDate(referenceDate)) throw new Error(`--reference-date must be a calendar date, YYYY-MM-DD; got ${referenceDate}.`);
  return { seed, scale, referenceDate, reset: argv.includes('--reset') };
}
