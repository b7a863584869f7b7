import type { RunningHub } from '../../runtime/hub';
import { dayNumber, windowsByHand } from '../support/by-hand';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';
import { ownDatabases } from '../support/own-databases';

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

describe('the reoffending measure recomputed from person-level data', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    // Measures record what they answer (the check between answers): on a copy, so no other file's answers depend on this one's.
    hub = await startTestHub({ databaseUrls: await ownDatabases('reoffending_recomputed', { copies: ['iom'] }) });
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
        const windows = windowsByHand(start, months, person.accommodationHistory ?? [], TEST_TODAY);
        if (windows.kind === 'incomplete') incomplete++;
        if (windows.kind === 'too-long') tooLong++;
        if (windows.kind !== 'comparable') continue;
        const { before, after } = windows;
        measurable++;
        const count = (days: number[]) => (person.offences ?? []).filter((o) => o.detected && days.includes(dayNumber(o.committedOn))).length;
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
