import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { countOffencesByCrimeType, countOffencesInWindows, type OffenceCountWindow } from '../services/offence-counts';
import type { PoliceContext } from './person.resolver';

/** The most windows one measure may ask police to count at once (two per person: before and after). */
export const MAX_COUNT_WINDOWS = 50_000;
const MAX_RANGES_PER_WINDOW = 100;

@Directive('@inaccessible')
@InputType('PoliceDayRangeInput', { description: 'Days from `from` to `to`, both included.' })
class PoliceDayRangeInput {
  @Field(() => LocalDateResolver)
  from!: string;

  @Field(() => LocalDateResolver)
  to!: string;
}

@Directive('@inaccessible')
@InputType('PoliceCountWindowInput', { description: "A window to count one nominal's offences in." })
class PoliceCountWindowInput {
  @Field(() => Int, { description: "The asker's label, echoed back." })
  ref!: number;

  @Field()
  pncId!: string;

  @Field(() => [PoliceDayRangeInput])
  ranges!: PoliceDayRangeInput[];
}

@Directive('@inaccessible')
@ObjectType('PoliceWindowCount', { description: 'Offences in one window: every recorded one, and those detected.' })
class PoliceWindowCount {
  @Field(() => Int)
  ref!: number;

  @Field(() => Int)
  recorded!: number;

  @Field(() => Int)
  detected!: number;
}

@Directive('@inaccessible')
@ObjectType('PoliceWindowTypeCount', { description: 'Offences of one crime type in one window: every recorded one, and those detected.' })
class PoliceWindowTypeCount {
  @Field(() => Int)
  ref!: number;

  @Field()
  crimeType!: string;

  @Field(() => Int)
  recorded!: number;

  @Field(() => Int)
  detected!: number;
}

@Resolver()
export class PoliceOffenceCountResolver {
  /**
   * For the hub's aggregate measures, not for callers (@inaccessible keeps it out of the API):
   * offences counted in windows the measure supplies. Only counts leave the police service, and
   * only to a caller holding aggregate statistics, so the row rule (which for analysts is `none`)
   * does not apply: the asker's answer to its own caller holds no person-level row.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [PoliceWindowCount], { nullable: true, description: 'Offences recorded and detected in each window (aggregate measures only).' })
  async offenceCountsInWindows(@Arg('windows', () => [PoliceCountWindowInput]) windows: PoliceCountWindowInput[], @Ctx() context: PoliceContext): Promise<PoliceWindowCount[]> {
    return countOffencesInWindows(context.em, checkedWindows(windows));
  }

  /**
   * For the hub's aggregate measures (@inaccessible), as `offenceCountsInWindows` but per crime
   * type, so a measure can weigh offences by the cost of each type: counts only, for the types
   * with an offence in the window.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [PoliceWindowTypeCount], { nullable: true, description: 'Offences recorded and detected in each window, per crime type (aggregate measures only).' })
  async offenceCountsByCrimeType(@Arg('windows', () => [PoliceCountWindowInput]) windows: PoliceCountWindowInput[], @Ctx() context: PoliceContext): Promise<PoliceWindowTypeCount[]> {
    return countOffencesByCrimeType(context.em, checkedWindows(windows));
  }
}

function checkedWindows(windows: PoliceCountWindowInput[]): OffenceCountWindow[] {
  if (windows.length > MAX_COUNT_WINDOWS) throw badUserInput(`At most ${MAX_COUNT_WINDOWS} windows at once.`, { argumentName: 'windows' });
  return windows.map((window) => {
    const pncId = requireValidIdentifier(IdentifierType.PNC_ID, window.pncId, 'windows');
    if (window.ranges.length > MAX_RANGES_PER_WINDOW) throw badUserInput(`At most ${MAX_RANGES_PER_WINDOW} ranges in a window.`, { argumentName: 'windows' });
    if (window.ranges.some((range) => range.from > range.to)) throw badUserInput('A range may not end before it starts.', { argumentName: 'windows' });
    return { ref: window.ref, pncId, ranges: window.ranges };
  });
}
