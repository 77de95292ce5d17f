import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import { addDays } from '../lib/dates.js';
import { mergeUnitsIn, moveUnitIn } from '../org/service.js';
import { countJoinedLeft, countJoinedLeftByPeriods, countMembersAsOf, countMembersAsOfByPeriods } from './repo.js';
import { importMembers } from './import-service.js';
import { rebuildMemberCounts, rebuildSubtreeCounts } from './counts-repo.js';
import { admitMember, memberLeaves, moveAllMembersIn, rejoinMember, transferMember } from './service.js';
import * as correctionRepo from './correction-repo.js';
import type { CorrectionEvent } from './correction-schema.js';
import { redateEvent, undoEvent } from './correction-service.js';
import { UserFacingError } from '../lib/errors.js';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(DIALECTS)('running member totals on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: AuthUser;
  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    admin = (await loadAuthUser(t, (await makeUser(t, 'officer', units.province.id)).id))!;
  });
  afterAll(async () => {
    await t.close();
  });

  it('equal the member-by-member count for every subtree and date, through random histories', async () => {
    const random = rng(20251);
    const grassroots = [units.school.id, units.hospital.id, units.clinic.id];
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const members: Array<{ id: number; since: string; active: boolean }> = [];
    /** A member's state as the registry now holds it (corrections rewrite the history under the walk). */
    const refresh = async (m: { id: number; since: string; active: boolean }) => {
      const periods = await correctionRepo.periodsOf(t, m.id);
      const last = periods.at(-1);
      if (!last) {
        members.splice(members.indexOf(m), 1);
        return;
      }
      m.active = last.ended_on === null;
      m.since = last.ended_on ?? last.started_on;
    };
    const refusedOnly = async (write: Promise<unknown>) => {
      await write.catch((e: unknown) => {
        if (!(e instanceof UserFacingError) || e.statusCode === 403 || e.statusCode === 404) throw e;
      });
    };
    const corrections = { redate: 0, undo: 0 };
    /** A correction of a random event of a random member's history: a date moved (earlier or later) or the event undone. */
    const correctSomething = async () => {
      const events: Array<{ m: (typeof members)[number]; periodId: number; event: CorrectionEvent; on: string }> = [];
      for (const m of members) {
        const periods = await correctionRepo.periodsOf(t, m.id);
        periods.forEach((p, i) => {
          if (p.start_kind === 'join') events.push({ m, periodId: p.id, event: 'admission', on: p.started_on });
          if (p.start_kind === 'rejoin') events.push({ m, periodId: p.id, event: 'rejoin', on: p.started_on });
          if (p.end_kind === 'leave') events.push({ m, periodId: p.id, event: 'leave', on: p.ended_on! });
          if (p.end_kind === 'transfer_out' && periods[i + 1]) events.push({ m, periodId: p.id, event: 'transfer', on: p.ended_on! });
        });
      }
      // Each kind of event as likely as the others, whatever their numbers.
      const kind = pick([...new Set(events.map((e) => e.event))]);
      if (!kind) return;
      const e = pick(events.filter((x) => x.event === kind));
      const m = e.m;
      const target = { memberId: m.id, periodId: e.periodId, event: e.event };
      const before = JSON.stringify(await correctionRepo.periodsOf(t, m.id));
      const made = corrections.redate + corrections.undo;
      if (random() < 0.6) {
        const to = addDays(e.on, Math.floor(random() * 40) - 20);
        await refusedOnly(redateEvent(t, admin, target, { on: to, was: e.on }).then(() => corrections.redate++));
      } else {
        await refusedOnly(undoEvent(t, admin, target, { was: e.on }).then(() => corrections.undo++));
      }
      if (members.includes(m)) await refresh(m);
      // A refused correction leaves the history as it was.
      if (made === corrections.redate + corrections.undo) expect(JSON.stringify(await correctionRepo.periodsOf(t, m.id))).toBe(before);
    };
    let day = '2020-01-01';
    for (let step = 0; step < 160; step++) {
      day = addDays(day, 1 + Math.floor(random() * 10));
      if (step % 30 === 29) {
        // The tree changes between membership changes too: the hospital's union moves back and forth.
        const to = step % 60 === 29 ? units.otherUpper.id : units.upper.id;
        await inTransaction(t, (tx) => moveUnitIn(tx, SYSTEM_ACTORS.cli, units.hospital.id, to, day));
      }
      const roll = random();
      const active = members.filter((m) => m.active && m.since < day);
      if (roll < 0.35 || active.length === 0) {
        const { id } = await admitMember(t, admin, {
          fullName: `Đoàn Viên Số ${step}`,
          gender: random() < 0.5 ? 'female' : 'male',
          birthDate: '1990-01-01',
          unitId: pick(grassroots),
          joinedOn: day,
          notADuplicate: true,
        });
        members.push({ id, since: day, active: true });
      } else if (roll < 0.55) {
        const m = pick(active);
        await refusedOnly(transferMember(t, admin, m.id, pick(grassroots.filter((g) => g !== units.school.id)), day));
        await refresh(m);
      } else if (roll < 0.67) {
        const m = pick(active);
        await memberLeaves(t, admin, m.id, day, { reason: 'voluntary' });
        await refresh(m);
      } else if (roll < 0.77) {
        const gone = members.filter((m) => !m.active && m.since < day);
        if (gone.length) {
          const m = pick(gone);
          await rejoinMember(t, admin, m.id, pick(grassroots), day);
          await refresh(m);
        }
      } else {
        await correctSomething();
      }
    }
    // Every kind of correction was made, dates moved and events undone.
    expect(corrections.redate).toBeGreaterThan(5);
    expect(corrections.undo).toBeGreaterThan(5);
    const kinds = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after_json'])
      .where('action', 'like', 'member.correct%')
      .execute();
    for (const event of ['admission', 'transfer', 'leave', 'rejoin'])
      for (const action of ['member.correct_date', 'member.correct_undo'])
        expect(
          kinds.some((k) => k.action === action && k.after_json?.includes(`"event":"${event}"`)),
          `${action} ${event}`,
        ).toBe(true);
    const compareWithPeriods = async () => {
      let checked = 0;
      for (let d = '2019-12-31'; d <= addDays(day, 30); d = addDays(d, 13)) {
        for (const root of Object.values(units)) {
          const fast = await countMembersAsOf(t, root.id, d);
          const slow = await countMembersAsOfByPeriods(t, root.id, d);
          expect(fast, `${root.short_name} ${d}`).toEqual(slow);
          const from = addDays(d, -200);
          expect(await countJoinedLeft(t, root.id, from, d, d), `flows ${root.short_name} ${d}`).toEqual(
            await countJoinedLeftByPeriods(t, root.id, from, d, d),
          );
          checked++;
        }
      }
      return checked;
    };
    expect(await compareWithPeriods()).toBeGreaterThan(100);

    // A list imported into the school (back-dated admissions, through the bulk path), then two unions merge.
    const lines = ['Họ và tên,Giới tính,Ngày sinh,Đơn vị,Ngày kết nạp'];
    const given = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hương', 'Lan', 'Mai', 'Nam'];
    for (let i = 0; i < 80; i++)
      lines.push(
        `Người ${given[i % 9]} ${given[Math.floor(i / 9)]},${i % 3 ? 'Nữ' : 'Nam'},1/1/1985,CĐCS Trường THPT Số 1,${1 + (i % 28)}/${1 + (i % 12)}/${2019 + (i % 5)}`,
      );
    const report = await importMembers(t, admin, Buffer.from(lines.join('\n')), 'ds.csv', { defaultJoinedOn: '2020-01-01' }, 'all');
    expect(report).toMatchObject({ errors: [], written: true, added: 80 });
    const lastMerge = addDays(day, 1);
    await inTransaction(t, (tx) =>
      mergeUnitsIn(tx, SYSTEM_ACTORS.cli, [units.clinic.id], units.hospital.id, lastMerge, async (tx2, from, to, on) => {
        await moveAllMembersIn(tx2, SYSTEM_ACTORS.cli, from, to, on);
      }),
    );

    expect(await compareWithPeriods()).toBeGreaterThan(100);
    expect((await countMembersAsOf(t, units.province.id, day)).members).toBeGreaterThan(0);

    // Kept up step by step, the subtree totals are what a rebuild from scratch gives.
    const snapshot = async () =>
      t.db.selectFrom('unit_subtree_counts').select(['unit_id', 'day', 'members', 'women']).orderBy('unit_id').orderBy('day').execute();
    const asOf = async () => {
      const out: string[] = [];
      for (let d = '2019-12-31'; d <= addDays(day, 30); d = addDays(d, 5))
        for (const root of Object.values(units)) out.push(`${root.id} ${d} ${JSON.stringify(await countMembersAsOf(t, root.id, d))}`);
      return out;
    };
    // The units' own running totals (members, women, admissions, departures) are what a recount from the periods gives.
    const unitTotals = async () => {
      const out: string[] = [];
      for (let d = '2019-12-31'; d <= addDays(day, 30); d = addDays(d, 5))
        for (const root of Object.values(units)) {
          const row = await t.db
            .selectFrom('unit_member_counts')
            .select(['members', 'women', 'joined', 'left_count'])
            .where('unit_id', '=', root.id)
            .where('day', '<=', d)
            .orderBy('day', 'desc')
            .limit(1)
            .executeTakeFirst();
          out.push(`${root.id} ${d} ${[row?.members, row?.women, row?.joined, row?.left_count].map((n) => Number(n ?? 0)).join(' ')}`);
        }
      return out;
    };
    const kept = await unitTotals();
    await rebuildMemberCounts(t.db);
    expect(await unitTotals()).toEqual(kept);

    const before = await asOf();
    expect((await snapshot()).length).toBeGreaterThan(0);
    await rebuildSubtreeCounts(t.db);
    expect(await asOf()).toEqual(before);
  });
});
