import type { RunningHub } from '../../runtime/hub';
import { startTestHub, TEST_TODAY } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { withSql } from '../support/sql';
import { ok } from './iom-helpers';

/**
 * The analysts' cohort measures on an IOM database of this file's own, every cohort, case,
 * conference, review and assessment made here. The expected figures are worked out by hand from
 * the rows below and each measure's definition, as the comments show. The measures are asked as
 * they stood on AS_OF; rows dated after it (made so that they would show if the day were ignored)
 * count only when the test asks as of today.
 */
const AS_OF = '2026-06-01';

type Status = 'REFERRED' | 'DECLINED' | 'ACCEPTED' | 'ADOPTED' | 'DESELECTED' | 'ENDED';

interface CaseRow {
  key: string;
  cohort: string;
  sex: 'MALE' | 'FEMALE';
  source: string;
  referredOn: string;
  decidedOn?: string;
  adoptedOn?: string;
  endedOn?: string;
  status: Status;
}

const COHORTS = [
  { code: 'FIXED', strand: 'FIXED', capacity: 20, order: 1 },
  { code: 'FLEX', strand: 'FLEX', capacity: 3, order: 2 },
  { code: 'FREE_FEMALE', strand: 'FREE', capacity: 2, order: 3 },
  { code: 'FREE_DOMESTIC_ABUSE', strand: 'FREE', capacity: 2, order: 4 },
];

const CASES: CaseRow[] = [
  // FIXED
  { key: 'f1', cohort: 'FIXED', sex: 'MALE', source: 'POLICE', referredOn: '2026-01-05', decidedOn: '2026-01-10', adoptedOn: '2026-01-20', status: 'ADOPTED' },
  { key: 'f2', cohort: 'FIXED', sex: 'MALE', source: 'POLICE', referredOn: '2026-02-01', decidedOn: '2026-02-03', adoptedOn: '2026-02-10', endedOn: '2026-05-15', status: 'ENDED' },
  { key: 'f3', cohort: 'FIXED', sex: 'MALE', source: 'PROBATION', referredOn: '2026-03-01', decidedOn: '2026-03-02', adoptedOn: '2026-03-05', endedOn: '2026-06-20', status: 'DESELECTED' },
  { key: 'f4', cohort: 'FIXED', sex: 'MALE', source: 'PROBATION', referredOn: '2026-04-01', decidedOn: '2026-04-03', status: 'ACCEPTED' },
  { key: 'f5', cohort: 'FIXED', sex: 'MALE', source: 'POLICE', referredOn: '2026-05-01', decidedOn: '2026-05-04', status: 'DECLINED' },
  { key: 'f6', cohort: 'FIXED', sex: 'MALE', source: 'POLICE', referredOn: '2026-05-20', status: 'REFERRED' },
  { key: 'f7', cohort: 'FIXED', sex: 'MALE', source: 'HOUSING', referredOn: '2026-06-10', status: 'REFERRED' },
  // FLEX
  { key: 'x1', cohort: 'FLEX', sex: 'MALE', source: 'PROBATION', referredOn: '2026-01-02', decidedOn: '2026-01-03', adoptedOn: '2026-06-15', status: 'ADOPTED' },
  { key: 'x2', cohort: 'FLEX', sex: 'MALE', source: 'PRISON', referredOn: '2026-02-02', decidedOn: '2026-02-05', adoptedOn: '2026-02-06', status: 'ADOPTED' },
  { key: 'x3', cohort: 'FLEX', sex: 'MALE', source: 'POLICE', referredOn: '2026-03-03', decidedOn: '2026-06-05', adoptedOn: '2026-06-06', status: 'ADOPTED' },
  // FREE_FEMALE
  { key: 'w1', cohort: 'FREE_FEMALE', sex: 'FEMALE', source: 'PROBATION', referredOn: '2026-01-10', decidedOn: '2026-01-11', adoptedOn: '2026-01-12', status: 'ADOPTED' },
  { key: 'w2', cohort: 'FREE_FEMALE', sex: 'FEMALE', source: 'HOUSING', referredOn: '2026-02-10', decidedOn: '2026-02-11', endedOn: '2026-04-01', status: 'ENDED' },
  // Twelve adopted after AS_OF, reviewed at the June conference (g1…g12).
  ...Array.from({ length: 12 }, (_, i): CaseRow => ({
    key: `g${i + 1}`, cohort: 'FIXED', sex: 'MALE', source: 'POLICE', referredOn: '2026-06-02', decidedOn: '2026-06-03', adoptedOn: '2026-06-04', status: 'ADOPTED',
  })),
];

/** Conferences: attendance by agency (none: planned, never held) and the ratings given there. */
const CONFERENCES: { heldOn: string; attendance: Record<string, number>; ratings: Record<string, 'RED' | 'AMBER' | 'GREEN'> }[] = [
  { heldOn: '2026-03-10', attendance: { POLICE: 2, PROBATION: 1, HOUSING: 1 }, ratings: { f1: 'RED' } },
  { heldOn: '2026-04-14', attendance: { POLICE: 3, PROBATION: 2 }, ratings: { f1: 'AMBER', x2: 'RED' } },
  { heldOn: '2026-05-12', attendance: { POLICE: 1, PROBATION: 1, SUBSTANCE_MISUSE: 2 }, ratings: { f1: 'GREEN', f3: 'AMBER', x2: 'GREEN', w1: 'GREEN' } },
  { heldOn: '2026-05-26', attendance: {}, ratings: {} },
  {
    heldOn: '2026-06-16',
    attendance: { POLICE: 1 },
    // 6 green, 5 amber, 1 red.
    ratings: { g1: 'GREEN', g2: 'GREEN', g3: 'GREEN', g4: 'GREEN', g5: 'GREEN', g6: 'GREEN', g7: 'AMBER', g8: 'AMBER', g9: 'AMBER', g10: 'AMBER', g11: 'AMBER', g12: 'RED' },
  },
];

/** Pathway assessment totals by case, in checkpoint order, with the day of each. */
const ASSESSMENTS: Record<string, [string, number][]> = {
  f1: [['2026-01-20', 24], ['2026-04-20', 20]],
  f3: [['2026-03-05', 18], ['2026-06-05', 15]],
  x2: [['2026-02-06', 21], ['2026-05-06', 17]],
  w1: [['2026-01-12', 30], ['2026-04-12', 25]],
};

/** Scores (1-5) over the men's 7 or the women's 9 pathways that add up to the total. */
function scoresAddingUpTo(total: number, pathways: number): number[] {
  const base = Math.floor(total / pathways);
  return Array.from({ length: pathways }, (_, i) => base + (i < total - base * pathways ? 1 : 0));
}

async function buildIom(url: string): Promise<void> {
  await withSql(url, async (sql) => {
    for (const cohort of COHORTS) {
      await sql.query(
        `insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ($1, $1, $2, 'test', $3, false, false, $4)`,
        [cohort.code, cohort.strand, cohort.capacity, cohort.order],
      );
    }
    const caseIds = new Map<string, string>();
    for (const c of CASES) {
      const { rows } = await sql.query<{ id: string }>(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, ended_on, case_basis, lead_agency)
         values (gen_random_uuid(), $1, $2, $3, 30, $4, 'test', $5, false, false, $6, $7, $8, $9, $10) returning id`,
        [c.cohort, c.status, c.sex, c.source, c.referredOn, c.decidedOn ?? null, c.adoptedOn ?? null, c.endedOn ?? null, c.adoptedOn ? 'STATUTORY' : null, c.adoptedOn ? 'POLICE' : null],
      );
      caseIds.set(c.key, rows[0].id);
    }
    for (const conference of CONFERENCES) {
      const held = Object.keys(conference.attendance).length > 0;
      const { rows } = await sql.query<{ id: string }>(`insert into iom_case_conference (held_on, chair_agencies, status) values ($1, '{POLICE,PROBATION}', $2) returning id`, [
        conference.heldOn,
        held ? 'HELD' : 'PLANNED',
      ]);
      for (const [agency, attendees] of Object.entries(conference.attendance)) {
        await sql.query(`insert into iom_conference_attendance (conference_id, agency, attendees) values ($1, $2, $3)`, [rows[0].id, agency, attendees]);
      }
      for (const [key, rating] of Object.entries(conference.ratings)) {
        await sql.query(`insert into iom_rag_review (case_id, conference_id, reviewed_on, rating, rationale) values ($1, $2, $3, $4, 'test')`, [caseIds.get(key), rows[0].id, conference.heldOn, rating]);
      }
    }
    for (const [key, assessments] of Object.entries(ASSESSMENTS)) {
      const woman = CASES.find((c) => c.key === key)!.sex === 'FEMALE';
      for (const [checkpoint, [assessedOn, total]] of assessments.entries()) {
        const s = scoresAddingUpTo(total, woman ? 9 : 7);
        await sql.query(
          `insert into iom_pathway_assessment (case_id, assessed_on, checkpoint, total, accommodation, education_training_employment, finance_benefit_debt, children_and_families,
             drugs_and_alcohol, health, attitudes_thinking_behaviour, abuse_domestic_violence, sex_work) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [caseIds.get(key), assessedOn, checkpoint, total, ...s.slice(0, 7), woman ? s[7] : null, woman ? s[8] : null],
        );
      }
    }
  });
}

const MEASURES = `query($asOf: LocalDate) { iomMeasures(asOf: $asOf) { asOf
  caseloadByStrand { strand capacity adopted waiting }
  caseloadByCohort { cohortCode strand capacity adopted waiting }
  ragSpreadAtLatestConference { heldOn red amber green reviewed suppressed }
  pathwayTotalsByCheckpoint { checkpoint assessments averageTotal suppressed }
  referralsByAgency { agency referrals accepted declined pending acceptanceRate suppressed }
  attendanceByAgency { agency conferencesAttended conferencesHeld attendanceRate attendees } } }`;

interface Measures {
  asOf: string;
  caseloadByStrand: unknown[];
  caseloadByCohort: unknown[];
  ragSpreadAtLatestConference: unknown;
  pathwayTotalsByCheckpoint: unknown[];
  referralsByAgency: unknown[];
  attendanceByAgency: unknown[];
}

describe('IOM cohort measures on a hand-built cohort', () => {
  let hub: RunningHub;
  let measures: Measures;
  beforeAll(async () => {
    const databaseUrls = await ownDatabases('measures', { empty: ['iom'] });
    await buildIom(databaseUrls.iom);
    hub = await startTestHub({ databaseUrls });
    measures = (await ok<{ iomMeasures: Measures }>(hub, MEASURES, { asOf: AS_OF })).iomMeasures;
  });
  afterAll(() => hub?.stop());

  it('counts the caseload on the day: adopted and not yet ended, or accepted and still waiting', () => {
    expect(measures.asOf).toBe(AS_OF);
    // Every count is of people, so disclosure control hides them all here (each strand's total is 1 or 2):
    expect(measures.caseloadByCohort).toEqual([
      // Adopted: f1, and f3 (deselected later, on 20 June); f2 ended on 15 May: 2. Waiting: f4: 1. Not
      // counted: f5 (declined), f6 (not decided), f7 and g1…g12 (referred after the day).
      { cohortCode: 'FIXED', strand: 'FIXED', capacity: 20, adopted: null, waiting: null },
      // Adopted: x2. Waiting: x1 (accepted in January, adopted on 15 June). x3 was accepted after the day.
      { cohortCode: 'FLEX', strand: 'FLEX', capacity: 3, adopted: null, waiting: null },
      // Adopted: w1. w2 was accepted but ended (moved away) on 1 April without a place. The FREE strand's one
      // adopted person hides both its cohorts' counts, the empty one too; nobody waits on either: 0 is shown.
      { cohortCode: 'FREE_FEMALE', strand: 'FREE', capacity: 2, adopted: null, waiting: 0 },
      { cohortCode: 'FREE_DOMESTIC_ABUSE', strand: 'FREE', capacity: 2, adopted: null, waiting: 0 },
    ]);
    // Strands add up their cohorts (FREE is FREE_FEMALE + FREE_DOMESTIC_ABUSE): 2 and 1, 1 and 1, 1 and 0.
    expect(measures.caseloadByStrand).toEqual([
      { strand: 'FIXED', capacity: 20, adopted: null, waiting: null },
      { strand: 'FLEX', capacity: 3, adopted: null, waiting: null },
      { strand: 'FREE', capacity: 4, adopted: null, waiting: 0 },
    ]);
  });

  it('counts referrals made by the day and how they were decided by then, by agency, small counts suppressed', () => {
    const none = { referrals: null, accepted: null, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'declined', 'pending', 'referrals'] };
    expect(measures.referralsByAgency).toEqual([
      // w2 (accepted, later ended); f7 was referred after the day. One referral: withheld.
      { agency: 'HOUSING', ...none },
      // f1, f2 accepted; f5 declined; f6 and x3 (decided on 5 June) pending: 5 shown, each part (2, 1, 2) small, and the rate with them.
      { agency: 'POLICE', referrals: 5, accepted: null, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'declined', 'pending'] },
      { agency: 'PRISON', ...none },
      // f3, f4, x1, w1: four, withheld.
      { agency: 'PROBATION', ...none },
    ]);
  });

  it('counts attendance at the conferences held by the day (the planned one on 26 May was never held)', () => {
    // Held by 1 June: 10 March, 14 April, 12 May.
    expect(measures.attendanceByAgency).toEqual([
      { agency: 'HOUSING', conferencesAttended: 1, conferencesHeld: 3, attendanceRate: 0.333, attendees: 1 },
      { agency: 'POLICE', conferencesAttended: 3, conferencesHeld: 3, attendanceRate: 1, attendees: 2 + 3 + 1 },
      { agency: 'PROBATION', conferencesAttended: 3, conferencesHeld: 3, attendanceRate: 1, attendees: 1 + 2 + 1 },
      { agency: 'SUBSTANCE_MISUSE', conferencesAttended: 1, conferencesHeld: 3, attendanceRate: 0.333, attendees: 2 },
    ]);
  });

  it('averages pathway totals at entry and each checkpoint, withholding averages of fewer than five assessments', () => {
    expect(measures.pathwayTotalsByCheckpoint).toEqual([
      // f1 24, f3 18, x2 21, w1 30: four assessments, near enough one person's score each.
      { checkpoint: 0, assessments: null, averageTotal: null, suppressed: ['assessments', 'averageTotal'] },
      // f1 20, x2 17, w1 25; f3's second assessment (5 June) is after the day.
      { checkpoint: 1, assessments: null, averageTotal: null, suppressed: ['assessments', 'averageTotal'] },
    ]);
  });

  it('gives the RAG spread at the latest conference with reviews: four reviews are too few to show at all', () => {
    // 12 May (the 26 May conference has no reviews; 16 June is after the day): 3 green, 1 amber.
    expect(measures.ragSpreadAtLatestConference).toEqual({
      heldOn: '2026-05-12', red: null, amber: null, green: null, reviewed: null, suppressed: ['amber', 'green', 'red', 'reviewed'],
    });
  });

  it('as of today, the June conference: the single red is suppressed, and amber with it (12 − 6 would give the red away)', async () => {
    const today = (await ok<{ iomMeasures: { asOf: string; ragSpreadAtLatestConference: unknown } }>(hub, `{ iomMeasures { asOf ragSpreadAtLatestConference { heldOn red amber green reviewed suppressed } } }`)).iomMeasures;
    expect(today).toEqual({
      asOf: TEST_TODAY,
      ragSpreadAtLatestConference: { heldOn: '2026-06-16', red: null, amber: null, green: 6, reviewed: 12, suppressed: ['amber', 'red'] },
    });
  });
});
