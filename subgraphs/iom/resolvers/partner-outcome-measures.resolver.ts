import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { isSmallCell, round2 } from '../../kit/disclosure';
import { addDays, addMonths } from '../../kit/dates';
import { badUserInput } from '../../kit/errors';
import { IdentifierType } from '../../kit/identifiers';
import { IomCrimeUnitCost, IomRequirementTarget } from '../entities/measure-reference.entity';
import { afterCompletionWindow, crimeCostFigures, restsOf, financialYearPeriod, predictorTrendFigures, treatmentYearFigures, type TreatmentYearFigures, type TreatmentYearInput } from '../services/partner-outcomes';
import { cohortMembers, countOffences, type CohortMember, countOffencesByType, partnerFacts, personKeysOf, predictorDirections, requirementActivity, windowsFor } from '../services/reoffending-measure';
import type { IomContext } from './context';
import { MAX_WINDOW_MONTHS, requireCohortFilter, widerCohorts } from './outcome-measures.resolver';
import { IomCohortFilter } from './outcome-types';
import { IomCostOfCrime, IomPositiveOutcomes, IomPredictorTrend, IomTreatmentRequirementYear } from './partner-outcome-types';
import { IomMeasures } from './types';

const TREATMENT_REQUIREMENTS = ['DRUG_REHABILITATION', 'ALCOHOL_TREATMENT'] as const;
/** Seed 001 counts positive outcomes over two years. */
const POSITIVE_OUTCOME_YEARS = 2;

/** The cohort a filter names, the rests of its wider groups (see `restsOf`) and everyone in either, once. */
async function protectedCohort(context: IomContext, filter: IomCohortFilter | null, asOf: string): Promise<{ members: CohortMember[]; rests: CohortMember[][]; everyone: CohortMember[] }> {
  const cohort = requireCohortFilter(filter, asOf);
  const members = await cohortMembers(context.em, cohort);
  const rests = restsOf(members, await widerCohorts(context.em, cohort, asOf, true));
  // Their start dates may differ in a wider group (a second adoption): the group's own comes first.
  const everyone = [...new Map([...rests.flat(), ...members].map((member) => [member.hubId, member])).values()];
  return { members, rests, everyone };
}

type TreatmentCounts = Pick<TreatmentYearInput, 'starts' | 'completions' | 'followedUp' | 'notReoffending'>;

/** Starts, completions and six-month outcomes per requirement type: one probation read and one police read. */
async function treatmentInputs(context: IomContext, from: string, to: string, crns: string[] | null, asOf: string): Promise<Map<string, TreatmentCounts>> {
  const activity = crns && crns.length === 0 ? { starts: [], completions: [] } : await requirementActivity(context.askSubgraph, from, to, crns);
  const followed = activity.completions.flatMap((completion) => {
    const window = completion.pncId ? afterCompletionWindow(completion.completedOn, asOf) : null;
    return window ? [{ type: completion.type, pncId: completion.pncId ?? undefined, ranges: [window] }] : [];
  });
  const counts = await countOffences(context.askSubgraph, followed);
  return new Map(
    TREATMENT_REQUIREMENTS.map((type) => {
      const mine = followed.flatMap((window, i) => (window.type === type ? [counts[i]] : []));
      return [type, {
        starts: activity.starts.find((s) => s.type === type)?.count ?? 0,
        completions: activity.completions.filter((c) => c.type === type).length,
        followedUp: mine.length,
        notReoffending: mine.filter((count) => count.detected === 0).length,
      }];
    }),
  );
}

function withheldTreatmentFigures(): TreatmentYearFigures {
  const names = ['completions', 'completionsTargetMet', 'followedUp', 'notReoffending', 'notReoffendingPercent', 'starts', 'startsTargetMet'];
  return { starts: null, startsTargetMet: null, completions: null, completionsTargetMet: null, followedUp: null, notReoffending: null, notReoffendingPercent: null, suppressed: names };
}

const PREDICTOR_FIGURES = ['cohortSize', 'fell', 'fellPercent', 'noBaseline', 'notReassessed', 'reassessed', 'rose', 'unchanged'] as const;

@Resolver(() => IomMeasures)
export class IomPartnerOutcomeMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [IomTreatmentRequirementYear], {
    nullable: true,
    description:
      "DRR and ATR starts and completions in a financial year against the annual targets, and the share not reoffending six months after completion (Havering). Everyone probation supervises; with `filter`, only the IOM cohort it names.",
  })
  async treatmentRequirements(
    @Root() root: IomMeasures,
    @Arg('financialYear', () => Int, { description: 'The year the financial year starts in: 2025 is April 2025 to March 2026.' }) financialYear: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'Limit to the IOM cohort adopted within this filter.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomTreatmentRequirementYear[]> {
    const period = financialYearPeriod(financialYear, root.asOf);
    if (!Number.isInteger(financialYear) || period.start > root.asOf || financialYear < 2000) {
      throw badUserInput(`"financialYear" must be a year from 2000 whose April has begun by "asOf" (${root.asOf}).`, { argumentName: 'financialYear' });
    }
    const everyone = await treatmentInputs(context, period.start, period.through, null, root.asOf);
    let inputs = everyone;
    let restWithheld = false;
    if (filter) {
      const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
      const crns = [...new Set((await personKeysOf(context.askSubgraph, members.map((m) => m.hubId), IdentifierType.CRN)).values())];
      inputs = await treatmentInputs(context, period.start, period.through, crns, root.asOf);
      // Everyone probation supervises minus the cohort is the rest: a small count there would show by subtraction.
      restWithheld = TREATMENT_REQUIREMENTS.some((type) =>
        (['starts', 'completions', 'followedUp', 'notReoffending'] as const).some((name) => isSmallCell(everyone.get(type)![name] - inputs.get(type)![name])),
      );
    }
    const targets = await context.em.find(IomRequirementTarget, { financialYear });
    return TREATMENT_REQUIREMENTS.map((type) => {
      const target = targets.find((t) => t.requirementType === type) ?? null;
      const counts = inputs.get(type)!;
      const figures = treatmentYearFigures({ ...counts, startsTarget: target?.startsTarget ?? null, completionsTarget: target?.completionsTarget ?? null });
      return {
        requirementType: type,
        financialYear,
        periodStart: period.start,
        countedThrough: period.through,
        yearComplete: period.complete,
        startsTarget: target?.startsTarget ?? null,
        completionsTarget: target?.completionsTarget ?? null,
        targetSource: target?.source ?? null,
        ...(restWithheld ? withheldTreatmentFigures() : figures),
      };
    });
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomPredictorTrend, { nullable: true, description: 'Of the cohort, whose latest reoffending predictor (OGRS) fell since their start date; counts only.' })
  async reoffendingPredictorTrend(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomPredictorTrend> {
    const { members, rests, everyone } = await protectedCohort(context, filter, root.asOf);
    const crnOf = await personKeysOf(context.askSubgraph, everyone.map((m) => m.hubId), IdentifierType.CRN);
    const withCrn = everyone.flatMap((member) => {
      const crn = crnOf.get(member.hubId);
      return crn ? [{ hubId: member.hubId, crn, since: member.startDate }] : [];
    });
    const directions = await predictorDirections(context.askSubgraph, withCrn, root.asOf);
    const directionOf = new Map(withCrn.map((person, i) => [person.hubId, directions[i]]));
    // Someone probation holds no record of has no baseline.
    const figuresOf = (group: CohortMember[]) => predictorTrendFigures(group.map((member) => directionOf.get(member.hubId) ?? 'NO_BASELINE'));
    if (rests.some((rest) => figuresOf(rest).suppressed.length > 0)) {
      return { ...(Object.fromEntries(PREDICTOR_FIGURES.map((name) => [name, null])) as Record<(typeof PREDICTOR_FIGURES)[number], null>), suppressed: [...PREDICTOR_FIGURES] };
    }
    return figuresOf(members);
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomCostOfCrime, {
    nullable: true,
    description: "The cost of the cohort's offences in the reoffending measure's windows before and after their start dates, by the unit costs held as data (`crimeUnitCosts`).",
  })
  async costOfCrime(
    @Root() root: IomMeasures,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('detectedOnly', () => Boolean, { defaultValue: false, description: 'Count detected offences only (default: every recorded one: the cost falls on victims either way).' }) detectedOnly: boolean,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomCostOfCrime> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_WINDOW_MONTHS) throw badUserInput(`"months" must be from 1 to ${MAX_WINDOW_MONTHS}.`, { argumentName: 'months' });
    const { members, rests, everyone } = await protectedCohort(context, filter, root.asOf);
    const facts = await partnerFacts(context.askSubgraph, everyone);
    const comparableIds = new Set(windowsFor(everyone, facts, months, root.asOf).flatMap((entry) => (entry.windows.kind === 'comparable' ? [entry.member.hubId] : [])));
    const comparable = windowsFor(members, facts, months, root.asOf).flatMap((entry) =>
      entry.windows.kind === 'comparable' ? [{ pncId: facts.pncIdOf.get(entry.member.hubId), before: entry.windows.before, after: entry.windows.after }] : [],
    );
    const restWithheld = rests.some((rest) => isSmallCell(rest.filter((member) => comparableIds.has(member.hubId)).length));
    const counts = await countOffencesByType(context.askSubgraph, comparable.flatMap((person) => [{ pncId: person.pncId, ranges: person.before }, { pncId: person.pncId, ranges: person.after }]));
    const sum = (side: 0 | 1) => {
      const total = new Map<string, number>();
      counts.forEach((byType, i) => {
        if (i % 2 !== side) return;
        for (const [type, count] of byType) total.set(type, (total.get(type) ?? 0) + (detectedOnly ? count.detected : count.recorded));
      });
      return total;
    };
    const unitCosts = await context.em.find(IomCrimeUnitCost, {}, { orderBy: { crimeType: 'asc' } });
    const figures = crimeCostFigures(sum(0), sum(1), unitCosts);
    const sources = [...new Set(unitCosts.map((cost) => `${cost.source} (${cost.priceYear} prices)`))];
    // Totals of offences and costs add up to a group of people: a small group withholds them all.
    if (isSmallCell(comparable.length) || restWithheld) {
      const names = ['measurable', 'offencesBefore', 'offencesAfter', 'uncostedOffencesBefore', 'uncostedOffencesAfter', 'costBefore', 'costAfter', 'reductionPercent', 'byCategory'];
      return { months, detectedOnly, measurable: null, offencesBefore: null, offencesAfter: null, uncostedOffencesBefore: null, uncostedOffencesAfter: null, costBefore: null, costAfter: null, reductionPercent: null, byCategory: null, sources, suppressed: names.sort() };
    }
    return { months, detectedOnly, measurable: comparable.length, ...figures, sources, suppressed: [] };
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomPositiveOutcomes, {
    nullable: true,
    description: "The cohort's positive criminal-justice outcomes over two years, on entry and as of the day (seed 001's female cohort table: ask with `filter: { cohortCode: \"FREE_FEMALE\" }`).",
  })
  async positiveOutcomes(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomPositiveOutcomes> {
    const { members, rests } = await protectedCohort(context, filter, root.asOf);
    const pncIdOf = await personKeysOf(context.askSubgraph, members.map((m) => m.hubId), IdentifierType.PNC_ID);
    const lastYears = { from: addDays(addMonths(root.asOf, -12 * POSITIVE_OUTCOME_YEARS), 1), to: root.asOf };
    const counts = await countOffences(
      context.askSubgraph,
      members.flatMap((member) => {
        const pncId = pncIdOf.get(member.hubId);
        return [
          { pncId, ranges: [{ from: addMonths(member.startDate, -12 * POSITIVE_OUTCOME_YEARS), to: addDays(member.startDate, -1) }] },
          { pncId, ranges: [lastYears] },
        ];
      }),
    );
    const onEntry = counts.filter((_, i) => i % 2 === 0).reduce((sum, count) => sum + count.detected, 0);
    const asOfDay = counts.filter((_, i) => i % 2 === 1).reduce((sum, count) => sum + count.detected, 0);
    if (isSmallCell(members.length) || rests.some((rest) => isSmallCell(rest.length))) {
      return { years: POSITIVE_OUTCOME_YEARS, cohortSize: null, onEntry: null, asOfDay: null, change: null, reductionPercent: null, suppressed: ['asOfDay', 'change', 'cohortSize', 'onEntry', 'reductionPercent'] };
    }
    return {
      years: POSITIVE_OUTCOME_YEARS,
      cohortSize: members.length,
      onEntry,
      asOfDay,
      change: asOfDay - onEntry,
      reductionPercent: onEntry ? round2(((onEntry - asOfDay) / onEntry) * 100) : null,
      suppressed: [],
    };
  }

  @FieldResolver(() => [IomRequirementTarget], { description: 'The annual DRR and ATR targets held as data, newest year first.' })
  requirementTargets(@Ctx() context: IomContext): Promise<IomRequirementTarget[]> {
    return context.em.find(IomRequirementTarget, {}, { orderBy: { financialYear: 'desc', requirementType: 'asc' } });
  }

  @FieldResolver(() => [IomCrimeUnitCost], { description: 'The unit costs per crime type the cost of crime is weighed by, with their source.' })
  crimeUnitCosts(@Ctx() context: IomContext): Promise<IomCrimeUnitCost[]> {
    return context.em.find(IomCrimeUnitCost, {}, { orderBy: { crimeType: 'asc' } });
  }
}
