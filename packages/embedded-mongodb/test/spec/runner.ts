import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AnyBulkWriteOperation,
  AnyClientBulkWriteModel,
  Binary,
  ChangeStream,
  ClientSession,
  Collection,
  CommandFailedEvent,
  CommandStartedEvent,
  CommandSucceededEvent,
  Db,
  Decimal128,
  Document,
  Double,
  BSON,
  Int32,
  Long,
  MongoBulkWriteError,
  MongoClient,
  MongoClientOptions,
  MongoServerError,
  ObjectId,
  ReadPreference,
  ReadPreferenceMode,
  Timestamp,
} from 'mongodb';

const { EJSON } = BSON;

/**
 * A runner for MongoDB's unified test format (github.com/mongodb/specifications, source/unified-test-format),
 * driving the official driver against a server. It implements the part of the format the CRUD, transactions
 * and change-streams folders use against a single replica-set member; everything else is reported as
 * "not run" with the reason, before the test starts, so nothing unsupported can count as passed.
 */

export const SPEC_FOLDERS = ['crud', 'transactions', 'change-streams'] as const;
export type SpecFolder = (typeof SPEC_FOLDERS)[number];

const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

/**
 * Where the spec files are read from: MONGODB_SPEC_TESTS_DIR, else a checkout's source folder next to the
 * repository (../shared/mongodb-specifications/source), else what `npm run spec-tests:fetch` fetched.
 */
export function specTestsDirectory(): string {
  if (process.env.MONGODB_SPEC_TESTS_DIR) return resolve(process.env.MONGODB_SPEC_TESTS_DIR);
  const candidates = [
    join(REPOSITORY_ROOT, '../shared/mongodb-specifications/source'),
    join(REPOSITORY_ROOT, '.cache/mongodb-specifications'),
  ];
  return candidates.find((directory) => existsSync(directory)) ?? candidates[candidates.length - 1];
}

/**
 * A folder's unified tests: `<folder>/tests/unified` in mongodb/specifications, `<folder>/unified` in the copies
 * drivers keep (such as the Go driver's `data/`, which Debian ships in golang-mongodb-mongo-driver-dev).
 */
export function specFolderDirectory(root: string, folder: SpecFolder): string | undefined {
  return [join(root, folder, 'tests', 'unified'), join(root, folder, 'unified')].find((directory) =>
    existsSync(directory),
  );
}

export interface Requirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: 'require' | 'forbid' | 'allow';
  auth?: boolean;
  serverParameters?: Document;
  csfle?: unknown;
}

export interface SpecOperation {
  name: string;
  object: string;
  arguments?: Document;
  expectError?: Document;
  expectResult?: unknown;
  saveResultAsEntity?: string;
  ignoreResultAndError?: boolean;
}

export interface ExpectedEventsForClient {
  client: string;
  eventType?: string;
  events: Document[];
  ignoreExtraEvents?: boolean;
}

export interface SpecTest {
  description: string;
  runOnRequirements?: Requirement[];
  skipReason?: string;
  operations: SpecOperation[];
  expectEvents?: ExpectedEventsForClient[];
  outcome?: CollectionData[];
}

export interface CollectionData {
  collectionName: string;
  databaseName: string;
  documents: Document[];
  createOptions?: Document;
}

export interface SpecFile {
  fileName: string;
  description: string;
  schemaVersion: string;
  runOnRequirements?: Requirement[];
  createEntities?: Document[];
  initialData?: CollectionData[];
  tests: SpecTest[];
}

/** The spec files of one folder (source/<folder>/tests/unified/*.json), or undefined when the folder is absent. */
export function loadSpecFiles(root: string, folder: SpecFolder): SpecFile[] | undefined {
  const directory = specFolderDirectory(root, folder);
  if (!directory) return undefined;
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((fileName) => {
      // Relaxed Extended JSON: plain numbers stay JS numbers, so they pass the driver's option checks.
      const parsed = EJSON.parse(readFileSync(join(directory, fileName), 'utf8'), { relaxed: true }) as Omit<
        SpecFile,
        'fileName'
      >;
      return { ...parsed, fileName };
    });
}

export interface ServerFacts {
  version: number[];
  topology: 'replicaset' | 'single';
  auth: boolean;
}

export async function readServerFacts(uri: string): Promise<ServerFacts> {
  const client = await new MongoClient(uri).connect();
  try {
    const admin = client.db('admin');
    const buildInfo = await admin.command({ buildInfo: 1 });
    const hello = await admin.command({ hello: 1 });
    return {
      version: parseVersion(String(buildInfo.version)),
      topology: hello.setName ? 'replicaset' : 'single',
      auth: /@/.test(uri),
    };
  } finally {
    await client.close();
  }
}

function parseVersion(text: string): number[] {
  const parts = text.split('.').map((part) => Number.parseInt(part, 10) || 0);
  while (parts.length < 3) parts.push(0);
  return parts;
}

function compareVersions(left: number[], right: number[]): number {
  for (let index = 0; index < 3; index++) {
    if (left[index] !== right[index]) return left[index] - right[index];
  }
  return 0;
}

/** Why none of `requirements` is met by the server, or undefined when one is (or there are none). */
export function unmetRequirements(
  requirements: Requirement[] | undefined,
  facts: ServerFacts,
): string | undefined {
  if (!requirements || requirements.length === 0) return undefined;
  const reasons: string[] = [];
  for (const requirement of requirements) {
    const reason = unmetRequirement(requirement, facts);
    if (!reason) return undefined;
    reasons.push(reason);
  }
  return reasons.join('; or ');
}

function unmetRequirement(requirement: Requirement, facts: ServerFacts): string | undefined {
  const version = facts.version.join('.');
  if (
    requirement.minServerVersion &&
    compareVersions(facts.version, parseVersion(requirement.minServerVersion)) < 0
  ) {
    return `needs server ≥ ${requirement.minServerVersion} (server reports ${version})`;
  }
  if (
    requirement.maxServerVersion &&
    compareVersions(facts.version, parseVersion(requirement.maxServerVersion)) > 0
  ) {
    return `needs server ≤ ${requirement.maxServerVersion} (server reports ${version})`;
  }
  if (requirement.topologies && !requirement.topologies.includes(facts.topology)) {
    return `needs topology ${requirement.topologies.join('/')}`;
  }
  if (requirement.serverless === 'require') return 'needs serverless';
  if (requirement.auth === true && !facts.auth) return 'needs authentication';
  if (requirement.auth === false && facts.auth) return 'needs no authentication';
  if (requirement.serverParameters) return 'checks server parameters';
  if (requirement.csfle) return 'needs client-side field level encryption';
  return undefined;
}

const COLLECTION_OPERATIONS = new Set([
  'aggregate',
  'bulkWrite',
  'countDocuments',
  'estimatedDocumentCount',
  'count',
  'deleteMany',
  'deleteOne',
  'distinct',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'insertMany',
  'insertOne',
  'replaceOne',
  'updateMany',
  'updateOne',
  'createIndex',
  'dropIndex',
  'rename',
  'createChangeStream',
]);
const DATABASE_OPERATIONS = new Set([
  'aggregate',
  'runCommand',
  'createCollection',
  'dropCollection',
  'modifyCollection',
  'createChangeStream',
]);
const CLIENT_OPERATIONS = new Set(['createChangeStream', 'clientBulkWrite']);
const SESSION_OPERATIONS = new Set([
  'startTransaction',
  'commitTransaction',
  'abortTransaction',
  'withTransaction',
  'endSession',
]);
const CHANGE_STREAM_OPERATIONS = new Set(['iterateUntilDocumentOrError', 'iterateOnce', 'close']);
const RUNNER_OPERATIONS = new Set([
  'assertSessionTransactionState',
  'assertSessionPinned',
  'assertSessionUnpinned',
  'assertSessionDirty',
  'assertSessionNotDirty',
  'assertSameLsidOnLastTwoCommands',
  'assertDifferentLsidOnLastTwoCommands',
  'assertCollectionExists',
  'assertCollectionNotExists',
  'assertIndexExists',
  'assertIndexNotExists',
  'failPoint',
]);
const UNSUPPORTED_RUNNER_OPERATIONS: Record<string, string> = {
  targetedFailPoint: 'targetedFailPoint needs a session pinned to a mongos',
};
const SUPPORTED_CLIENT_OPTIONS = new Set([
  'id',
  'observeEvents',
  'ignoreCommandMonitoringEvents',
  'uriOptions',
  'useMultipleMongoses',
  'observeSensitiveCommands',
]);
const SUPPORTED_ENTITY_KINDS = new Set(['client', 'database', 'collection', 'session']);
const OBSERVABLE_EVENTS = new Set(['commandStartedEvent', 'commandSucceededEvent', 'commandFailedEvent']);
const SUPPORTED_ERROR_ASSERTIONS = new Set([
  'isError',
  'isClientError',
  'errorContains',
  'errorCode',
  'errorCodeName',
  'errorLabelsContain',
  'errorLabelsOmit',
  'expectResult',
  'errorResponse',
]);

/**
 * Why this runner cannot run `test` of `file` faithfully (an operation, entity, option or assertion it does not
 * implement), or undefined when it can.
 */
export function unsupportedFeature(file: SpecFile, test: SpecTest): string | undefined {
  for (const entity of [...(file.createEntities ?? []), ...entitiesCreatedBy(test.operations)]) {
    const [kind, options] = Object.entries(entity)[0] as [string, Document];
    if (!SUPPORTED_ENTITY_KINDS.has(kind)) return `entity kind ${kind}`;
    if (kind === 'client') {
      const option = Object.keys(options).find((key) => !SUPPORTED_CLIENT_OPTIONS.has(key));
      if (option) return `client option ${option}`;
      const event = ((options.observeEvents as string[] | undefined) ?? []).find(
        (name) => !OBSERVABLE_EVENTS.has(name),
      );
      if (event) return `observing ${event}`;
    }
  }
  const operation = allOperations(test.operations).find((op) => operationUnsupported(op));
  if (operation) return operationUnsupported(operation);
  for (const expected of test.expectEvents ?? []) {
    if ((expected.eventType ?? 'command') !== 'command') return `expecting ${expected.eventType} events`;
  }
  return undefined;
}

function allOperations(operations: SpecOperation[]): SpecOperation[] {
  return operations.flatMap((operation) =>
    operation.name === 'withTransaction'
      ? [operation, ...allOperations((operation.arguments?.callback as SpecOperation[] | undefined) ?? [])]
      : [operation],
  );
}

function entitiesCreatedBy(operations: SpecOperation[]): Document[] {
  return allOperations(operations)
    .filter((operation) => operation.name === 'createEntities')
    .flatMap((operation) => (operation.arguments?.entities as Document[] | undefined) ?? []);
}

function operationUnsupported(operation: SpecOperation): string | undefined {
  if (operation.object === 'testRunner') {
    if (UNSUPPORTED_RUNNER_OPERATIONS[operation.name]) return UNSUPPORTED_RUNNER_OPERATIONS[operation.name];
    if (operation.name === 'createEntities' || RUNNER_OPERATIONS.has(operation.name)) return undefined;
    return `test runner operation ${operation.name}`;
  }
  const known =
    COLLECTION_OPERATIONS.has(operation.name) ||
    DATABASE_OPERATIONS.has(operation.name) ||
    CLIENT_OPERATIONS.has(operation.name) ||
    SESSION_OPERATIONS.has(operation.name) ||
    CHANGE_STREAM_OPERATIONS.has(operation.name);
  if (!known) return `operation ${operation.name}`;
  const assertion = Object.keys(operation.expectError ?? {}).find(
    (key) => !SUPPORTED_ERROR_ASSERTIONS.has(key),
  );
  if (assertion) return `error assertion ${assertion}`;
  if (operation.arguments?.timeoutMS !== undefined) return 'timeoutMS (client-side operation timeouts)';
  return undefined;
}

type Entity = MongoClient | Db | Collection<Document> | ClientSession | ChangeStream | unknown;

interface ObservedClient {
  client: MongoClient;
  events: Document[];
  /** lsids of every command started, observed or not, for the same/different-lsid assertions. */
  lsids: unknown[];
}

const SENSITIVE_COMMANDS = new Set([
  'authenticate',
  'saslstart',
  'saslcontinue',
  'getnonce',
  'createuser',
  'updateuser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
  'hello',
  'ismaster',
]);

class UnifiedTestContext {
  private readonly entities = new Map<string, Entity>();
  private readonly observed = new Map<string, ObservedClient>();
  /** Fail points this test configured, turned off when it ends (as the format requires). */
  private readonly failPoints: string[] = [];

  constructor(readonly uri: string) {}

  async configureFailPoint(client: MongoClient, failPoint: Document): Promise<void> {
    await client.db('admin').command(failPoint);
    this.failPoints.push(String(failPoint.configureFailPoint));
  }

  async createEntities(definitions: Document[]): Promise<void> {
    for (const definition of definitions) {
      const [kind, options] = Object.entries(definition)[0] as [string, Document];
      const id = String(options.id);
      if (this.entities.has(id)) throw new Error(`entity ${id} already exists`);
      if (kind === 'client') this.entities.set(id, await this.createClient(id, options));
      else if (kind === 'database') {
        this.entities.set(
          id,
          this.client(options.client).db(options.databaseName, driverOptions(options.databaseOptions)),
        );
      } else if (kind === 'collection') {
        const database = this.entity(options.database) as Db;
        this.entities.set(
          id,
          database.collection(options.collectionName, driverOptions(options.collectionOptions)),
        );
      } else if (kind === 'session') {
        this.entities.set(
          id,
          this.client(options.client).startSession(driverOptions(options.sessionOptions)),
        );
      } else throw new Error(`entity kind ${kind}`);
    }
  }

  private async createClient(id: string, options: Document): Promise<MongoClient> {
    const uriOptions = (options.uriOptions as Document | undefined) ?? {};
    const client = new MongoClient(this.uri, { ...uriOptions, monitorCommands: true } as MongoClientOptions);
    const observing = new Set((options.observeEvents as string[] | undefined) ?? []);
    const ignored = new Set((options.ignoreCommandMonitoringEvents as string[] | undefined) ?? []);
    const observeSensitive = options.observeSensitiveCommands === true;
    const record: ObservedClient = { client, events: [], lsids: [] };
    const keep = (commandName: string) =>
      !ignored.has(commandName) &&
      commandName !== 'configureFailPoint' &&
      (observeSensitive || !SENSITIVE_COMMANDS.has(commandName.toLowerCase()));
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.command.lsid) record.lsids.push(event.command.lsid);
      if (observing.has('commandStartedEvent') && keep(event.commandName)) {
        record.events.push({
          commandStartedEvent: {
            // A copy as sent: the driver reuses option objects (the client's readConcern) in later commands
            // and adds to them (afterClusterTime), which would otherwise rewrite this event after the fact.
            command: copyOfDocuments(event.command),
            commandName: event.commandName,
            databaseName: event.databaseName,
          },
        });
      }
    });
    client.on('commandSucceeded', (event: CommandSucceededEvent) => {
      if (observing.has('commandSucceededEvent') && keep(event.commandName)) {
        record.events.push({ commandSucceededEvent: { reply: event.reply, commandName: event.commandName } });
      }
    });
    client.on('commandFailed', (event: CommandFailedEvent) => {
      if (observing.has('commandFailedEvent') && keep(event.commandName)) {
        record.events.push({ commandFailedEvent: { commandName: event.commandName } });
      }
    });
    await client.connect();
    this.observed.set(id, record);
    return client;
  }

  entity(id: unknown): Entity {
    if (typeof id !== 'string' || !this.entities.has(id)) throw new Error(`no entity ${String(id)}`);
    return this.entities.get(id);
  }

  client(id: unknown): MongoClient {
    const entity = this.entity(id);
    if (!(entity instanceof MongoClient)) throw new Error(`entity ${String(id)} is not a client`);
    return entity;
  }

  session(id: unknown): ClientSession {
    const entity = this.entity(id);
    if (!(entity instanceof ClientSession)) throw new Error(`entity ${String(id)} is not a session`);
    return entity;
  }

  save(id: string, value: unknown): void {
    this.entities.set(id, value);
  }

  observedClient(id: string): ObservedClient {
    const record = this.observed.get(id);
    if (!record) throw new Error(`no client ${id}`);
    return record;
  }

  async close(): Promise<void> {
    if (this.failPoints.length > 0) {
      const client = await new MongoClient(this.uri).connect();
      try {
        for (const name of this.failPoints) {
          await client.db('admin').command({ configureFailPoint: name, mode: 'off' });
        }
      } finally {
        await client.close();
      }
    }
    for (const entity of this.entities.values()) {
      if (entity instanceof ChangeStream) await entity.close().catch(() => undefined);
    }
    for (const entity of this.entities.values()) {
      if (entity instanceof ClientSession) await entity.endSession().catch(() => undefined);
    }
    for (const { client } of this.observed.values()) await client.close().catch(() => undefined);
  }
}

/**
 * Copies documents and arrays at every depth — including option objects such as the driver's ReadConcern,
 * as the plain documents they are sent as; BSON values, dates, regexes, bytes and maps are kept as they are.
 */
function copyOfDocuments<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyOfDocuments(item)) as T;
  if (
    value === null ||
    typeof value !== 'object' ||
    isBsonValue(value) ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Map ||
    ArrayBuffer.isView(value)
  ) {
    return value;
  }
  const copy: Document = {};
  for (const [key, item] of Object.entries(value)) copy[key] = copyOfDocuments(item);
  return copy as T;
}

/** The spec's option documents use the driver's names; readPreference comes as { mode }. */
function driverOptions(options: unknown): Document {
  if (!options || typeof options !== 'object') return {};
  const copy: Document = { ...(options as Document) };
  if (copy.defaultTransactionOptions)
    copy.defaultTransactionOptions = driverOptions(copy.defaultTransactionOptions);
  if (copy.readPreference && typeof copy.readPreference === 'object') {
    const { mode, tagSets, maxStalenessSeconds } = copy.readPreference as Document;
    copy.readPreference = new ReadPreference(mode as ReadPreferenceMode, tagSets as Document[] | undefined, {
      maxStalenessSeconds: maxStalenessSeconds as number | undefined,
    });
  }
  return copy;
}

/** Runs one test: initial data, entities, operations, then the expected events and the final collections. */
export async function runUnifiedTest(uri: string, file: SpecFile, test: SpecTest): Promise<void> {
  const setupClient = await new MongoClient(uri).connect();
  const context = new UnifiedTestContext(uri);
  try {
    // Transactions a previous test left open (its connection closed by a fail point) hold their locks.
    await setupClient
      .db('admin')
      .command({ killAllSessions: [] })
      .catch((error: unknown) => {
        if (!(error instanceof MongoServerError && [11601, 13].includes(Number(error.code)))) throw error;
      });
    await loadInitialData(setupClient, file.initialData ?? []);
    await context.createEntities(file.createEntities ?? []);
    for (const operation of test.operations) await runOperation(context, operation);
    for (const expected of test.expectEvents ?? []) checkEvents(context, expected);
    for (const collection of test.outcome ?? []) {
      const documents = await setupClient
        .db(collection.databaseName)
        .collection(collection.collectionName)
        .find({}, { sort: { _id: 1 }, readConcern: { level: 'local' } })
        .toArray();
      assertMatches(collection.documents, documents, context, {
        path: `outcome ${collection.databaseName}.${collection.collectionName}`,
        root: false,
        elementsAreRoot: true,
      });
    }
  } finally {
    await context.close();
    await setupClient.close();
  }
}

async function loadInitialData(client: MongoClient, data: CollectionData[]): Promise<void> {
  for (const { databaseName, collectionName, documents, createOptions } of data) {
    const database = client.db(databaseName);
    await database
      .collection(collectionName)
      .drop({ writeConcern: { w: 'majority' } })
      .catch(() => undefined);
    if (documents.length === 0 || createOptions) {
      await database.createCollection(collectionName, {
        ...(createOptions ?? {}),
        writeConcern: { w: 'majority' },
      });
    }
    if (documents.length > 0) {
      await database.collection(collectionName).insertMany(documents, { writeConcern: { w: 'majority' } });
    }
  }
}

async function runOperation(context: UnifiedTestContext, operation: SpecOperation): Promise<void> {
  let result: unknown;
  let error: unknown;
  let failed = false;
  try {
    result = await execute(context, operation);
  } catch (caught) {
    if (caught instanceof AssertionFailure) throw caught;
    failed = true;
    error = caught;
  }
  if (operation.ignoreResultAndError) return;
  const label = `${operation.object}.${operation.name}`;
  if (operation.expectError) {
    if (!failed) throw new AssertionFailure(`${label}: expected an error, got ${describe(result)}`);
    checkError(context, label, operation.expectError, error);
    return;
  }
  if (failed) throw new AssertionFailure(`${label}: unexpected error ${describeError(error)}`);
  if (operation.saveResultAsEntity) context.save(operation.saveResultAsEntity, result);
  if (operation.expectResult !== undefined) {
    const iterable = ['find', 'aggregate'].includes(operation.name);
    assertMatches(operation.expectResult, result, context, {
      path: `${label} result`,
      root: !iterable,
      elementsAreRoot: iterable,
    });
  }
}

class AssertionFailure extends Error {}

function checkError(context: UnifiedTestContext, label: string, expected: Document, error: unknown): void {
  const serverError = error instanceof MongoServerError ? error : undefined;
  const fail = (what: string) => {
    throw new AssertionFailure(`${label}: ${what}; the error was ${describeError(error)}`);
  };
  if (expected.isClientError === true && serverError) fail('expected a client-side error');
  if (expected.isClientError === false && !serverError) fail('expected a server error');
  if (expected.errorContains !== undefined) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.toLowerCase().includes(String(expected.errorContains).toLowerCase())) {
      fail(`expected the message to contain "${expected.errorContains}"`);
    }
  }
  if (expected.errorCode !== undefined && serverError?.code !== expected.errorCode) {
    fail(`expected code ${expected.errorCode}`);
  }
  if (expected.errorCodeName !== undefined && serverError?.codeName !== expected.errorCodeName) {
    fail(`expected codeName ${expected.errorCodeName}`);
  }
  const labelled = (name: string) =>
    error instanceof Error && 'hasErrorLabel' in error && (error as MongoServerError).hasErrorLabel(name);
  for (const name of (expected.errorLabelsContain as string[] | undefined) ?? []) {
    if (!labelled(name)) fail(`expected error label ${name}`);
  }
  for (const name of (expected.errorLabelsOmit as string[] | undefined) ?? []) {
    if (labelled(name)) fail(`expected no error label ${name}`);
  }
  if (expected.errorResponse !== undefined) {
    assertMatches(expected.errorResponse, serverError?.errorResponse, context, {
      path: `${label} errorResponse`,
      root: true,
    });
  }
  if (expected.expectResult !== undefined) {
    const partial = error instanceof MongoBulkWriteError ? bulkWriteResult(error.result) : undefined;
    assertMatches(expected.expectResult, partial, context, { path: `${label} partial result`, root: true });
  }
}

function withSession(context: UnifiedTestContext, args: Document): Document {
  const options: Document = { ...args };
  if (options.session !== undefined) options.session = context.session(options.session);
  return options;
}

async function execute(context: UnifiedTestContext, operation: SpecOperation): Promise<unknown> {
  const args = operation.arguments ?? {};
  if (operation.object === 'testRunner') return runnerOperation(context, operation.name, args);
  const target = context.entity(operation.object);
  if (target instanceof Collection) return collectionOperation(context, target, operation.name, args);
  if (target instanceof Db) return databaseOperation(context, target, operation.name, args);
  if (target instanceof MongoClient) {
    const { pipeline, models, ...options } = withSession(context, args);
    if (operation.name === 'clientBulkWrite') {
      return target.bulkWrite(clientBulkWriteModels(models as Document[]), options);
    }
    return startChangeStream(target.watch((pipeline as Document[]) ?? [], options));
  }
  if (target instanceof ClientSession) return sessionOperation(context, target, operation.name, args);
  if (target instanceof ChangeStream) {
    if (operation.name === 'close') return target.close();
    if (operation.name === 'iterateOnce') return target.tryNext();
    return nextChange(target);
  }
  throw new Error(`${operation.object} cannot run ${operation.name}`);
}

/** The format's `{ insertOne: { namespace, document } }` models as the driver's `{ name, namespace, ... }`. */
function clientBulkWriteModels(models: Document[]): AnyClientBulkWriteModel<Document>[] {
  return models.map((model) => {
    const [name, fields] = Object.entries(model)[0] as [string, Document];
    return { name, ...fields } as AnyClientBulkWriteModel<Document>;
  });
}

/** A change stream opens its cursor on first use in the driver; the format expects it open once created. */
async function startChangeStream(stream: ChangeStream): Promise<ChangeStream> {
  try {
    // The driver's own unified runner does the same: open the cursor without consuming a change.
    await (stream as unknown as { cursor: { cursorInit(): Promise<void> } }).cursor.cursorInit();
  } catch (error) {
    await stream.close().catch(() => undefined);
    throw error;
  }
  return stream;
}

const ITERATION_TIMEOUT_MS = 10_000;

/** The next change, failing (rather than hanging the test) when none comes within the timeout. */
async function nextChange(stream: ChangeStream): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new AssertionFailure(`no change arrived within ${ITERATION_TIMEOUT_MS} ms`)),
      ITERATION_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([stream.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function returnDocument(options: Document): Document {
  if (typeof options.returnDocument === 'string') {
    return { ...options, returnDocument: options.returnDocument.toLowerCase() };
  }
  return options;
}

async function collectionOperation(
  context: UnifiedTestContext,
  collection: Collection<Document>,
  name: string,
  args: Document,
): Promise<unknown> {
  const {
    filter,
    update,
    replacement,
    document,
    documents,
    requests,
    pipeline,
    fieldName,
    keys,
    ...options
  } = withSession(context, args);
  switch (name) {
    case 'aggregate':
      return collection.aggregate(pipeline as Document[], options).toArray();
    case 'bulkWrite':
      return bulkWriteResult(
        await collection.bulkWrite(requests as AnyBulkWriteOperation<Document>[], options),
      );
    case 'countDocuments':
      return collection.countDocuments(filter as Document, options);
    case 'estimatedDocumentCount':
      return collection.estimatedDocumentCount(options);
    case 'count':
      return collection.count(filter as Document, options);
    case 'deleteMany':
      return writeResult(await collection.deleteMany(filter as Document, options));
    case 'deleteOne':
      return writeResult(await collection.deleteOne(filter as Document, options));
    case 'distinct':
      return collection.distinct(fieldName as string, filter as Document, options);
    case 'find':
      return collection.find(filter as Document, options).toArray();
    case 'findOne':
      return collection.findOne(filter as Document, options);
    case 'findOneAndDelete':
      return collection.findOneAndDelete(filter as Document, options);
    case 'findOneAndReplace':
      return collection.findOneAndReplace(
        filter as Document,
        replacement as Document,
        returnDocument(options),
      );
    case 'findOneAndUpdate':
      return collection.findOneAndUpdate(filter as Document, update as Document, returnDocument(options));
    case 'insertMany':
      return writeResult(await collection.insertMany(documents as Document[], options));
    case 'insertOne':
      return writeResult(await collection.insertOne(document as Document, options));
    case 'replaceOne':
      return writeResult(await collection.replaceOne(filter as Document, replacement as Document, options));
    case 'updateMany':
      return writeResult(await collection.updateMany(filter as Document, update as Document, options));
    case 'updateOne':
      return writeResult(await collection.updateOne(filter as Document, update as Document, options));
    case 'createIndex':
      return collection.createIndex(keys as Document, options);
    case 'dropIndex':
      return collection.dropIndex(String(options.name), options);
    case 'rename':
      return collection.rename(String(options.to), options);
    case 'createChangeStream':
      return startChangeStream(collection.watch((pipeline as Document[]) ?? [], options));
    default:
      throw new Error(`collection operation ${name}`);
  }
}

async function databaseOperation(
  context: UnifiedTestContext,
  database: Db,
  name: string,
  args: Document,
): Promise<unknown> {
  const { pipeline, collection, command, commandName: _commandName, ...options } = withSession(context, args);
  switch (name) {
    case 'aggregate':
      return database.aggregate(pipeline as Document[], options).toArray();
    case 'runCommand':
      return database.command(command as Document, driverOptions(options));
    case 'createCollection':
      await database.createCollection(String(collection), options);
      return undefined;
    case 'dropCollection':
      return database.dropCollection(String(collection), options);
    case 'modifyCollection': {
      const { session, ...changes } = options;
      return database.command({ collMod: String(collection), ...changes }, { session });
    }
    case 'createChangeStream':
      return startChangeStream(database.watch((pipeline as Document[]) ?? [], options));
    default:
      throw new Error(`database operation ${name}`);
  }
}

async function sessionOperation(
  context: UnifiedTestContext,
  session: ClientSession,
  name: string,
  args: Document,
): Promise<unknown> {
  switch (name) {
    case 'startTransaction':
      return session.startTransaction(driverOptions(args));
    case 'commitTransaction':
      return session.commitTransaction();
    case 'abortTransaction':
      return session.abortTransaction();
    case 'endSession':
      return session.endSession();
    case 'withTransaction': {
      const { callback, ...options } = args;
      await session.withTransaction(async () => {
        for (const operation of callback as SpecOperation[]) await runOperation(context, operation);
      }, driverOptions(options));
      return undefined;
    }
    default:
      throw new Error(`session operation ${name}`);
  }
}

const TRANSACTION_STATES: Record<string, string[]> = {
  none: ['NO_TRANSACTION'],
  starting: ['STARTING_TRANSACTION'],
  in_progress: ['TRANSACTION_IN_PROGRESS'],
  committed: ['TRANSACTION_COMMITTED', 'TRANSACTION_COMMITTED_EMPTY'],
  aborted: ['TRANSACTION_ABORTED'],
};

async function runnerOperation(context: UnifiedTestContext, name: string, args: Document): Promise<unknown> {
  const fail = (what: string) => {
    throw new AssertionFailure(`testRunner.${name}: ${what}`);
  };
  const setupDb = (client: MongoClient) => client.db(String(args.databaseName));
  switch (name) {
    case 'createEntities':
      return context.createEntities(args.entities as Document[]);
    case 'failPoint':
      return context.configureFailPoint(context.client(args.client), args.failPoint as Document);
    case 'assertSessionTransactionState': {
      const state = (context.session(args.session) as unknown as { transaction: { state: string } })
        .transaction.state;
      if (!TRANSACTION_STATES[String(args.state)]?.includes(state))
        fail(`state is ${state}, expected ${args.state}`);
      return undefined;
    }
    case 'assertSessionPinned':
      if (!context.session(args.session).isPinned) fail('session is not pinned');
      return undefined;
    case 'assertSessionUnpinned':
      if (context.session(args.session).isPinned) fail('session is pinned');
      return undefined;
    case 'assertSessionDirty':
    case 'assertSessionNotDirty': {
      const dirty = Boolean(
        (context.session(args.session) as unknown as { serverSession?: { isDirty?: boolean } }).serverSession
          ?.isDirty,
      );
      if (dirty !== (name === 'assertSessionDirty')) fail(`session dirty is ${dirty}`);
      return undefined;
    }
    case 'assertSameLsidOnLastTwoCommands':
    case 'assertDifferentLsidOnLastTwoCommands': {
      const lsids = context.observedClient(String(args.client)).lsids;
      if (lsids.length < 2) fail('fewer than two commands carried an lsid');
      const same = EJSON.stringify(lsids[lsids.length - 1]) === EJSON.stringify(lsids[lsids.length - 2]);
      if (same !== (name === 'assertSameLsidOnLastTwoCommands'))
        fail(`the last two lsids are ${same ? '' : 'not '}the same`);
      return undefined;
    }
    case 'assertCollectionExists':
    case 'assertCollectionNotExists':
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      const client = await new MongoClient(context.uri).connect();
      try {
        const database = setupDb(client);
        if (name.startsWith('assertCollection')) {
          const found = (await database.listCollections({ name: args.collectionName }).toArray()).length > 0;
          if (found !== (name === 'assertCollectionExists'))
            fail(`collection ${args.collectionName} exists: ${found}`);
        } else {
          // No collection, no index: listIndexes answers NamespaceNotFound (26) then.
          const indexes = await database
            .collection(String(args.collectionName))
            .listIndexes()
            .toArray()
            .catch((error: unknown) => {
              if (error instanceof MongoServerError && error.code === 26) return [];
              throw error;
            });
          const found = indexes.some((index) => index.name === args.indexName);
          if (found !== (name === 'assertIndexExists')) fail(`index ${args.indexName} exists: ${found}`);
        }
      } finally {
        await client.close();
      }
      return undefined;
    }
    default:
      throw new Error(`test runner operation ${name}`);
  }
}

/** The driver's write results as the format names them (no upsertedId when nothing was upserted). */
function writeResult(result: Document): Document {
  const plain: Document = { ...result };
  delete plain.acknowledged;
  if (plain.upsertedId === null) delete plain.upsertedId;
  return plain;
}

function bulkWriteResult(result: {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
  insertedIds: Document;
  upsertedIds: Document;
}): Document {
  return {
    insertedCount: result.insertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
    upsertedCount: result.upsertedCount,
    insertedIds: result.insertedIds,
    upsertedIds: result.upsertedIds,
  };
}

function checkEvents(context: UnifiedTestContext, expected: ExpectedEventsForClient): void {
  const actual = context.observedClient(expected.client).events;
  const path = `events of ${expected.client}`;
  if (
    expected.ignoreExtraEvents
      ? actual.length < expected.events.length
      : actual.length !== expected.events.length
  ) {
    throw new AssertionFailure(
      `${path}: expected ${expected.events.length} events, observed ${actual.length}: ${describe(actual.map(summarise))}`,
    );
  }
  expected.events.forEach((event, index) => {
    const [kind, fields] = Object.entries(event)[0] as [string, Document];
    const observed = actual[index];
    if (!observed[kind])
      throw new AssertionFailure(
        `${path}[${index}]: expected ${kind}, observed ${describe(summarise(observed))}`,
      );
    const { command, reply, ...rest } = fields;
    if (command !== undefined) {
      assertMatches(command, observed[kind].command, context, {
        path: `${path}[${index}].command`,
        root: true,
      });
    }
    if (reply !== undefined) {
      assertMatches(reply, observed[kind].reply, context, { path: `${path}[${index}].reply`, root: true });
    }
    for (const [key, value] of Object.entries(rest)) {
      if (key === 'hasServiceId' || key === 'hasServerConnectionId') continue;
      assertMatches(value, observed[kind][key], context, { path: `${path}[${index}].${key}`, root: false });
    }
  });
}

function summarise(event: Document): string {
  const [kind, fields] = Object.entries(event)[0] as [string, Document];
  return `${kind}:${fields.commandName}`;
}

interface MatchPosition {
  path: string;
  root: boolean;
  elementsAreRoot?: boolean;
}

function isOperator(value: unknown): value is Document {
  if (!isPlainDocument(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith('$$');
}

function isPlainDocument(value: unknown): value is Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Checks `actual` against `expected` by the format's rules; throws an AssertionFailure naming the path. */
function assertMatches(
  expected: unknown,
  actual: unknown,
  context: UnifiedTestContext,
  position: MatchPosition,
): void {
  const fail = (what: string): never => {
    throw new AssertionFailure(
      `${position.path}: ${what} (expected ${describe(expected)}, actual ${describe(actual)})`,
    );
  };
  if (isOperator(expected)) {
    const [operator, operand] = Object.entries(expected)[0];
    switch (operator) {
      case '$$exists':
        if ((actual !== undefined) !== operand) fail(operand ? 'missing' : 'present');
        return;
      case '$$unsetOrMatches':
        if (actual !== undefined) assertMatches(operand, actual, context, position);
        return;
      case '$$type': {
        const types = Array.isArray(operand) ? (operand as string[]) : [String(operand)];
        if (actual === undefined || !types.some((type) => hasType(actual, type)))
          fail(`not of type ${types.join('/')}`);
        return;
      }
      case '$$matchesEntity':
        assertMatches(context.entity(operand), actual, context, position);
        return;
      case '$$sessionLsid':
        assertMatches(context.session(operand).id, actual, context, { ...position, root: false });
        return;
      case '$$matchesHexBytes': {
        const bytes =
          actual instanceof Binary
            ? Buffer.from(actual.buffer)
            : Buffer.isBuffer(actual)
              ? actual
              : undefined;
        if (!bytes || bytes.toString('hex').toLowerCase() !== String(operand).toLowerCase())
          fail('bytes differ');
        return;
      }
      case '$$lte':
        if (numeric(actual) === undefined || (numeric(actual) as number) > (numeric(operand) as number))
          fail('not ≤');
        return;
      case '$$matchAsDocument':
        if (typeof actual !== 'string') fail('not a JSON string');
        assertMatches(operand, EJSON.parse(actual as string, { relaxed: true }), context, {
          ...position,
          root: false,
        });
        return;
      case '$$matchAsRoot':
        assertMatches(operand, actual, context, { ...position, root: true });
        return;
      default:
        throw new Error(`${position.path}: the runner does not implement ${operator}`);
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail('not an array');
    const list = actual as unknown[];
    if (list.length !== expected.length) fail(`length ${list.length}, expected ${expected.length}`);
    expected.forEach((item, index) =>
      assertMatches(item, list[index], context, {
        path: `${position.path}[${index}]`,
        root: Boolean(position.elementsAreRoot),
      }),
    );
    return;
  }
  if (actual instanceof Map) {
    // The driver builds some command fields (sort) as Maps, to keep their key order.
    assertMatches(expected, Object.fromEntries(actual), context, position);
    return;
  }
  if (isPlainDocument(expected)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual) || isBsonValue(actual))
      fail('not a document');
    const document = actual as Document;
    for (const [key, value] of Object.entries(expected)) {
      assertMatches(value, document[key], context, { path: `${position.path}.${key}`, root: false });
    }
    if (!position.root) {
      const extra = Object.keys(document).filter((key) => !(key in expected) && document[key] !== undefined);
      if (extra.length > 0) fail(`unexpected fields ${extra.join(', ')}`);
    }
    return;
  }
  if (numeric(expected) !== undefined) {
    if (numeric(actual) === undefined || !Object.is(numeric(actual), numeric(expected))) {
      if (numeric(actual) !== numeric(expected)) fail('numbers differ');
    }
    return;
  }
  if (expected instanceof ObjectId) {
    if (!(actual instanceof ObjectId) || !actual.equals(expected)) fail('ObjectIds differ');
    return;
  }
  if (expected instanceof Date) {
    if (!(actual instanceof Date) || actual.getTime() !== expected.getTime()) fail('dates differ');
    return;
  }
  if (
    expected instanceof Binary ||
    expected instanceof Timestamp ||
    expected instanceof RegExp ||
    (typeof expected === 'object' && expected !== null && isBsonValue(expected))
  ) {
    if (EJSON.stringify(expected as Document) !== EJSON.stringify(actual as Document)) fail('values differ');
    return;
  }
  if (expected !== actual) fail('values differ');
}

function isBsonValue(value: object): boolean {
  return '_bsontype' in value;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'number':
      return numeric(value) !== undefined;
    case 'int':
      return (
        value instanceof Int32 ||
        (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31)
      );
    case 'long':
      return value instanceof Long || (typeof value === 'number' && Number.isInteger(value));
    case 'double':
      return value instanceof Double || typeof value === 'number';
    case 'decimal':
      return value instanceof Decimal128;
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'object':
      return isPlainDocument(value);
    case 'array':
      return Array.isArray(value);
    case 'objectId':
      return value instanceof ObjectId;
    case 'date':
      return value instanceof Date;
    case 'null':
      return value === null;
    case 'binData':
      return value instanceof Binary;
    case 'timestamp':
      return value instanceof Timestamp;
    case 'regex':
      return value instanceof RegExp;
    default:
      return false;
  }
}

function describe(value: unknown): string {
  try {
    const text = EJSON.stringify(value as Document, { relaxed: true });
    return text === undefined ? 'undefined' : text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    return String(value);
  }
}

function describeError(error: unknown): string {
  if (error instanceof MongoServerError) return `${error.codeName ?? ''}(${error.code}): ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
