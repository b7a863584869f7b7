import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import { isSmallCell, suppressPartition } from '../../kit/disclosure';
import { CaseConference } from '../entities/conference.entity';
import * as measures from '../services/measures';
import type { IomContext } from './context';
import {
  IomAttendanceByAgency,
  IomCohortCaseload,
  IomCohortMeasuresPoint,
  IomMeasures,
  IomPathwayCheckpoint,
  IomRagSpread,
  IomReferralsByAgency,
  IomReferralsPeriod,
  IomStrandCaseload,
} from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { requireCohortFilter, requireSeries, widerFilters } from './outcome-measures.resolver';
import { IomCohortFilter, WithheldReason, SeriesRangeArgs } from './outcome-types';
import { checkedAnswer, type CheckedMeasure } from './checked-answers';
import type { AnswerSet } from '../services/released-sets';
import type { CohortFilter } from '../services/reoffending-measure';
import { hubIdsInArea } from '../services/partner-asks';

@Resolver(() => IomMeasures)
export class IomMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Query(() => IomMeasures, { nullable: true, description: 'Cohort measures for analysts, as they stood at the end of a day (today by default).' })
  iomMeasures(@Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf: string | null, @Ctx() context: IomContext): IomMeasures {
    const day = asOf ?? context.today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw badUserInput('"asOf" must be a date such as 2026-06-30.', { argumentName: 'asOf' });
    // Measures describe what has happened: a future day would count planned conferences as held.
    if (day > context.today) throw badUserInput(`"asOf" is ${day}, after today (${context.today}): measures are as they stood on a day that has ended or is today.`, { argumentName: 'asOf' });
    return { asOf: day };
  }

  @FieldResolver(() => [IomCohortCaseload], { description: 'Adopted (on the day) and waiting people per cohort, of the people `filter` names; small counts suppressed.' })
  async caseloadByCohort(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'The adoption range bounds the adopted; strand, cohort, sex, age band and area bound both.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomCohortCaseload[]> {
    return (await caseloadTables(context, root.asOf, await selectionOf(context, filter, root.asOf))).cohorts;
  }

  @FieldResolver(() => [IomStrandCaseload], { description: 'Adopted and waiting people per strand, all its cohorts together; small counts suppressed.' })
  async caseloadByStrand(@Root() root: IomMeasures, @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null, @Ctx() context: IomContext): Promise<IomStrandCaseload[]> {
    return (await caseloadTables(context, root.asOf, await selectionOf(context, filter, root.asOf))).strands;
  }

  @FieldResolver(() => IomRagSpread, { description: 'Ratings at the latest conference with reviews on or before the day, of the people `filter` names.' })
  async ragSpreadAtLatestConference(@Root() root: IomMeasures, @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null, @Ctx() context: IomContext): Promise<IomRagSpread> {
    return ragSpread(context, root.asOf, await selectionOf(context, filter, root.asOf));
  }

  @FieldResolver(() => [IomPathwayCheckpoint], { description: 'Average pathway total at entry (checkpoint 0) and each three-monthly checkpoint, of the people `filter` names.' })
  async pathwayTotalsByCheckpoint(@Root() root: IomMeasures, @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null, @Ctx() context: IomContext): Promise<IomPathwayCheckpoint[]> {
    return pathwayTotals(context, root.asOf, await selectionOf(context, filter, root.asOf));
  }

  @FieldResolver(() => [IomCohortMeasuresPoint], {
    description: 'Caseload, RAG spread, pathway averages and conference attendance as they stood at the end of each month or quarter from `from` to `to` (at most 60 points), in one call.',
  })
  async cohortMeasuresSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomCohortMeasuresPoint[]> {
    const periods = requireSeries(from, to, interval, root.asOf);
    // The area is asked of the partners once for every point: it does not depend on the day.
    const selection = await selectionOf(context, filter, root.asOf);
    return periods.map((period) => Object.assign(new IomCohortMeasuresPoint(), { periodStart: period.start, periodEnd: period.end, asOf: period.end < root.asOf ? period.end : root.asOf, selection }));
  }

  @FieldResolver(() => [IomReferralsByAgency], { description: 'Referrals by agency: those made from `from` to `to` (default: ever, up to `asOf`), as they stood at the end of `asOf`.' })
  async referralsByAgency(
    @Root() root: IomMeasures,
    @Arg('from', () => LocalDateResolver, { nullable: true, description: 'Referred on or after this day.' }) from: string | null,
    @Arg('to', () => LocalDateResolver, { nullable: true, description: 'Referred on or before this day (default and latest: `asOf`).' }) to: string | null,
    @Ctx() context: IomContext,
  ): Promise<IomReferralsByAgency[]> {
    if (to && to > root.asOf) throw badUserInput('"to" may not be after "asOf".', { argumentName: 'to' });
    if (from && from > (to ?? root.asOf)) throw badUserInput('"from" may not be after "to".', { argumentName: 'from' });
    return referralsAnswer(context, { asOf: root.asOf, from, to: to ?? root.asOf });
  }

  @FieldResolver(() => [IomReferralsPeriod], { description: 'Referrals by agency for each month or quarter of referral from `from` to `to` (at most 60 points), in one call.' })
  async referralsSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Ctx() context: IomContext,
  ): Promise<IomReferralsPeriod[]> {
    const periods = requireSeries(from, to, interval, root.asOf);
    // Every point is one answer of its own, read with the others in one statement and checked with them in one call.
    return Promise.all(
      periods.map(async (period) => ({
        periodStart: period.start,
        periodEnd: period.end,
        byAgency: await referralsAnswer(context, { asOf: root.asOf, from: period.start, to: period.end < root.asOf ? period.end : root.asOf }),
      })),
    );
  }

  @FieldResolver(() => [IomAttendanceByAgency], { description: 'Staff attendance by agency at the conferences held by the day (not filtered by cohort: attendance is of agencies, not of the people).' })
  attendanceByAgency(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomAttendanceByAgency[]> {
    return attendance(context, root.asOf);
  }
}

@Resolver(() => IomRagSpread)
export class IomRagSpreadResolver {
  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => CaseConference, { nullable: true })
  conference(@Root() spread: IomRagSpread, @Ctx() context: IomContext): Promise<CaseConference | null> | null {
    return spread.conferenceId ? context.loaders.conferenceById.load(spread.conferenceId) : null;
  }
}

/** One agency's referrals with small counts suppressed: referrals = accepted + declined + pending. */
function protectedReferrals(row: measures.ReferralsByAgencyRow): IomReferralsByAgency {
  const suppressed = suppressPartition('referrals', row.referrals, { accepted: row.accepted, declined: row.declined, pending: row.pending }, ['accepted']);
  if (suppressed.has('accepted') || suppressed.has('declined')) suppressed.add('acceptanceRate');
  const decided = row.accepted + row.declined;
  const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
  return {
    agency: row.agency,
    referrals: show('referrals', row.referrals),
    accepted: show('accepted', row.accepted),
    declined: show('declined', row.declined),
    pending: show('pending', row.pending),
    acceptanceRate: suppressed.has('acceptanceRate') || !decided ? null : Math.round((row.accepted / decided) * 1000) / 1000,
    suppressed: [...suppressed].sort(),
    withheldBecause: null,
  };
}

const REFERRAL_COUNTS = ['referrals', 'accepted', 'declined', 'pending'] as const;

/**
 * Referrals by agency for a period, compared with the answers before it (see README, "Differencing
 * between answers"): two periods or days whose referrals differ by one to four would tell of those
 * few — January–June minus January–May is June's referrals, and the same period on two days tells
 * whose referral was decided in between. So each agency's referrals, accepted, declined and pending
 * (worked out by subtraction) are sets of case ids, of one kind per count and agency whatever the
 * period or day; a near one withholds every agency's row. Agencies refer different cases, so sets
 * of two agencies are never compared.
 */
const REFERRALS: CheckedMeasure<measures.ReferralPeriod, IomReferralsByAgency[]> = {
  name: 'referrals',
  keyOf: (key) => JSON.stringify([key.asOf, key.from, key.to]),
  orderOf: (key) => `${key.to} ${key.from ?? ''} ${key.asOf}`,
  compute: async (context, keys) =>
    (await measures.referralsByAgencyInPeriods(context.em, keys)).map((rows) => ({
      measure: rows.map(protectedReferrals),
      sets: rows.flatMap((row) => REFERRAL_COUNTS.map((name) => ({ kind: `referrals.${name}`, parameters: `agency=${row.agency}`, members: row.members[name] }))),
      withheld: false,
    })),
  near: (rows) =>
    rows.map((row) => ({
      agency: row.agency, referrals: null, accepted: null, declined: null, pending: null, acceptanceRate: null,
      suppressed: ['acceptanceRate', ...REFERRAL_COUNTS].sort(), withheldBecause: WithheldReason.NEAR_EARLIER_ANSWER,
    })),
};

function referralsAnswer(context: IomContext, period: measures.ReferralPeriod): Promise<IomReferralsByAgency[]> {
  return checkedAnswer(context, REFERRALS, period);
}

/** Each point's measures, as they stood at the end of its period, of the series' selection. */
@Resolver(() => IomCohortMeasuresPoint)
export class IomCohortMeasuresPointResolver {
  @FieldResolver(() => [IomCohortCaseload])
  async caseloadByCohort(@Root() point: IomCohortMeasuresPoint, @Ctx() context: IomContext): Promise<IomCohortCaseload[]> {
    return (await caseloadTables(context, point.asOf, point.selection)).cohorts;
  }

  @FieldResolver(() => [IomStrandCaseload])
  async caseloadByStrand(@Root() point: IomCohortMeasuresPoint, @Ctx() context: IomContext): Promise<IomStrandCaseload[]> {
    return (await caseloadTables(context, point.asOf, point.selection)).strands;
  }

  @FieldResolver(() => IomRagSpread)
  ragSpreadAtLatestConference(@Root() point: IomCohortMeasuresPoint, @Ctx() context: IomContext): Promise<IomRagSpread> {
    return ragSpread(context, point.asOf, point.selection);
  }

  @FieldResolver(() => [IomPathwayCheckpoint])
  pathwayTotalsByCheckpoint(@Root() point: IomCohortMeasuresPoint, @Ctx() context: IomContext): Promise<IomPathwayCheckpoint[]> {
    return pathwayTotals(context, point.asOf, point.selection);
  }

  @FieldResolver(() => [IomAttendanceByAgency], { description: 'Staff attendance at the conferences held by the end of the period (not filtered: attendance is of agencies, not of the people).' })
  async attendanceByAgency(@Root() point: IomCohortMeasuresPoint, @Ctx() context: IomContext): Promise<IomAttendanceByAgency[]> {
    return attendance(context, point.asOf);
  }
}

async function attendance(context: IomContext, asOf: string): Promise<IomAttendanceByAgency[]> {
  return (await measures.attendanceByAgency(context.em, asOf)).map((row) => ({
    ...row,
    attendanceRate: Math.round((row.conferencesAttended / row.conferencesHeld) * 1000) / 1000,
  }));
}

/** The hub ids of everyone IOM holds a case for that housing places in the area: one read of the index and one of housing per request. */
function peopleInArea(context: IomContext, area: string): Promise<string[]> {
  let asked = areaAnswers.get(context);
  if (!asked) areaAnswers.set(context, (asked = new Map()));
  let people = asked.get(area);
  if (!people) {
    people = (async () => {
      const rows: { person_id: string }[] = await context.em.getConnection().execute('select distinct person_id from iom_case order by person_id');
      return [...(await hubIdsInArea(context.askSubgraph, rows.map((row) => row.person_id), area))].sort();
    })();
    asked.set(area, people);
  }
  return people;
}
const areaAnswers = new WeakMap<IomContext, Map<string, Promise<string[]>>>();

/** The cases a filter selects and those of each wider filter it sits in (for differencing). */
export interface ProtectedSelection {
  selection: measures.CaseSelection;
  wider: measures.CaseSelection[];
}

async function selectionOf(context: IomContext, filter: IomCohortFilter | null, asOf: string): Promise<ProtectedSelection> {
  if (!filter) return { selection: measures.EVERY_CASE, wider: [] };
  const cohort = requireCohortFilter(filter, asOf);
  const inArea = cohort.area === null ? null : await peopleInArea(context, cohort.area);
  const select = (part: CohortFilter): measures.CaseSelection => ({ filter: part, inArea: part.area === null ? null : inArea });
  return { selection: select(cohort), wider: widerFilters(cohort, asOf, true).map(select) };
}

/** A wider answer minus this one, count by count: what a caller asking both could work out. */
function minus<T, K extends keyof T>(a: T, b: T, names: readonly K[]): T {
  const rest = { ...a };
  for (const name of names) rest[name] = ((a[name] as number) - (b[name] as number)) as T[K];
  return rest;
}

/** One day's answer of a measure for a selection: equal keys are one answer within a request. */
interface DayKey {
  asOf: string;
  selection: ProtectedSelection;
}
const byDay = { keyOf: (key: DayKey) => JSON.stringify([key.asOf, key.selection]), orderOf: (key: DayKey) => key.asOf };

/** Each key's answer (a series' points read at once, as they were before they were checked together). */
function eachKey<K, T>(keys: readonly K[], compute: (key: K) => Promise<T>): Promise<T[]> {
  return Promise.all(keys.map(compute));
}

/**
 * The sets a caseload is compared as (see README, "Differencing between answers"): each cohort's
 * adopted people and its strand's, of a kind with every other adopted set of that strand — on any
 * day, under any filter, from `iomCohorts` as from these tables — and likewise the waiting. Strands
 * hold no one in common, so sets of two strands could never be near and are not compared.
 */
export function caseloadSets(rows: readonly { strand: string; adoptedMembers: readonly string[]; waitingMembers?: readonly string[] }[]): AnswerSet[] {
  const sets: AnswerSet[] = [];
  for (const strand of [...new Set(rows.map((row) => row.strand))]) {
    const mine = rows.filter((row) => row.strand === strand);
    const parameters = `strand=${strand}`;
    for (const row of mine) sets.push({ kind: 'caseload.adopted', parameters, members: row.adoptedMembers });
    sets.push({ kind: 'caseload.adopted', parameters, members: mine.flatMap((row) => row.adoptedMembers) });
    if (mine.every((row) => row.waitingMembers === undefined)) continue;
    for (const row of mine) sets.push({ kind: 'caseload.waiting', parameters, members: row.waitingMembers ?? [] });
    sets.push({ kind: 'caseload.waiting', parameters, members: mine.flatMap((row) => row.waitingMembers ?? []) });
  }
  return sets;
}

function withheldCaseload(tables: measures.ProtectedCaseload, withheldBecause: WithheldReason): ProtectedCaseload {
  const hide = <R extends { adopted: number | null; waiting: number | null }>(row: R) => ({ ...row, adopted: null, waiting: null, suppressed: ['adopted', 'waiting'], withheldBecause });
  return { cohorts: tables.cohorts.map(hide), strands: tables.strands.map(hide) };
}

type ProtectedCaseload = { cohorts: IomCohortCaseload[]; strands: IomStrandCaseload[] };

/**
 * Caseload tables, withheld whole when a wider filter's rest (wider minus this) would show a small
 * count, or when a set of people they count is near one an earlier answer counted. Both tables of
 * one day and selection are one answer: one statement for them (and one per wider filter).
 */
const CASELOAD: CheckedMeasure<DayKey, ProtectedCaseload> = {
  name: 'caseload',
  ...byDay,
  compute: (context, keys) =>
    eachKey(keys, async ({ asOf, selection: { selection, wider } }) => {
      const rows = await measures.caseloadByCohort(context.em, asOf, selection);
      const tables = measures.protectedCaseload(rows);
      for (const parent of wider) {
        const rest = (await measures.caseloadByCohort(context.em, asOf, parent)).map((row, i) => minus(row, rows[i], ['adopted', 'waiting']));
        const restTables = measures.protectedCaseload(rest);
        if ([...restTables.cohorts, ...restTables.strands].some((row) => row.suppressed.length > 0)) {
          return { measure: withheldCaseload(tables, WithheldReason.REST_OF_WIDER_GROUP), sets: [], withheld: true };
        }
      }
      return { measure: tables, sets: caseloadSets(rows), withheld: false };
    }),
  near: (tables) => withheldCaseload(tables, WithheldReason.NEAR_EARLIER_ANSWER),
};

function caseloadTables(context: IomContext, asOf: string, selection: ProtectedSelection): Promise<ProtectedCaseload> {
  return checkedAnswer(context, CASELOAD, { asOf, selection });
}

const RATINGS = ['red', 'amber', 'green'] as const;

function protectedSpread(spread: { red: number; amber: number; green: number; reviewed: number }): Set<string> {
  return suppressPartition('reviewed', spread.reviewed, { red: spread.red, amber: spread.amber, green: spread.green });
}

function withheldSpread(spread: IomRagSpread, withheldBecause: WithheldReason): IomRagSpread {
  return { ...spread, red: null, amber: null, green: null, reviewed: null, suppressed: [...RATINGS, 'reviewed'].sort(), withheldBecause };
}

/**
 * The RAG spread, suppressed within itself, withheld whole when a wider filter's rest would show a
 * small count or when a rating's people (or everyone reviewed) are near an earlier answer's: of a
 * kind with that rating at any conference, day or filter (the latest conference moves on, and the
 * spread at one minus the spread at the next tells of whoever's rating changed).
 */
const RAG_SPREAD: CheckedMeasure<DayKey, IomRagSpread> = {
  name: 'ragSpread',
  ...byDay,
  compute: (context, keys) =>
    eachKey(keys, async ({ asOf, selection: { selection, wider } }) => {
      const spread = await measures.ragSpreadAtLatestConference(context.em, asOf, selection);
      const suppressed = protectedSpread(spread);
      const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
      const answer: IomRagSpread = {
        conferenceId: spread.conferenceId,
        heldOn: spread.heldOn,
        red: show('red', spread.red),
        amber: show('amber', spread.amber),
        green: show('green', spread.green),
        reviewed: show('reviewed', spread.reviewed),
        suppressed: [...suppressed].sort(),
      };
      for (const parent of wider) {
        const rest = minus(await measures.ragSpreadAtLatestConference(context.em, asOf, parent), spread, [...RATINGS, 'reviewed']);
        if (protectedSpread(rest).size > 0) return { measure: withheldSpread(answer, WithheldReason.REST_OF_WIDER_GROUP), sets: [], withheld: true };
      }
      const sets = (['reviewed', ...RATINGS] as const).map((name) => ({ kind: 'ragSpread', parameters: `rating=${name}`, members: spread.members[name] }));
      return { measure: answer, sets, withheld: false };
    }),
  near: (spread) => withheldSpread(spread, WithheldReason.NEAR_EARLIER_ANSWER),
};

function ragSpread(context: IomContext, asOf: string, selection: ProtectedSelection): Promise<IomRagSpread> {
  return checkedAnswer(context, RAG_SPREAD, { asOf, selection });
}

const withheldCheckpoints = (rows: IomPathwayCheckpoint[], withheldBecause: WithheldReason): IomPathwayCheckpoint[] =>
  rows.map((row) => ({ checkpoint: row.checkpoint, assessments: null, averageTotal: null, suppressed: ['assessments', 'averageTotal'], withheldBecause }));

/**
 * An average over one to four assessments is near enough one person's score: it is suppressed with
 * its count. A wider filter's rest (its assessments minus these) of one to four would let the
 * two averages give that rest's average away, so then every checkpoint is withheld; and so it is
 * when a checkpoint's assessments are near those an earlier answer averaged at that checkpoint
 * (two averages over sets a few assessments apart give those few away just the same).
 */
const PATHWAY_TOTALS: CheckedMeasure<DayKey, IomPathwayCheckpoint[]> = {
  name: 'pathwayTotals',
  ...byDay,
  compute: (context, keys) =>
    eachKey(keys, async ({ asOf, selection: { selection, wider } }) => {
      const rows = await measures.pathwayTotalsByCheckpoint(context.em, asOf, selection);
      const answer = rows.map((row) => {
        const hidden = isSmallCell(row.assessments);
        return { checkpoint: row.checkpoint, assessments: hidden ? null : row.assessments, averageTotal: hidden ? null : row.averageTotal, suppressed: hidden ? ['assessments', 'averageTotal'] : [] };
      });
      for (const parent of wider) {
        const widerRows = await measures.pathwayTotalsByCheckpoint(context.em, asOf, parent);
        if (widerRows.some((row) => isSmallCell(row.assessments - (rows.find((mine) => mine.checkpoint === row.checkpoint)?.assessments ?? 0)))) {
          return { measure: withheldCheckpoints(answer, WithheldReason.REST_OF_WIDER_GROUP), sets: [], withheld: true };
        }
      }
      const sets = rows.map((row) => ({ kind: 'pathwayTotals.assessments', parameters: `checkpoint=${row.checkpoint}`, members: row.assessmentIds }));
      return { measure: answer, sets, withheld: false };
    }),
  near: (rows) => withheldCheckpoints(rows, WithheldReason.NEAR_EARLIER_ANSWER),
};

function pathwayTotals(context: IomContext, asOf: string, selection: ProtectedSelection): Promise<IomPathwayCheckpoint[]> {
  return checkedAnswer(context, PATHWAY_TOTALS, { asOf, selection });
}
