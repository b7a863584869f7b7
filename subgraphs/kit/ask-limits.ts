/**
 * The limits of what one subgraph-to-subgraph ask may carry (the hub's measures send partners the
 * cohort's keys and the periods they count). Every partner checks them before any work that grows
 * with the ask, with the same numbers and the same messages.
 */
import type { IsoDate } from './dates';
import { badUserInput } from './errors';

/** Keys (hub ids, partner identifiers, windows) in one ask: scale 10's statutory supervision sends about 18,000. */
export const MAX_KEYS_PER_ASK = 50_000;

/** Periods in one ask: a few series of at most 60 points and single answers beside them. */
export const MAX_PERIODS_PER_ASK = 1_000;

/** Refuses a list of more than `MAX_KEYS_PER_ASK` keys; `noun` names them in the message ("references"). */
export function requireKeysWithinLimit(keys: readonly unknown[], argumentName: string, noun: string): void {
  if (keys.length > MAX_KEYS_PER_ASK) throw badUserInput(`At most ${MAX_KEYS_PER_ASK} ${noun} at once.`, { argumentName });
}

export interface CountPeriod {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
}

/** Refuses too many periods, a period running backwards, or one counted as things stood after today. */
export function requireCountPeriods(periods: readonly CountPeriod[], today: IsoDate, argumentName = 'periods'): void {
  if (periods.length > MAX_PERIODS_PER_ASK) throw badUserInput(`At most ${MAX_PERIODS_PER_ASK} periods at once.`, { argumentName });
  for (const period of periods) {
    if (period.from > period.to) throw badUserInput('"from" may not be after "to".', { argumentName });
    if (period.asOf > today) throw badUserInput('"asOf" may not be after today.', { argumentName });
  }
}
