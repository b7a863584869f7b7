/**
 * What probation computes for the hub's aggregate measures, over people and dates the measure
 * supplies: DRR and ATR starts and completions in a period, and which way each person's
 * reoffending predictor moved since a start date. One SQL statement each, whatever the number of
 * people; only counts, completion dates with the PNC ID to check them by, and a direction per
 * asker's label leave the service — never a case, an order or a score.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { packedBySql } from '../../kit/bound-sql';
import { ProbationRequirementStatus, ProbationRequirementType } from '../entities/enums';

export const TREATMENT_REQUIREMENT_TYPES = [ProbationRequirementType.DRUG_REHABILITATION, ProbationRequirementType.ALCOHOL_TREATMENT] as const;

export interface RequirementActivity {
  starts: { type: string; count: number; requirementIds: string[] }[];
  completions: { type: string; completedOn: string; pncId: string | null; requirementId: string }[];
}

/**
 * DRR and ATR requirements started from `from` to `to` (both included), and those completed
 * successfully in it (status COMPLETED, ended in the period), each with the PNC ID on probation's
 * case record. `crns` limits both to those people; null means everyone probation supervises. The
 * requirements' ids go with them so the measure can tell two answers' requirements apart (the
 * check between answers); they name no one outside probation.
 */
export async function treatmentRequirementActivity(em: EntityManager, from: string, to: string, crns: readonly string[] | null): Promise<RequirementActivity> {
  const rows: { kind: 'start' | 'completion'; type: string; day: string | null; pnc_id: string | null; ids: string[] }[] = await em.getConnection().execute(
    `with r as (
       select r.* from probation_requirement r
       where r.type = any(?::text[]) and (?::jsonb is null or r.crn in (select jsonb_array_elements_text(?::jsonb))))
     select 'start' as kind, r.type, null as day, null as pnc_id, array_agg(r.id::text order by r.id) as ids from r where r.started_on between ? and ? group by r.type
     union all
     select 'completion', r.type, to_char(r.ended_on, 'YYYY-MM-DD'), c.pnc_id, array[r.id::text] from r left join probation_case c on c.crn = r.crn
     where r.status = ? and r.ended_on between ? and ?
     order by 1, 2, 3`,
    [`{${TREATMENT_REQUIREMENT_TYPES.join(',')}}`, crns && JSON.stringify(crns), crns && JSON.stringify(crns), from, to, ProbationRequirementStatus.COMPLETED, from, to],
  );
  return {
    starts: rows.filter((row) => row.kind === 'start').map((row) => ({ type: row.type, count: row.ids.length, requirementIds: row.ids })),
    completions: rows.filter((row) => row.kind === 'completion').map((row) => ({ type: row.type, completedOn: row.day!, pncId: row.pnc_id, requirementId: row.ids[0] })),
  };
}

/** Which way a person's reoffending predictor moved between the assessment at their start date and the latest one. */
export enum PredictorDirection {
  FELL = 'FELL',
  ROSE = 'ROSE',
  UNCHANGED = 'UNCHANGED',
  /** No assessment after the baseline, up to the day measured. */
  NOT_REASSESSED = 'NOT_REASSESSED',
  /** No baseline: no assessment on or before the start date, nor within 91 days after it. */
  NO_BASELINE = 'NO_BASELINE',
}

/** A baseline assessed after the start date counts only within this many days (the assessment on entry). */
export const BASELINE_DAYS_AFTER_START = 91;

/**
 * Per asker's label: the baseline is the latest assessment on or before the start date, or, when
 * there is none, the first within 91 days after it; the latest is the newest on or before `asOf`.
 * The predictor fell when the latest's percentage is lower than the baseline's.
 */
export async function predictorDirections(em: EntityManager, people: readonly { ref: number; crn: string; since: string }[], asOf: string): Promise<{ ref: number; direction: PredictorDirection }[]> {
  if (people.length === 0) return [];
  const rows: { ref: number; baseline_on: string | null; baseline: number | null; latest_on: string | null; latest: number | null }[] = await em.getConnection().execute(
    `with p as (select (x->>'ref')::int as ref, x->>'crn' as crn, (x->>'since')::date as since from jsonb_array_elements(?::jsonb) as x),
     b as (
       select p.ref, p.crn, base.assessed_on as baseline_on, base.reoffending_predictor_percentage as baseline
       from p left join lateral (
         select a.assessed_on, a.reoffending_predictor_percentage from probation_risk_assessment a
         where a.crn = p.crn and a.assessed_on <= p.since + ?::int and a.assessed_on <= ?::date
         order by (a.assessed_on <= p.since) desc, case when a.assessed_on <= p.since then p.since - a.assessed_on else a.assessed_on - p.since end, a.id
         limit 1) base on true)
     select b.ref, to_char(b.baseline_on, 'YYYY-MM-DD') as baseline_on, b.baseline, to_char(latest.assessed_on, 'YYYY-MM-DD') as latest_on, latest.reoffending_predictor_percentage as latest
     from b left join lateral (
       select a.assessed_on, a.reoffending_predictor_percentage from probation_risk_assessment a
       where a.crn = b.crn and a.assessed_on > b.baseline_on and a.assessed_on <= ?::date
       order by a.assessed_on desc, a.id limit 1) latest on true`,
    [JSON.stringify(people), BASELINE_DAYS_AFTER_START, asOf, asOf],
  );
  const byRef = new Map(rows.map((row) => [Number(row.ref), row]));
  return people.map(({ ref }) => {
    const row = byRef.get(ref);
    if (!row || row.baseline === null) return { ref, direction: PredictorDirection.NO_BASELINE };
    if (row.latest === null) return { ref, direction: PredictorDirection.NOT_REASSESSED };
    const direction = row.latest < row.baseline ? PredictorDirection.FELL : row.latest > row.baseline ? PredictorDirection.ROSE : PredictorDirection.UNCHANGED;
    return { ref, direction };
  });
}

/**
 * Everyone under statutory supervision (a community order, suspended sentence order, licence or
 * post-sentence supervision) whose first order began on or before `to`: per CRN, that first
 * order's start and the day it ended (empty while running), packed one line per CRN in CRN order.
 * One SQL statement.
 */
export async function packedSupervisionStarts(em: EntityManager, to: string): Promise<string> {
  // Packed by PostgreSQL (`packedBySql`, `crn<TAB>started<TAB>ended`): 7,600 lines at scale 10.
  return packedBySql(
    em,
    // The first order per CRN straight from `probation_order_crn_started_on_id_index`; dates are
    // written after the choice, for one order per person rather than for every order.
    `select count(*)::int as rows,
       coalesce(string_agg(crn || E'\\t' || to_char(started_on, 'YYYY-MM-DD') || E'\\t' || coalesce(to_char(terminated_on, 'YYYY-MM-DD'), ''), E'\\n' order by crn), '') as packed
     from (select distinct on (crn) crn, started_on, terminated_on from probation_order where started_on <= ?::date order by crn, started_on, id) first_order`,
    [to],
    3,
  );
}
