import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { makeArticle } from '../../test/factories.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction, readContentVersion } from '../db/context.js';
import type { Role } from '../db/schema.js';
import { Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { createUnitIn } from '../org/service.js';
import * as portalRepo from '../portal/repo.js';
import * as repo from './repo.js';
import { createSection, listSectionsForManagement, renameSection, setSectionOrder, setSectionUnit } from './section-service.js';

describe.each(DIALECTS)('managing sections on %s', (dialect) => {
  let t: TestDb;
  let tree: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: AuthUser;
  let provinceEditor: AuthUser;
  let upperEditor: AuthUser;
  let clinicEditor: AuthUser;
  let reporter: AuthUser;

  async function userWith(role: Role, unitId: number): Promise<AuthUser> {
    const user = await loadAuthUser(t, (await makeUser(t, role, unitId)).id);
    if (!user) throw new Error('user not loaded');
    return user;
  }

  const auditOf = (id: number) =>
    t.db
      .selectFrom('audit_events')
      .select(['action', 'unit_id', 'actor_user_id', 'before_json', 'after_json'])
      .where('entity', '=', 'section')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const version = async () => (await readContentVersion(t)).version;

  /** Runs `work`, which must be refused with `kind` and a message matching `message`, and checks nothing was written. */
  async function refused(work: () => Promise<unknown>, kind: new (...args: never[]) => Error, message: RegExp | string) {
    const [audits, v] = [await auditCount(), await version()];
    const error = await work().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toMatch(message);
    expect(await auditCount()).toBe(audits);
    expect(await version()).toBe(v);
  }

  beforeAll(async () => {
    t = await freshDb(dialect);
    tree = await makeUnitTree(t);
    admin = await userWith('admin', tree.province.id);
    provinceEditor = await userWith('editor', tree.province.id);
    upperEditor = await userWith('editor', tree.upper.id);
    clinicEditor = await userWith('editor', tree.clinic.id);
    reporter = await userWith('reporter', tree.school.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a section of the whole portal at the end of the menu, with a slug, an audit row and a new content version', async () => {
    const first = await createSection(t, admin, { name: 'Tin tức – Sự kiện', unitId: null, sortOrder: 40 });
    const v = await version();
    const section = await createSection(t, admin, { name: '  Hoạt động   Công đoàn ', unitId: null, sortOrder: null });
    expect(section).toMatchObject({ name: 'Hoạt động Công đoàn', slug: 'hoat-dong-cong-doan', unit_id: null, sort_order: 50 });
    expect(first.slug).toBe('tin-tuc-su-kien');
    expect(await version()).toBe(v + 1);
    const audit = await auditOf(section.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'section.create', unit_id: null, actor_user_id: admin.id });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: 'Hoạt động Công đoàn', slug: 'hoat-dong-cong-doan' });
  });

  it('an editor creates the section of a unit in scope; a unit has at most one section', async () => {
    const section = await createSection(t, upperEditor, { name: 'CĐCS Trường THPT Số 1', unitId: tree.school.id, sortOrder: 200 });
    expect(section.unit_id).toBe(tree.school.id);
    expect((await auditOf(section.id))[0]).toMatchObject({ action: 'section.create', unit_id: tree.school.id });
    await refused(
      () => createSection(t, upperEditor, { name: 'Tin trường THPT Số 1', unitId: tree.school.id, sortOrder: null }),
      UserFacingError,
      'Đơn vị “CĐCS Trường THPT Số 1” đã có chuyên mục riêng là “CĐCS Trường THPT Số 1”.',
    );
  });

  it('renames a section and keeps its slug, so old links keep working', async () => {
    const section = await createSection(t, admin, { name: 'Văn hóa', unitId: null, sortOrder: null });
    const v = await version();
    const { before, after } = await renameSection(t, admin, section.id, 'Văn hóa – Thể thao');
    expect(before.name).toBe('Văn hóa');
    expect(after).toMatchObject({ id: section.id, name: 'Văn hóa – Thể thao', slug: 'van-hoa' });
    expect((await portalRepo.findSectionBySlug(t, 'van-hoa'))?.name).toBe('Văn hóa – Thể thao');
    expect(await version()).toBe(v + 1);
    const audit = await auditOf(section.id);
    expect(audit.map((a) => a.action)).toEqual(['section.create', 'section.rename']);
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ name: 'Văn hóa' });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ name: 'Văn hóa – Thể thao' });

    // The same name writes nothing; the same name in other letter case is the section's own, not a clash.
    const audits = await auditCount();
    expect((await renameSection(t, admin, section.id, ' Văn hóa – Thể thao ')).after.name).toBe('Văn hóa – Thể thao');
    expect(await auditCount()).toBe(audits);
    expect((await renameSection(t, admin, section.id, 'Văn Hóa – Thể Thao')).after.name).toBe('Văn Hóa – Thể Thao');
  });

  it('refuses a name another section has, exactly or but for case, spacing and diacritics, and says which', async () => {
    const other = await createSection(t, admin, { name: 'Pháp luật', unitId: null, sortOrder: null });
    await refused(
      () => createSection(t, admin, { name: 'Tin tức – Sự kiện', unitId: null, sortOrder: null }),
      UserFacingError,
      'Đã có chuyên mục “Tin tức – Sự kiện”: hãy chọn tên khác.',
    );
    await refused(
      () => createSection(t, admin, { name: 'tin tuc  – su kien', unitId: null, sortOrder: null }),
      UserFacingError,
      'Tên “tin tuc – su kien” trùng với chuyên mục “Tin tức – Sự kiện” đã có (chỉ khác chữ hoa, chữ thường hoặc dấu)',
    );
    await refused(
      () => renameSection(t, admin, other.id, 'TIN TỨC – SỰ KIỆN'),
      UserFacingError,
      'trùng với chuyên mục “Tin tức – Sự kiện”',
    );
    // A name written with combining marks (NFD) is the same name.
    await refused(
      () => renameSection(t, admin, other.id, 'Tin tức – Sự kiện'.normalize('NFD')),
      UserFacingError,
      'Đã có chuyên mục “Tin tức – Sự kiện”',
    );
  });

  it('refuses empty, over-long and unreadable names', async () => {
    const section = await createSection(t, admin, { name: 'Khoa học', unitId: null, sortOrder: null });
    await refused(() => createSection(t, admin, { name: '', unitId: null, sortOrder: null }), UserFacingError, 'Cần nhập tên chuyên mục.');
    await refused(() => renameSection(t, admin, section.id, ' \t\n '), UserFacingError, 'Cần nhập tên chuyên mục.');
    await refused(
      () => createSection(t, admin, { name: 'Đ'.repeat(201), unitId: null, sortOrder: null }),
      UserFacingError,
      'Tên chuyên mục dài 201 ký tự: tối đa 200 ký tự.',
    );
    await refused(() => renameSection(t, admin, section.id, 'Tin\u0000 ngắn'), UserFacingError, 'ký tự điều khiển');
    await refused(
      () => renameSection(t, admin, section.id, '– … –'),
      UserFacingError,
      'Tên chuyên mục “– … –” cần có ít nhất một chữ cái hoặc chữ số.',
    );
    const longest = await createSection(t, admin, { name: 'Đ'.repeat(200), unitId: null, sortOrder: null });
    expect([...longest.name]).toHaveLength(200);
  });

  it('sets the order the menu shows', async () => {
    const a = await createSection(t, admin, { name: 'Thể thao', unitId: null, sortOrder: 300 });
    const b = await createSection(t, admin, { name: 'Y tế', unitId: null, sortOrder: 310 });
    const v = await version();
    const { after } = await setSectionOrder(t, admin, b.id, 1);
    expect(after.sort_order).toBe(1);
    expect(await version()).toBe(v + 1);
    const menu = (await repo.listSectionsWithCounts(t)).map((s) => s.id);
    expect(menu[0]).toBe(b.id);
    expect(menu.indexOf(a.id)).toBeGreaterThan(menu.indexOf(b.id));
    const audit = await auditOf(b.id);
    expect(audit.map((x) => x.action)).toEqual(['section.create', 'section.reorder']);
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ sort_order: 310 });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ sort_order: 1 });

    await refused(
      () => setSectionOrder(t, admin, a.id, -1),
      UserFacingError,
      'Chuyên mục “Thể thao”: thứ tự phải là số nguyên từ 0 đến 99.999.',
    );
    await refused(() => setSectionOrder(t, admin, a.id, 2.5), UserFacingError, 'thứ tự phải là số nguyên');
    await refused(() => setSectionOrder(t, admin, a.id, Number.NaN), UserFacingError, 'thứ tự phải là số nguyên');
    await refused(() => setSectionOrder(t, admin, a.id, 100_000), UserFacingError, 'thứ tự phải là số nguyên');
    await refused(() => setSectionOrder(t, admin, a.id, null), UserFacingError, 'Chuyên mục “Thể thao”: thứ tự cần được nhập.');
    await refused(
      () => createSection(t, admin, { name: 'Giáo dục', unitId: null, sortOrder: 1.5 }),
      UserFacingError,
      'Thứ tự phải là số nguyên từ 0 đến 99.999.',
    );
  });

  it('assigns a section to a unit, moves it to another and makes it a section of the whole portal again', async () => {
    const section = await createSection(t, admin, { name: 'Tin bệnh viện', unitId: null, sortOrder: null });
    await setSectionUnit(t, admin, section.id, tree.hospital.id);
    expect((await repo.findSectionOfUnit(t, tree.hospital.id))?.id).toBe(section.id);
    await refused(
      () => setSectionUnit(t, upperEditor, section.id, tree.school.id),
      UserFacingError,
      'Đơn vị “CĐCS Trường THPT Số 1” đã có chuyên mục riêng là “CĐCS Trường THPT Số 1”.',
    );
    await refused(() => setSectionUnit(t, upperEditor, section.id, null), Forbidden, 'Chỉ quản trị viên của đơn vị cấp cao nhất');
    await refused(
      () => setSectionUnit(t, upperEditor, section.id, tree.clinic.id),
      Forbidden,
      'Bạn không có quyền quản lý chuyên mục của đơn vị “CĐCS Trạm Y tế”.',
    );
    const { after } = await setSectionUnit(t, admin, section.id, tree.clinic.id);
    expect(after.unit_id).toBe(tree.clinic.id);
    // The clinic's editor now holds it; the upper union's no longer does.
    await renameSection(t, clinicEditor, section.id, 'Tin Trạm Y tế');
    await refused(
      () => renameSection(t, upperEditor, section.id, 'Tin khác'),
      Forbidden,
      'Bạn không có quyền quản lý chuyên mục “Tin Trạm Y tế” của đơn vị “CĐCS Trạm Y tế”',
    );
    await setSectionUnit(t, admin, section.id, null);
    const audit = await auditOf(section.id);
    expect(audit.map((a) => a.action)).toEqual([
      'section.create',
      'section.set_unit',
      'section.set_unit',
      'section.rename',
      'section.set_unit',
    ]);
    expect(JSON.parse(audit[4]!.before_json!)).toEqual({ unit_id: tree.clinic.id });
    expect(JSON.parse(audit[4]!.after_json!)).toEqual({ unit_id: null });
    expect(audit[4]!.unit_id).toBe(tree.clinic.id);
  });

  it('refuses units that do not exist or no longer work, and sections that do not exist', async () => {
    const section = await createSection(t, admin, { name: 'Nữ công', unitId: null, sortOrder: null });
    const closed = await inTransaction(t, (tx) =>
      createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: tree.upper.id,
        level: 'grassroots',
        shortName: 'CĐCS Nhà máy cũ',
        fullName: 'CĐCS Nhà máy cũ',
      }),
    );
    await t.db.updateTable('units').set({ status: 'dissolved' }).where('id', '=', closed.id).execute();
    await refused(() => setSectionUnit(t, admin, section.id, closed.id), UserFacingError, 'Đơn vị “CĐCS Nhà máy cũ” đã ngừng hoạt động');
    await refused(
      () => createSection(t, admin, { name: 'Tin nhà máy', unitId: closed.id, sortOrder: null }),
      UserFacingError,
      'đã ngừng hoạt động',
    );
    await refused(() => setSectionUnit(t, admin, section.id, 987_654), NotFound, 'Không có đơn vị số 987654.');
    await refused(
      () => createSection(t, upperEditor, { name: 'Tin đâu đó', unitId: 987_654, sortOrder: null }),
      NotFound,
      'Không có đơn vị số 987654.',
    );
    await refused(() => renameSection(t, admin, 987_654, 'Tên mới'), NotFound, 'Không có chuyên mục số 987654.');
    await refused(() => setSectionOrder(t, admin, 987_654, 3), NotFound, 'Không có chuyên mục số 987654.');
    await refused(() => setSectionUnit(t, admin, 987_654, null), NotFound, 'Không có chuyên mục số 987654.');
  });

  it('refuses users without the right: a reporter, an editor of another unit, an editor below the root for sections of the whole portal', async () => {
    const school = await repo.findSectionOfUnit(t, tree.school.id);
    const general = await portalRepo.findSectionBySlug(t, 'tin-tuc-su-kien');
    if (!school || !general) throw new Error('sections of the earlier tests are missing');
    await refused(
      () => createSection(t, reporter, { name: 'Tin phóng viên', unitId: tree.school.id, sortOrder: null }),
      Forbidden,
      'Bạn không có quyền quản lý chuyên mục của đơn vị “CĐCS Trường THPT Số 1”.',
    );
    await refused(() => renameSection(t, reporter, school.id, 'Tin phóng viên'), Forbidden, 'Bạn không có quyền');
    await refused(
      () => renameSection(t, clinicEditor, school.id, 'Tin khác'),
      Forbidden,
      'Bạn không có quyền quản lý chuyên mục “CĐCS Trường THPT Số 1”',
    );
    await refused(() => setSectionOrder(t, clinicEditor, school.id, 1), Forbidden, 'Bạn không có quyền');
    await refused(
      () => createSection(t, clinicEditor, { name: 'Tin trường', unitId: tree.hospital.id, sortOrder: null }),
      Forbidden,
      'Bạn không có quyền',
    );
    await refused(
      () => renameSection(t, upperEditor, general.id, 'Tin tức'),
      Forbidden,
      'Chuyên mục “Tin tức – Sự kiện” là chuyên mục chung của cổng thông tin: chỉ quản trị viên của đơn vị cấp cao nhất mới thay đổi được.',
    );
    await refused(
      () => createSection(t, provinceEditor, { name: 'Tin chung', unitId: null, sortOrder: null }),
      Forbidden,
      'Chỉ quản trị viên của đơn vị cấp cao nhất',
    );
    // An editor of a unit above manages the sections of the units below it.
    expect((await renameSection(t, provinceEditor, school.id, 'Trường THPT Số 1')).after.name).toBe('Trường THPT Số 1');
  });

  it('lists every section in menu order with its unit, its published articles and what the user may change', async () => {
    const school = await repo.findSectionOfUnit(t, tree.school.id);
    if (!school) throw new Error('the school section is missing');
    await makeArticle(t, school.id);
    await makeArticle(t, school.id, { status: 'draft' });
    const forClinic = await listSectionsForManagement(t, clinicEditor);
    const forAdmin = await listSectionsForManagement(t, admin);
    expect(forAdmin.map((s) => s.id)).toEqual((await repo.listSectionsWithCounts(t)).map((s) => s.id));
    expect(forAdmin.every((s) => s.manageable)).toBe(true);
    const row = forClinic.find((s) => s.id === school.id);
    expect(row).toMatchObject({ unit_name: 'CĐCS Trường THPT Số 1', article_count: 1, manageable: false });
    expect(forClinic.filter((s) => s.manageable)).toEqual([]);
    expect((await listSectionsForManagement(t, upperEditor)).filter((s) => s.manageable).map((s) => s.id)).toEqual([school.id]);
  });

  it('several people creating the same section at once: one is written, the others are told the name is taken', async () => {
    const spellings = [
      'Chăm lo đoàn viên',
      'Chăm lo Đoàn viên',
      'chăm lo đoàn viên',
      'Cham lo doan vien',
      'CHĂM LO ĐOÀN VIÊN',
      'Chăm  lo đoàn viên',
    ];
    const results = await Promise.allSettled(
      spellings.map((name, i) =>
        createSection(t, i % 2 ? provinceEditor : admin, { name, unitId: i % 2 ? tree.upper.id : null, sortOrder: null }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const failure of results.filter((r) => r.status === 'rejected')) {
      expect(failure.reason).toBeInstanceOf(UserFacingError);
      expect((failure.reason as Error).message).toMatch(/trùng với chuyên mục|Đã có chuyên mục|đã có chuyên mục riêng/);
    }
  });
});
