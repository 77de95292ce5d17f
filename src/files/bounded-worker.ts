/**
 * Running a parser of an uploaded file (mammoth, exceljs) in a worker thread with a heap
 * limit and a time limit: a hostile file ends the worker, never the server.
 *
 * The worker is plain JavaScript evaluated from a string (as in src/db/sqlite-worker.ts),
 * so that it runs the same from the compiled program and from the TypeScript sources under test.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface BoundedJob {
  /** JavaScript defining `async function run(data, modules)`; what it returns is cloned back. */
  source: string;
  /** Packages the worker requires, by the name `run` sees them under: `{ mammoth: 'mammoth' }`. */
  modules: Record<string, string>;
  data: unknown;
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
}

/** The worker ran out of time or memory and was stopped. */
export class WorkerOverrun extends Error {
  constructor(readonly limit: 'time' | 'memory') {
    super(`worker stopped: ${limit} limit`);
    this.name = 'WorkerOverrun';
  }
}

/** The work threw in the worker; the message is the parser's, not for users. */
export class WorkerFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailed';
  }
}

const PRELUDE = `
const { parentPort, workerData } = require('node:worker_threads');
const modules = {};
for (const [name, file] of Object.entries(workerData.modules)) modules[name] = require(file);
`;

const POSTLUDE = `
Promise.resolve()
  .then(() => run(workerData.data, modules))
  .then(
    (result) => parentPort.postMessage({ result }),
    (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
  );
`;

const resolvePackage = createRequire(import.meta.url).resolve;

/** Runs the job in a fresh worker; rejects with WorkerOverrun past a limit, WorkerFailed when the work throws. */
export function runBounded<T>(job: BoundedJob): Promise<T> {
  const modules = Object.fromEntries(Object.entries(job.modules).map(([name, pkg]) => [name, resolvePackage(pkg)]));
  const worker = new Worker(PRELUDE + job.source + POSTLUDE, {
    eval: true,
    workerData: { modules, data: job.data },
    resourceLimits: { maxOldGenerationSizeMb: job.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new WorkerOverrun('time'))), job.timeoutMs);
    worker.on('message', (message: { result?: T; error?: string }) => {
      if (message.error !== undefined) settle(() => reject(new WorkerFailed(message.error ?? '')));
      else settle(() => resolve(message.result as T));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(() => reject(new WorkerOverrun('memory')));
      else settle(() => reject(new WorkerFailed(error.message)));
    });
    worker.on('exit', () => settle(() => reject(new WorkerOverrun('memory'))));
  });
}

/** A Uint8Array cloned back from a worker, as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
