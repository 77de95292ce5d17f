import cluster, { type Worker } from 'node:cluster';

/**
 * `congdoan serve --workers N`: this process starts N server processes that share the port
 * (node:cluster), restarts any that dies, and stops them all on SIGINT/SIGTERM. A worker that
 * keeps crashing is restarted after a pause, so a broken deployment does not spin the CPU.
 */

export interface SupervisorOptions {
  workers: number;
  /** The arguments a worker is started with after the script (process.argv as given). */
  args: string[];
  /** One line of the supervisor's log (stderr by default). */
  log?: (line: string) => void;
}

const CRASH_WINDOW_MS = 60_000;
const CRASHES_BEFORE_PAUSE = 5;
const PAUSE_MS = 5_000;

export function superviseWorkers({ workers, args, log = (line) => process.stderr.write(`${line}\n`) }: SupervisorOptions): void {
  cluster.setupPrimary({ args });
  let stopping = false;
  const crashes: number[] = [];
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => log(`Tiến trình phục vụ ${worker.process.pid} đã sẵn sàng.`));
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    const delay = crashes.length > CRASHES_BEFORE_PAUSE ? PAUSE_MS : 0;
    const how = signal ? `tín hiệu ${signal}` : `mã thoát ${code}`;
    log(
      `Tiến trình phục vụ ${worker.process.pid} đã dừng (${how}); khởi động lại${delay ? ` sau ${delay / 1000} giây vì dừng quá nhiều lần trong một phút` : ''}.`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const stop = () => {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (running.length === 0) process.exit(0);
    let left = running.length;
    for (const worker of running) {
      worker.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      worker.kill('SIGTERM');
    }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  for (let i = 0; i < workers; i++) fork();
}
