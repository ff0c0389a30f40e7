import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  isCompositeType,
  isIntrospectionType,
  isListType,
  ParseOptions,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import {
  ComplexityEstimator,
  ComplexityEstimatorArgs,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';
import { isEditor, type AuthUser } from '../auth/auth-user';
import { pageOf } from '../shared/list-query';
import type { RequestContext } from './context';

/** The operation limits, each named after the variable that sets it. */
export interface OperationLimitSettings {
  /** MAX_QUERY_DEPTH: nesting of selections (introspection's own nesting aside). */
  maxDepth: number;
  /** MAX_ALIASES: aliased fields in one operation. */
  maxAliases: number;
  /** MAX_DIRECTIVES: directives in one operation. */
  maxDirectives: number;
  /** MAX_TOKENS: lexical tokens in one document; parsing stops at the first token past it. */
  maxTokens: number;
  /** MAX_QUERY_COST: estimated cost for anonymous callers. */
  maxCost: number;
  /** MAX_QUERY_COST_EDITOR: estimated cost for editors and admins. */
  maxEditorCost: number;
}

export const LIMIT_VARIABLES = {
  maxDepth: 'MAX_QUERY_DEPTH',
  maxAliases: 'MAX_ALIASES',
  maxDirectives: 'MAX_DIRECTIVES',
  maxTokens: 'MAX_TOKENS',
  maxCost: 'MAX_QUERY_COST',
  maxEditorCost: 'MAX_QUERY_COST_EDITOR',
} as const satisfies Record<keyof OperationLimitSettings, string>;

/** Assumed length of a list field that takes no page size (e.g. an interview's speakers). */
export const UNPAGED_LIST_SIZE = 10;

const CODE = 'GRAPHQL_VALIDATION_FAILED';

export function limitError(message: string, limit: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: CODE, limit } });
}

/**
 * graphql-armor's rules report to the validation context instead of throwing (a throw inside validate()
 * would escape as an internal error). Their message is prefixed "Syntax Error: " although the document
 * parsed; ours names the setting instead.
 */
function armorReporter(limit: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const message = error.message.replace(/^Syntax Error: /, '').replace(/\.$/, '');
        context?.reportError(limitError(`${message} (${limit})`, limit));
      },
    ],
  };
}

/**
 * graphql-armor's depth, alias and directive limits as validation rules, which the HTTP endpoint and the
 * WebSocket run alike. Its other protections are not used: tokens are graphql-js's own parse limit (no
 * second parse), the cost needs the variables and the caller (see operationLimitsPlugin), and Apollo's
 * own hideSchemaDetailsFromClientErrors removes suggestions whole (armor leaves "[Suggestion hidden]?").
 */
export function limitValidationRules(settings: OperationLimitSettings): ValidationRule[] {
  return new ApolloArmor({
    maxDepth: { n: settings.maxDepth, ...armorReporter(LIMIT_VARIABLES.maxDepth) },
    maxAliases: { n: settings.maxAliases, ...armorReporter(LIMIT_VARIABLES.maxAliases) },
    maxDirectives: { n: settings.maxDirectives, ...armorReporter(LIMIT_VARIABLES.maxDirectives) },
    blockFieldSuggestion: { enabled: false },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
  }).protect().validationRules;
}

/** graphql-js stops lexing at the first token past `maxTokens`, so an oversized document costs little. */
export function limitParseOptions(settings: OperationLimitSettings): ParseOptions {
  return { maxTokens: settings.maxTokens };
}

// graphql-js 16 writes "more that"; later versions may fix the typo.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more (?:than|that) (\d+) tokens/;

/** graphql-js reports the token limit as a syntax error; it is an operation limit like the others. */
export function asTokenLimitError(error: unknown): GraphQLError | null {
  const message = error instanceof Error ? error.message : '';
  const match = TOKEN_LIMIT_MESSAGE.exec(message);
  if (!match) return null;
  return limitError(
    `Token limit of ${match[1]} exceeded (${LIMIT_VARIABLES.maxTokens})`,
    LIMIT_VARIABLES.maxTokens,
  );
}

/** The number of items a list field returns, from its paging arguments; undefined if it has none. */
function pageSize(args: ComplexityEstimatorArgs['args'], argNames: Set<string>): number | undefined {
  if (argNames.has('perPage')) {
    try {
      return pageOf(args, args.filter as { ids?: readonly string[] | null } | undefined).limit;
    } catch {
      // The resolver refuses such a page before any database work; count one item meanwhile.
      return 1;
    }
  }
  for (const name of ['first', 'limit']) {
    const value: unknown = args[name];
    if (argNames.has(name) && typeof value === 'number' && Number.isFinite(value)) return Math.max(value, 0);
  }
  return undefined;
}

/**
 * A list of objects costs its length times (one for each item plus what is selected on it). The length
 * is the page size the arguments ask for (perPage, first, limit — their defaults included), else
 * UNPAGED_LIST_SIZE. Fields with their own `complexity` (type-graphql's option) are estimated there.
 */
const listEstimator: ComplexityEstimator = ({ type: parentType, field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  if (!isListType(type) || !isCompositeType(getNamedType(type))) return undefined;
  // Introspection's lists (types, fields, arguments) are as long as the schema, whoever asks, and read no
  // data: counted once, so a reader's API explorer can load the schema within the anonymous limit.
  if (isIntrospectionType(parentType)) return 1 + childComplexity;
  const size = pageSize(args, new Set(field.args.map((arg) => arg.name))) ?? UNPAGED_LIST_SIZE;
  return size * (1 + childComplexity);
};

export const COST_ESTIMATORS: ComplexityEstimator[] = [
  fieldExtensionsEstimator(),
  listEstimator,
  simpleEstimator({ defaultComplexity: 1 }),
];

/**
 * The estimated cost of the operation: one per field, lists times their size. Undefined when the
 * variables do not fit the operation — execution then refuses the operation before running anything.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
): number | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors)
    return undefined;
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName: operationName ?? undefined,
    estimators: COST_ESTIMATORS,
  });
}

/** Variables longer than this (as JSON) are estimated afresh rather than kept as a cache key. */
const MAX_CACHED_VARIABLES_LENGTH = 1024;
/** Distinct variable sets remembered per document; the oldest is forgotten first. */
const MAX_CACHED_COSTS_PER_DOCUMENT = 256;

const costsBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number | undefined>>>();

/**
 * operationCost, remembered per document (Apollo hands back the same parsed document for the same query
 * text) and per operation name and variables: walking the document again for every request costs more
 * than the rest of a small query's execution. The cost depends on neither the caller nor the data.
 */
export function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
): number | undefined {
  const variablesKey = JSON.stringify(variables ?? {});
  if (variablesKey.length > MAX_CACHED_VARIABLES_LENGTH)
    return operationCost(schema, document, variables, operationName);
  const key = `${operationName ?? ''}\n${variablesKey}`;
  let costsByDocument = costsBySchema.get(schema);
  if (!costsByDocument) costsBySchema.set(schema, (costsByDocument = new WeakMap()));
  let costs = costsByDocument.get(document);
  if (costs?.has(key)) return costs.get(key);
  const cost = operationCost(schema, document, variables, operationName);
  if (!costs) costsByDocument.set(document, (costs = new Map()));
  if (costs.size >= MAX_CACHED_COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value as string);
  costs.set(key, cost);
  return cost;
}

/** The cost limit that applies to the caller, with the variable that sets it. */
export function costLimitFor(settings: OperationLimitSettings, user: AuthUser | null) {
  return isEditor(user)
    ? { max: settings.maxEditorCost, limit: LIMIT_VARIABLES.maxEditorCost }
    : { max: settings.maxCost, limit: LIMIT_VARIABLES.maxCost };
}

/** An error when the operation would cost more than the caller may spend, else null. */
export function costLimitError(
  schema: GraphQLSchema,
  settings: OperationLimitSettings,
  request: {
    document: DocumentNode;
    variables: Record<string, unknown> | undefined;
    operationName: string | null | undefined;
    user: AuthUser | null;
  },
): GraphQLError | null {
  let cost: number | undefined;
  try {
    cost = cachedOperationCost(schema, request.document, request.variables, request.operationName);
  } catch (error) {
    return limitError(
      `The operation's cost cannot be estimated: ${error instanceof Error ? error.message : String(error)}`,
      LIMIT_VARIABLES.maxCost,
    );
  }
  const { max, limit } = costLimitFor(settings, request.user);
  if (cost === undefined || cost <= max) return null;
  const error = limitError(
    `Query cost limit of ${max} exceeded, found ${cost} (${limit}): ask for fewer items (perPage, first) or fewer nested lists`,
    limit,
  );
  error.extensions.cost = cost;
  error.extensions.maxCost = max;
  return error;
}

/**
 * The limits that validation rules cannot apply over HTTP: the cost (it needs the variables and the
 * caller) and the token limit's error code. Both are settled before execution.
 */
export function operationLimitsPlugin(
  schema: GraphQLSchema,
  settings: OperationLimitSettings,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName, contextValue }) {
          const error = costLimitError(schema, settings, {
            document,
            variables: request.variables,
            operationName,
            user: contextValue.user,
          });
          if (!error) return;
          // Errors thrown here default to HTTP 500; a refused operation is the client's: 400.
          error.extensions.http = { status: 400 };
          throw error;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const tokenLimit = asTokenLimitError(error);
            if (!tokenLimit) continue;
            // Apollo reports parse failures as GRAPHQL_PARSE_FAILED; errors are formatted after this hook.
            error.message = tokenLimit.message;
            Object.assign(error.extensions, tokenLimit.extensions);
          }
        },
      };
    },
  };
}

/** What Apollo's hideSchemaDetailsFromClientErrors does to a message, for WebSocket errors. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
