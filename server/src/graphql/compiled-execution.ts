import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getOperationAST,
  printSchema,
  type DocumentNode,
  GraphQLError,
  type ExecutionResult,
  type GraphQLSchema,
  type SourceLocation,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { RateLimiterMemory } from 'rate-limiter-flexible';

type Execution = CompiledQuery | 'graphql-js';

/**
 * The run of an operation from which it is executed compiled. Compiling costs a few milliseconds: worth it
 * for the operations apps send again and again, not for one a client sends once.
 */
export const COMPILED_FROM_RUN = 2;

/**
 * What compiling may cost the service's thread, which every request shares. A valid operation of many aliases
 * takes 40 ms to compile, and anyone can send new operations twice each; compiles beyond the budget wait for
 * a later run (graphql-js answers meanwhile), and long operations are never compiled. Apps' operations are
 * short and few, so they are compiled at once.
 */
export interface CompileBudget {
  /** Operations compiled a minute at most; default 30 (about 1 s of a minute at worst). */
  compilesPerMinute: number;
  /** Operations whose text is longer are left to graphql-js; default 4,096 characters (≤ 20 ms to compile). */
  maxSourceLength: number;
}

const DEFAULT_BUDGET: CompileBudget = { compilesPerMinute: 30, maxSourceLength: 4096 };

/**
 * Operations as graphql-jit compiles them: a function per operation that resolves and completes exactly the
 * fields it selects, instead of graphql-js walking the selection (and checking each field's type) for every
 * item of every list. A reader's transcript completes about two hundred fields; compiled, that costs a
 * fraction of graphql-js's time. The resolvers, their errors and the schema are the same.
 *
 * Mutations' root fields run one after the other, as in graphql-js. An operation graphql-jit cannot compile
 * is executed by graphql-js. Compiled functions are kept per parsed document, which Apollo keeps per query
 * text (a document it forgets is forgotten here too).
 */
export class CompiledExecution {
  /** Per document and operation name: its compiled function, 'graphql-js', or how many times it has run. */
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Execution | number>>();
  private readonly budget: CompileBudget;
  private readonly compiles: RateLimiterMemory;

  constructor(
    private readonly schema: GraphQLSchema,
    budget: Partial<CompileBudget> = {},
  ) {
    this.budget = { ...DEFAULT_BUDGET, ...budget };
    this.compiles = new RateLimiterMemory({ points: this.budget.compilesPerMinute, duration: 60 });
  }

  async execute(request: {
    document: DocumentNode;
    source: string;
    operationName?: string | null;
    variables?: Record<string, unknown>;
    contextValue: unknown;
  }): Promise<ExecutionResult> {
    const { document, operationName, variables, contextValue } = request;
    const execution = await this.executionOf(document, request.source, operationName ?? undefined);
    if (execution === 'graphql-js') {
      return execute({
        schema: this.schema,
        document,
        operationName,
        variableValues: variables,
        contextValue,
      });
    }
    const result = await execution.query(undefined, contextValue, variables ?? {});
    if (!result.errors) return result;
    if (result.data === undefined) {
      // Refused before execution: its variables. Answered with graphql-js's messages, which Apollo recognises
      // as the client's error (BAD_USER_INPUT, HTTP 400).
      const operation = getOperationAST(document, operationName);
      const coerced = getVariableValues(this.schema, operation?.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) return { errors: coerced.errors };
    }
    return { ...result, errors: result.errors.map(asGraphQLJsError) };
  }

  /** Whether the operation has been compiled (for tests and diagnostics). */
  isCompiled(document: DocumentNode, operationName?: string): boolean {
    const execution = this.byDocument.get(document)?.get(operationName ?? '');
    return execution !== undefined && typeof execution !== 'number' && execution !== 'graphql-js';
  }

  private async executionOf(
    document: DocumentNode,
    source: string,
    operationName: string | undefined,
  ): Promise<Execution> {
    if (source.length > this.budget.maxSourceLength) return 'graphql-js';
    let executions = this.byDocument.get(document);
    if (!executions) this.byDocument.set(document, (executions = new Map()));
    const key = operationName ?? '';
    const known = executions.get(key) ?? 0;
    if (typeof known !== 'number') return known;
    const run = known + 1;
    executions.set(key, run);
    if (run < COMPILED_FROM_RUN) return 'graphql-js';
    const withinBudget = await this.compiles.consume('compile').then(
      () => true,
      () => false,
    );
    if (!withinBudget) return 'graphql-js';
    let execution: Execution = 'graphql-js';
    try {
      const compiled = compileQuery(this.schema, document, operationName);
      if (isCompiledQuery(compiled)) execution = compiled;
    } catch {
      // graphql-js answers it, with its own errors if the operation has any.
    }
    executions.set(key, execution);
    return execution;
  }
}

/**
 * graphql-jit's errors pass for graphql-js's (`instanceof GraphQLError`) without being built by it: they have
 * no `extensions` unless the thrown error had some, where Apollo expects an object. Rebuilt, they keep their
 * message, where and what they were thrown from.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
  (rebuilt as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return rebuilt;
}

/**
 * The only way Apollo Server 5 takes an executor of another kind: its gateway interface, here serving our
 * own schema, loaded once and never updated.
 */
export function compiledExecutionGateway(schema: GraphQLSchema): GatewayInterface {
  const execution = new CompiledExecution(schema);
  const executor: GatewayExecutor = (request) =>
    execution.execute({
      document: request.document,
      source: request.source,
      operationName: request.operationName,
      variables: request.request.variables,
      contextValue: request.context,
    });
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}
