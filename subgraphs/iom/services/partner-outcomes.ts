/**
 * The figures of the outcome measures that weigh partners' data beyond offence counts — DRR and
 * ATR against their targets (seed 003), the reoffending predictor's movement, the cost of crime
 * and positive criminal-justice outcomes over two years (seed 001) — with their disclosure
 * control. Pure logic: the measures supply what the partners answered.
 */
import { addDays, addMonths, type IsoDate } from '../../kit/dates';
import { isSmallCell, round2, suppressPartition } from '../../kit/disclosure';
import type { CohortMember } from './reoffending-measure';

/** A financial year (April to March) as far as `asOf` has reached into it. */
export function financialYearPeriod(year: number, asOf: IsoDate): { start: IsoDate; end: IsoDate; through: IsoDate; complete: boolean } {
  const start = `${year}-04-01`;
  const end = `${year + 1}-03-31`;
  return { start, end, through: end <= asOf ? end : asOf, complete: end <= asOf };
}

/** Havering looked at completers six months after completion. */
export const AFTER_COMPLETION_MONTHS = 6;

/** The six months after a completion: from the day after it to six calendar months on; null while not over by `asOf`. */
export function afterCompletionWindow(completedOn: IsoDate, asOf: IsoDate): { from: IsoDate; to: IsoDate } | null {
  const to = addMonths(completedOn, AFTER_COMPLETION_MONTHS);
  return to <= asOf ? { from: addDays(completedOn, 1), to } : null;
}

export interface TreatmentYearInput {
  starts: number;
  completions: number;
  /** Completions whose six months had passed by the day measured, with a PNC ID to check. */
  followedUp: number;
  /** Of those, how many had no detected offence in the six months. */
  notReoffending: number;
  startsTarget: number | null;
  completionsTarget: number | null;
}

export interface TreatmentYearFigures {
  starts: number | null;
  startsTargetMet: boolean | null;
  completions: number | null;
  completionsTargetMet: boolean | null;
  followedUp: number | null;
  notReoffending: number | null;
  notReoffendingPercent: number | null;
  suppressed: string[];
}

/**
 * Starts and completions are counts of people starting and completing: small ones are suppressed
 * (and whether the target was met, which bounds them). The followed-up completers are a part of
 * the completions (the rest not yet followed up or without a PNC ID), and those not reoffending a
 * part of them, each protected like any partition.
 */
export function treatmentYearFigures(input: TreatmentYearInput): TreatmentYearFigures {
  const suppressed = new Set<string>();
  if (isSmallCell(input.starts)) suppressed.add('starts');
  for (const name of suppressPartition('completions', input.completions, { followedUp: input.followedUp, '~notFollowedUp': input.completions - input.followedUp })) suppressed.add(name);
  if (suppressed.has('followedUp')) suppressed.add('notReoffending');
  else for (const name of suppressPartition('followedUp', input.followedUp, { notReoffending: input.notReoffending, '~reoffended': input.followedUp - input.notReoffending })) suppressed.add(name);
  if (suppressed.has('starts')) suppressed.add('startsTargetMet');
  if (suppressed.has('completions')) suppressed.add('completionsTargetMet');
  if (suppressed.has('notReoffending') || suppressed.has('followedUp')) suppressed.add('notReoffendingPercent');
  const show = <T>(name: string, value: T): T | null => (suppressed.has(name) ? null : value);
  return {
    starts: show('starts', input.starts),
    startsTargetMet: show('startsTargetMet', input.startsTarget === null ? null : input.starts >= input.startsTarget),
    completions: show('completions', input.completions),
    completionsTargetMet: show('completionsTargetMet', input.completionsTarget === null ? null : input.completions >= input.completionsTarget),
    followedUp: show('followedUp', input.followedUp),
    notReoffending: show('notReoffending', input.notReoffending),
    notReoffendingPercent: show('notReoffendingPercent', input.followedUp ? round2((input.notReoffending / input.followedUp) * 100) : null),
    suppressed: [...suppressed].sort(),
  };
}

export interface PredictorTrendFigures {
  cohortSize: number | null;
  noBaseline: number | null;
  notReassessed: number | null;
  reassessed: number | null;
  fell: number | null;
  rose: number | null;
  unchanged: number | null;
  fellPercent: number | null;
  suppressed: string[];
}

/** The cohort split by which way each person's predictor moved; the share that fell is over those reassessed. */
export function predictorTrendFigures(directions: readonly string[]): PredictorTrendFigures {
  const count = (direction: string) => directions.filter((d) => d === direction).length;
  const fell = count('FELL');
  const rose = count('ROSE');
  const unchanged = count('UNCHANGED');
  const reassessed = fell + rose + unchanged;
  const suppressed = suppressPartition('cohortSize', directions.length, { reassessed, noBaseline: count('NO_BASELINE'), notReassessed: count('NOT_REASSESSED') }, ['reassessed']);
  if (suppressed.has('reassessed')) for (const name of ['fell', 'rose', 'unchanged']) suppressed.add(name);
  else for (const name of suppressPartition('reassessed', reassessed, { fell, rose, unchanged }, ['fell'])) suppressed.add(name);
  if (suppressed.has('fell') || suppressed.has('reassessed')) suppressed.add('fellPercent');
  const show = (name: string, value: number | null) => (suppressed.has(name) ? null : value);
  return {
    cohortSize: show('cohortSize', directions.length),
    noBaseline: show('noBaseline', count('NO_BASELINE')),
    notReassessed: show('notReassessed', count('NOT_REASSESSED')),
    reassessed: show('reassessed', reassessed),
    fell: show('fell', fell),
    rose: show('rose', rose),
    unchanged: show('unchanged', unchanged),
    fellPercent: show('fellPercent', reassessed ? round2((fell / reassessed) * 100) : null),
    suppressed: [...suppressed].sort(),
  };
}

export interface UnitCost {
  crimeType: string;
  costCategory: string;
  unitCostPounds: number;
}

export interface CategoryCost {
  costCategory: string;
  unitCostPounds: number;
  offencesBefore: number;
  offencesAfter: number;
  costBefore: number;
  costAfter: number;
}

export interface CrimeCostFigures {
  offencesBefore: number;
  offencesAfter: number;
  uncostedOffencesBefore: number;
  uncostedOffencesAfter: number;
  costBefore: number;
  costAfter: number;
  reductionPercent: number | null;
  byCategory: CategoryCost[];
}

/** Offences before and after, per crime type, weighted by each type's unit cost; types without one are counted apart. */
export function crimeCostFigures(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, unitCosts: readonly UnitCost[]): CrimeCostFigures {
  const costOf = new Map(unitCosts.map((cost) => [cost.crimeType, cost]));
  const categories = new Map<string, CategoryCost>();
  const totals = { offencesBefore: 0, offencesAfter: 0, uncostedOffencesBefore: 0, uncostedOffencesAfter: 0 };
  for (const [side, counts] of [['Before', before], ['After', after]] as const) {
    for (const [crimeType, offences] of counts) {
      totals[`offences${side}`] += offences;
      const cost = costOf.get(crimeType);
      if (!cost) {
        totals[`uncostedOffences${side}`] += offences;
        continue;
      }
      const category = categories.get(cost.costCategory) ?? { costCategory: cost.costCategory, unitCostPounds: cost.unitCostPounds, offencesBefore: 0, offencesAfter: 0, costBefore: 0, costAfter: 0 };
      category[`offences${side}`] += offences;
      category[`cost${side}`] += offences * cost.unitCostPounds;
      categories.set(cost.costCategory, category);
    }
  }
  const byCategory = [...categories.values()].sort((a, b) => b.costBefore + b.costAfter - (a.costBefore + a.costAfter) || a.costCategory.localeCompare(b.costCategory));
  const costBefore = byCategory.reduce((sum, c) => sum + c.costBefore, 0);
  const costAfter = byCategory.reduce((sum, c) => sum + c.costAfter, 0);
  return { ...totals, costBefore, costAfter, reductionPercent: costBefore ? round2(((costBefore - costAfter) / costBefore) * 100) : null, byCategory };
}

/** The rest of each wider group once this group is taken out (empty rests left out: nothing to protect). */
export function restsOf(group: readonly CohortMember[], wider: readonly CohortMember[][], within: (member: CohortMember) => boolean = () => true): CohortMember[][] {
  const inGroup = new Set(group.map((member) => member.hubId));
  return wider.map((members) => members.filter((member) => within(member) && !inGroup.has(member.hubId))).filter((rest) => rest.length > 0);
}
