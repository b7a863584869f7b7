import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import { suppressPartition } from '../../kit/disclosure';
import { CaseConference } from '../entities/conference.entity';
import { IomStrand } from '../entities/enums';
import * as measures from '../services/measures';
import type { IomContext } from './context';
import {
  IomAttendanceByAgency,
  IomCohortCaseload,
  IomMeasures,
  IomPathwayCheckpoint,
  IomRagSpread,
  IomReferralsByAgency,
  IomReferralsPeriod,
  IomStrandCaseload,
} from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { requireSeries } from './outcome-measures.resolver';
import { SeriesInterval } from './outcome-types';

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

  @FieldResolver(() => [IomCohortCaseload])
  caseloadByCohort(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomCohortCaseload[]> {
    return measures.caseloadByCohort(context.em, root.asOf);
  }

  @FieldResolver(() => [IomStrandCaseload])
  async caseloadByStrand(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomStrandCaseload[]> {
    const cohorts = await measures.caseloadByCohort(context.em, root.asOf);
    return Object.values(IomStrand).map((strand) => {
      const mine = cohorts.filter((cohort) => cohort.strand === strand);
      const sum = (pick: (row: measures.CohortCaseloadRow) => number) => mine.reduce((total, row) => total + pick(row), 0);
      return { strand, capacity: sum((row) => row.capacity), adopted: sum((row) => row.adopted), waiting: sum((row) => row.waiting) };
    });
  }

  @FieldResolver(() => IomRagSpread, { description: 'Ratings at the latest conference with reviews on or before the day.' })
  async ragSpreadAtLatestConference(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomRagSpread> {
    const spread = await measures.ragSpreadAtLatestConference(context.em, root.asOf);
    const suppressed = suppressPartition('reviewed', spread.reviewed, { red: spread.red, amber: spread.amber, green: spread.green });
    const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
    return {
      conferenceId: spread.conferenceId,
      heldOn: spread.heldOn,
      red: show('red', spread.red),
      amber: show('amber', spread.amber),
      green: show('green', spread.green),
      reviewed: show('reviewed', spread.reviewed),
      suppressed: [...suppressed].sort(),
    };
  }

  @FieldResolver(() => [IomPathwayCheckpoint], { description: 'Average pathway total at entry (checkpoint 0) and each three-monthly checkpoint.' })
  pathwayTotalsByCheckpoint(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomPathwayCheckpoint[]> {
    return measures.pathwayTotalsByCheckpoint(context.em, root.asOf);
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
    return (await measures.referralsByAgency(context.em, root.asOf, from, to)).map(protectedReferrals);
  }

  @FieldResolver(() => [IomReferralsPeriod], { description: 'Referrals by agency for each month or quarter of referral from `from` to `to` (at most 60 points), in one call.' })
  async referralsSeries(
    @Root() root: IomMeasures,
    @Arg('from', () => LocalDateResolver, { description: 'The first period is the one holding this day.' }) from: string,
    @Arg('to', () => LocalDateResolver, { description: 'The last period is the one holding this day; no later than `asOf`.' }) to: string,
    @Arg('interval', () => SeriesInterval, { defaultValue: SeriesInterval.QUARTER }) interval: SeriesInterval,
    @Ctx() context: IomContext,
  ): Promise<IomReferralsPeriod[]> {
    const periods = requireSeries(from, to, interval, root.asOf);
    const last = periods[periods.length - 1].end;
    const rows = await measures.referralsByAgencyAndPeriod(context.em, root.asOf, periods[0].start, last < root.asOf ? last : root.asOf, interval === SeriesInterval.MONTH ? 'month' : 'quarter');
    return periods.map((period) => ({ periodStart: period.start, periodEnd: period.end, byAgency: rows.filter((row) => row.periodStart === period.start).map(protectedReferrals) }));
  }

  @FieldResolver(() => [IomAttendanceByAgency])
  async attendanceByAgency(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomAttendanceByAgency[]> {
    return (await measures.attendanceByAgency(context.em, root.asOf)).map((row) => ({
      ...row,
      attendanceRate: Math.round((row.conferencesAttended / row.conferencesHeld) * 1000) / 1000,
    }));
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
  };
}
