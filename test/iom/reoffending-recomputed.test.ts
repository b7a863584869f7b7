import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';

/**
 * The reoffending measure on the seeded partnership (seed 7, quarter scale) against the same
 * figures recomputed here, day by day, from person-level data the IOM coordinator may read —
 * adoption dates, offences and accommodation history — with nothing from the measure's own code.
 */
const CASES = `query { iomCases(first: 500) { edges { node { status adoptedOn person { id
  offences { committedOn detected } accommodationHistory { status startDate endDate } } } } } }`;

interface PersonRows {
  id: string;
  offences: { committedOn: string; detected: boolean }[] | null;
  accommodationHistory: { status: string; startDate: string; endDate: string | null }[] | null;
}

const day = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const monthsOn = (date: string, months: number) => {
  // Calendar months, clamped to the month's end, by plain arithmetic.
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

describe('the reoffending measure recomputed from person-level data', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('matches every figure the analyst is shown, for six- and twelve-month windows', async () => {
    const cases = await postGraphQL<{ iomCases: { edges: { node: { status: string; adoptedOn: string | null; person: PersonRows } }[] } }>(hub.gatewayUrl, CASES, {}, await as('iom-coordinator'));
    expect(cases.errors).toBeUndefined();
    // Each person once, on their first adoption up to today.
    const starts = new Map<string, { start: string; person: PersonRows }>();
    for (const { node } of cases.data!.iomCases.edges) {
      if (!node.adoptedOn || node.status === 'DECLINED' || node.adoptedOn > TEST_TODAY) continue;
      const known = starts.get(node.person.id);
      if (!known || node.adoptedOn < known.start) starts.set(node.person.id, { start: node.adoptedOn, person: node.person });
    }
    expect(starts.size).toBeGreaterThan(20);

    for (const months of [6, 12]) {
      let measurable = 0;
      let incomplete = 0;
      let tooLong = 0;
      const detected: [number, number][] = [];
      for (const { start, person } of starts.values()) {
        const inCustody = (d: number) =>
          (person.accommodationHistory ?? []).some((p) => p.status === 'IN_CUSTODY' && d >= day(p.startDate) && (p.endDate === null || d < day(p.endDate)));
        const length = (from: string, to: string) => day(to) - day(from);
        // Walk day by day, skipping custody, until the window holds its days at liberty.
        const walk = (from: number, step: 1 | -1, needed: number, limit: number) => {
          const days: number[] = [];
          for (let d = from; days.length < needed; d += step) {
            if (step === 1 ? d > limit : d < limit) return null;
            if (!inCustody(d)) days.push(d);
          }
          return days;
        };
        const reachAfter = day(monthsOn(start, 2 * months)) - 1;
        const after = walk(day(start), 1, length(start, monthsOn(start, months)), Math.min(day(TEST_TODAY), reachAfter));
        if (!after) {
          if (day(TEST_TODAY) < reachAfter) incomplete++;
          else tooLong++;
          continue;
        }
        const before = walk(day(start) - 1, -1, length(monthsOn(start, -months), start), day(monthsOn(start, -2 * months)));
        if (!before) {
          tooLong++;
          continue;
        }
        measurable++;
        const count = (days: number[]) => (person.offences ?? []).filter((o) => o.detected && days.includes(day(o.committedOn))).length;
        detected.push([count(before), count(after)]);
      }
      const compared = detected.filter(([b]) => b > 0);
      const offencesBefore = compared.reduce((s, [b]) => s + b, 0);
      const offencesAfter = compared.reduce((s, [, a]) => s + a, 0);
      const recomputed: Record<string, number> = {
        cohortSize: starts.size,
        measurable,
        followUpIncomplete: incomplete,
        tooLongInCustody: tooLong,
        peopleCompared: compared.length,
        noOffenceBefore: detected.length - compared.length,
        offencesBefore,
        offencesAfter,
        metTarget: compared.filter(([b, a]) => (b - a) / b >= 0.17).length,
        reoffenders: compared.filter(([, a]) => a > 0).length,
      };

      const answer = await postGraphQL<{ iomMeasures: { reoffending: Record<string, number | null> & { detected: Record<string, number | null> } } }>(
        hub.gatewayUrl,
        `query($months: Int!) { iomMeasures { reoffending(months: $months) { cohortSize measurable followUpIncomplete tooLongInCustody
          detected { peopleCompared noOffenceBefore offencesBefore offencesAfter metTarget reoffenders } } } }`,
        { months },
        await as('analyst', { purpose: 'analysis' }),
      );
      expect(answer.errors).toBeUndefined();
      const measure = answer.data!.iomMeasures.reoffending;
      const shown = { ...measure, ...measure.detected } as Record<string, unknown>;
      expect(shown.cohortSize).toBe(recomputed.cohortSize);
      // Not a comparison of nulls: most figures are shown at this size.
      expect(Object.keys(recomputed).filter((name) => shown[name] !== null).length).toBeGreaterThanOrEqual(6);
      for (const [name, value] of Object.entries(recomputed)) {
        if (shown[name] !== null) expect({ months, name, value: shown[name] }).toEqual({ months, name, value });
      }
    }
  });
});
