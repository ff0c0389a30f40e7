// The worker side of an engine thread (see thread.ts): runs the engine in this thread and talks to the
// parent in EngineThreadMessage / EngineThreadCommand.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineLogger } from './index';
import { describeError } from './logger';
import { prefetchSnapshot } from './storage/snapshot-file';
import type { EngineLogLevel, EngineThreadCommand, EngineThreadConfig, EngineThreadMessage } from './thread';

// The snapshot is read (by the thread pool) while this thread loads the engine's modules.
const prefetchedSnapshot = prefetchSnapshot((workerData as EngineThreadConfig).dbPath);

async function runEngineThread(): Promise<void> {
  const parent = parentPort;
  if (!parent) throw new Error('threadWorker runs only as a worker thread');
  const config = workerData as EngineThreadConfig;
  const post = (message: EngineThreadMessage) => parent.postMessage(message);
  const forward = (level: EngineLogLevel) => (message: string) => post({ kind: 'log', level, message });
  const logger: EngineLogger = {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
  let engine;
  try {
    const { startInProcess } = await import('./inProcess');
    engine = await startInProcess(
      {
        dbPath: config.dbPath,
        port: config.port,
        host: config.host,
        enableTestCommands: config.enableTestCommands,
        changeHistory: config.changeHistory,
        logger,
      },
      {
        // The parent thread holds the lock on dbPath.
        directoryLock: { release: () => undefined },
        onWriteStateChange: (state) => post({ kind: 'writeState', state }),
        prefetchedSnapshot,
      },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    post({
      kind: 'startFailed',
      message: describeError(error),
      ...(typeof code === 'string' ? { code } : {}),
    });
    parent.close();
    return;
  }
  const started = engine;
  post({ kind: 'listening', uri: started.uri, port: started.port, writeState: started.writeState() });
  parent.on('message', (command: EngineThreadCommand) => {
    if (command.kind !== 'close') return;
    started.close().then(
      () => post({ kind: 'closed' }),
      (error: unknown) => post({ kind: 'closeFailed', message: describeError(error) }),
    );
  });
}

void runEngineThread();
