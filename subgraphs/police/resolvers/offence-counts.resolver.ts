import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { isIsoDate } from '../../kit/dates';
import { packRows, unpackRows } from '../../kit/packed-rows';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { countOffencesByCrimeType, countOffencesInWindows, type OffenceCountWindow } from '../services/offence-counts';
import type { PoliceContext } from './person.resolver';

/** The most windows one measure may ask police to count at once (two per person: before and after). */
export const MAX_COUNT_WINDOWS = 50_000;
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
    const counts = await countOffencesInWindows(context.em, checkedWindows(windows));
    return packRows(counts.map((count) => [count.recorded, count.detected]));
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
    const counts = await countOffencesByCrimeType(context.em, checkedWindows(windows));
    return packRows(counts.map((count) => [count.ref, count.crimeType, count.recorded, count.detected]));
  }
}

/** The windows of a packed argument, each numbered by its line; refused before any counting when one cannot be right. */
function checkedWindows(packed: string): OffenceCountWindow[] {
  const rows = unpackRows(packed, { argumentName: 'windows', maxRows: MAX_COUNT_WINDOWS, fields: { min: 3, max: 1 + 2 * MAX_RANGES_PER_WINDOW } });
  // A person's before and after windows name the same PNC ID: each is checked once.
  const checkedPncIds = new Map<string, string>();
  return rows.map(([pnc, ...days], ref) => {
    let pncId = checkedPncIds.get(pnc);
    if (pncId === undefined) checkedPncIds.set(pnc, (pncId = requireValidIdentifier(IdentifierType.PNC_ID, pnc, 'windows')));
    if (days.length % 2 !== 0) throw badUserInput('Each range of a window is a `from` and a `to` day.', { argumentName: 'windows' });
    const ranges: { from: string; to: string }[] = [];
    for (let i = 0; i < days.length; i += 2) {
      const [from, to] = [days[i], days[i + 1]];
      if (!isIsoDate(from) || !isIsoDate(to)) throw badUserInput('A range is two days, YYYY-MM-DD.', { argumentName: 'windows' });
      if (from > to) throw badUserInput('A range may not end before it starts.', { argumentName: 'windows' });
      ranges.push({ from, to });
    }
    return { ref, pncId, ranges };
  });
}
