/**
 * Row rules: which people a caller may see at all (schema/access-policy.json `rowRules`). The
 * caller context only names the rule; every subgraph asks who is in it, in its own keys (a PNC ID
 * for police, a CRN for probation, a hub id for IOM…), so the context stays the same size
 * whatever the caseload. The person index answers (it links every key to a hub id, and reads the
 * IOM caseload from the IOM service); answers are batched per key kind, cached for at most 30 s,
 * and when they cannot be read the subgraph answers nothing personal (fail closed).
 *
 * Restricted persons narrow every rule: the person index also says which keys belong to
 * restricted people this caller is not named on (`restrictions` in the policy file). A
 * restriction holds in every subgraph from the next request: the answer is reused only while the
 * version of the restrictions it was read at is the one the gateway read for the request (see
 * withheld-keys.ts), and read afresh otherwise. It is small (only restricted people) and read
 * over a plain JSON route rather than GraphQL.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { logger } from '../logger';
import type { IdentifierType } from '../identifiers';
import type { Caller } from './caller';
import type { PolicyEvaluator } from './enforce';
import { traceHeaders } from '../telemetry';
import { ExpiringCache } from '../expiring-cache';

export const HUB_ID = 'HUB_ID' as const;
/** A kind of key a subgraph knows people by. */
export type RowKeyType = IdentifierType | typeof HUB_ID;

/** The longest a row rule's membership is reused before it is read again. */
export const ROW_CACHE_MAX_MILLISECONDS = 30_000;
export const ROW_LOOKUP_TIMEOUT_MILLISECONDS = 5_000;
/**
 * An aggregate measure's call to a partner counts a whole cohort (tens of thousands of windows at
 * scale): it may take longer than a row lookup, and still ends inside the gateway's 15 s wait.
 */
export const AGGREGATE_PARTNER_TIMEOUT_MILLISECONDS = 10_000;

export const ROWS_UNAVAILABLE_MESSAGE = "The partnership's row rules cannot be checked just now, so no personal data can be returned; please try again shortly.";

export function rowsUnavailable(): GraphQLError {
  return new GraphQLError(ROWS_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
}

/**
 * Reads every key of one kind inside a caller's rule; null means "every row". Only called for
 * rules that depend on data (never for `everyone` or `none`).
 */
export type RowKeySource = (caller: Caller, callerToken: string, type: RowKeyType) => Promise<readonly string[] | null>;

/**
 * Reads the keys of one kind that belong to restricted people the caller is not named on. Never
 * called for a rule of `none` (nobody is visible anyway).
 */
export type WithheldKeySource = (caller: Caller, callerToken: string, type: RowKeyType) => Promise<readonly string[]>;

/** Withheld keys with the version of the person index's restrictions they were read at. */
export interface WithheldRead {
  keys: readonly string[];
  /** Raised by every change to restrictions, merges or identifiers (a decimal integer). */
  version: string;
}

/** Where withheld keys are read from: the person index's own database (its subgraph only). */
export interface WithheldKeyStore {
  read(caller: Caller, type: RowKeyType): Promise<WithheldRead>;
  /** The current version alone: what the gateway reads once per request. */
  version(): Promise<string>;
}

/** How long a withheld-keys answer is kept at most, even while its version stays current. */
export const WITHHELD_CACHE_MAX_MILLISECONDS = 60_000;
const WITHHELD_CACHE_ENTRIES = 10_000;

/**
 * Withheld-keys answers by caller (subject, team, profile) and kind of key, each kept with the
 * version it was read at. A request whose signed caller context carries a version gets a kept
 * answer only if it was read at exactly that version: the gateway read that version after the
 * request arrived, and every change that decides withholding raises it in the same transaction,
 * so the answer reflects every restriction made before the request. Any other request, or any
 * other version, reads afresh (and a fresh read is kept for the next request at its version).
 */
export class WithheldKeyCache {
  private readonly entries: ExpiringCache<{ version: string; read: Promise<WithheldRead> }>;

  constructor(maxEntries = WITHHELD_CACHE_ENTRIES) {
    this.entries = new ExpiringCache(maxEntries);
  }

  async keysFor(caller: Caller, type: RowKeyType, read: () => Promise<WithheldRead>): Promise<readonly string[]> {
    const wanted = caller.restrictionsVersion;
    if (typeof wanted !== 'string') return (await read()).keys;
    const key = JSON.stringify([caller.subject, caller.team, caller.profile, type]);
    const kept = this.entries.get(key);
    if (kept && kept.version === wanted) {
      try {
        const answer = await kept.read;
        if (answer.version === wanted) return answer.keys;
      } catch {
        // The read it joined failed: this request reads for itself.
      }
    }
    const reading = read();
    this.entries.set(key, { version: wanted, read: reading }, Date.now() + WITHHELD_CACHE_MAX_MILLISECONDS);
    const forget = () => {
      if (this.entries.get(key)?.read === reading) this.entries.delete(key);
    };
    // Started after the request arrived, so it serves this request whatever version it finds.
    const answer = await reading.catch((error: unknown) => {
      forget();
      throw error;
    });
    if (answer.version !== wanted) forget();
    return answer.keys;
  }

  /** Which keys the caller is withheld through this cache (`read` reads afresh). */
  source(read: (caller: Caller, callerToken: string, type: RowKeyType) => Promise<WithheldRead>): WithheldKeySource {
    return (caller, callerToken, type) => this.keysFor(caller, type, () => read(caller, callerToken, type));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Which keys of one kind a caller may see: the rule's members less the restricted people withheld from them. */
export interface RowKeys {
  /** Every key inside the caller's row rule; null when the rule takes every row. */
  readonly members: ReadonlySet<string> | null;
  /** Keys of restricted people the caller is not named on: never visible, whatever the rule. */
  readonly withheld: ReadonlySet<string>;
  /** Nothing narrows the rows: every row, and no one withheld. */
  readonly everyRow: boolean;
  has(key: string): boolean;
}

export function rowKeysOf(members: ReadonlySet<string> | null, withheld: ReadonlySet<string>): RowKeys {
  return {
    members,
    withheld,
    everyRow: members === null && withheld.size === 0,
    has: (key) => !withheld.has(key) && (members === null || members.has(key)),
  };
}

/**
 * The SQL condition that keeps a list to the rows a caller may see (`column` holds this kind of
 * key; `cast` turns the JSON text into the column's type), or null when nothing narrows it.
 */
export function rowKeysCondition(column: string, keys: RowKeys, cast: '' | '::uuid' = ''): { sql: string; params: string[] } | null {
  const parts: string[] = [];
  const params: string[] = [];
  if (keys.members !== null) {
    parts.push(`${column} in (select jsonb_array_elements_text(?::jsonb)${cast})`);
    params.push(JSON.stringify([...keys.members]));
  }
  if (keys.withheld.size > 0) {
    parts.push(`${column} not in (select jsonb_array_elements_text(?::jsonb)${cast})`);
    params.push(JSON.stringify([...keys.withheld]));
  }
  return parts.length ? { sql: parts.join(' and '), params } : null;
}

/** Which rows a caller may see, in the keys this subgraph knows people by. */
export interface RowGuard {
  readonly caller: Caller;
  /** The keys of this kind the caller may see (the rule's members less the restricted people withheld). */
  visibleKeys(type: RowKeyType): Promise<RowKeys>;
  /** The rule's own members, before restrictions (what the person index tells other subgraphs). */
  ruleMembers(type: RowKeyType): Promise<ReadonlySet<string> | null>;
  allows(type: RowKeyType, value: string | null | undefined): Promise<boolean>;
  /** The keys `visibleKeys` gave, once this request has read them; undefined before. */
  visibleKeysNow(type: RowKeyType): RowKeys | undefined;
  /** `allows` answered at once once this request has read the keys of this kind; undefined before. */
  allowsNow(type: RowKeyType, value: string | null | undefined): boolean | undefined;
  /** The items whose key is inside the rule, in their order. */
  filter<T>(type: RowKeyType, items: readonly T[], keyOf: (item: T) => string | null | undefined): Promise<T[]>;
  /** Notes a row whose data this request returns (allows and filter note theirs themselves). */
  note(type: RowKeyType, value: string): void;
  /** The rows this request let through, by kind of key: reported to the gateway for the audit. */
  disclosed(): Record<string, string[]>;
  /** Restricted people this request asked about by key and answered as no one (allows and filter note them). */
  withheld(): Record<string, string[]>;
}

/** The response extension a subgraph reports its disclosed rows in; the gateway never passes it on. */
export const DISCLOSED_ROWS_EXTENSION = 'hubDisclosedRows';
/** The response extension a subgraph reports the restricted rows it withheld in; never passed on either. */
export const WITHHELD_ROWS_EXTENSION = 'hubWithheldRows';

/** The same membership for every caller of the same rule, agency and team; per subgraph process. */
export class RowKeyCache {
  private readonly entries = new Map<string, { at: number; keys: Promise<ReadonlySet<string> | null> }>();
  private readonly maxAgeMilliseconds: number;

  constructor(maxAgeMilliseconds?: number) {
    this.maxAgeMilliseconds = maxAgeMilliseconds ?? ROW_CACHE_MAX_MILLISECONDS;
    if (this.maxAgeMilliseconds > ROW_CACHE_MAX_MILLISECONDS) throw new Error(`Row rule membership may be cached for at most ${ROW_CACHE_MAX_MILLISECONDS} ms.`);
  }

  get(key: string, read: () => Promise<ReadonlySet<string> | null>): Promise<ReadonlySet<string> | null> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.maxAgeMilliseconds) return entry.keys;
    const keys = read();
    this.entries.set(key, { at: now, keys });
    // A failed read is not remembered: the next request tries again.
    keys.catch(() => {
      if (this.entries.get(key)?.keys === keys) this.entries.delete(key);
    });
    return keys;
  }

  clear(): void {
    this.entries.clear();
  }
}

const EVERY_ROW = Promise.resolve(null);
const NO_ROW: Promise<ReadonlySet<string>> = Promise.resolve(new Set<string>());

export function createRowGuard(caller: Caller, callerToken: string, source: RowKeySource, withheldSource: WithheldKeySource, cache: RowKeyCache): RowGuard {
  const perRequest = new Map<RowKeyType, Promise<ReadonlySet<string> | null>>();
  const ruleMembers = (type: RowKeyType): Promise<ReadonlySet<string> | null> => {
    if (caller.rows === 'everyone') return EVERY_ROW;
    if (caller.rows === 'none') return NO_ROW;
    let keys = perRequest.get(type);
    if (!keys) {
      const cacheKey = JSON.stringify([caller.rows, caller.agency, caller.team, type]);
      keys = cache.get(cacheKey, async () => {
        try {
          const read = await source(caller, callerToken, type);
          return read === null ? null : new Set(read);
        } catch (error) {
          throw unavailable(error, type);
        }
      });
      perRequest.set(type, keys);
    }
    return keys;
  };
  const unavailable = (error: unknown, type: RowKeyType): GraphQLError => {
    // The error may quote keys (people), so only its kind and code are logged.
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
    logger.warn({ reason: error instanceof Error ? error.name : typeof error, code, rows: caller.rows, type }, 'row rule membership unavailable; answering nothing personal');
    return rowsUnavailable();
  };
  // Read once per request (the source may reuse an answer at the request's own version).
  const withheldPerRequest = new Map<RowKeyType, Promise<ReadonlySet<string>>>();
  const withheldKeys = (type: RowKeyType): Promise<ReadonlySet<string>> => {
    if (caller.rows === 'none') return NO_ROW;
    let keys = withheldPerRequest.get(type);
    if (!keys) {
      keys = withheldSource(caller, callerToken, type).then(
        (read) => new Set(read),
        (error: unknown) => {
          throw unavailable(error, type);
        },
      );
      withheldPerRequest.set(type, keys);
    }
    return keys;
  };
  // Both reads are per request already; the keys made of them are too, so the thousands of row
  // checks an agenda makes share one answer instead of each joining the two reads afresh.
  const visiblePerRequest = new Map<RowKeyType, Promise<RowKeys>>();
  // The same keys once read, for the row checks that can then be answered without waiting.
  const visibleRead = new Map<RowKeyType, RowKeys>();
  const visibleKeys = (type: RowKeyType): Promise<RowKeys> => {
    let keys = visiblePerRequest.get(type);
    if (!keys) {
      keys = Promise.all([ruleMembers(type), withheldKeys(type)]).then(([members, withheld]) => {
        const read = rowKeysOf(members, withheld);
        visibleRead.set(type, read);
        return read;
      });
      visiblePerRequest.set(type, keys);
    }
    return keys;
  };
  const noter = () => {
    const noted = new Map<RowKeyType, Set<string>>();
    return {
      add(type: RowKeyType, value: string): void {
        let set = noted.get(type);
        if (!set) noted.set(type, (set = new Set()));
        set.add(value);
      },
      list: (): Record<string, string[]> => Object.fromEntries([...noted].map(([type, values]) => [type, [...values].sort()])),
    };
  };
  const disclosed = noter();
  const withheld = noter();
  const judge = (keys: RowKeys, type: RowKeyType, key: string | null | undefined): boolean => {
    if (!key) return false;
    const allowed = keys.has(key);
    if (allowed) disclosed.add(type, key);
    else if (keys.withheld.has(key)) withheld.add(type, key);
    return allowed;
  };
  return {
    caller,
    visibleKeys,
    visibleKeysNow: (type) => visibleRead.get(type),
    ruleMembers,
    async allows(type, value) {
      if (!value) return false;
      return judge(await visibleKeys(type), type, value);
    },
    allowsNow(type, value) {
      if (!value) return false;
      const keys = visibleRead.get(type);
      return keys && judge(keys, type, value);
    },
    async filter(type, items, keyOf) {
      const keys = await visibleKeys(type);
      return items.filter((item) => judge(keys, type, keyOf(item)));
    },
    note: disclosed.add,
    disclosed: disclosed.list,
    withheld: withheld.list,
  };
}

/** Posts one GraphQL query with the caller's own signed context, with a timeout; the data or a throw. */
export async function askWithCallerContext<T>(url: string, callerToken: string, query: string, variables: Record<string, unknown>, timeoutMilliseconds = ROW_LOOKUP_TIMEOUT_MILLISECONDS): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    // The lookup joins the request's trace (when tracing is on).
    headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}`, ...traceHeaders() },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMilliseconds),
  });
  const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`row lookup failed (HTTP ${response.status}): ${body.errors?.[0]?.message ?? 'no data'}`);
  return body.data;
}

/** Asks the person index which keys of a kind are inside the caller's rule. */
export function personIndexRowKeys(peopleUrl: () => string | undefined): RowKeySource {
  return async (_caller, callerToken, type) => {
    const url = peopleUrl();
    if (!url) throw new Error('no person index to ask');
    const data = await askWithCallerContext<{ visibleRowKeys: string[] | null }>(url, callerToken, 'query RowKeys($type: String!) { visibleRowKeys(type: $type) }', { type });
    return data.visibleRowKeys;
  };
}

/** Where a subgraph finds the services that know row membership (filled in once they listen). */
export interface RowServices {
  peopleUrl(): string | undefined;
  iomUrl(): string | undefined;
  /** Any subgraph by name: aggregate measures ask the partner holding the rows to count them. */
  subgraphUrl?(name: string): string | undefined;
  /** How long a subgraph reuses a membership it read (at most 30 s); each subgraph keeps its own. */
  cacheMilliseconds?: number;
}

/**
 * The `rows` policy, judged on the object a field returns (a person, by whatever key this
 * subgraph knows them): outside the rule the object is answered as if it did not exist.
 */
export function rowsPolicy(
  keyOf: (object: unknown) => { type: RowKeyType; value: string | null | undefined } | null,
  /** Objects that name no one this subgraph knows, already judged where they were found: they disclose nothing. */
  namesNoOne: (object: unknown) => boolean = () => false,
): Record<string, PolicyEvaluator> {
  return {
    rows: (_caller, object, context) => {
      if (namesNoOne(object)) return true;
      const key = keyOf(object);
      if (!key || !context.rows) return false;
      // At once when the request has read the keys already (the thousands of checks of a large answer), else after reading them.
      return context.rows.allowsNow(key.type, key.value) ?? context.rows.allows(key.type, key.value);
    },
  };
}
