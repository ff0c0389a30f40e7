import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { SERVER_VERSION } from '../../src/commands/admin';
import { knownEngineDifference, notRunnable } from './known-failures';
import {
  loadSpecFiles,
  runUnifiedTest,
  ServerFacts,
  SPEC_FOLDERS,
  specTestsDirectory,
  unmetRequirements,
  unsupportedFeature,
} from './runner';

/**
 * MongoDB's published unified-format tests (CRUD, transactions, change streams) through the official driver.
 * The JSON files are not part of this repository (their licence is CC BY-NC-SA): they are read from
 * MONGODB_SPEC_TESTS_DIR, else ../shared/mongodb-specifications/source next to the repository, else
 * .cache/mongodb-specifications, where `npm run spec-tests:fetch` puts them (`npm test` runs it when there are none).
 *
 * Against the embedded engine (the default) the file starts an engine of its own, so the deployment-wide
 * change streams see only this file's writes. With a real MongoDB (MONGODB_URI, TEST_DB_KIND=mongodb) it
 * runs against that server and expects every supported test to pass. A test whose requirements the server
 * does not meet, or that uses what the runner does not implement, is reported as skipped with the reason;
 * a test the engine is known to fail runs as `test.failing` with the reason, so it cannot count as passed
 * and is flagged the moment it starts passing.
 */

const againstRealMongo = process.env.TEST_DB_KIND === 'mongodb';
const specRoot = specTestsDirectory();

function realServerFacts(uri: string): ServerFacts {
  const script = `const { MongoClient } = require('mongodb');
    (async () => { const c = await new MongoClient(process.argv[1]).connect(); const a = c.db('admin');
      const b = await a.command({ buildInfo: 1 }); const h = await a.command({ hello: 1 });
      console.log(JSON.stringify({ version: b.version, setName: h.setName, msg: h.msg })); await c.close(); })();`;
  const facts = JSON.parse(execFileSync(process.execPath, ['-e', script, uri], { encoding: 'utf8' })) as {
    version: string;
    setName?: string;
  };
  return {
    version: facts.version.split('.').map((part) => Number.parseInt(part, 10) || 0),
    topology: facts.setName ? 'replicaset' : 'single',
    auth: /@/.test(uri),
  };
}

const facts: ServerFacts = againstRealMongo
  ? realServerFacts(String(process.env.MONGODB_URI))
  : { version: SERVER_VERSION.split('.').map(Number), topology: 'replicaset', auth: false };

let engine: EmbeddedEngine | undefined;
let engineDirectory: string | undefined;
let uri = String(process.env.MONGODB_URI);

beforeAll(async () => {
  if (againstRealMongo) return;
  engineDirectory = mkdtempSync(join(tmpdir(), 'embedded-mongodb-spec-'));
  // Test commands on: the spec tests configure the failCommand fail point, as on a test server.
  engine = await startEmbeddedEngine({ dbPath: engineDirectory, enableTestCommands: true });
  // Discovered as the replica set it reports (not a direct connection), as the spec tests expect of a
  // replica-set member: the driver then sends read preferences and transactions as it would to rs0.
  uri = engine.uri.replace('directConnection=true', 'replicaSet=rs0');
});

afterAll(async () => {
  await engine?.close();
  if (engineDirectory) rmSync(engineDirectory, { recursive: true, force: true });
});

for (const folder of SPEC_FOLDERS) {
  const files = loadSpecFiles(specRoot, folder);
  if (!files) {
    describe.skip(`MongoDB unified spec tests: ${folder} (not found in ${specRoot}; run npm run spec-tests:fetch or set MONGODB_SPEC_TESTS_DIR)`, () => {
      test.todo(`place mongodb/specifications source/${folder}/tests/unified there`);
    });
    continue;
  }
  describe(`MongoDB unified spec tests: ${folder}`, () => {
    for (const file of files) {
      describe(file.fileName, () => {
        for (const spec of file.tests) {
          const notRun =
            unmetRequirements(file.runOnRequirements, facts) ??
            unmetRequirements(spec.runOnRequirements, facts) ??
            (spec.skipReason ? `the spec skips it: ${spec.skipReason}` : undefined) ??
            unsupportedFeature(file, spec) ??
            notRunnable(folder, file.fileName, spec.description);
          if (notRun) {
            test.skip(`${spec.description} [not run: ${notRun}]`, () => undefined);
            continue;
          }
          const knownReason = againstRealMongo
            ? undefined
            : knownEngineDifference(folder, file.fileName, spec.description);
          if (knownReason) {
            test.failing(`${spec.description} [engine differs: ${knownReason}]`, () =>
              runUnifiedTest(uri, file, spec),
            );
          } else {
            test(spec.description, () => runUnifiedTest(uri, file, spec));
          }
        }
      });
    }
  });
}
