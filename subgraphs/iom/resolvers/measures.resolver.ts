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
  IomStrandCaseload,
} from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';

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

  @FieldResolver(() => [IomReferralsByAgency])
  async referralsByAgency(@Root() root: IomMeasures, @Ctx() context: IomContext): Promise<IomReferralsByAgency[]> {
    return (await measures.referralsByAgency(context.em, root.asOf)).map((row) => {
      const decided = row.accepted + row.declined;
      return { ...row, acceptanceRate: decided ? Math.round((row.accepted / decided) * 1000) / 1000 : null };
    });
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
