import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { paginateList, parsePageNumber } from '../lib/pagination.js';
import { listUnitsInScope } from '../org/repo.js';
import { UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../org/schema.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { LineChart } from '../web/views/chart.js';
import { Pager } from '../web/views/components.js';
import { membersWorkbook } from './export.js';
import { membershipSeries, subtreeFigures } from './figures.js';
import * as repo from './repo.js';
import {
  admitMember,
  eraseMember,
  maskCitizenId,
  memberLeaves,
  PossibleDuplicates,
  readMember,
  rejoinMember,
  transferMember,
} from './service.js';
import { UnitOptions } from '../web/views/unit-options.js';

const PAGE = 30;
const read = { config: { access: { permission: 'record.read' as const } } };
const write = { config: { access: { permission: 'record.write' as const } } };
const GENDER: Record<string, string> = { male: 'Nam', female: 'Nữ' };
const KIND: Record<string, string> = {
  join: 'Kết nạp',
  transfer_in: 'Chuyển đến',
  rejoin: 'Kết nạp lại',
  merge: 'Theo sáp nhập đơn vị',
  restructure: 'Sắp xếp lại',
  transfer_out: 'Chuyển đi',
  leave: 'Thôi sinh hoạt',
};

const idParam = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : 0);
const grassroots = (units: Unit[]) =>
  units.filter((u) => u.status === 'active' && (u.level === 'grassroots' || u.level === 'division' || u.level === 'group'));

export function registerMemberRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  const scopeUnits = (user: AuthUser, action: 'record.read' | 'record.write') => listUnitsInScope(ctx, grantUnitsFor(user, action));

  /** The unit filter of a list: one of the user's units, or all of their scope. */
  function rootsFor(user: AuthUser, units: Unit[], raw: unknown): { roots: number[]; unitId: number | null } {
    const id = typeof raw === 'string' ? idParam(raw) : 0;
    return units.some((u) => u.id === id) ? { roots: [id], unitId: id } : { roots: grantUnitsFor(user, 'record.read'), unitId: null };
  }

  app.get<{ Querystring: { q?: string; don_vi?: string; trang?: string } }>('/quan-tri/doan-vien', read, async (req, reply) => {
    const user = currentUser(req);
    const units = await scopeUnits(user, 'record.read');
    const { roots, unitId } = rootsFor(user, units, req.query.don_vi);
    const q = (req.query.q ?? '').slice(0, 100);
    const page = parsePageNumber(req.query.trang) ?? 1;
    const { rows, total } = await repo.listCurrentMembers(ctx, roots, fold(q).trim().replace(/\s+/g, ' ') || null, PAGE, (page - 1) * PAGE);
    const p = paginateList(total, page, PAGE);
    const qs = (extra: Record<string, string>) =>
      new URLSearchParams(Object.entries({ q, don_vi: unitId ? String(unitId) : '', ...extra }).filter(([, v]) => v)).toString();
    return sendAdminPage(req, reply, { title: 'Đoàn viên', active: 'members' }, () => (
      <>
        <form method="get" action="/quan-tri/doan-vien" class="panel form-grid">
          <div class="form-row">
            <label for="q">Họ tên (không cần dấu)</label>
            <input id="q" name="q" type="text" value={q} />
          </div>
          <div class="form-row">
            <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
            <select id="don_vi" name="don_vi">
              <option value="">Tất cả trong phạm vi</option>
              <UnitOptions units={units} selected={unitId} />
            </select>
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Tìm
            </button>
            <a class="button secondary" href={`/quan-tri/doan-vien/xuat.xlsx?${qs({})}`}>
              Xuất Excel
            </a>
            <a class="button secondary" href="/quan-tri/doan-vien/moi">
              Kết nạp đoàn viên
            </a>
          </div>
        </form>
        <p class="muted">{formatNumber(total)} đoàn viên đang sinh hoạt, xếp theo tên.</p>
        <table class="grid">
          <thead>
            <tr>
              <th>STT</th>
              <th>Họ và tên</th>
              <th>Giới tính</th>
              <th>Năm sinh</th>
              <th>Nghề nghiệp</th>
              <th>Đơn vị</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>{p.offset + i + 1}</td>
                <td>
                  <a href={`/quan-tri/doan-vien/${r.id}`}>{r.full_name}</a>
                </td>
                <td>{r.gender ? GENDER[r.gender] : ''}</td>
                <td>{r.birth_date?.slice(0, 4) ?? r.birth_year ?? ''}</td>
                <td>{r.job ?? ''}</td>
                <td>{r.unit_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={p.page} pages={p.pages} href={(n) => `/quan-tri/doan-vien?${qs(n > 1 ? { trang: String(n) } : {})}`} />
      </>
    ));
  });

  app.get<{ Querystring: { q?: string; don_vi?: string } }>('/quan-tri/doan-vien/xuat.xlsx', read, async (req, reply) => {
    const user = currentUser(req);
    const units = await scopeUnits(user, 'record.read');
    const { roots, unitId } = rootsFor(user, units, req.query.don_vi);
    const q =
      fold(req.query.q ?? '')
        .trim()
        .slice(0, 100) || null;
    const { rows } = await repo.listCurrentMembers(ctx, roots, q, 2_000_000, 0);
    const unitName = unitId ? units.find((u) => u.id === unitId)?.full_name : 'các đơn vị trong phạm vi';
    const bytes = await membersWorkbook(rows, `Danh sách đoàn viên ${unitName} (đến ngày ${formatIsoDate(todayInVietnam())})`);
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        actor: actorOf(user),
        action: 'member.export',
        entity: 'member',
        entityId: 'xlsx',
        unitId,
        after: { rows: rows.length, filter: { unit_id: unitId, q } },
      }),
    );
    return reply
      .header('Content-Disposition', `attachment; filename="doan-vien-${todayInVietnam()}.xlsx"`)
      .header('Cache-Control', 'no-store')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(bytes);
  });

  async function admitPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    error: string | null = null,
    matches: PossibleDuplicates['matches'] = [],
    status = 200,
  ) {
    const askConfirm = matches.length > 0;
    const units = grassroots(await scopeUnits(currentUser(req), 'record.write'));
    const v = (k: string) => values[k] ?? '';
    return sendAdminPage(
      req,
      reply,
      { title: 'Kết nạp đoàn viên', active: 'members', error },
      (csrf) => (
        <form method="post" action="/quan-tri/doan-vien" class="panel form-grid">
          <CsrfField token={csrf} />
          <div class="form-row">
            <label for="fullName">Họ và tên</label>
            <input id="fullName" name="fullName" type="text" required maxLength={200} value={v('fullName')} />
          </div>
          <div class="form-row">
            <label for="gender">Giới tính</label>
            <select id="gender" name="gender">
              <option value="">—</option>
              <option value="male" selected={v('gender') === 'male'}>
                Nam
              </option>
              <option value="female" selected={v('gender') === 'female'}>
                Nữ
              </option>
            </select>
          </div>
          <div class="form-row">
            <label for="birthDate">Ngày sinh</label>
            <input id="birthDate" name="birthDate" type="date" value={v('birthDate')} />
          </div>
          <div class="form-row">
            <label for="citizenId">Số CCCD (không bắt buộc)</label>
            <input id="citizenId" name="citizenId" type="text" inputMode="numeric" maxLength={12} value={v('citizenId')} />
          </div>
          <div class="form-row">
            <label for="phone">Điện thoại</label>
            <input id="phone" name="phone" type="text" maxLength={15} value={v('phone')} />
          </div>
          <div class="form-row">
            <label for="job">Nghề nghiệp, chức vụ</label>
            <input id="job" name="job" type="text" maxLength={200} value={v('job')} />
          </div>
          <div class="form-row">
            <label for="cardNumber">Số thẻ đoàn viên</label>
            <input id="cardNumber" name="cardNumber" type="text" maxLength={40} value={v('cardNumber')} />
          </div>
          <div class="form-row">
            <label for="unitId">Công đoàn cơ sở</label>
            <select id="unitId" name="unitId">
              <UnitOptions units={units} selected={v('unitId')} />
            </select>
          </div>
          <div class="form-row">
            <label for="joinedOn">Ngày kết nạp</label>
            <input id="joinedOn" name="joinedOn" type="date" required value={v('joinedOn') || todayInVietnam()} />
          </div>
          {askConfirm ? (
            <div class="form-row review-comment">
              <p>Những đoàn viên gần trùng:</p>
              <ul>
                {matches.map((m) => (
                  <li key={m.id}>
                    <a href={`/quan-tri/doan-vien/${m.id}`} target="_blank" rel="noopener">
                      {m.fullName}
                    </a>
                    {m.birthYear ? `, sinh năm ${m.birthYear}` : ''}
                    {m.unitName ? ` – ${m.unitName}` : ''}
                  </li>
                ))}
              </ul>
              <label>
                <input type="checkbox" name="notADuplicate" value="1" /> Tôi đã kiểm tra: đây là một người khác
              </label>
            </div>
          ) : null}
          <div class="actions">
            <button type="submit" class="primary">
              Kết nạp
            </button>
          </div>
        </form>
      ),
      status,
    );
  }

  app.get('/quan-tri/doan-vien/moi', write, (req, reply) => admitPage(req, reply));

  app.post<{ Body: Record<string, string> }>('/quan-tri/doan-vien', write, async (req, reply) => {
    const b = req.body ?? {};
    const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);
    try {
      const { id } = await admitMember(ctx, currentUser(req), {
        fullName: b.fullName ?? '',
        gender: b.gender === 'male' || b.gender === 'female' ? b.gender : null,
        birthDate: orNull(b.birthDate),
        citizenId: orNull(b.citizenId),
        phone: orNull(b.phone?.replace(/[\s.]/g, '')),
        job: orNull(b.job),
        cardNumber: orNull(b.cardNumber),
        unitId: idParam(b.unitId ?? ''),
        joinedOn: b.joinedOn ?? '',
        notADuplicate: b.notADuplicate === '1',
      });
      return redirectWithNotice(reply, `/quan-tri/doan-vien/${id}`, 'Đã kết nạp đoàn viên.');
    } catch (e) {
      if (!(e instanceof UserFacingError)) throw e;
      return admitPage(req, reply, b, e.message, e instanceof PossibleDuplicates ? e.matches : [], e.statusCode);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { cccd?: string } }>('/quan-tri/doan-vien/:id', read, async (req, reply) => {
    const user = currentUser(req);
    const { member, periods, mayEdit } = await readMember(ctx, user, idParam(req.params.id));
    const reveal = req.query.cccd === 'hien' && member.citizen_id !== null;
    if (reveal)
      await inTransaction(ctx, (tx) =>
        recordAudit(tx, {
          actor: actorOf(user),
          action: 'member.reveal_id',
          entity: 'member',
          entityId: member.id,
          unitId: periods[periods.length - 1]?.unit_id ?? null,
        }),
      );
    const open = periods.find((p) => p.ended_on === null);
    const targets = mayEdit ? grassroots(await scopeUnits(user, 'record.write')) : [];
    return sendAdminPage(req, reply, { title: member.full_name, active: 'members' }, (csrf) => (
      <>
        <div class="panel">
          <dl class="facts">
            <dt>Giới tính</dt>
            <dd>{member.gender ? GENDER[member.gender] : '—'}</dd>
            <dt>Ngày sinh</dt>
            <dd>{member.birth_date ? formatIsoDate(member.birth_date) : (member.birth_year ?? '—')}</dd>
            <dt>Số CCCD</dt>
            <dd>
              {member.citizen_id ? (
                reveal ? (
                  member.citizen_id
                ) : (
                  <>
                    {maskCitizenId(member.citizen_id)} <a href={`/quan-tri/doan-vien/${member.id}?cccd=hien`}>Hiện đủ (được ghi nhật ký)</a>
                  </>
                )
              ) : (
                '—'
              )}
            </dd>
            <dt>Điện thoại</dt>
            <dd>{member.phone ?? '—'}</dd>
            <dt>Nghề nghiệp</dt>
            <dd>{member.job ?? '—'}</dd>
            <dt>Số thẻ đoàn viên</dt>
            <dd>{member.card_number ?? '—'}</dd>
          </dl>
        </div>
        <h2>Quá trình sinh hoạt</h2>
        <table class="grid">
          <thead>
            <tr>
              <th>Đơn vị</th>
              <th>Từ ngày</th>
              <th>Đến ngày</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.id}>
                <td>{p.unit_name}</td>
                <td>
                  {formatIsoDate(p.started_on)} ({KIND[p.start_kind] ?? p.start_kind})
                </td>
                <td>{p.ended_on ? `${formatIsoDate(p.ended_on)} (${KIND[p.end_kind ?? ''] ?? p.end_kind})` : 'nay'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {mayEdit && !member.erased_at ? (
          <div class="form-grid">
            {open ? (
              <>
                <form method="post" action={`/quan-tri/doan-vien/${member.id}/chuyen`} class="panel">
                  <h3>Chuyển sinh hoạt</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="toUnitId">Đến đơn vị</label>
                    <select id="toUnitId" name="toUnitId">
                      <UnitOptions units={targets.filter((u) => u.id !== open.unit_id)} />
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="on-t">Từ ngày</label>
                    <input id="on-t" name="on" type="date" required value={todayInVietnam()} />
                  </div>
                  <button type="submit" class="primary">
                    Chuyển
                  </button>
                </form>
                <form method="post" action={`/quan-tri/doan-vien/${member.id}/thoi`} class="panel">
                  <h3>Thôi sinh hoạt</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="on-l">Từ ngày</label>
                    <input id="on-l" name="on" type="date" required value={todayInVietnam()} />
                  </div>
                  <button type="submit" class="secondary">
                    Ghi nhận
                  </button>
                </form>
              </>
            ) : (
              <form method="post" action={`/quan-tri/doan-vien/${member.id}/ket-nap-lai`} class="panel">
                <h3>Kết nạp lại</h3>
                <CsrfField token={csrf} />
                <div class="form-row">
                  <label for="unitId">Đơn vị</label>
                  <select id="unitId" name="unitId">
                    <UnitOptions units={targets} />
                  </select>
                </div>
                <div class="form-row">
                  <label for="on-r">Từ ngày</label>
                  <input id="on-r" name="on" type="date" required value={todayInVietnam()} />
                </div>
                <button type="submit" class="primary">
                  Kết nạp lại
                </button>
              </form>
            )}
            <form method="post" action={`/quan-tri/doan-vien/${member.id}/xoa`} class="panel">
              <h3>Xóa dữ liệu cá nhân theo yêu cầu</h3>
              <CsrfField token={csrf} />
              <p class="muted">
                Họ tên, ngày sinh, số CCCD, điện thoại… bị xóa vĩnh viễn; quá trình sinh hoạt vẫn được tính trong số liệu.
              </p>
              <label>
                <input type="checkbox" name="confirm" value="1" required /> Tôi xác nhận yêu cầu xóa
              </label>
              <div class="actions">
                <button type="submit" class="danger">
                  Xóa dữ liệu cá nhân
                </button>
              </div>
            </form>
          </div>
        ) : null}
      </>
    ));
  });

  const back = (id: number) => `/quan-tri/doan-vien/${id}`;
  async function command(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    notice: string,
    work: (id: number) => Promise<void>,
  ) {
    const id = idParam(req.params.id);
    await work(id);
    return redirectWithNotice(reply, back(id), notice);
  }
  const onOf = (b: Record<string, string> | undefined) => {
    const on = b?.on ?? '';
    if (!isValidIsoDate(on)) throw new UserFacingError(`Ngày "${on}" không hợp lệ.`);
    return on;
  };

  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/quan-tri/doan-vien/:id/chuyen', write, (req, reply) =>
    command(req, reply, 'Đã chuyển sinh hoạt.', (id) =>
      transferMember(ctx, currentUser(req), id, idParam(req.body?.toUnitId ?? ''), onOf(req.body)),
    ),
  );
  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/quan-tri/doan-vien/:id/thoi', write, (req, reply) =>
    command(req, reply, 'Đã ghi nhận thôi sinh hoạt.', (id) => memberLeaves(ctx, currentUser(req), id, onOf(req.body))),
  );
  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/quan-tri/doan-vien/:id/ket-nap-lai', write, (req, reply) =>
    command(req, reply, 'Đã kết nạp lại.', (id) =>
      rejoinMember(ctx, currentUser(req), id, idParam(req.body?.unitId ?? ''), onOf(req.body)),
    ),
  );
  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/quan-tri/doan-vien/:id/xoa', write, (req, reply) =>
    command(req, reply, 'Đã xóa dữ liệu cá nhân của đoàn viên.', async (id) => {
      if (req.body?.confirm !== '1') throw new UserFacingError('Cần xác nhận yêu cầu xóa.');
      await eraseMember(ctx, currentUser(req), id);
    }),
  );

  app.get<{ Querystring: { don_vi?: string; ngay?: string; tu?: string } }>('/quan-tri/thong-ke', read, async (req, reply) => {
    const user = currentUser(req);
    const units = await scopeUnits(user, 'record.read');
    const requested = units.find((u) => String(u.id) === req.query.don_vi);
    const root = requested ?? units.find((u) => grantUnitsFor(user, 'record.read').includes(u.id)) ?? units[0];
    const date = req.query.ngay && isValidIsoDate(req.query.ngay) ? req.query.ngay : todayInVietnam();
    const from = req.query.tu && isValidIsoDate(req.query.tu) && req.query.tu <= date ? req.query.tu : `${date.slice(0, 4)}-01-01`;
    if (!root)
      return sendAdminPage(req, reply, { title: 'Số liệu đoàn viên', active: 'stats' }, () => (
        <p>Chưa có đơn vị nào trong phạm vi của bạn.</p>
      ));
    const [f, series] = await Promise.all([subtreeFigures(ctx, root.id, date, from), membershipSeries(ctx, root.id, date, 12)]);
    const pct = f.members ? ` (${formatNumber(Math.round((f.women / f.members) * 1000) / 10)}%)` : '';
    return sendAdminPage(req, reply, { title: 'Số liệu đoàn viên', active: 'stats' }, () => (
      <>
        <form method="get" action="/quan-tri/thong-ke" class="panel form-grid">
          <div class="form-row">
            <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
            <select id="don_vi" name="don_vi">
              <UnitOptions units={units} selected={root.id} />
            </select>
          </div>
          <div class="form-row">
            <label for="tu">Kết nạp, thôi sinh hoạt từ ngày</label>
            <input id="tu" name="tu" type="date" value={from} />
          </div>
          <div class="form-row">
            <label for="ngay">Tính đến ngày</label>
            <input id="ngay" name="ngay" type="date" value={date} />
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Xem
            </button>
          </div>
        </form>
        <div class="stat-cards">
          <div class="stat">
            <span class="stat-value">{formatNumber(f.members)}</span>
            <span class="stat-label">đoàn viên</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(f.women)}</span>
            <span class="stat-label">nữ{pct}</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(f.joined)}</span>
            <span class="stat-label">kết nạp từ {formatIsoDate(from)}</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(f.left)}</span>
            <span class="stat-label">thôi sinh hoạt từ {formatIsoDate(from)}</span>
          </div>
        </div>
        <p>
          Số liệu của <strong>{root.full_name}</strong> và các đơn vị trực thuộc, theo hệ thống tổ chức tại ngày {formatIsoDate(date)}.
        </p>
        <LineChart
          title={`Số đoàn viên cuối mỗi tháng đến ${formatIsoDate(date)}`}
          points={series.map((s) => ({ label: `${s.date.slice(5, 7)}/${s.date.slice(2, 4)}`, value: s.members }))}
        />
        <div class="form-grid">
          <table class="grid">
            <thead>
              <tr>
                <th>Cấp</th>
                <th>Số đơn vị</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(f.unitsByLevel).map(([level, n]) => (
                <tr key={level}>
                  <td>{UNIT_LEVEL_LABELS[level as keyof typeof UNIT_LEVEL_LABELS] ?? level}</td>
                  <td>{formatNumber(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="grid">
            <thead>
              <tr>
                <th>Loại hình</th>
                <th>Số đơn vị</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(f.unitsByType).map(([type, n]) => (
                <tr key={type}>
                  <td>{UNIT_TYPE_LABELS[type as keyof typeof UNIT_TYPE_LABELS] ?? type}</td>
                  <td>{formatNumber(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ));
  });
}
