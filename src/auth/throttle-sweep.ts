import type { DbContext } from '../db/context.js';
import * as repo from './repo.js';
import { ADDRESS_THROTTLE, PAIR_THROTTLE } from './service.js';

/**
 * Sign-in throttle rows whose failures are forgotten and whose wait is over count for nothing
 * (the next attempt starts afresh): the hourly sweep removes them, so the table holds only the
 * keys that failed lately. Keys are `a|address` and `p|address|login` (see `login`).
 */
export async function purgeEndedSignInThrottles(ctx: DbContext, now = Date.now()): Promise<number> {
  return (
    (await repo.purgeSignInThrottle(ctx, 'a|', ADDRESS_THROTTLE, now)) + (await repo.purgeSignInThrottle(ctx, 'p|', PAIR_THROTTLE, now))
  );
}
