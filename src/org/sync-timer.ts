import type { DbContext } from '../db/context.js';
import { addDays, todayInVietnam } from '../lib/dates.js';
import { syncTreeToday } from './service.js';

/** Milliseconds from `now` to the next midnight in Vietnam (UTC+7 all year). */
export function msUntilVietnamMidnight(now: Date): number {
  return Date.parse(`${addDays(todayInVietnam(now), 1)}T00:00:00+07:00`) - now.getTime();
}

/** A second past midnight: a timer that fires a little early finds the day unchanged and is armed again for it. */
const PAST_MIDNIGHT_MS = 1000;

export interface TreeSyncTimer {
  stop(): void;
}

export interface TreeSyncOptions {
  clock?: () => Date;
  sync?: (ctx: DbContext, now: Date) => Promise<unknown>;
}

/**
 * Brings today's tree up to its dated events at start and after each midnight, Vietnam time.
 * Every app process may run it (the run is conditional on the last sync date); the timer
 * does not keep the process alive.
 */
export function startTreeSyncTimer(ctx: DbContext, onError: (err: unknown) => void, options: TreeSyncOptions = {}): TreeSyncTimer {
  const clock = options.clock ?? (() => new Date());
  const sync = options.sync ?? syncTreeToday;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = () => {
    sync(ctx, clock()).catch(onError);
  };
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        run();
        arm();
      },
      msUntilVietnamMidnight(clock()) + PAST_MIDNIGHT_MS,
    );
    timer.unref();
  };
  run();
  arm();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
