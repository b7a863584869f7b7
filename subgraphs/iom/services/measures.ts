/**
 * Cohort measures the partnership reports, each one SQL aggregate, as they stood on a given day:
 * caseload by strand and cohort, the RAG spread at the latest conference, average pathway totals
 * at entry and each checkpoint, referrals and acceptance by agency, conference attendance by agency.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agency } from '../../kit/agency';
import { suppressPartition } from '../../kit/disclosure';
import { IomCaseStatus, IomStrand, RagRating } from '../entities/enums';
import type { CohortFilter } from './reoffending-measure';

/**
 * Which cases a filtered measure counts: the parts of a cohort filter IOM judges itself, on a case
 * `c` joined to its cohort `k`, and the area as the hub ids housing placed in it (`inArea`, null
 * for no area). The adoption range is the measure's to apply: it bounds adopted cases only.
 */
export interface CaseSelection {
  filter: CohortFilter | null;
  inArea: readonly string[] | null;
}

export const EVERY_CASE: CaseSelection = { filter: null, inArea: null };

function caseConditions({ filter, inArea }: CaseSelection): { sql: string; params: unknown[] } {
  return {
    sql: `(?::text is null or k.strand = ?::text) and (?::text is null or c.cohort_code = ?::text) and (?::text is null or c.sex = ?::text)
      and (?::int is null or c.age_at_referral between ?::int and ?::int) and (?::jsonb is null or c.person_id::text in (select jsonb_array_elements_text(?::jsonb)))`,
    params: [
      filter?.strand ?? null, filter?.strand ?? null, filter?.cohortCode ?? null, filter?.cohortCode ?? null, filter?.sex ?? null, filter?.sex ?? null,
      filter?.ageRange?.[0] ?? null, filter?.ageRange?.[0] ?? null, filter?.ageRange?.[1] ?? null, inArea ? JSON.stringify(inArea) : null, inArea ? JSON.stringify(inArea) : null,
    ],
  };
}

/** Adopted within the filter's range (default: ever, up to the day measured). */
function adoptedInRange(selection: CaseSelection, asOf: string): { sql: string; params: unknown[] } {
  const from = selection.filter?.adoptedFrom ?? null;
  const to = selection.filter?.adoptedTo ?? asOf;
  return { sql: '(?::date is null or c.adopted_on >= ?::date) and c.adopted_on <= ?::date', params: [from, from, to < asOf ? to : asOf] };
}

export interface CohortCaseloadRow {
  cohortCode: string;
  strand: IomStrand;
  capacity: number;
  adopted: number;
  waiting: number;
}

/** A cohort's caseload with the people counted (hub ids), for the check between answers. */
export interface CohortCaseloadMembers extends CohortCaseloadRow {
  adoptedMembers: string[];
  waitingMembers: string[];
}

export async function caseloadByCohort(em: EntityManager, asOf: string, selection: CaseSelection = EVERY_CASE): Promise<CohortCaseloadMembers[]> {
  const cases = caseConditions(selection);
  const range = adoptedInRange(selection, asOf);
  const rows: { code: string; strand: IomStrand; capacity: number; adopted: string[] | null; waiting: string[] | null }[] = await em.getConnection().execute(
    `select k.code, k.strand, k.capacity,
       array_agg(c.person_id::text) filter (where c.adopted_on <= ? and (c.ended_on is null or c.ended_on >= ?) and ${range.sql}) as adopted,
       array_agg(c.person_id::text) filter (where c.status not in (?, ?) and c.decided_on <= ? and (c.adopted_on is null or c.adopted_on > ?) and (c.ended_on is null or c.ended_on > ?)) as waiting
     from iom_cohort k left join iom_case c on c.cohort_code = k.code and ${cases.sql}
     group by k.code, k.strand, k.capacity, k.display_order order by k.display_order`,
    [asOf, asOf, ...range.params, IomCaseStatus.REFERRED, IomCaseStatus.DECLINED, asOf, asOf, asOf, ...cases.params],
  );
  return rows.map((row) => {
    const adoptedMembers = row.adopted ?? [];
    const waitingMembers = row.waiting ?? [];
    return { cohortCode: row.code, strand: row.strand, capacity: row.capacity, adopted: adoptedMembers.length, waiting: waitingMembers.length, adoptedMembers, waitingMembers };
  });
}

/** Every cohort's people adopted onto it now (hub ids): the caseload `iomCohorts` shows, in one statement. */
export async function currentCaseloadMembers(em: EntityManager): Promise<(CohortCaseloadRow & { adoptedMembers: string[] })[]> {
  const rows: { code: string; strand: IomStrand; capacity: number; adopted: string[] | null }[] = await em.getConnection().execute(
    `select k.code, k.strand, k.capacity, array_agg(c.person_id::text) filter (where c.id is not null) as adopted
     from iom_cohort k left join iom_case c on c.cohort_code = k.code and c.status = ?
     group by k.code, k.strand, k.capacity, k.display_order order by k.display_order`,
    [IomCaseStatus.ADOPTED],
  );
  return rows.map((row) => ({ cohortCode: row.code, strand: row.strand, capacity: row.capacity, adopted: (row.adopted ?? []).length, waiting: 0, adoptedMembers: row.adopted ?? [] }));
}

export interface ProtectedCaseload {
  cohorts: { cohortCode: string; strand: IomStrand; capacity: number; adopted: number | null; waiting: number | null; suppressed: string[] }[];
  strands: { strand: IomStrand; capacity: number; adopted: number | null; waiting: number | null; suppressed: string[] }[];
}

/**
 * Caseload counts people: each strand's adopted (and waiting) people are a total whose parts are its
 * cohorts, shown side by side in the two tables, so each is protected as a partition — a small
 * cohort is suppressed with the smallest other cohort of its strand, a small strand with every
 * cohort in it. The strands' sum is not published, so strands are not suppressed against each other.
 */
export function protectedCaseload(rows: readonly CohortCaseloadRow[]): ProtectedCaseload {
  const cohortSuppressed = new Map(rows.map((row) => [row.cohortCode, new Set<string>()]));
  const strands = Object.values(IomStrand).map((strand) => {
    const mine = rows.filter((row) => row.strand === strand);
    const suppressed = new Set<string>();
    const totals = { capacity: 0, adopted: 0, waiting: 0 };
    for (const row of mine) for (const name of ['capacity', 'adopted', 'waiting'] as const) totals[name] += row[name];
    for (const count of ['adopted', 'waiting'] as const) {
      const hidden = suppressPartition('total', totals[count], Object.fromEntries(mine.map((row) => [row.cohortCode, row[count]])));
      if (hidden.has('total')) suppressed.add(count);
      for (const row of mine) if (hidden.has(row.cohortCode)) cohortSuppressed.get(row.cohortCode)!.add(count);
    }
    return { strand, capacity: totals.capacity, adopted: suppressed.has('adopted') ? null : totals.adopted, waiting: suppressed.has('waiting') ? null : totals.waiting, suppressed: [...suppressed].sort() };
  });
  const cohorts = rows.map((row) => {
    const suppressed = cohortSuppressed.get(row.cohortCode)!;
    return { cohortCode: row.cohortCode, strand: row.strand, capacity: row.capacity, adopted: suppressed.has('adopted') ? null : row.adopted, waiting: suppressed.has('waiting') ? null : row.waiting, suppressed: [...suppressed].sort() };
  });
  return { cohorts, strands };
}

export interface RagSpreadRow {
  conferenceId: string | null;
  heldOn: string | null;
  red: number;
  amber: number;
  green: number;
  reviewed: number;
  /** The people counted in each (hub ids), for the check between answers. */
  members: { red: string[]; amber: string[]; green: string[]; reviewed: string[] };
}

/** Ratings at the latest conference with reviews on or before the day (any review: the day does not depend on the filter), of the cases selected. */
export async function ragSpreadAtLatestConference(em: EntityManager, asOf: string, selection: CaseSelection = EVERY_CASE): Promise<RagSpreadRow> {
  const cases = caseConditions(selection);
  const range = adoptedInRange(selection, asOf);
  const rows: { conference_id: string; held_on: string; red: string[] | null; amber: string[] | null; green: string[] | null; reviewed: string[] | null }[] = await em.getConnection().execute(
    `with latest as (
       select f.id, f.held_on from iom_case_conference f
       where f.held_on <= ? and exists (select 1 from iom_rag_review r where r.conference_id = f.id)
       order by f.held_on desc, f.id desc limit 1)
     select latest.id as conference_id, to_char(latest.held_on, 'YYYY-MM-DD') as held_on,
       array_agg(c.person_id::text) filter (where c.id is not null and r.rating = ?) as red, array_agg(c.person_id::text) filter (where c.id is not null and r.rating = ?) as amber,
       array_agg(c.person_id::text) filter (where c.id is not null and r.rating = ?) as green, array_agg(c.person_id::text) filter (where c.id is not null) as reviewed
     from latest join iom_rag_review r on r.conference_id = latest.id
       left join iom_case c on c.id = r.case_id and ${range.sql} and c.cohort_code in (select k.code from iom_cohort k where k.code = c.cohort_code and ${cases.sql})
     group by latest.id, latest.held_on`,
    [asOf, RagRating.RED, RagRating.AMBER, RagRating.GREEN, ...range.params, ...cases.params],
  );
  const row = rows[0];
  if (!row) return { conferenceId: null, heldOn: null, red: 0, amber: 0, green: 0, reviewed: 0, members: { red: [], amber: [], green: [], reviewed: [] } };
  const members = { red: row.red ?? [], amber: row.amber ?? [], green: row.green ?? [], reviewed: row.reviewed ?? [] };
  return { conferenceId: row.conference_id, heldOn: row.held_on, red: members.red.length, amber: members.amber.length, green: members.green.length, reviewed: members.reviewed.length, members };
}

export interface CheckpointAverageRow {
  checkpoint: number;
  assessments: number;
  averageTotal: number;
  /** The assessments averaged (their ids), for the check between answers. */
  assessmentIds: string[];
}

/** Assessments of the cases selected, on or before the day, by checkpoint. */
export async function pathwayTotalsByCheckpoint(em: EntityManager, asOf: string, selection: CaseSelection = EVERY_CASE): Promise<CheckpointAverageRow[]> {
  const cases = caseConditions(selection);
  const range = adoptedInRange(selection, asOf);
  const rows: { checkpoint: number; assessment_ids: string[]; average_total: string }[] = await em.getConnection().execute(
    `select a.checkpoint, array_agg(a.id::text) as assessment_ids, round(avg(a.total), 2) as average_total
     from iom_pathway_assessment a join iom_case c on c.id = a.case_id join iom_cohort k on k.code = c.cohort_code
     where a.assessed_on <= ? and ${range.sql} and ${cases.sql} group by a.checkpoint order by a.checkpoint`,
    [asOf, ...range.params, ...cases.params],
  );
  return rows.map((row) => ({ checkpoint: row.checkpoint, assessments: row.assessment_ids.length, averageTotal: Number(row.average_total), assessmentIds: row.assessment_ids }));
}

export interface ReferralsByAgencyRow {
  agency: Agency;
  referrals: number;
  accepted: number;
  declined: number;
  pending: number;
  /** The referrals (case ids) each count is of, for the check between answers. */
  members: { referrals: string[]; accepted: string[]; declined: string[]; pending: string[] };
}

/** A period of referral (`from` null: ever) and the day the referrals are counted as they stood at. */
export interface ReferralPeriod {
  asOf: string;
  from: string | null;
  to: string;
}

/**
 * Referrals by the agency that made them, for each period: those referred from `from` to `to`,
 * and how they stood at the end of its `asOf` (accepted: decided by then and not declined). One
 * SQL statement for every period, whatever their number.
 */
export async function referralsByAgencyInPeriods(em: EntityManager, periods: readonly ReferralPeriod[]): Promise<ReferralsByAgencyRow[][]> {
  if (periods.length === 0) return [];
  const rows: { ord: number; source_agency: Agency; referred: string[]; accepted: string[]; declined: string[] }[] = await em.getConnection().execute(
    `select q.ord, c.source_agency, array_agg(c.id::text order by c.id) as referred,
       coalesce(array_agg(c.id::text order by c.id) filter (where c.decided_on <= q.as_of and c.status not in (?, ?)), '{}') as accepted,
       coalesce(array_agg(c.id::text order by c.id) filter (where c.decided_on <= q.as_of and c.status = ?), '{}') as declined
     from jsonb_to_recordset(?::jsonb) as q(ord int, as_of date, from_day date, to_day date)
     join iom_case c on c.referred_on <= q.to_day and (q.from_day is null or c.referred_on >= q.from_day)
     group by q.ord, c.source_agency order by q.ord, c.source_agency`,
    [IomCaseStatus.REFERRED, IomCaseStatus.DECLINED, IomCaseStatus.DECLINED, JSON.stringify(periods.map((period, ord) => ({ ord, as_of: period.asOf, from_day: period.from, to_day: period.to })))],
  );
  const answers: ReferralsByAgencyRow[][] = periods.map(() => []);
  for (const row of rows) {
    const decided = new Set([...row.accepted, ...row.declined]);
    const pending = row.referred.filter((id) => !decided.has(id));
    answers[row.ord].push({
      agency: row.source_agency,
      referrals: row.referred.length,
      accepted: row.accepted.length,
      declined: row.declined.length,
      pending: pending.length,
      members: { referrals: row.referred, accepted: row.accepted, declined: row.declined, pending },
    });
  }
  return answers;
}

export interface AttendanceByAgencyRow {
  agency: Agency;
  conferencesAttended: number;
  conferencesHeld: number;
  attendees: number;
}

/** Conferences held = those on or before the day with any attendance recorded (a planned one has none). */
export async function attendanceByAgency(em: EntityManager, asOf: string): Promise<AttendanceByAgencyRow[]> {
  const rows: { agency: Agency; attended: string; attendees: string; held: string }[] = await em.getConnection().execute(
    `with held as (select f.id from iom_case_conference f where f.held_on <= ? and exists (select 1 from iom_conference_attendance a where a.conference_id = f.id))
     select a.agency, count(*) as attended, sum(a.attendees) as attendees, (select count(*) from held) as held
     from iom_conference_attendance a join held on held.id = a.conference_id group by a.agency order by a.agency`,
    [asOf],
  );
  return rows.map((row) => ({ agency: row.agency, conferencesAttended: Number(row.attended), conferencesHeld: Number(row.held), attendees: Number(row.attendees) }));
}
