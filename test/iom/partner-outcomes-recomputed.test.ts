import type { RunningHub } from '../../runtime/hub';
import { dateOfDay, dayNumber, monthsOn, windowsByHand, type CustodyPeriod } from '../support/by-hand';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';
import { ownDatabases } from '../support/own-databases';

/**
 * DRR/ATR against targets, the predictor trend, the cost of crime and positive outcomes on the
 * seeded partnership, against the same figures recomputed here from person-level data the IOM
 * coordinator may read, by the README's definitions, with nothing from the measures' own code.
 */
interface PersonRows {
  id: string;
  pncId: string | null;
  offences: { committedOn: string; detected: boolean; crimeType: string }[] | null;
  accommodationHistory: CustodyPeriod[] | null;
  riskAssessments: { assessedOn: string; reoffendingPredictorPercentage: number }[] | null;
}
const PERSON = 'id pncId offences { committedOn detected crimeType } accommodationHistory { status startDate endDate } riskAssessments { assessedOn reoffendingPredictorPercentage }';

const rate = (count: number, of: number) => Math.round((count / of) * 10000) / 100;

describe('the partner outcome measures recomputed from person-level data', () => {
  let hub: RunningHub;
  let starts: Map<string, { start: string; person: PersonRows }>;
  const analyst = async <T>(query: string) => {
    const answer = await postGraphQL<{ iomMeasures: T }>(hub.gatewayUrl, query, {}, await as('analyst', { purpose: 'analysis' }));
    expect(answer.errors).toBeUndefined();
    return answer.data!.iomMeasures;
  };
  const offencesIn = (person: PersonRows, from: string, to: string, detected: boolean) =>
    (person.offences ?? []).filter((o) => (!detected || o.detected) && o.committedOn >= from && o.committedOn <= to).length;

  beforeAll(async () => {
    // Measures record what they answer (the check between answers): on a copy, so no other file's answers depend on this one's.
    hub = await startTestHub({ databaseUrls: await ownDatabases('partner_outcomes_recomputed', { copies: ['iom'] }) });
    const cases = await postGraphQL<{ iomCases: { edges: { node: { status: string; adoptedOn: string | null; person: PersonRows } }[] } }>(
      hub.gatewayUrl, `query { iomCases(first: 500) { edges { node { status adoptedOn person { ${PERSON} } } } } }`, {}, await as('iom-coordinator'));
    expect(cases.errors).toBeUndefined();
    // Each person once, on their first adoption up to today.
    starts = new Map();
    for (const { node } of cases.data!.iomCases.edges) {
      if (!node.adoptedOn || node.status === 'DECLINED' || node.adoptedOn > TEST_TODAY) continue;
      const known = starts.get(node.person.id);
      if (!known || node.adoptedOn < known.start) starts.set(node.person.id, { start: node.adoptedOn, person: node.person });
    }
    expect(starts.size).toBeGreaterThan(20);
  });
  afterAll(() => hub.stop());

  it('positive criminal-justice outcomes over two years: on entry and to today', async () => {
    let onEntry = 0;
    let asOfDay = 0;
    for (const { start, person } of starts.values()) {
      onEntry += offencesIn(person, monthsOn(start, -24), dateOfDay(dayNumber(start) - 1), true);
      asOfDay += offencesIn(person, dateOfDay(dayNumber(monthsOn(TEST_TODAY, -24)) + 1), TEST_TODAY, true);
    }
    const measure = await analyst<{ positiveOutcomes: Record<string, unknown> }>('{ iomMeasures { positiveOutcomes { years cohortSize onEntry asOfDay change reductionPercent suppressed } } }');
    expect(onEntry).toBeGreaterThan(0);
    expect(measure.positiveOutcomes).toEqual({
      years: 2, cohortSize: starts.size, onEntry, asOfDay, change: asOfDay - onEntry, reductionPercent: rate(onEntry - asOfDay, onEntry), suppressed: [],
    });
  });

  it('the share whose reoffending predictor fell since adoption', async () => {
    const tally = { fell: 0, rose: 0, unchanged: 0, notReassessed: 0, noBaseline: 0 };
    for (const { start, person } of starts.values()) {
      const assessments = [...(person.riskAssessments ?? [])].filter((a) => a.assessedOn <= TEST_TODAY).sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
      const onOrBefore = assessments.filter((a) => a.assessedOn <= start);
      const baseline = onOrBefore[onOrBefore.length - 1] ?? assessments.find((a) => dayNumber(a.assessedOn) - dayNumber(start) <= 91);
      if (!baseline) { tally.noBaseline++; continue; }
      const later = assessments.filter((a) => a.assessedOn > baseline.assessedOn);
      const latest = later[later.length - 1];
      if (!latest) tally.notReassessed++;
      else if (latest.reoffendingPredictorPercentage < baseline.reoffendingPredictorPercentage) tally.fell++;
      else if (latest.reoffendingPredictorPercentage > baseline.reoffendingPredictorPercentage) tally.rose++;
      else tally.unchanged++;
    }
    const measure = await analyst<{ reoffendingPredictorTrend: Record<string, number | null | string[]> }>(
      '{ iomMeasures { reoffendingPredictorTrend { cohortSize noBaseline notReassessed reassessed fell rose unchanged fellPercent suppressed } } }');
    const reassessed = tally.fell + tally.rose + tally.unchanged;
    const expected: Record<string, number> = { cohortSize: starts.size, ...tally, reassessed, fellPercent: rate(tally.fell, reassessed) };
    const shown = measure.reoffendingPredictorTrend;
    expect(reassessed).toBeGreaterThan(5);
    expect(shown.reassessed).toBe(reassessed);
    for (const [name, value] of Object.entries(expected)) if (shown[name] !== null) expect({ name, value: shown[name] }).toEqual({ name, value });
    for (const name of shown.suppressed as string[]) expect(shown[name]).toBeNull();
  });

  it('the cost of crime before and after adoption, by the unit costs held as data', async () => {
    const costs = await analyst<{ crimeUnitCosts: { crimeType: string; unitCostPounds: number }[] }>('{ iomMeasures { crimeUnitCosts { crimeType unitCostPounds } } }');
    const unitCost = new Map(costs.crimeUnitCosts.map((c) => [c.crimeType, c.unitCostPounds]));
    expect(unitCost.get('BURGLARY_RESIDENTIAL')).toBe(5930);
    let measurable = 0;
    const totals = { offencesBefore: 0, offencesAfter: 0, costBefore: 0, costAfter: 0, uncostedOffencesBefore: 0, uncostedOffencesAfter: 0 };
    for (const { start, person } of starts.values()) {
      const windows = windowsByHand(start, 12, person.accommodationHistory ?? [], TEST_TODAY);
      if (windows.kind !== 'comparable') continue;
      measurable++;
      for (const [side, days] of [['Before', windows.before], ['After', windows.after]] as const) {
        for (const offence of person.offences ?? []) {
          if (!days.includes(dayNumber(offence.committedOn))) continue;
          totals[`offences${side}`]++;
          const cost = unitCost.get(offence.crimeType);
          if (cost === undefined) totals[`uncostedOffences${side}`]++;
          else totals[`cost${side}`] += cost;
        }
      }
    }
    const measure = await analyst<{ costOfCrime: Record<string, unknown> }>(
      '{ iomMeasures { costOfCrime(months: 12) { measurable offencesBefore offencesAfter uncostedOffencesBefore uncostedOffencesAfter costBefore costAfter reductionPercent sources suppressed } } }');
    expect(totals.costBefore).toBeGreaterThan(0);
    expect(measure.costOfCrime).toEqual({
      measurable, ...totals, reductionPercent: rate(totals.costBefore - totals.costAfter, totals.costBefore),
      sources: [expect.stringContaining('The economic and social costs of crime')], suppressed: [],
    });
  });

  it("DRR and ATR starts, completions and the share not reoffending six months after completion, for everyone probation supervises", async () => {
    const people: { pncId: string | null; offences: PersonRows['offences']; requirements: { type: string; status: string; startedOn: string | null; endedOn: string | null }[] | null }[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const page: Awaited<ReturnType<typeof postGraphQL<{ people: { edges: { node: (typeof people)[number] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> = await postGraphQL(
        hub.gatewayUrl,
        `query($after: String) { people(first: 500, after: $after, filter: { hasIdentifiers: [CRN] }) { edges { node { pncId offences { committedOn detected crimeType } requirements { type status startedOn endedOn } } } pageInfo { hasNextPage endCursor } } }`,
        { after }, await as('iom-coordinator'));
      expect(page.errors).toBeUndefined();
      people.push(...page.data!.people.edges.map((edge) => edge.node));
      more = page.data!.people.pageInfo.hasNextPage;
      after = page.data!.people.pageInfo.endCursor;
    }
    const year = 2025; // April 2025 to March 2026: over by the test's today, 30 June 2026.
    const measure = await analyst<{ treatmentRequirements: Record<string, unknown>[] }>(
      `{ iomMeasures { treatmentRequirements(financialYear: ${year}) { requirementType yearComplete starts startsTarget completions completionsTarget followedUp notReoffending notReoffendingPercent suppressed } } }`);
    for (const type of ['DRUG_REHABILITATION', 'ALCOHOL_TREATMENT']) {
      const inYear = (day: string | null) => day !== null && day >= `${year}-04-01` && day <= `${year + 1}-03-31`;
      const mine = people.flatMap((p) => (p.requirements ?? []).filter((r) => r.type === type).map((r) => ({ ...r, person: p })));
      const completed = mine.filter((r) => r.status === 'COMPLETED' && inYear(r.endedOn));
      const followed = completed.filter((r) => r.person.pncId && monthsOn(r.endedOn!, 6) <= TEST_TODAY);
      const clean = followed.filter((r) => (r.person.offences ?? []).every((o) => !o.detected || o.committedOn <= r.endedOn! || o.committedOn > monthsOn(r.endedOn!, 6)));
      const expected: Record<string, unknown> = {
        requirementType: type, yearComplete: true, starts: mine.filter((r) => inYear(r.startedOn)).length, completions: completed.length,
        followedUp: followed.length, notReoffending: clean.length, notReoffendingPercent: followed.length ? rate(clean.length, followed.length) : null,
      };
      const shown = measure.treatmentRequirements.find((row) => row.requirementType === type)!;
      expect(shown.startsTarget).toEqual(expect.any(Number));
      for (const [name, value] of Object.entries(expected)) if (shown[name] !== null) expect({ type, name, value: shown[name] }).toEqual({ type, name, value });
    }
    expect(measure.treatmentRequirements.some((row) => row.starts !== null && row.completions !== null)).toBe(true);
  });
});
