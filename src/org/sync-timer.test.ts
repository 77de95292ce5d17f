import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { msUntilVietnamMidnight, startTreeSyncTimer } from './sync-timer.js';

describe('the daily tree sync timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the time to the next midnight in Vietnam (UTC+7)', () => {
    expect(msUntilVietnamMidnight(new Date('2026-12-07T16:59:59Z'))).toBe(1000);
    expect(msUntilVietnamMidnight(new Date('2026-12-07T17:00:00Z'))).toBe(24 * 3600_000);
    expect(msUntilVietnamMidnight(new Date('2026-12-07T18:06:00Z'))).toBe((22 * 60 + 54) * 60_000);
    expect(msUntilVietnamMidnight(new Date('2026-12-31T20:00:00Z'))).toBe(21 * 3600_000);
  });

  it('runs at start and after each midnight, re-armed every day, until stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T16:58:00Z') });
    const days: string[] = [];
    const timer = startTreeSyncTimer({} as DbContext, () => {}, { sync: async (_ctx, now) => days.push(todayInVietnam(now)) });
    expect(days).toEqual(['2026-12-07']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(days).toEqual(['2026-12-07']);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(days).toEqual(['2026-12-07', '2026-12-08']);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(days).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    timer.stop();
    await vi.advanceTimersByTimeAsync(3 * 24 * 3600_000);
    expect(days).toHaveLength(3);
  });

  it('reports a failed run and keeps the timer', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00Z') });
    const errors: unknown[] = [];
    const timer = startTreeSyncTimer({} as DbContext, (e) => errors.push(e), {
      sync: async () => {
        throw new Error('database away');
      },
    });
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(errors).toHaveLength(2);
    timer.stop();
  });
});
