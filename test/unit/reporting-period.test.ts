import 'reflect-metadata';
import { type GraphQLObjectType } from 'graphql';
import { Args, buildSchema, Query, Resolver } from 'type-graphql';
import { DEFAULT_REPORTING_DAYS, ReportingPeriodArgs, reportingPeriodOf } from '../../subgraphs/kit/reporting-period';
import { addDays } from '../../subgraphs/kit/dates';

const TODAY = '2026-06-30';

describe('a reporting period from its arguments', () => {
  it('defaults to the 12 months to today, or to the given end', () => {
    expect(reportingPeriodOf({}, TODAY)).toEqual({ from: addDays(TODAY, -DEFAULT_REPORTING_DAYS), to: TODAY });
    expect(reportingPeriodOf({ to: '2026-03-31' }, TODAY)).toEqual({ from: addDays('2026-03-31', -DEFAULT_REPORTING_DAYS), to: '2026-03-31' });
    expect(reportingPeriodOf({ from: '2026-01-01', to: '2026-01-01' }, TODAY)).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('refuses an end after today or a start after the end, naming the argument', () => {
    expect(() => reportingPeriodOf({ to: '2026-07-01' }, TODAY)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'to' }) }));
    expect(() => reportingPeriodOf({ from: '2026-05-02', to: '2026-05-01' }, TODAY)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'from' }) }));
  });

  it('gives a query two optional dates, `to` described', async () => {
    @Resolver()
    class MeasureResolver {
      @Query(() => String)
      measure(@Args(() => ReportingPeriodArgs) args: ReportingPeriodArgs): string {
        return JSON.stringify(reportingPeriodOf(args, TODAY));
      }
    }
    const schema = await buildSchema({ resolvers: [MeasureResolver], validate: false });
    const args = (schema.getType('Query') as GraphQLObjectType).getFields().measure.args;
    expect(args.map((arg) => [arg.name, String(arg.type), arg.description ?? null])).toEqual([
      ['to', 'LocalDate', 'Up to today.'],
      ['from', 'LocalDate', null],
    ]);
  });
});
