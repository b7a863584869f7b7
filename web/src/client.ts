/**
 * Talking to the hub from the browser: one POST per operation as `application/json` (which the
 * hub's CSRF prevention requires), the bearer token of whoever signed in, and the errors sorted
 * into what the caller may not see (FORBIDDEN at a path) and everything else.
 */

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; correlationId?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLError[];
  /** Paths the hub refused for this caller, e.g. `caseConference.agenda.0.person.orders`. */
  refused: RefusedPaths;
}

/** The paths answered null with FORBIDDEN; a refused path covers everything below it. */
export class RefusedPaths {
  private readonly paths: Set<string>;

  constructor(errors: GraphQLError[]) {
    this.paths = new Set(errors.filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path).map((e) => (e.path ?? []).join('.')));
  }

  has(path: (string | number)[]): boolean {
    for (let end = path.length; end > 0; end--) if (this.paths.has(path.slice(0, end).join('.'))) return true;
    return false;
  }

  get size(): number {
    return this.paths.size;
  }
}

export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'hub.token';
const WHO_KEY = 'hub.signedInAs';

/** The token lives for the browser tab only (sessionStorage), never in a cookie the hub would trust. */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  who(): string | null {
    return sessionStorage.getItem(WHO_KEY);
  },
  signIn(token: string, who: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(WHO_KEY, who);
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(WHO_KEY);
  },
};

/** Longer than the hub's own subgraph timeouts, so the hub's answer (even an error) arrives first. */
const REQUEST_TIMEOUT_MS = 30_000;

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const token = session.token();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  let body: { data?: T | null; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new HubRequestError(`The hub answered ${response.status} without a GraphQL answer.`, response.status);
  }
  const errors = body.errors ?? [];
  if (!response.ok && !body.data) {
    const first = errors[0];
    throw new HubRequestError(first ? first.message : `The hub answered ${response.status}.`, response.status, first?.extensions?.code);
  }
  return { data: body.data ?? null, errors, refused: new RefusedPaths(errors) };
}

export interface DevProfile {
  name: string;
  label: string;
  agency: string;
}

export interface PageConfig {
  devSignIn: boolean;
  profiles: DevProfile[];
}

export async function pageConfig(): Promise<PageConfig> {
  const response = await fetch('/web/config.json', { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return (await response.json()) as PageConfig;
}

/** A development token for a profile (the endpoint exists only in development). */
export async function devToken(profile: string): Promise<{ token: string; label: string }> {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { token?: string; label?: string; errors?: GraphQLError[] };
  if (!response.ok || !body.token) throw new HubRequestError(body.errors?.[0]?.message ?? `The hub answered ${response.status}.`, response.status);
  return { token: body.token, label: body.label ?? profile };
}
