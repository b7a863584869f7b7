import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { isIsoDate } from '../../kit/dates';
import { forEachArgumentRow } from '../../kit/packed-rows';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { packedOffenceCountsByCrimeType, packedOffenceCountsInWindows, WindowRanges } from '../services/offence-counts';
import type { PoliceContext } from './person.resolver';
import { MAX_KEYS_PER_ASK } from '../../kit/ask-limits';

/** The most ranges one window may hold (a window is split by the custody spells inside it). */
const MAX_RANGES_PER_WINDOW = 100;
const WINDOWS_DESCRIPTION = 'One window per line: a PNC ID, then each day range of the window as `from<TAB>to` (YYYY-MM-DD, both days included), all tab-separated.';

@Resolver()
export class PoliceOffenceCountResolver {
  /**
   * For the hub's aggregate measures, not for callers (@inaccessible keeps it out of the API):
   * offences counted in windows the measure supplies. Only counts leave the police service, and
   * only to a caller holding aggregate statistics, so the row rule (which for analysts is `none`)
   * does not apply: the asker's answer to its own caller holds no person-level row. Windows and
   * counts travel as packed rows (`subgraphs/kit/packed-rows.ts`): a cohort's thousands of
   * windows as GraphQL objects cost more to coerce than to count.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, { nullable: true, description: 'Offences in each window, one line per window in the order asked: `recorded<TAB>detected` (aggregate measures only).' })
  async offenceCountsInWindows(@Arg('windows', { description: WINDOWS_DESCRIPTION }) windows: string, @Ctx() context: PoliceContext): Promise<string> {
    return packedOffenceCountsInWindows(context.em, checkedWindowRanges(windows));
  }

  /**
   * For the hub's aggregate measures (@inaccessible), as `offenceCountsInWindows` but per crime
   * type, so a measure can weigh offences by the cost of each type: counts only, for the types
   * with an offence in the window.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, {
    nullable: true,
    description: 'Offences in each window per crime type, one line per window and type with an offence: `window<TAB>crimeType<TAB>recorded<TAB>detected`, the window numbered from 0 in the order asked (aggregate measures only).',
  })
  async offenceCountsByCrimeType(@Arg('windows', { description: WINDOWS_DESCRIPTION }) windows: string, @Ctx() context: PoliceContext): Promise<string> {
    return packedOffenceCountsByCrimeType(context.em, checkedWindowRanges(windows));
  }
}

/** A window's line, its first `fields` fields split: refused when it cannot be right. Returns the PNC ID as checked. */
function checkedWindowFields(row: readonly string[], fields: number, checkedPncIds: Map<string, string>): string {
  const pnc = row[0];
  let pncId = checkedPncIds.get(pnc);
  // A person's before and after windows name the same PNC ID: each is checked once.
  if (pncId === undefined) checkedPncIds.set(pnc, (pncId = requireValidIdentifier(IdentifierType.PNC_ID, pnc, 'windows')));
  if ((fields - 1) % 2 !== 0) throw badUserInput('Each range of a window is a `from` and a `to` day.', { argumentName: 'windows' });
  for (let i = 1; i < fields; i += 2) {
    const from = row[i];
    const to = row[i + 1];
    if (!isIsoDate(from) || !isIsoDate(to)) throw badUserInput('A range is two days, YYYY-MM-DD.', { argumentName: 'windows' });
    if (from > to) throw badUserInput('A range may not end before it starts.', { argumentName: 'windows' });
  }
  return pncId;
}

/**
 * The windows of a packed argument as the ranges counting needs, each numbered by its line;
 * refused before any counting when one cannot be right. Read row by row into one array refilled
 * (`forEachArgumentRow`): an array per window was much of police's garbage at scale 10.
 */
function checkedWindowRanges(packed: string): WindowRanges {
  const checkedPncIds = new Map<string, string>();
  const ranges = new WindowRanges();
  forEachArgumentRow(packed, { argumentName: 'windows', maxRows: MAX_KEYS_PER_ASK, fields: { min: 3, max: 1 + 2 * MAX_RANGES_PER_WINDOW } }, (row, fields) =>
    ranges.add(checkedWindowFields(row, fields, checkedPncIds), row, 1, fields),
  );
  return ranges;
}
