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
import { rebuildSubtreeCounts } from './counts-repo.js';
import { admitMember, memberLeaves, moveAllMembersIn, rejoinMember, transferMember } from './service.js';

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
    let day = '2020-01-01';
    for (let step = 0; step < 120; step++) {
      day = addDays(day, 1 + Math.floor(random() * 10));
      if (step % 30 === 29) {
        // The tree changes between membership changes too: the hospital's union moves back and forth.
        const to = step % 60 === 29 ? units.otherUpper.id : units.upper.id;
        await inTransaction(t, (tx) => moveUnitIn(tx, SYSTEM_ACTORS.cli, units.hospital.id, to, day));
      }
      const roll = random();
      const active = members.filter((m) => m.active && m.since < day);
      if (roll < 0.45 || active.length === 0) {
        const { id } = await admitMember(t, admin, {
          fullName: `Đoàn Viên Số ${step}`,
          gender: random() < 0.5 ? 'female' : 'male',
          birthDate: '1990-01-01',
          unitId: pick(grassroots),
          joinedOn: day,
          notADuplicate: true,
        });
        members.push({ id, since: day, active: true });
      } else if (roll < 0.7) {
        const m = pick(active);
        await transferMember(t, admin, m.id, pick(grassroots.filter((g) => g !== units.school.id)), day).catch(() => undefined);
        m.since = day;
      } else if (roll < 0.85) {
        const m = pick(active);
        await memberLeaves(t, admin, m.id, day, { reason: 'voluntary' });
        m.active = false;
        m.since = day;
      } else {
        const gone = members.filter((m) => !m.active && m.since < day);
        if (gone.length) {
          const m = pick(gone);
          await rejoinMember(t, admin, m.id, pick(grassroots), day);
          m.active = true;
          m.since = day;
        }
      }
    }
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
    const before = await asOf();
    expect((await snapshot()).length).toBeGreaterThan(0);
    await rebuildSubtreeCounts(t.db);
    expect(await asOf()).toEqual(before);
  });
});
