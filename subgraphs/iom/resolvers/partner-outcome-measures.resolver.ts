import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { isSmallCell, round2 } from '../../kit/disclosure';
import { addDays, addMonths } from '../../kit/dates';
import { badUserInput } from '../../kit/errors';
import { IdentifierType } from '../../kit/identifiers';
import { IomCrimeUnitCost, IomRequirementTarget } from '../entities/measure-reference.entity';
import { afterCompletionWindow, crimeCostFigures, financialYearPeriod, predictorTrendFigures, treatmentYearFigures } from '../services/partner-outcomes';
import { cohortMembers, countOffences, countOffencesByType, partnerFacts, personKeysOf, predictorDirections, requirementActivity, windowsFor } from '../services/reoffending-measure';
import type { IomContext } from './context';
import { MAX_WINDOW_MONTHS, requireCohortFilter } from './outcome-measures.resolver';
import { IomCohortFilter } from './outcome-types';
import { IomCostOfCrime, IomPositiveOutcomes, IomPredictorTrend, IomTreatmentRequirementYear } from './partner-outcome-types';
import { IomMeasures } from './types';

const TREATMENT_REQUIREMENTS = ['DRUG_REHABILITATION', 'ALCOHOL_TREATMENT'] as const;
/** Seed 001 counts positive outcomes over two years. */
const POSITIVE_OUTCOME_YEARS = 2;

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
    let crns: string[] | null = null;
    if (filter) {
      const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
      crns = [...new Set((await personKeysOf(context.askSubgraph, members.map((m) => m.hubId), IdentifierType.CRN)).values())];
    }
    const activity = crns && crns.length === 0 ? { starts: [], completions: [] } : await requirementActivity(context.askSubgraph, period.start, period.through, crns);
    const followed = activity.completions.flatMap((completion) => {
      const window = completion.pncId ? afterCompletionWindow(completion.completedOn, root.asOf) : null;
      return window ? [{ type: completion.type, pncId: completion.pncId ?? undefined, ranges: [window] }] : [];
    });
    const counts = await countOffences(context.askSubgraph, followed);
    const targets = await context.em.find(IomRequirementTarget, { financialYear });
    return TREATMENT_REQUIREMENTS.map((type) => {
      const target = targets.find((t) => t.requirementType === type) ?? null;
      const mine = followed.flatMap((window, i) => (window.type === type ? [counts[i]] : []));
      const figures = treatmentYearFigures({
        starts: activity.starts.find((s) => s.type === type)?.count ?? 0,
        completions: activity.completions.filter((c) => c.type === type).length,
        followedUp: mine.length,
        notReoffending: mine.filter((count) => count.detected === 0).length,
        startsTarget: target?.startsTarget ?? null,
        completionsTarget: target?.completionsTarget ?? null,
      });
      return {
        requirementType: type,
        financialYear,
        periodStart: period.start,
        countedThrough: period.through,
        yearComplete: period.complete,
        startsTarget: target?.startsTarget ?? null,
        completionsTarget: target?.completionsTarget ?? null,
        targetSource: target?.source ?? null,
        ...figures,
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
    const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
    const crnOf = await personKeysOf(context.askSubgraph, members.map((m) => m.hubId), IdentifierType.CRN);
    const withCrn = members.flatMap((member) => {
      const crn = crnOf.get(member.hubId);
      return crn ? [{ crn, since: member.startDate }] : [];
    });
    const directions = await predictorDirections(context.askSubgraph, withCrn, root.asOf);
    // Someone probation holds no record of has no baseline.
    return predictorTrendFigures([...directions, ...Array.from({ length: members.length - withCrn.length }, () => 'NO_BASELINE')]);
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
    const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
    const facts = await partnerFacts(context.askSubgraph, members);
    const comparable = windowsFor(members, facts, months, root.asOf).flatMap((entry) =>
      entry.windows.kind === 'comparable' ? [{ pncId: facts.pncIdOf.get(entry.member.hubId), before: entry.windows.before, after: entry.windows.after }] : [],
    );
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
    if (isSmallCell(comparable.length)) {
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
    const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
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
    if (isSmallCell(members.length)) {
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
