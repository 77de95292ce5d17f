/**
 * Officers' writes during a long import: real form posts (with the CSRF token) through the
 * app, in loops, until the import ends; every write is timed and any answer but the success
 * redirect counts as a failure. Shared by the load tests of each import kind.
 */
import { expect } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from './client.js';
import { makeSection, type TestApp } from './factories.js';

export interface WriteSample {
  kind: 'member' | 'article';
  ms: number;
  status: number;
  /** The start of the answer when the write failed. */
  failure: string | null;
}

export interface LatencyStats {
  count: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/** One loop's writers: an officer who admits members, a reporter who saves a draft over and over. */
interface Writers {
  officer: TestClient;
  reporter: TestClient;
  draftId: number;
  version: number;
}

export interface WriteLoad {
  /** Runs `work` while `loops` writers post forms in turn (a member, a draft save, a member…); stops when it settles. */
  during<T>(work: () => Promise<T>): Promise<{ result: T; samples: WriteSample[]; workMs: number }>;
}

/** Sets up a union tree, signed-in officers and reporters, and a draft per loop, on the test app. */
export async function prepareWriteLoad(ta: TestApp, loops = 2): Promise<WriteLoad> {
  const tree = await makeUnitTree(ta.t);
  const section = await makeSection(ta.t, 'Tin cơ sở (soạn thảo)');
  const writers: Writers[] = [];
  for (let i = 0; i < loops; i++) {
    const officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', tree.upper.id)).login);
    await officer.get('/quan-tri/doan-vien/moi');
    const reporter = new TestClient(ta.app);
    await reporter.signIn((await makeUser(ta.t, 'reporter', tree.school.id)).login);
    await reporter.get('/quan-tri/bai-viet/moi');
    const created = await reporter.post('/quan-tri/bai-viet/moi', draftForm(section.id, tree.school.id, i, 0));
    expect(created.statusCode, created.body.slice(0, 300)).toBe(303);
    const draftId = Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    await reporter.get(`/quan-tri/bai-viet/${draftId}`);
    writers.push({ officer, reporter, draftId, version: 1 });
  }

  let admitted = 0;
  const admit = (w: Writers) => {
    admitted++;
    const day = 1 + (admitted % 28);
    const month = 1 + (admitted % 12);
    return w.officer.post('/quan-tri/doan-vien', {
      fullName: `Nguyễn Thị Tải Thử ${admitted}`,
      gender: 'female',
      birthDate: `${1960 + (admitted % 40)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      citizenId: '',
      phone: '',
      job: 'Công nhân',
      cardNumber: '',
      unitId: tree.school.id,
      joinedOn: '2024-03-01',
    });
  };
  const saveDraft = async (w: Writers, loop: number, n: number) => {
    const res = await w.reporter.post(`/quan-tri/bai-viet/${w.draftId}`, {
      ...draftForm(section.id, tree.school.id, loop, n),
      version: w.version,
    });
    if (res.statusCode === 303) w.version++;
    return res;
  };

  return {
    async during(work) {
      const samples: WriteSample[] = [];
      let done = false;
      const loop = async (w: Writers, index: number) => {
        for (let n = 1; !done; n++) {
          const kind = n % 2 === 0 ? 'member' : 'article';
          const started = performance.now();
          const res = kind === 'member' ? await admit(w) : await saveDraft(w, index, n);
          const ms = performance.now() - started;
          const ok = res.statusCode === 303;
          samples.push({ kind, ms, status: res.statusCode, failure: ok ? null : res.body.slice(0, 300) });
          // A write every few milliseconds, as a busy office types, not a tight loop.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const started = performance.now();
      const running = writers.map((w, i) => loop(w, i));
      try {
        const result = await work();
        return { result, samples, workMs: performance.now() - started };
      } finally {
        done = true;
        await Promise.all(running);
      }
    },
  };
}

function draftForm(sectionId: number, unitId: number, loop: number, n: number) {
  return {
    sectionId,
    unitId,
    headline: `Bản nháp của phóng viên ${loop + 1}, lần sửa ${n}`,
    lead: `Sáng nay, công đoàn cơ sở họp bàn kế hoạch quý (bản sửa ${n}).`,
    bodyHtml: `<div>Nội dung bản nháp, sửa lần thứ ${n}.</div>`,
    bylineLabel: 'Tin & ảnh',
    authorName: 'Tô Thị Ái',
    authorUnit: 'CĐCS Trường THPT Số 1',
  };
}

export function latencyStats(samples: WriteSample[]): LatencyStats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]! : 0);
  return { count: ms.length, failed: samples.filter((s) => s.failure !== null).length, p50: at(0.5), p99: at(0.99), max: ms.at(-1) ?? 0 };
}

/** One line for the test's output: what the writes measured while the import ran. */
export function describeLoad(label: string, stats: LatencyStats, workMs: number): string {
  const r = (n: number) => Math.round(n);
  return (
    `${label}: import ${(workMs / 1000).toFixed(1)} s; ${stats.count} writes, ${stats.failed} failed; ` +
    `latency p50 ${r(stats.p50)} ms, p99 ${r(stats.p99)} ms, max ${r(stats.max)} ms`
  );
}
