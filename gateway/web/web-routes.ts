/**
 * The hub's own web front, on the gateway's server:
 * - the case conference page at /conference (every environment: in production callers sign in
 *   with their agency's identity provider, see README "The case conference page");
 * - in development only, GraphiQL on a browser's GET of /graphql, with the shipped operations,
 *   and POST /dev/token, which issues a development-issuer token for a chosen access profile.
 *
 * Everything is served from this machine (partnership networks block CDNs) under a strict
 * Content-Security-Policy: scripts and styles from this origin only, no inline script, requests to
 * this origin only. Files are served from fixed folders by a name that cannot hold a path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse, valueFromASTUntyped, type TypeNode, type VariableDefinitionNode } from 'graphql';
import { fromRoot } from '../../subgraphs/kit/paths';
import { loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { devIssuerEnabled, issueDevToken } from '../identity/dev-issuer';

export interface WebOptions {
  /** GraphiQL on a browser's GET of /graphql. */
  graphiql: boolean;
  /** POST /dev/token and the page's profile picker. */
  devSignIn: boolean;
}

/**
 * Both are development tools: off when NODE_ENV=production. Minting tokens over HTTP also needs the
 * development issuer on, and stays off in production even when HUB_DEV_ISSUER=true lets that
 * issuer's tokens in (a token printed on the command line is one thing, one handed to any caller
 * that asks is another).
 */
export function webOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebOptions {
  const production = env.NODE_ENV === 'production';
  return { graphiql: !production, devSignIn: !production && devIssuerEnabled(env) };
}

const SELF_ONLY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

/** The case conference page's policy. */
export const PAGE_CONTENT_SECURITY_POLICY = SELF_ONLY.join('; ');

/**
 * GraphiQL's policy (development only): the same, except that its bundled fonts are data: URLs,
 * its icons data: images, and its editor sets style attributes.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = SELF_ONLY.map((directive) =>
  directive.startsWith('style-src')
    ? "style-src 'self' 'unsafe-inline'"
    : directive.startsWith('font-src')
      ? "font-src 'self' data:"
      : directive.startsWith('img-src')
        ? "img-src 'self' data:"
        : directive,
).join('; ');

const STATIC_DIR = fromRoot('web', 'static');
/** Where `tsc -p web/tsconfig.json` writes the page's scripts (`npm run build`). */
export const BROWSER_SCRIPTS_DIR = fromRoot('dist', 'browser');
const OPERATIONS_DIR = fromRoot('schema', 'operations');

/** GraphiQL and the React it runs on, from their own packages' browser bundles (devDependencies). */
const VENDOR_FILES: Record<string, string[]> = {
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
  'react.production.min.js': ['react', 'umd', 'react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd', 'react-dom.production.min.js'],
};

const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*\.(js|css)$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

function securityHeaders(reply: FastifyReply, policy: string): FastifyReply {
  return reply
    .header('content-security-policy', policy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-cache');
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).type('application/json; charset=utf-8').send({ errors: [{ message, extensions: { code: 'NOT_FOUND' } }] });
}

function sendFile(reply: FastifyReply, file: string, policy: string): FastifyReply {
  if (!existsSync(file)) return notFound(reply, 'Not found.');
  return securityHeaders(reply, policy)
    .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
    .send(readFileSync(file));
}

export interface ShippedOperation {
  name: string;
  query: string;
  /** Every variable the operation declares, with a placeholder of its type. */
  variables: Record<string, unknown>;
}

/** An optional variable starts null; a required one with a value of its type to overwrite. */
function placeholderFor(type: TypeNode): unknown {
  if (type.kind !== 'NonNullType') return null;
  const inner = type.type;
  if (inner.kind === 'ListType') return [];
  switch (inner.name.value) {
    case 'Int':
      return 20;
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    default:
      return '';
  }
}

/** The operations in schema/operations/, for GraphiQL's tabs. */
export function shippedOperations(dir: string = OPERATIONS_DIR): ShippedOperation[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const query = readFileSync(path.join(dir, file), 'utf8');
      const definitions: readonly VariableDefinitionNode[] = parse(query).definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? (d.variableDefinitions ?? []) : []));
      // A variable with a default starts at it: null would be refused for a non-null one (`LocalDate! = "…"`).
      const startingValue = (d: VariableDefinitionNode): unknown => (d.defaultValue ? valueFromASTUntyped(d.defaultValue) : placeholderFor(d.type));
      return { name: file.replace(/\.graphql$/, ''), query, variables: Object.fromEntries(definitions.map((d) => [d.variable.name.value, startingValue(d)])) };
    });
}

export function registerWebRoutes(app: FastifyInstance, options: WebOptions): void {
  const profiles = Object.entries(loadAccessPolicy().profiles).map(([name, profile]) => ({ name, label: profile.label, agency: profile.agency }));

  app.get('/conference', async (_request, reply) => sendFile(reply, path.join(STATIC_DIR, 'conference.html'), PAGE_CONTENT_SECURITY_POLICY));

  // Browsers ask for it unprompted; the page has no icon, and a 404 would read as a fault.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).header('cache-control', 'max-age=86400').send());

  app.get('/web/config.json', async (_request, reply) =>
    securityHeaders(reply, PAGE_CONTENT_SECURITY_POLICY).send({ devSignIn: options.devSignIn, profiles: options.devSignIn ? profiles : [] }),
  );

  app.get<{ Params: { file: string } }>('/web/:file', async (request, reply) => {
    const { file } = request.params;
    if (!SAFE_NAME.test(file)) return notFound(reply, 'Not found.');
    const inStatic = path.join(STATIC_DIR, file);
    if (existsSync(inStatic)) return sendFile(reply, inStatic, PAGE_CONTENT_SECURITY_POLICY);
    if (file.endsWith('.js') && !existsSync(path.join(BROWSER_SCRIPTS_DIR, file)) && !existsSync(BROWSER_SCRIPTS_DIR)) {
      return reply.code(503).type('application/json; charset=utf-8').send({ errors: [{ message: 'The page is not built: run `npm run build`.', extensions: { code: 'NOT_BUILT' } }] });
    }
    return sendFile(reply, path.join(BROWSER_SCRIPTS_DIR, file), PAGE_CONTENT_SECURITY_POLICY);
  });

  if (options.graphiql) {
    app.get<{ Params: { file: string } }>('/web/vendor/:file', async (request, reply) => {
      const location = VENDOR_FILES[request.params.file];
      if (!location) return notFound(reply, 'Not found.');
      return sendFile(reply, fromRoot('node_modules', ...location), GRAPHIQL_CONTENT_SECURITY_POLICY);
    });
    app.get('/web/operations.json', async (_request, reply) => securityHeaders(reply, GRAPHIQL_CONTENT_SECURITY_POLICY).send(shippedOperations()));
  }

  if (options.devSignIn) {
    // JSON only (Fastify answers anything else with 415), so a cross-site form cannot post here,
    // and no CORS headers, so no other site can read the token.
    app.post<{ Body: { profile?: unknown } }>('/dev/token', async (request, reply) => {
      const profile = typeof request.body?.profile === 'string' ? request.body.profile : '';
      const known = profiles.find((p) => p.name === profile);
      if (!known) {
        return reply
          .code(400)
          .type('application/json; charset=utf-8')
          .send({ errors: [{ message: `Choose one of the profiles: ${profiles.map((p) => p.name).join(', ')}.`, extensions: { code: 'BAD_USER_INPUT' } }] });
      }
      const token = await issueDevToken(profile, { expiresIn: '1h' });
      return reply.header('cache-control', 'no-store').send({ token, profile: known.name, label: known.label, agency: known.agency, expiresInSeconds: 3600 });
    });
  }
}

/**
 * A browser opening the hub: / goes to the case conference page; /graphql opens GraphiQL in
 * development and is left to Apollo otherwise.
 */
export function browserGetFor(options: WebOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<boolean> {
  return async (request, reply) => {
    const pathname = request.url.split('?')[0];
    if (pathname === '/') {
      await reply.code(303).header('location', '/conference').send();
      return true;
    }
    if (pathname === '/graphql' && options.graphiql) {
      await sendFile(reply, path.join(STATIC_DIR, 'graphiql.html'), GRAPHIQL_CONTENT_SECURITY_POLICY);
      return true;
    }
    return false;
  };
}
