import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { shareOf, suppressPartition, SMALL_CELL_THRESHOLD } from '../../kit/disclosure';
import { badUserInput } from '../../kit/errors';
import { addDays, addMonths, type IsoDate } from '../../kit/dates';
import { followUpWindow, reoffendingFigures, returnedToCustodyWithin, withheldFigures, type PersonComparison } from '../services/reoffending';
import { cohortMembers, countOffences, partnerFacts, windowsFor, type CohortFilter } from '../services/reoffending-measure';
import type { IomContext } from './context';
import { IomCohortFilter, ReoffendingMeasure, ReoffendingOutcomes } from './outcome-types';
import { IomMeasures } from './types';

export const MAX_WINDOW_MONTHS = 36;
/** Binary reoffending, returns to custody and desistance all look 12 months on (or back). */
export const OUTCOME_MONTHS = 12;

/** The filter with its defaults, refused when it cannot be right. */
export function requireCohortFilter(filter: IomCohortFilter | null, asOf: IsoDate): CohortFilter {
  const adoptedTo = filter?.adoptedTo ?? asOf;
  const adoptedFrom = filter?.adoptedFrom ?? null;
  if (adoptedTo > asOf) throw badUserInput('"adoptedTo" may not be after "asOf".', { argumentName: 'filter' });
  if (adoptedFrom !== null && adoptedFrom > adoptedTo) throw badUserInput('"adoptedFrom" may not be after "adoptedTo".', { argumentName: 'filter' });
  return { adoptedFrom, adoptedTo, strand: filter?.strand ?? null, cohortCode: filter?.cohortCode ?? null };
}

@Resolver(() => IomMeasures)
export class IomOutcomeMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => ReoffendingMeasure, {
    description: "Reoffending (Leicestershire): offences in the `months` after each person's first adoption in the filter's range against as long before, time in custody left out; counts only.",
  })
  async reoffending(
    @Root() root: IomMeasures,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('targetReductionPercent', () => Float, { defaultValue: 17, description: 'The reduction a person must reach, 0 to 100 (Leicestershire: 17).' }) target: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingMeasure> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_WINDOW_MONTHS) throw badUserInput(`"months" must be from 1 to ${MAX_WINDOW_MONTHS}.`, { argumentName: 'months' });
    if (!(target >= 0 && target <= 100)) throw badUserInput('"targetReductionPercent" must be from 0 to 100.', { argumentName: 'targetReductionPercent' });
    const cohort = requireCohortFilter(filter, root.asOf);
    const members = await cohortMembers(context.em, cohort);
    const facts = await partnerFacts(context.askSubgraph, members);
    const windows = windowsFor(members, facts, months, root.asOf);
    const comparable = windows.flatMap((entry) => (entry.windows.kind === 'comparable' ? [{ hubId: entry.member.hubId, before: entry.windows.before, after: entry.windows.after }] : []));
    const counts = await countOffences(
      context.askSubgraph,
      comparable.flatMap((person) => [
        { pncId: facts.pncIdOf.get(person.hubId), ranges: person.before },
        { pncId: facts.pncIdOf.get(person.hubId), ranges: person.after },
      ]),
    );
    const detected: PersonComparison[] = comparable.map((_, i) => ({ before: counts[2 * i].detected, after: counts[2 * i + 1].detected }));
    const recorded: PersonComparison[] = comparable.map((_, i) => ({ before: counts[2 * i].recorded, after: counts[2 * i + 1].recorded }));

    const followUpIncomplete = windows.filter((entry) => entry.windows.kind === 'follow-up-incomplete').length;
    const tooLongInCustody = windows.filter((entry) => entry.windows.kind === 'too-long-in-custody').length;
    const suppressed = suppressPartition('cohortSize', members.length, { measurable: comparable.length, followUpIncomplete, tooLongInCustody });
    const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
    // A small measurable group suppresses its figures too (its parts can be no larger).
    const figures = (people: PersonComparison[]) => (suppressed.has('measurable') ? withheldFigures() : reoffendingFigures(people, target));
    return {
      months,
      targetReductionPercent: target,
      smallCellThreshold: SMALL_CELL_THRESHOLD,
      cohortSize: show('cohortSize', members.length),
      followUpIncomplete: show('followUpIncomplete', followUpIncomplete),
      tooLongInCustody: show('tooLongInCustody', tooLongInCustody),
      measurable: show('measurable', comparable.length),
      detected: figures(detected),
      allRecorded: figures(recorded),
      suppressed: [...suppressed].sort(),
    };
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => ReoffendingOutcomes, { description: 'Binary reoffending within 12 months (Lincolnshire), returns to custody within 12 months and desistance; counts only.' })
  async reoffendingOutcomes(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingOutcomes> {
    const asOf = root.asOf;
    const members = await cohortMembers(context.em, requireCohortFilter(filter, asOf));
    const facts = await partnerFacts(context.askSubgraph, members);
    const custodyOf = (hubId: string) => facts.custodyOf.get(hubId) ?? [];
    // 12 months have passed since the start date (the day after asOf is 12 months on, or later).
    const yearPassed = (start: IsoDate, end: IsoDate) => addMonths(start, OUTCOME_MONTHS) <= addDays(end, 1);

    const followedUp = members.flatMap((member) => {
      const window = followUpWindow(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId), asOf);
      return window ? [{ pncId: facts.pncIdOf.get(member.hubId), ranges: window }] : [];
    });
    const custodyEligible = members.filter((member) => yearPassed(member.startDate, asOf));
    const returned = custodyEligible.filter((member) => returnedToCustodyWithin(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId))).length;
    // A case's last day: the day it ended, or asOf while it is open (or ended after asOf).
    const lastYears = members.flatMap((member) => {
      const end = member.endedOn !== null && member.endedOn <= asOf ? member.endedOn : asOf;
      if (!yearPassed(member.startDate, end)) return [];
      return [{ pncId: facts.pncIdOf.get(member.hubId), ranges: [{ from: addDays(addMonths(end, -OUTCOME_MONTHS), 1), to: end }] }];
    });

    const counts = await countOffences(context.askSubgraph, [...followedUp, ...lastYears]);
    const followUpCounts = counts.slice(0, followedUp.length);
    const lastYearCounts = counts.slice(followedUp.length);
    return {
      followUpMonths: OUTCOME_MONTHS,
      binaryDetected: shareOf(followedUp.length, followUpCounts.filter((count) => count.detected > 0).length),
      binaryRecorded: shareOf(followedUp.length, followUpCounts.filter((count) => count.recorded > 0).length),
      returnedToCustody: shareOf(custodyEligible.length, returned),
      desisted: shareOf(lastYears.length, lastYearCounts.filter((count) => count.recorded === 0).length),
    };
  }
}
