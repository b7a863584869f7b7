/**
 * Checks on the request itself, made before anything runs, shared by the gateway and every
 * subgraph: a page size over the limit and a NUL character in any string are the caller's
 * mistakes, answered with BAD_USER_INPUT (HTTP 400), never passed on to a resolver or to SQL.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit, type ASTVisitor, type DocumentNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode, REQUEST_ERROR_CODES } from './errors';
import { MAX_PAGE_SIZE } from './page-size';

export const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

function requestError(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions, http: { status: 400 } } });
}

/** A page-size argument of a document: its literal value, or the variable that supplies it. */
type PageSizeArgument = { argument: string; literal: number } | { argument: string; variable: string };

/** What the checks need of a document, found by one walk over it. */
interface DocumentFacts {
  pageSizes: PageSizeArgument[];
  containsNul: boolean;
}

/**
 * By document object: Apollo hands every request with the same text the same parsed document from
 * its cache, so a document is walked once, not on every request (the gateway sends the subgraphs
 * the same few operations over and over). Weak, so a document Apollo drops is dropped here too.
 */
const documentFacts = new WeakMap<DocumentNode, DocumentFacts>();

function factsOf(document: DocumentNode): DocumentFacts {
  const known = documentFacts.get(document);
  if (known) return known;
  const facts: DocumentFacts = { pageSizes: [], containsNul: false };
  visit(document, {
    Argument(node) {
      if (!PAGE_SIZE_ARGUMENTS.has(node.name.value)) return;
      if (node.value.kind === Kind.INT) facts.pageSizes.push({ argument: node.name.value, literal: Number(node.value.value) });
      else if (node.value.kind === Kind.VARIABLE) facts.pageSizes.push({ argument: node.name.value, variable: node.value.name.value });
    },
    StringValue(node) {
      if (node.value.includes('\u0000')) facts.containsNul = true;
    },
  });
  documentFacts.set(document, facts);
  return facts;
}

/** The first page size in the operation, literal or from a variable, that is outside 1..MAX_PAGE_SIZE. */
function pageSizeProblem(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  for (const pageSize of factsOf(document).pageSizes) {
    const value = 'literal' in pageSize ? pageSize.literal : variables?.[pageSize.variable];
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE)) {
      return requestError(`"${pageSize.argument}" must be between 1 and ${MAX_PAGE_SIZE}; it was ${value}.`, { argumentName: pageSize.argument });
    }
  }
  return undefined;
}

/**
 * Operations of a type the schema has no root for (subscriptions, everywhere in the hub) are
 * refused while validating; graphql-js itself would only find out when executing.
 */
export function supportedOperationTypeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(`The hub does not support ${node.operation} operations.`, { nodes: [node] }));
      }
    },
  };
}

export const REQUEST_VALIDATION_RULES: ValidationRule[] = [supportedOperationTypeRule];

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  // A plain loop: an entity batch's variables hold hundreds of representations, and this runs on every request.
  if (Array.isArray(value)) {
    for (const item of value) if (containsNul(item, depth + 1)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000') || containsNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * - A page size over the limit is refused naming the limit, before validation, so that the cost
 *   limit (which multiplies by `first`) does not answer it as "too complex"; a page size in a
 *   variable is checked once the operation is known (validated documents are cached, so the
 *   validation hook does not see every request).
 * - PostgreSQL cannot store or compare text holding U+0000, so a NUL in any string argument (a
 *   name filter, an identifier) would fail deep in SQL: refused at the door, naming no value.
 * Both throw BAD_USER_INPUT with HTTP 400: found before execution, they are the request's fault.
 */
export function requestChecksPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    // An error thrown by a hook before execution (this plugin's, or another's, such as a limit
    // refusing a document) reaches Apollo as "unexpected" and would be answered 500, or relabelled
    // by another plugin's handler. When it is the request's own fault it is rethrown as it is, with
    // HTTP 400. Install this plugin first: the first handler that throws decides the answer.
    async unexpectedErrorProcessingRequest({ error }) {
      if (!(error instanceof GraphQLError)) return;
      // graphql-js's own syntax errors carry no code.
      const code = error.extensions.code ?? (error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : undefined);
      if (REQUEST_ERROR_CODES.has(String(code))) {
        throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code, http: { status: 400 } } });
      }
    },
    async requestDidStart() {
      return {
        async validationDidStart({ document, request }) {
          const problem = pageSizeProblem(document, request.variables);
          if (problem) throw problem;
        },
        async didResolveOperation({ request, document, operation }) {
          const problem = pageSizeProblem(document, request.variables);
          if (problem) throw problem;
          if (containsNul(request.variables) || containsNul(request.operationName) || factsOf(document).containsNul) {
            throw requestError('A string in this request contains a NUL character (U+0000), which the hub does not accept.');
          }
          if (!operation) {
            const name = request.operationName ? `"${request.operationName.slice(0, 100)}"` : null;
            throw requestError(name ? `The document has no operation named ${name}.` : 'The document holds several operations: name the one to run in operationName.', { argumentName: 'operationName' });
          }
        },
      };
    },
  };
}
