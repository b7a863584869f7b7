/**
 * The `from`/`to` arguments of every aggregate measure over a reporting period, and the period they
 * give (see `requireReportingPeriod`): defined once so that every measure reads them the same way.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field } from 'type-graphql';
import { requireReportingPeriod, type DateRange, type IsoDate } from './dates';

/** Without `from`, a period is the 12 months to `to`. */
export const DEFAULT_REPORTING_DAYS = 365;

// `to` before `from`: the order the schema has always listed them in.
@ArgsType()
export class ReportingPeriodArgs {
  @Field(() => LocalDateResolver, { nullable: true, description: 'Up to today.' })
  to?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  from?: string | null;
}

/** The period the arguments name: both ends given or defaulted, in order, ending today at the latest; or BAD_USER_INPUT. */
export function reportingPeriodOf(args: ReportingPeriodArgs, today: IsoDate): DateRange {
  return requireReportingPeriod(args.from, args.to, DEFAULT_REPORTING_DAYS, today);
}
