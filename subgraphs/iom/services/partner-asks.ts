/**
 * Reads of the partners for the IOM cohort's measures, with the caller's own signed context: the
 * asking itself (one retry of a connection the partner closed; any failure refused as partner data
 * unavailable), the person index's keys for a cohort, which of a cohort live in an area (housing),
 * and the after-release counts housing and the treatment provider compute for a cohort. Identifiers
 * move between services, never to the caller.
 */
import { GraphQLError } from 'graphql';
import { badUserInput, ErrorCode } from '../../kit/errors';
import { logger } from '../../kit/logger';
import { IdentifierType } from '../../kit/identifiers';
import { packRows, unpackAnswer } from '../../kit/packed-rows';
import type { CountPeriod } from '../../kit/ask-limits';

export type AskSubgraph = <T>(name: string, query: string, variables: Record<string, unknown>) => Promise<T>;

export const PARTNER_DATA_UNAVAILABLE_MESSAGE = "A partner's data behind this measure cannot be read just now; please try again shortly.";

/** A connection the partner's server closed as it was reused: the read is idempotent, so it is asked once more. */
function connectionReset(error: unknown): boolean {
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET';
}

export async function askPartner<T>(ask: AskSubgraph, name: string, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    try {
      return await ask<T>(name, query, variables);
    } catch (error) {
      if (!connectionReset(error)) throw error;
      return await ask<T>(name, query, variables);
    }
  } catch (error) {
    // The error may quote identifiers, so only where it came from is logged.
    // The network error's code (ECONNRESET, UND_ERR_SOCKET…) says why without quoting anything.
    const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
    logger.warn({ partner: name, reason: error instanceof Error ? error.name : typeof error, code: typeof code === 'string' ? code : undefined }, 'aggregate measure could not read a partner');
    throw new GraphQLError(PARTNER_DATA_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
  }
}

/** A partner's answer, or the same refusal as a partner that could not be read (null means it withheld it). */
export function requireAnswer<T>(answer: T | null, partner: string): T {
  if (answer !== null && answer !== undefined) return answer;
  logger.warn({ partner }, 'aggregate measure got no answer from a partner');
  throw new GraphQLError(PARTNER_DATA_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
}

/** A partner answered a different number of rows than it was asked about: nothing of it can be trusted to line up. */
export function partnerAnswerMismatch(partner: string): GraphQLError {
  logger.warn({ partner }, 'aggregate measure got an answer that does not match its question');
  return new GraphQLError(PARTNER_DATA_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
}

export function requireList<T>(list: T[] | null, partner: string): T[] {
  return requireAnswer(Array.isArray(list) ? list : null, partner);
}

/** The person index's identifiers of these kinds for these hub ids, in one call. */
export async function cohortKeys(ask: AskSubgraph, hubIds: readonly string[], types: IdentifierType[]): Promise<{ hubId: string; type: IdentifierType; value: string }[]> {
  const keys = await askPartner<{ cohortPersonKeys: string | null }>(
    ask,
    'people',
    'query CohortKeys($hubIds: String!, $types: [IdentifierType!]!) { cohortPersonKeys(hubIds: $hubIds, types: $types) }',
    { hubIds: packRows(hubIds.map((hubId) => [hubId])), types },
  );
  return unpackAnswer(requireAnswer(keys.cohortPersonKeys, 'people')).map(([hubId, type, value]) => ({ hubId, type: type as IdentifierType, value }));
}


/**
 * Which of these people are in an area: the local authority holding their housing case. The person
 * index gives their housing references and housing answers which of those the authority holds —
 * identifiers move between services, never to the caller. Someone with no housing case is in no
 * area. An area housing holds no case in at all is refused, so a mistyped code is not read as "nobody".
 */
export async function hubIdsInArea(ask: AskSubgraph, hubIds: readonly string[], area: string): Promise<Set<string>> {
  const referencesOf = new Map<string, string[]>();
  if (hubIds.length) {
    for (const key of await cohortKeys(ask, hubIds, [IdentifierType.HOUSING_REFERENCE])) referencesOf.set(key.value, [...(referencesOf.get(key.value) ?? []), key.hubId]);
  }
  const answer = await askPartner<{ housingReferencesInArea: { areaKnown: boolean; housingReferences: string[] } | null }>(
    ask,
    'housing',
    'query InArea($references: [String!]!, $area: String!) { housingReferencesInArea(housingReferences: $references, localAuthorityCode: $area) { areaKnown housingReferences } }',
    { references: [...referencesOf.keys()], area },
  );
  const inArea = requireAnswer(answer.housingReferencesInArea, 'housing');
  if (!inArea.areaKnown) throw badUserInput(`No housing case is held under the local authority code "${area}".`, { argumentName: 'filter' });
  return new Set(inArea.housingReferences.flatMap((reference) => referencesOf.get(reference) ?? []));
}

export interface ReleaseHousingCounts {
  releases: number;
  accommodatedOnRelease: number;
  settledCounted: number;
  settledThreeMonthsAfter: number;
}

/** Each member's counts: the sum over the partner's keys the index links them to (zeros for none). */
function countsOfMembers<C extends Record<string, number>>(hubIds: readonly string[], keysOf: ReadonlyMap<string, string[]>, rowOf: ReadonlyMap<string, C>, zero: () => C): Map<string, C> {
  const of = new Map<string, C>();
  for (const hubId of hubIds) {
    const total = zero();
    for (const key of keysOf.get(hubId) ?? []) {
      const row = rowOf.get(key);
      if (!row) continue;
      for (const name of Object.keys(total) as (keyof C & string)[]) (total as Record<string, number>)[name] += row[name];
    }
    of.set(hubId, total);
  }
  return of;
}

/**
 * Release housing counts for releases in each period: of everyone housing holds, and of each member
 * (by the housing references the index links them to). One read of the index and one of housing
 * for every period together.
 */
export async function releaseHousingCounts(ask: AskSubgraph, hubIds: readonly string[], periods: readonly CountPeriod[]): Promise<{ everyone: ReleaseHousingCounts; of: Map<string, ReleaseHousingCounts> }[]> {
  if (periods.length === 0) return [];
  const referencesOf = await personKeysOfAll(ask, hubIds, IdentifierType.HOUSING_REFERENCE);
  const answer = await askPartner<{ releaseHousingCountsOf: { everyone: ReleaseHousingCounts; byReference: (ReleaseHousingCounts & { housingReference: string })[] }[] | null }>(
    ask,
    'housing',
    `query ReleaseHousing($references: [String!]!, $periods: [HousingCountPeriodInput!]!) { releaseHousingCountsOf(housingReferences: $references, periods: $periods) {
      everyone { releases accommodatedOnRelease settledCounted settledThreeMonthsAfter } byReference { housingReference releases accommodatedOnRelease settledCounted settledThreeMonthsAfter } } }`,
    { references: [...new Set([...referencesOf.values()].flat())], periods: periods.map(({ from, to, asOf }) => ({ from, to, asOf })) },
  );
  const answers = requireList(answer.releaseHousingCountsOf, 'housing');
  if (answers.length !== periods.length) throw partnerAnswerMismatch('housing');
  const pick = ({ releases, accommodatedOnRelease, settledCounted, settledThreeMonthsAfter }: ReleaseHousingCounts): ReleaseHousingCounts => ({ releases, accommodatedOnRelease, settledCounted, settledThreeMonthsAfter });
  return answers.map((counts) => ({
    everyone: pick(counts.everyone),
    of: countsOfMembers(hubIds, referencesOf, new Map(counts.byReference.map((row) => [row.housingReference, pick(row)])), () => ({ releases: 0, accommodatedOnRelease: 0, settledCounted: 0, settledThreeMonthsAfter: 0 })),
  }));
}

export interface ContinuityCounts {
  releases: number;
  engagedWithin21Days: number;
  stillWithin21Days: number;
}

/**
 * Continuity-of-care counts for releases in each period: of everyone the provider holds, and of each
 * member (by their treatment client ids). One read of the index and one of the provider for every
 * period together.
 */
export async function continuityCounts(ask: AskSubgraph, hubIds: readonly string[], periods: readonly CountPeriod[]): Promise<{ everyone: ContinuityCounts; of: Map<string, ContinuityCounts> }[]> {
  if (periods.length === 0) return [];
  const clientsOf = await personKeysOfAll(ask, hubIds, IdentifierType.TREATMENT_CLIENT_ID);
  const answer = await askPartner<{ continuityOfCareCountsOf: { everyone: ContinuityCounts; byClient: (ContinuityCounts & { treatmentClientId: string })[] }[] | null }>(
    ask,
    'substance-misuse',
    `query Continuity($clients: [String!]!, $periods: [TreatmentCountPeriodInput!]!) { continuityOfCareCountsOf(treatmentClientIds: $clients, periods: $periods) {
      everyone { releases engagedWithin21Days stillWithin21Days } byClient { treatmentClientId releases engagedWithin21Days stillWithin21Days } } }`,
    { clients: [...new Set([...clientsOf.values()].flat())], periods: periods.map(({ from, to, asOf }) => ({ from, to, asOf })) },
  );
  const answers = requireList(answer.continuityOfCareCountsOf, 'substance-misuse');
  if (answers.length !== periods.length) throw partnerAnswerMismatch('substance-misuse');
  const pick = ({ releases, engagedWithin21Days, stillWithin21Days }: ContinuityCounts): ContinuityCounts => ({ releases, engagedWithin21Days, stillWithin21Days });
  return answers.map((counts) => ({
    everyone: pick(counts.everyone),
    of: countsOfMembers(hubIds, clientsOf, new Map(counts.byClient.map((row) => [row.treatmentClientId, pick(row)])), () => ({ releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 })),
  }));
}

/** Every identifier of one kind the index links each member to (a person may hold two housing references), in one call. */
async function personKeysOfAll(ask: AskSubgraph, hubIds: readonly string[], type: IdentifierType): Promise<Map<string, string[]>> {
  const keysOf = new Map<string, string[]>();
  if (hubIds.length === 0) return keysOf;
  for (const key of await cohortKeys(ask, hubIds, [type])) keysOf.set(key.hubId, [...(keysOf.get(key.hubId) ?? []), key.value]);
  return keysOf;
}
