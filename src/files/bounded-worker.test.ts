import { describe, expect, it } from 'vitest';
import { runBounded, WorkerFailed, WorkerOverrun } from './bounded-worker.js';

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
});
