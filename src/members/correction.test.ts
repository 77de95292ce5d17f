import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { loadAuthUser } from '../auth/service.js';
import { proposeCase } from '../care/service.js';
import { inTransaction } from '../db/context.js';
import { addDays } from '../lib/dates.js';
import { createUnitIn } from '../org/service.js';
import { periodsOf } from './correction-repo.js';
import type { CorrectionEvent } from './correction-schema.js';
import { redateEvent, undoEvent } from './correction-service.js';
import { countJoinedLeft, countJoinedLeftByPeriods, countMembersAsOf, countMembersAsOfByPeriods } from './repo.js';
import { admitMember, memberLeaves, rejoinMember, transferMember } from './service.js';
import { requestTransfer } from './transfer-service.js';

/** "403 …", "409 …" or "ok": what a command did. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { statusCode?: number; message: string; field?: string | null };
    return `${err.statusCode ?? 500}${err.field ? ` [${err.field}]` : ''} ${err.message}`;
  }
}

describe.each(DIALECTS)('correcting a member history on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let province: AuthUser;
  let upper: AuthUser;
  let school: AuthUser;
  let clinic: AuthUser;
  let viewer: AuthUser;
  let young: { id: number; short_name: string };
  const logins: Record<string, string> = {};
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const user = async (role: 'officer' | 'viewer', unitId: number, name: string) => {
      const u = await makeUser(ta.t, role, unitId);
      logins[name] = u.login;
      return (await loadAuthUser(ta.t, u.id))!;
    };
    province = await user('officer', units.province.id, 'province');
    upper = await user('officer', units.upper.id, 'upper');
    school = await user('officer', units.school.id, 'school');
    clinic = await user('officer', units.clinic.id, 'clinic');
    viewer = await user('viewer', units.province.id, 'viewer');
    young = await inTransaction(ta.t, (tx) =>
      createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: units.upper.id,
        level: 'grassroots',
        shortName: 'CĐCS Trường Mới',
        fullName: 'Công đoàn cơ sở Trường Mới',
        foundedOn: '2021-01-01',
      }),
    );
  });
  afterAll(async () => {
    await ta.close();
  });
  const t = () => ta.t;

  /**
   * The running totals of every unit and subtree equal the count made from the periods, on each day a period
   * starts or ends (and the day before), and on each day the totals keep a row for (left over by a correction).
   */
  async function expectCountsRight() {
    const roots = [...Object.values(units), young];
    const days = new Set<string>(['2019-01-01']);
    for (const p of await ta.t.db.selectFrom('memberships').select(['started_on', 'ended_on']).execute())
      for (const d of [p.started_on, p.ended_on]) if (d) days.add(d).add(addDays(d, -1));
    for (const r of await ta.t.db.selectFrom('unit_member_counts').select('day').distinct().execute()) days.add(r.day);
    for (const d of [...days].sort())
      for (const root of roots) {
        expect(await countMembersAsOf(t(), root.id, d), `${root.short_name} ${d}`).toEqual(
          await countMembersAsOfByPeriods(t(), root.id, d),
        );
        const from = addDays(d, -120);
        expect(await countJoinedLeft(t(), root.id, from, d, d), `flows ${root.short_name} ${d}`).toEqual(
          await countJoinedLeftByPeriods(t(), root.id, from, d, d),
        );
      }
  }

  let counter = 0;
  async function admit(unitId: number, on: string) {
    counter++;
    return (
      await admitMember(t(), province, {
        fullName: `Đoàn Viên Đính Chính ${counter}`,
        gender: counter % 2 ? 'female' : 'male',
        birthDate: `1980-01-${String(counter).padStart(2, '0')}`,
        unitId,
        joinedOn: on,
        notADuplicate: true,
      })
    ).id;
  }
  const periods = async (id: number) =>
    (await periodsOf(t(), id)).map((p) => `${p.unit_name} ${p.started_on} ${p.start_kind} ${p.ended_on ?? '…'} ${p.end_kind ?? ''}`.trim());
  const target = async (memberId: number, event: CorrectionEvent, index: number) => ({
    memberId,
    periodId: (await periodsOf(t(), memberId))[index]!.id,
    event,
  });
  const lastAudit = async () =>
    ta.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'like', 'member.correct%')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  it('changes the date of an admission, a transfer, a leave and a rejoin, with the totals right on every day', async () => {
    const id = await admit(units.school.id, '2020-01-01');
    await transferMember(t(), province, id, units.hospital.id, '2021-03-12');
    await memberLeaves(t(), province, id, '2022-05-01', { reason: 'retired' });
    await rejoinMember(t(), province, id, units.school.id, '2023-01-01');
    await expectCountsRight();

    await redateEvent(t(), province, await target(id, 'admission', 0), { on: '2019-06-01', was: '2020-01-01' });
    await redateEvent(t(), province, await target(id, 'transfer', 0), { on: '2021-04-01', was: '2021-03-12' });
    await redateEvent(t(), province, await target(id, 'leave', 1), { on: '2022-06-01', was: '2022-05-01' });
    await redateEvent(t(), province, await target(id, 'rejoin', 2), { on: '2023-02-01', was: '2023-01-01' });
    expect(await periods(id)).toEqual([
      'CĐCS Trường THPT Số 1 2019-06-01 join 2021-04-01 transfer_out',
      'CĐCS Bệnh viện tỉnh 2021-04-01 transfer_in 2022-06-01 leave',
      'CĐCS Trường THPT Số 1 2023-02-01 rejoin …',
    ]);
    await expectCountsRight();
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'member.correct_date', entity: 'member', entity_id: String(id), actor_user_id: province.id });
    expect(JSON.parse(audit.before_json!)).toEqual({ event: 'rejoin', on: '2023-01-01', unit_ids: [units.hospital.id, units.school.id] });
    expect(JSON.parse(audit.after_json!)).toEqual({ event: 'rejoin', on: '2023-02-01' });

    // Impossible dates are refused by the date field, and nothing changes.
    const before = await periods(id);
    expect(await outcome(redateEvent(t(), province, await target(id, 'transfer', 0), { on: '2019-05-01', was: '2021-04-01' }))).toBe(
      '400 [on] Ngày chuyển sinh hoạt phải sau ngày bắt đầu sinh hoạt tại CĐCS Trường THPT Số 1 (01/06/2019).',
    );
    expect(await outcome(redateEvent(t(), province, await target(id, 'transfer', 0), { on: '2022-07-01', was: '2021-04-01' }))).toContain(
      '400 [on] Ngày chuyển sinh hoạt phải trước ngày 01/06/2022',
    );
    expect(await outcome(redateEvent(t(), province, await target(id, 'leave', 1), { on: '2023-03-01', was: '2022-06-01' }))).toBe(
      '400 [on] Ngày thôi sinh hoạt không được sau ngày kết nạp lại vào CĐCS Trường THPT Số 1 (01/02/2023).',
    );
    expect(await outcome(redateEvent(t(), province, await target(id, 'admission', 0), { on: '2021-05-01', was: '2019-06-01' }))).toContain(
      '400 [on] Ngày kết nạp phải trước ngày 01/04/2021',
    );
    expect(await outcome(redateEvent(t(), province, await target(id, 'rejoin', 2), { on: '2022-05-31', was: '2023-02-01' }))).toContain(
      '400 [on] Ngày kết nạp lại phải từ ngày 01/06/2022',
    );
    expect(await outcome(redateEvent(t(), province, await target(id, 'rejoin', 2), { on: '2023-02-01', was: '2023-02-01' }))).toBe(
      '400 [on] Ngày mới trùng với ngày đang ghi (01/02/2023).',
    );
    // A page opened before another correction is refused rather than applied to a history it did not show.
    expect(await outcome(redateEvent(t(), province, await target(id, 'rejoin', 2), { on: '2023-03-01', was: '2023-01-01' }))).toMatch(
      /^409 Quá trình sinh hoạt của đoàn viên đã thay đổi/,
    );
    // A unit founded in 2021 held no member in 2020.
    const late = await admit(young.id, '2021-06-01');
    expect(await outcome(redateEvent(t(), province, await target(late, 'admission', 0), { on: '2020-06-01', was: '2021-06-01' }))).toMatch(
      /^400 \[on\] CĐCS Trường Mới không hoạt động suốt thời gian từ 01\/06\/2020 đến nay/,
    );
    expect(await periods(id)).toEqual(before);
    await expectCountsRight();
  });

  it('undoes a transfer (the periods join again), a leave (reopened), a rejoin (its period removed), with the totals right', async () => {
    const moved = await admit(units.school.id, '2020-01-01');
    await transferMember(t(), province, moved, units.hospital.id, '2024-03-12');
    await undoEvent(t(), upper, await target(moved, 'transfer', 0), { was: '2024-03-12' });
    expect(await periods(moved)).toEqual(['CĐCS Trường THPT Số 1 2020-01-01 join …']);
    expect(JSON.parse((await lastAudit()).after_json!)).toEqual({ event: 'transfer', undone: true });

    // A transfer followed by a departure: the member left from the first unit.
    const twice = await admit(units.school.id, '2020-02-01');
    await transferMember(t(), province, twice, units.hospital.id, '2021-01-01');
    await memberLeaves(t(), province, twice, '2022-01-01', { reason: 'other', note: 'Đi xa' });
    await undoEvent(t(), province, await target(twice, 'transfer', 0), { was: '2021-01-01' });
    expect(await periods(twice)).toEqual(['CĐCS Trường THPT Số 1 2020-02-01 join 2022-01-01 leave']);
    expect((await periodsOf(t(), twice))[0]).toMatchObject({ end_reason: 'other', end_note: 'Đi xa' });

    const left = await admit(units.hospital.id, '2020-03-01');
    await memberLeaves(t(), province, left, '2023-01-01', { reason: 'retired' });
    await undoEvent(t(), province, await target(left, 'leave', 0), { was: '2023-01-01' });
    expect(await periods(left)).toEqual(['CĐCS Bệnh viện tỉnh 2020-03-01 join …']);
    expect((await periodsOf(t(), left))[0]).toMatchObject({ end_reason: null, end_note: null });

    const back = await admit(units.hospital.id, '2020-04-01');
    await memberLeaves(t(), province, back, '2021-01-01', { reason: 'quit_job' });
    await rejoinMember(t(), province, back, units.school.id, '2022-01-01');
    // The leave cannot be undone while the member has a later period elsewhere.
    expect(await outcome(undoEvent(t(), province, await target(back, 'leave', 0), { was: '2021-01-01' }))).toBe(
      '409 Không hủy được việc thôi sinh hoạt: sau đó đoàn viên đã kết nạp lại vào CĐCS Trường THPT Số 1 từ ngày 01/01/2022. Hãy hủy bỏ việc đó trước.',
    );
    await undoEvent(t(), province, await target(back, 'rejoin', 1), { was: '2022-01-01' });
    expect(await periods(back)).toEqual(['CĐCS Bệnh viện tỉnh 2020-04-01 join 2021-01-01 leave']);

    // Rejoined at the same unit: undoing the leave makes one period again.
    const same = await admit(units.school.id, '2020-05-01');
    await memberLeaves(t(), province, same, '2021-05-01', { reason: 'voluntary' });
    await rejoinMember(t(), province, same, units.school.id, '2021-09-01');
    await undoEvent(t(), province, await target(same, 'leave', 0), { was: '2021-05-01' });
    expect(await periods(same)).toEqual(['CĐCS Trường THPT Số 1 2020-05-01 join …']);

    // A rejoin followed by a transfer is undone from the last change backwards.
    const chain = await admit(units.school.id, '2020-06-01');
    await memberLeaves(t(), province, chain, '2021-06-01', { reason: 'voluntary' });
    await rejoinMember(t(), province, chain, units.school.id, '2022-06-01');
    await transferMember(t(), province, chain, units.hospital.id, '2023-06-01');
    expect(await outcome(undoEvent(t(), province, await target(chain, 'rejoin', 1), { was: '2022-06-01' }))).toMatch(
      /^409 Không hủy được việc kết nạp lại: sau đó đoàn viên còn có thay đổi khác \(chuyển đến CĐCS Bệnh viện tỉnh ngày 01\/06\/2023\)/,
    );
    // A transfer request still waiting must be withdrawn first.
    await requestTransfer(t(), upper, chain, units.clinic.id, '2024-06-01');
    expect(await outcome(undoEvent(t(), province, await target(chain, 'transfer', 1), { was: '2023-06-01' }))).toMatch(
      /^409 Đoàn viên đang có đề nghị chuyển sinh hoạt chờ/,
    );
    await expectCountsRight();
  });

  it('undoes an admission recorded in error: the member goes, the audit stays; refused while others records name them', async () => {
    const wrong = await admit(units.school.id, '2024-02-01');
    await undoEvent(t(), school, await target(wrong, 'admission', 0), { was: '2024-02-01' });
    expect(await ta.t.db.selectFrom('members').select('id').where('id', '=', wrong).executeTakeFirst()).toBeUndefined();
    expect(await periodsOf(t(), wrong)).toEqual([]);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'member.correct_undo', entity_id: String(wrong), unit_id: units.school.id });
    expect(JSON.parse(audit.before_json!)).toEqual({ event: 'admission', on: '2024-02-01', unit_ids: [units.school.id] });
    expect(JSON.parse(audit.after_json!)).toEqual({ event: 'admission', undone: true, member_removed: true, requests_removed: 0 });
    // The audit keeps no personal data of the person recorded in error.
    expect(audit.before_json! + audit.after_json!).not.toContain('Đoàn Viên');

    const helped = await admit(units.school.id, '2024-02-01');
    await proposeCase(t(), province, {
      recipient: { kind: 'member', memberId: helped },
      reason: 'hardship',
      cashAmount: 500_000,
      occurredOn: '2024-05-01',
      proposingUnitId: units.school.id,
    });
    expect(await outcome(undoEvent(t(), province, await target(helped, 'admission', 0), { was: '2024-02-01' }))).toBe(
      '409 Không hủy được việc kết nạp: đoàn viên có 1 hồ sơ chăm lo. Hồ sơ chăm lo phải giữ người nhận, nên hãy xử lý các hồ sơ đó trước.',
    );
    const moved = await admit(units.school.id, '2024-02-01');
    await transferMember(t(), province, moved, units.hospital.id, '2024-04-01');
    expect(await outcome(undoEvent(t(), province, await target(moved, 'admission', 0), { was: '2024-02-01' }))).toMatch(
      /^409 Không hủy được việc kết nạp: sau đó đoàn viên còn có thay đổi khác/,
    );
    await expectCountsRight();
  });

  it('two corrections of one member at once: the second reads what the first wrote, so the periods never overlap', async () => {
    const id = await admit(units.school.id, '2020-01-01');
    await memberLeaves(t(), province, id, '2021-01-01', { reason: 'quit_job' });
    await rejoinMember(t(), province, id, units.hospital.id, '2021-06-01');
    // Each alone is right; both together would put the departure after the rejoin.
    const results = await Promise.allSettled([
      redateEvent(t(), province, await target(id, 'leave', 0), { on: '2021-05-01', was: '2021-01-01' }),
      redateEvent(t(), province, await target(id, 'rejoin', 1), { on: '2021-02-01', was: '2021-06-01' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [first, second] = await periodsOf(t(), id);
    expect(first!.ended_on! <= second!.started_on).toBe(true);
    await expectCountsRight();
  });

  it('needs write scope over every unit of the event: one side of a transfer is not enough, nor a read-only role', async () => {
    const id = await admit(units.school.id, '2020-01-01');
    await transferMember(t(), province, id, units.hospital.id, '2024-03-12');
    const transfer = await target(id, 'transfer', 0);
    expect(await outcome(undoEvent(t(), school, transfer, { was: '2024-03-12' }))).toBe(
      '403 CĐCS Bệnh viện tỉnh ngoài phạm vi của bạn: chỉ cán bộ quản lý cả CĐCS Trường THPT Số 1 và CĐCS Bệnh viện tỉnh mới đính chính được việc này.',
    );
    expect(await outcome(redateEvent(t(), school, transfer, { on: '2024-03-15', was: '2024-03-12' }))).toMatch(/^403 /);
    expect(await outcome(redateEvent(t(), clinic, transfer, { on: '2024-03-15', was: '2024-03-12' }))).toMatch(/^403 /);
    expect(await outcome(undoEvent(t(), viewer, transfer, { was: '2024-03-12' }))).toMatch(/^403 /);
    expect(await outcome(redateEvent(t(), clinic, await target(id, 'admission', 0), { on: '2020-02-01', was: '2020-01-01' }))).toMatch(
      /^403 CĐCS Trường THPT Số 1 ngoài phạm vi của bạn/,
    );
    expect(await periods(id)).toEqual([
      'CĐCS Trường THPT Số 1 2020-01-01 join 2024-03-12 transfer_out',
      'CĐCS Bệnh viện tỉnh 2024-03-12 transfer_in …',
    ]);
    // A rejoin touches the unit left and the unit rejoined: the school's officer does not reach the clinic.
    const back = await admit(units.clinic.id, '2020-01-01');
    await memberLeaves(t(), province, back, '2022-01-01', { reason: 'moved_out' });
    await rejoinMember(t(), province, back, units.school.id, '2023-01-01');
    expect(await outcome(undoEvent(t(), school, await target(back, 'rejoin', 1), { was: '2023-01-01' }))).toBe(
      '403 CĐCS Trạm Y tế ngoài phạm vi của bạn: chỉ cán bộ quản lý cả CĐCS Trạm Y tế và CĐCS Trường THPT Số 1 mới đính chính được việc này.',
    );
    expect(await outcome(redateEvent(t(), clinic, await target(back, 'rejoin', 1), { on: '2023-02-01', was: '2023-01-01' }))).toMatch(
      /^403 CĐCS Trường THPT Số 1 ngoài phạm vi của bạn/,
    );
    // An event the period does not carry is not found.
    expect(await outcome(undoEvent(t(), province, { ...transfer, event: 'leave' }, { was: '2024-03-12' }))).toMatch(/^404 /);
  });

  describe('pages', () => {
    const signIn = async (name: string) => {
      const c = new TestClient(ta.app);
      await c.signIn(logins[name]!);
      return c;
    };
    const snapshot = async () =>
      Promise.all(
        (['audit_events', 'memberships', 'members', 'unit_member_counts', 'unit_subtree_counts'] as const).map(async (table) => {
          let q = ta.t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
          // Signing in is logged; what a page shows is not.
          if (table === 'audit_events') q = q.where('action', '<>', 'user.login');
          return Number((await q.executeTakeFirstOrThrow()).n);
        }),
      );

    it('the member page links each event to "Sửa ngày" and "Hủy bỏ"; the confirmation says what will happen and writes nothing', async () => {
      const id = await admit(units.school.id, '2020-01-01');
      await transferMember(t(), province, id, units.hospital.id, '2024-03-12');
      const p = await periodsOf(t(), id);
      const officer = await signIn('upper');
      const page = await officer.get(`/quan-tri/doan-vien/${id}`);
      const undoPath = `/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/huy-bo`;
      expect(page.body).toContain(`href="${undoPath}"`);
      expect(page.body).toContain(`href="/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/ket-nap/sua-ngay"`);
      expect(page.body).toContain(`href="/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/sua-ngay"`);

      const before = await snapshot();
      const confirm = await officer.get(undoPath);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain(
        'Hủy việc chuyển sinh hoạt ngày 12/03/2024 từ CĐCS Trường THPT Số 1 sang CĐCS Bệnh viện tỉnh: đoàn viên trở lại CĐCS Trường THPT Số 1 từ 01/01/2020 đến nay.',
      );
      expect(confirm.body).toContain('Xác nhận hủy bỏ');
      const form = await officer.get(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/sua-ngay`);
      expect(form.body).toContain('value="12/03/2024"');
      expect(await snapshot()).toEqual(before);

      // A bad date comes back with the message by the field, nothing written.
      const bad = await officer.post(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/sua-ngay`, {
        on: '31/02/2024',
        was: '2024-03-12',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(
        /id="on"[^>]*value="31\/02\/2024"[\s\S]*?<span class="field-error" id="on-error" role="alert">Ngày không hợp lệ/,
      );
      const early = await officer.post(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/sua-ngay`, {
        on: '01/01/2019',
        was: '2024-03-12',
      });
      expect(early.statusCode).toBe(400);
      expect(early.body).toMatch(
        /id="on-error" role="alert">Ngày chuyển sinh hoạt phải sau ngày bắt đầu sinh hoạt tại CĐCS Trường THPT Số 1/,
      );
      expect(await snapshot()).toEqual(before);

      const moved = await officer.post(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat/sua-ngay`, {
        on: '15/03/2024',
        was: '2024-03-12',
      });
      expect(moved.statusCode).toBe(303);
      expect(moved.headers.location).toBe(`/quan-tri/doan-vien/${id}`);
      const undone = await officer.post(undoPath, { was: '2024-03-15' });
      expect(undone.statusCode).toBe(303);
      expect(await periods(id)).toEqual(['CĐCS Trường THPT Số 1 2020-01-01 join …']);
      await expectCountsRight();
    });

    it('refuses the wrong role and units out of scope, one side of a transfer included, on the pages and the posts', async () => {
      const id = await admit(units.school.id, '2020-01-01');
      await transferMember(t(), province, id, units.hospital.id, '2024-03-12');
      const p = await periodsOf(t(), id);
      const base = `/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/chuyen-sinh-hoat`;
      const before = await snapshot();
      for (const name of ['viewer', 'school', 'clinic']) {
        const c = await signIn(name);
        expect((await c.get(`${base}/huy-bo`)).statusCode, name).toBe(403);
        expect((await c.get(`${base}/sua-ngay`)).statusCode, name).toBe(403);
        await c.get('/quan-tri');
        expect((await c.post(`${base}/huy-bo`, { was: '2024-03-12' })).statusCode, name).toBe(403);
        expect((await c.post(`${base}/sua-ngay`, { on: '15/03/2024', was: '2024-03-12' })).statusCode, name).toBe(403);
      }
      const oneSide = await (await signIn('school')).get(`${base}/huy-bo`);
      expect(oneSide.body).toContain('CĐCS Bệnh viện tỉnh ngoài phạm vi của bạn');
      expect(await snapshot()).toEqual(before);
      // An event that cannot be undone says why on its page, with no button.
      const later = await signIn('province');
      const refused = await later.get(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/ket-nap/huy-bo`);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Không hủy được việc kết nạp: sau đó đoàn viên còn có thay đổi khác');
      expect(refused.body).not.toContain('Xác nhận hủy bỏ');
      expect((await later.get(`/quan-tri/doan-vien/${id}/qua-trinh/${p[0]!.id}/nhap-sai/huy-bo`)).statusCode).toBe(404);
    });
  });
});
