/** Small helpers the IOM tests share: calls through the gateway and the shape of a refusal. */
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, type GraphQLResponse } from '../support/hub';
import { testPopulation } from '../support/population';
import type { SyntheticPerson } from '../../synthetic/population';

/**
 * The workflow tests walk cases through the months after the seeded data's day, and the hub
 * refuses steps dated after today: their hub believes it is this day, after every date they write.
 */
export const WORKFLOW_TODAY = '2027-03-01';

/** Posts through the gateway and fails the test on any error. */
export async function ok<TData = Record<string, unknown>>(hub: RunningHub, query: string, variables: Record<string, unknown> = {}): Promise<TData> {
  const response = await postGraphQL<TData>(hub.gatewayUrl, query, variables);
  if (response.errors) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data as TData;
}

export function expectRefused(response: GraphQLResponse, messagePart: string): void {
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(response.errors![0].message).toContain(messagePart);
}

/** People the IOM seed never touches (no offending), so a test can refer them afresh. */
export function peopleNewToIom(): SyntheticPerson[] {
  return testPopulation().people.filter((p) => p.profile.offendingLevel === 'NONE' && p.duplicateOf === undefined);
}

export const REFER = `mutation($input: IomReferralInput!) { referToIom(input: $input) { id status ageAtReferral waitingListPosition strand cohort { code } } }`;
export const DECIDE = `mutation($input: IomReferralDecisionInput!) { decideIomReferral(input: $input) { id status decidedOn decisionReason waitingListPosition } }`;
export const ADOPT = `mutation($input: IomAdoptionInput!) { adoptIomCase(input: $input) { id status adoptedOn caseBasis leadAgency keyWorker waitingListPosition } }`;
export const CONFERENCE = `mutation($input: CaseConferenceInput!) { recordCaseConference(input: $input) { id heldOn chairAgencies attendance { agency attendees } agendaSize } }`;
export const REVIEW = `mutation($input: RagReviewInput!) { recordRagReview(input: $input) { id rating rationale reviewedOn actions { id description ownerAgency dueOn status } } }`;
export const ASSESS = `mutation($input: PathwayAssessmentInput!) { recordPathwayAssessment(input: $input) { id checkpoint total changeSinceEntry scores { pathway score } } }`;
export const DESELECT = `mutation($input: IomDeselectionInput!) { deselectFromIom(input: $input) { id status endedOn exitPlan deselectionOverrideReason eligibleForDeselection } }`;
export const END = `mutation($input: IomCaseEndInput!) { endIomCase(input: $input) { id status endedOn endReason } }`;
export const ACTION_STATUS = `mutation($input: ConferenceActionStatusInput!) { updateConferenceActionStatus(input: $input) { id status closedOn } }`;

export const MEN_PATHWAYS = [
  'ACCOMMODATION',
  'EDUCATION_TRAINING_EMPLOYMENT',
  'FINANCE_BENEFIT_DEBT',
  'CHILDREN_AND_FAMILIES',
  'DRUGS_AND_ALCOHOL',
  'HEALTH',
  'ATTITUDES_THINKING_BEHAVIOUR',
];

export function scores(values: number[], pathways = MEN_PATHWAYS): { pathway: string; score: number }[] {
  return pathways.map((pathway, i) => ({ pathway, score: values[i] }));
}

/** The first adopted seeded case matching the filter (oldest referral first). */
export async function seededCase(hub: RunningHub, filter: Record<string, unknown>, skip = 0): Promise<{ id: string; sex: string; person: { id: string } }> {
  const data = await ok<{ iomCases: { edges: { node: { id: string; sex: string; person: { id: string } } }[] } }>(
    hub,
    `query($filter: IomCaseFilter) { iomCases(filter: $filter, first: 50) { edges { node { id sex person { id } } } } }`,
    { filter },
  );
  const node = data.iomCases.edges[skip]?.node;
  if (!node) throw new Error(`No seeded case matches ${JSON.stringify(filter)} (skip ${skip}).`);
  return node;
}
