import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { fromRoot } from '../../subgraphs/kit/paths';
import { as, postGraphQL, startTestHub } from '../support/hub';

interface AgendaPerson {
  id: string;
  givenName: string | null;
  nominal: unknown;
  accommodation: unknown;
  inTreatment: boolean | null;
}
interface AgendaEvidence {
  since: string;
  until: string;
  offences: { committedOn: string }[] | null;
  arrests: { arrestedOn: string }[] | null;
  compliance: { since: string } | null;
  homeVisits: unknown[] | null;
  drugTestsOnArrest: unknown[] | null;
  crsReferrals: unknown[] | null;
}
interface Agenda {
  caseConference: { heldOn: string; agenda: { lastReviewedOn: string | null; person: AgendaPerson; evidence: AgendaEvidence }[] };
}

/** The joined view the monthly case conference opens: everything in one request, each caller's share. */
describe('the case conference agenda, joined across partners', () => {
  let hub: RunningHub;
  let nextConference: string;
  beforeAll(async () => {
    hub = await startTestHub();
    const conferences = await postGraphQL<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub.gatewayUrl, `{ caseConferences(first: 50) { edges { node { id heldOn } } } }`);
    const latest = conferences.data!.caseConferences.edges.map((e) => e.node).sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
    nextConference = latest.id;
  });
  afterAll(() => hub.stop());
  const AGENDA = readFileSync(fromRoot('schema/operations/case-conference-agenda.graphql'), 'utf8');

  it('gives the coordinator every part, with offending and compliance since each person’s own last review', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: nextConference }, await as('iom-coordinator', { purpose: 'case-conference' }));
    expect(response.errors).toBeUndefined();
    const agenda = response.data!.caseConference.agenda;
    expect(agenda.length).toBeGreaterThan(10);
    let offencesSeen = 0;
    for (const item of agenda) {
      expect(typeof item.person.givenName).toBe('string');
      expect(item.evidence.until).toBe(response.data!.caseConference.heldOn);
      if (item.lastReviewedOn === null) continue;
      expect(item.evidence.since).toBe(item.lastReviewedOn);
      expect(item.evidence.compliance === null || item.evidence.compliance.since === item.lastReviewedOn).toBe(true);
      for (const offence of item.evidence.offences ?? []) {
        expect(offence.committedOn >= item.lastReviewedOn).toBe(true);
        offencesSeen++;
      }
      for (const arrest of item.evidence.arrests ?? []) expect(arrest.arrestedOn >= item.lastReviewedOn).toBe(true);
    }
    // IOM people offend: a month of the cohort's offending is not nothing.
    expect(offencesSeen).toBeGreaterThan(0);
  });

  it('gives a housing officer the agenda with police intelligence, offending and sentence null + FORBIDDEN at every position', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: nextConference }, await as('housing-officer', { purpose: 'case-conference' }));
    const agenda = response.data!.caseConference.agenda;
    expect(agenda.length).toBeGreaterThan(10);
    const forbidden = new Set((response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => JSON.stringify(e.path)));
    agenda.forEach((item, i) => {
      expect(typeof item.person.givenName).toBe('string');
      expect(item.person.nominal).toBeNull();
      expect(forbidden.has(JSON.stringify(['caseConference', 'agenda', i, 'person', 'nominal']))).toBe(true);
      for (const field of ['offences', 'arrests', 'compliance', 'homeVisits', 'drugTestsOnArrest', 'crsReferrals'] as const) {
        expect(item.evidence[field]).toBeNull();
        expect(forbidden.has(JSON.stringify(['caseConference', 'agenda', i, 'evidence', field]))).toBe(true);
      }
    });
    expect((response.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    // What housing may see is there.
    expect(agenda.some((item) => item.person.accommodation !== null)).toBe(true);
  });

  it('gives an analyst nothing personal from the agenda', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: nextConference }, await as('analyst'));
    expect(response.data).toEqual({ caseConference: null });
    expect(response.errors?.map((e) => e.path)).toEqual([['caseConference']]);
  });
});
