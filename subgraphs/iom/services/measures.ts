/**
 * Cohort measures the partnership reports, each one SQL aggregate, as they stood on a given day:
 * caseload by strand and cohort, the RAG spread at the latest conference, average pathway totals
 * at entry and each checkpoint, referrals and acceptance by agency, conference attendance by agency.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agency } from '../../kit/agency';
import { IomCaseStatus, type IomStrand, RagRating } from '../entities/enums';

export interface CohortCaseloadRow {
  cohortCode: string;
  strand: IomStrand;
  capacity: number;
  adopted: number;
  waiting: number;
}

export async function caseloadByCohort(em: EntityManager, asOf: string): Promise<CohortCaseloadRow[]> {
  const rows: { code: string; strand: IomStrand; capacity: number; adopted: string; waiting: string }[] = await em.getConnection().execute(
    `select k.code, k.strand, k.capacity,
       count(c.id) filter (where c.adopted_on <= ? and (c.ended_on is null or c.ended_on >= ?)) as adopted,
       count(c.id) filter (where c.status not in (?, ?) and c.decided_on <= ? and (c.adopted_on is null or c.adopted_on > ?) and (c.ended_on is null or c.ended_on > ?)) as waiting
     from iom_cohort k left join iom_case c on c.cohort_code = k.code
     group by k.code, k.strand, k.capacity, k.display_order order by k.display_order`,
    [asOf, asOf, IomCaseStatus.REFERRED, IomCaseStatus.DECLINED, asOf, asOf, asOf],
  );
  return rows.map((row) => ({ cohortCode: row.code, strand: row.strand, capacity: row.capacity, adopted: Number(row.adopted), waiting: Number(row.waiting) }));
}

export interface RagSpreadRow {
  conferenceId: string | null;
  heldOn: string | null;
  red: number;
  amber: number;
  green: number;
  reviewed: number;
}

export async function ragSpreadAtLatestConference(em: EntityManager, asOf: string): Promise<RagSpreadRow> {
  const rows: { conference_id: string; held_on: string; red: string; amber: string; green: string; reviewed: string }[] = await em.getConnection().execute(
    `with latest as (
       select f.id, f.held_on from iom_case_conference f
       where f.held_on <= ? and exists (select 1 from iom_rag_review r where r.conference_id = f.id)
       order by f.held_on desc, f.id desc limit 1)
     select latest.id as conference_id, to_char(latest.held_on, 'YYYY-MM-DD') as held_on,
       count(*) filter (where r.rating = ?) as red, count(*) filter (where r.rating = ?) as amber,
       count(*) filter (where r.rating = ?) as green, count(*) as reviewed
     from latest join iom_rag_review r on r.conference_id = latest.id group by latest.id, latest.held_on`,
    [asOf, RagRating.RED, RagRating.AMBER, RagRating.GREEN],
  );
  const row = rows[0];
  if (!row) return { conferenceId: null, heldOn: null, red: 0, amber: 0, green: 0, reviewed: 0 };
  return { conferenceId: row.conference_id, heldOn: row.held_on, red: Number(row.red), amber: Number(row.amber), green: Number(row.green), reviewed: Number(row.reviewed) };
}

export interface CheckpointAverageRow {
  checkpoint: number;
  assessments: number;
  averageTotal: number;
}

export async function pathwayTotalsByCheckpoint(em: EntityManager, asOf: string): Promise<CheckpointAverageRow[]> {
  const rows: { checkpoint: number; assessments: string; average_total: string }[] = await em.getConnection().execute(
    `select checkpoint, count(*) as assessments, round(avg(total), 2) as average_total
     from iom_pathway_assessment where assessed_on <= ? group by checkpoint order by checkpoint`,
    [asOf],
  );
  return rows.map((row) => ({ checkpoint: row.checkpoint, assessments: Number(row.assessments), averageTotal: Number(row.average_total) }));
}

export interface ReferralsByAgencyRow {
  agency: Agency;
  referrals: number;
  accepted: number;
  declined: number;
  pending: number;
}

/**
 * Referrals by the agency that made them: those referred from `from` (default: ever) to `to`
 * (default and latest: `asOf`), and how they stood at the end of `asOf`.
 */
export async function referralsByAgency(em: EntityManager, asOf: string, from: string | null = null, to: string | null = null): Promise<ReferralsByAgencyRow[]> {
  const rows: { source_agency: Agency; referrals: string; accepted: string; declined: string }[] = await em.getConnection().execute(
    `select source_agency, count(*) as referrals,
       count(*) filter (where decided_on <= ? and status not in (?, ?)) as accepted,
       count(*) filter (where decided_on <= ? and status = ?) as declined
     from iom_case where referred_on <= ? and (?::date is null or referred_on >= ?::date) group by source_agency order by source_agency`,
    [asOf, IomCaseStatus.REFERRED, IomCaseStatus.DECLINED, asOf, IomCaseStatus.DECLINED, to ?? asOf, from, from],
  );
  return rows.map((row) => {
    const referrals = Number(row.referrals);
    const accepted = Number(row.accepted);
    const declined = Number(row.declined);
    return { agency: row.source_agency, referrals, accepted, declined, pending: referrals - accepted - declined };
  });
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

/** Referrals by agency per calendar month or quarter of referral, from `from` to `to`, as they stood at the end of `asOf`: one SQL aggregate. */
export async function referralsByAgencyAndPeriod(em: EntityManager, asOf: string, from: string, to: string, unit: 'month' | 'quarter'): Promise<(ReferralsByAgencyRow & { periodStart: string })[]> {
  const rows: { period_start: string; source_agency: Agency; referrals: string; accepted: string; declined: string }[] = await em.getConnection().execute(
    `select to_char(date_trunc(?, referred_on), 'YYYY-MM-DD') as period_start, source_agency, count(*) as referrals,
       count(*) filter (where decided_on <= ? and status not in (?, ?)) as accepted,
       count(*) filter (where decided_on <= ? and status = ?) as declined
     from iom_case where referred_on between ? and ? group by 1, source_agency order by 1, source_agency`,
    [unit, asOf, IomCaseStatus.REFERRED, IomCaseStatus.DECLINED, asOf, IomCaseStatus.DECLINED, from, to],
  );
  return rows.map((row) => {
    const referrals = Number(row.referrals);
    const accepted = Number(row.accepted);
    const declined = Number(row.declined);
    return { periodStart: row.period_start, agency: row.source_agency, referrals, accepted, declined, pending: referrals - accepted - declined };
  });
}
