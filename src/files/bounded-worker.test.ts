import { describe, expect, it } from 'vitest';
import { BoundedStream, runBounded, WorkerFailed, WorkerOverrun } from './bounded-worker.js';

const job = (source: string, data: unknown = null, timeoutMs = 5000) => ({
  source,
  modules: {},
  data,
  maxOldGenerationSizeMb: 64,
  timeoutMs,
});

describe('a bounded worker', () => {
  it('returns what the work returns', async () => {
    expect(await runBounded(job('async function run(data) { return { twice: data * 2, bytes: Buffer.from("ab") }; }', 21))).toMatchObject({
      twice: 42,
    });
  });

  it('reports what the work throws', async () => {
    await expect(runBounded(job('async function run() { throw new Error("hỏng"); }'))).rejects.toThrow(WorkerFailed);
  });

  it('stops work that runs too long, and the event loop keeps answering meanwhile', async () => {
    const started = Date.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const error = await runBounded(job('async function run() { for (;;) {} }', null, 500)).catch((e: unknown) => e);
    clearInterval(ticker);
    expect(error).toBeInstanceOf(WorkerOverrun);
    expect((error as WorkerOverrun).limit).toBe('time');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops work that takes more memory than allowed', async () => {
    const error = await runBounded(
      job('async function run() { const a = []; for (;;) a.push({ n: a.length, s: "x" + a.length }); }', null, 20_000),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerOverrun);
    expect((error as WorkerOverrun).limit).toBe('memory');
  });

  const stream = <T>(source: string, timeoutMs = 5000, over: { ahead?: number; idleTimeoutMs?: number } = {}) =>
    new BoundedStream<T>({ ...job(source, null, timeoutMs), ...over });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('streams items in order, never more than `ahead` of the reader', async () => {
    const s = stream<{ i: number; at: number }>(
      'async function run(data, m, { emit }) { for (let i = 0; i < 6; i++) await emit({ i, at: Date.now() }); }',
      5000,
      { ahead: 2 },
    );
    await sleep(300);
    const readFrom = Date.now();
    const items = [];
    for (let item = await s.next(); item !== undefined; item = await s.next()) items.push(item);
    expect(items.map((x) => x.i)).toEqual([0, 1, 2, 3, 4, 5]);
    // An item's `at` is when the one before it was handed over: two went while nobody read, the third waited for the reader.
    expect(items[2]!.at).toBeLessThan(readFrom);
    expect(items[3]!.at).toBeGreaterThanOrEqual(readFrom - 5);
  });

  it('counts only the reader waits against the time limit, and stops a worker that makes it wait too long', async () => {
    const slow = stream<number>(
      'async function run(data, m, { emit }) { for (let i = 0; i < 4; i++) { const end = Date.now() + 100; while (Date.now() < end); await emit(i); } }',
      1000,
      { ahead: 1 },
    );
    const got = [];
    for (let item = await slow.next(); item !== undefined; item = await slow.next()) {
      got.push(item);
      await sleep(400);
    }
    expect(got).toEqual([0, 1, 2, 3]);
    const stuck = stream<number>('async function run(data, m, { emit }) { await emit(1); for (;;) {} }', 500);
    expect(await stuck.next()).toBe(1);
    const started = Date.now();
    const error = await stuck.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerOverrun);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('ends the worker on close, or when the reader leaves it waiting too long; reports what the work throws', async () => {
    const s = stream<number>('async function run(data, m, { emit }) { for (let i = 0; ; i++) await emit(i); }');
    expect(await s.next()).toBe(0);
    s.close();
    await expect(s.next()).rejects.toThrow(WorkerFailed);
    const idle = stream<number>('async function run(data, m, { emit }) { for (let i = 0; ; i++) await emit(i); }', 5000, {
      ahead: 1,
      idleTimeoutMs: 200,
    });
    expect(await idle.next()).toBe(0);
    await sleep(400);
    await expect(idle.next()).rejects.toThrow(WorkerOverrun);
    const failing = stream<number>('async function run(data, m, { emit }) { await emit(1); throw new Error("hỏng"); }');
    expect(await failing.next()).toBe(1);
    await expect(failing.next()).rejects.toThrow('hỏng');
  });
});
