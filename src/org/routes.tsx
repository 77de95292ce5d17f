import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grantUnitsFor } from '../access/user.js';
import { can } from '../access/scope.js';
import type { DbContext } from '../db/context.js';
import type { UnitVersion } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { compareVietnamese } from '../lib/names.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { changeUnit, dissolveUnit, foundUnit, mergeUnits, moveUnit, splitUnit } from './commands.js';
import * as repo from './repo.js';
import { UNIT_LEVEL_LABELS, UNIT_LEVELS, UNIT_TYPE_LABELS, UNIT_TYPES } from './schema.js';
import { UnitOptions } from '../web/views/unit-options.js';

const read = { config: { access: { permission: 'record.read' as const } } };
const manage = { config: { access: { permission: 'unit.manage' as const } } };
const EVENT_LABELS: Record<string, string> = {
  found: 'Thành lập',
  update: 'Thay đổi thông tin',
  move: 'Chuyển cấp trên',
  merge: 'Sáp nhập',
  split: 'Chia tách',
  dissolve: 'Giải thể',
};
const idOf = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : 0);
const dateOf = (v: unknown) => (typeof v === 'string' && isValidIsoDate(v) ? v : null);
const isLevel = (v: unknown): v is (typeof UNIT_LEVELS)[number] => typeof v === 'string' && (UNIT_LEVELS as readonly string[]).includes(v);
const isType = (v: unknown): v is (typeof UNIT_TYPES)[number] => typeof v === 'string' && (UNIT_TYPES as readonly string[]).includes(v);

/** Versions grouped under their parent (units whose parent is outside the list are roots), each group in Vietnamese order. */
function childrenByParent(versions: UnitVersion[]): Map<number | null, UnitVersion[]> {
  const ids = new Set(versions.map((v) => v.unit_id));
  const groups = new Map<number | null, UnitVersion[]>();
  for (const v of versions) {
    const parent = v.parent_id !== null && ids.has(v.parent_id) ? v.parent_id : null;
    const group = groups.get(parent);
    if (group) group.push(v);
    else groups.set(parent, [v]);
  }
  for (const group of groups.values()) group.sort((a, b) => compareVietnamese(a.short_name, b.short_name));
  return groups;
}

function Tree({ groups, parentId, date }: { groups: Map<number | null, UnitVersion[]>; parentId: number | null; date: string }) {
  const children = groups.get(parentId);
  if (!children) return null;
  return (
    <ul class="tree">
      {children.map((v) => (
        <li key={v.unit_id}>
          <a href={`/quan-tri/don-vi/${v.unit_id}?ngay=${date}`}>{v.short_name}</a> <span class="muted">{UNIT_LEVEL_LABELS[v.level]}</span>
          <Tree groups={groups} parentId={v.unit_id} date={date} />
        </li>
      ))}
    </ul>
  );
}

export function registerOrgRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get<{ Querystring: { ngay?: string } }>('/quan-tri/don-vi', read, async (req, reply) => {
    const user = currentUser(req);
    const date = dateOf(req.query.ngay) ?? todayInVietnam();
    const versions = await repo.versionsOfSubtreesAsOf(ctx, grantUnitsFor(user, 'record.read'), date);
    return sendAdminPage(req, reply, { title: 'Hệ thống tổ chức', active: 'units' }, () => (
      <>
        <form method="get" action="/quan-tri/don-vi" class="panel form-grid">
          <div class="form-row">
            <label for="ngay">Xem hệ thống tổ chức tại ngày</label>
            <input id="ngay" name="ngay" type="date" value={date} />
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Xem
            </button>
          </div>
        </form>
        <p class="muted">
          {versions.length} đơn vị tại ngày {formatIsoDate(date)}.
        </p>
        <div class="panel">
          <Tree groups={childrenByParent(versions)} parentId={null} date={date} />
        </div>
      </>
    ));
  });

  /** `refused`: the form that failed and what was typed in it, shown again with the reason. */
  async function unitPage(
    req: FastifyRequest<{ Params: { id: string }; Querystring: { ngay?: string } }>,
    reply: FastifyReply,
    error: string | null = null,
    status = 200,
    refused: { form: string; body: Record<string, string> } | null = null,
  ) {
    const user = currentUser(req);
    const unitId = idOf(req.params.id);
    const unit = await repo.findUnitById(ctx, unitId);
    if (!unit || !(await can(ctx, user, 'record.read', unitId))) throw new NotFound('Không có đơn vị này trong phạm vi của bạn.');
    const date = dateOf(req.query.ngay) ?? todayInVietnam();
    const [versions, events, version, children, mayManage] = await Promise.all([
      repo.versionsOf(ctx, unitId),
      repo.listEventsOf(ctx, unitId),
      repo.versionAsOf(ctx, unitId, date),
      repo.childrenAsOf(ctx, unitId, date),
      can(ctx, user, 'unit.manage', unitId),
    ]);
    const scope = mayManage
      ? (await repo.listUnitsInScope(ctx, grantUnitsFor(user, 'unit.manage'))).filter((u) => u.status === 'active' && u.id !== unitId)
      : [];
    const today = todayInVietnam();
    const typed = (form: string, field: string, fallback: string) =>
      refused?.form === form ? (refused.body[field] ?? fallback) : fallback;
    return sendAdminPage(
      req,
      reply,
      { title: unit.full_name, active: 'units', error },
      (csrf) => (
        <>
          <p>
            <a href={`/quan-tri/don-vi?ngay=${date}`}>« Hệ thống tổ chức</a> ·{' '}
            <a href={`/quan-tri/thong-ke?don_vi=${unitId}&ngay=${date}`}>Số liệu</a>
          </p>
          <div class="panel">
            {version ? (
              <dl class="facts">
                <dt>Tại ngày</dt>
                <dd>{formatIsoDate(date)}</dd>
                <dt>Tên viết tắt</dt>
                <dd>{version.short_name}</dd>
                <dt>Cấp</dt>
                <dd>{UNIT_LEVEL_LABELS[version.level]}</dd>
                <dt>Loại hình</dt>
                <dd>{version.unit_type ? UNIT_TYPE_LABELS[version.unit_type] : '—'}</dd>
                <dt>Địa chỉ</dt>
                <dd>{version.address ?? '—'}</dd>
                <dt>Ban Nữ công</dt>
                <dd>{version.has_womens_committee ? 'Có' : 'Không'}</dd>
                <dt>Đơn vị trực thuộc</dt>
                <dd>{children.length}</dd>
              </dl>
            ) : (
              <p>Đơn vị không hoạt động vào ngày {formatIsoDate(date)}.</p>
            )}
          </div>
          <h2>Lịch sử</h2>
          <table class="grid">
            <thead>
              <tr>
                <th>Ngày hiệu lực</th>
                <th>Sự kiện</th>
                <th>Ghi chú</th>
                <th>Người ghi</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{e.effective_on === '0001-01-01' ? 'Trước khi có dữ liệu' : formatIsoDate(e.effective_on)}</td>
                  <td>
                    {EVENT_LABELS[e.kind] ?? e.kind}
                    {e.other_unit_id && e.unit_id === unitId && e.kind === 'merge' ? ` vào đơn vị số ${e.other_unit_id}` : ''}
                    {e.unit_id !== unitId ? ` (đơn vị số ${e.unit_id})` : ''}
                  </td>
                  <td>{e.note ?? ''}</td>
                  <td>{e.actor_label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{versions.length} phiên bản thông tin đơn vị.</p>
          {mayManage && unit.status === 'active' ? (
            <>
              <h2>Ghi nhận thay đổi</h2>
              <div class="form-grid">
                <form method="post" action={`/quan-tri/don-vi/${unitId}/doi`} class="panel">
                  <h3>Đổi tên, thông tin</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="shortName">Tên viết tắt</label>
                    <input id="shortName" name="shortName" type="text" value={typed('doi', 'shortName', unit.short_name)} maxLength={200} />
                  </div>
                  <div class="form-row">
                    <label for="fullName">Tên đầy đủ</label>
                    <input id="fullName" name="fullName" type="text" value={typed('doi', 'fullName', unit.full_name)} maxLength={400} />
                  </div>
                  <div class="form-row">
                    <label for="unitType">Loại hình</label>
                    <select id="unitType" name="unitType">
                      <option value="">—</option>
                      {UNIT_TYPES.map((t) => (
                        <option key={t} value={t} selected={unit.unit_type === t}>
                          {UNIT_TYPE_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="address">Địa chỉ</label>
                    <input id="address" name="address" type="text" value={typed('doi', 'address', unit.address ?? '')} maxLength={400} />
                  </div>
                  <div class="form-row">
                    <label>
                      <input type="checkbox" name="womens" value="1" checked={unit.has_womens_committee === 1} /> Có Ban Nữ công
                    </label>
                  </div>
                  <div class="form-row">
                    <label for="on-u">Có hiệu lực từ</label>
                    <input id="on-u" name="on" type="date" required value={typed('doi', 'on', today)} />
                  </div>
                  <button type="submit" class="primary">
                    Lưu thay đổi
                  </button>
                </form>
                <form method="post" action={`/quan-tri/don-vi/${unitId}/chuyen`} class="panel">
                  <h3>Chuyển về trực thuộc</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="parentId">Đơn vị cấp trên mới</label>
                    <select id="parentId" name="parentId">
                      <UnitOptions units={scope} selected={typed('chuyen', 'parentId', '')} />
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="on-m">Có hiệu lực từ</label>
                    <input id="on-m" name="on" type="date" required value={typed('chuyen', 'on', today)} />
                  </div>
                  <button type="submit" class="primary">
                    Chuyển
                  </button>
                </form>
                <form method="post" action={`/quan-tri/don-vi/${unitId}/sap-nhap`} class="panel">
                  <h3>Sáp nhập đơn vị này vào</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="survivorId">Đơn vị tiếp nhận</label>
                    <select id="survivorId" name="survivorId">
                      <UnitOptions units={scope} selected={typed('sap-nhap', 'survivorId', '')} />
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="on-g">Có hiệu lực từ</label>
                    <input id="on-g" name="on" type="date" required value={typed('sap-nhap', 'on', today)} />
                  </div>
                  <p class="muted">Đơn vị trực thuộc, đoàn viên và tin bài chuyển sang đơn vị tiếp nhận.</p>
                  <button type="submit" class="danger">
                    Sáp nhập
                  </button>
                </form>
                <form method="post" action={`/quan-tri/don-vi/${unitId}/chia-tach`} class="panel">
                  <h3>Chia tách</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="parts">Tên các đơn vị mới (mỗi dòng một tên)</label>
                    <textarea id="parts" name="parts" required>
                      {typed('chia-tach', 'parts', '')}
                    </textarea>
                  </div>
                  {children.length ? <p class="muted">Các đơn vị trực thuộc về đơn vị mới số:</p> : null}
                  {children.map((c) => (
                    <div class="form-row" key={c.unit_id}>
                      <label for={`child-${c.unit_id}`}>{c.short_name}</label>
                      <input id={`child-${c.unit_id}`} name={`child_${c.unit_id}`} type="number" min={1} max={20} value="1" />
                    </div>
                  ))}
                  <div class="form-row">
                    <label>
                      <input type="checkbox" name="keep" value="1" /> Giữ lại đơn vị cũ
                    </label>
                  </div>
                  <div class="form-row">
                    <label for="on-s">Có hiệu lực từ</label>
                    <input id="on-s" name="on" type="date" required value={typed('chia-tach', 'on', today)} />
                  </div>
                  <button type="submit" class="danger">
                    Chia tách
                  </button>
                </form>
                <form method="post" action={`/quan-tri/don-vi/${unitId}/giai-the`} class="panel">
                  <h3>Giải thể</h3>
                  <CsrfField token={csrf} />
                  <div class="form-row">
                    <label for="note">Ghi chú (số quyết định…)</label>
                    <input id="note" name="note" type="text" maxLength={500} value={typed('giai-the', 'note', '')} />
                  </div>
                  <div class="form-row">
                    <label for="on-d">Có hiệu lực từ</label>
                    <input id="on-d" name="on" type="date" required value={typed('giai-the', 'on', today)} />
                  </div>
                  <button type="submit" class="danger">
                    Giải thể
                  </button>
                </form>
                <form method="post" action="/quan-tri/don-vi" class="panel">
                  <h3>Thành lập đơn vị trực thuộc</h3>
                  <CsrfField token={csrf} />
                  <input type="hidden" name="parentId" value={unitId} />
                  <div class="form-row">
                    <label for="n-short">Tên viết tắt</label>
                    <input id="n-short" name="shortName" type="text" required maxLength={200} />
                  </div>
                  <div class="form-row">
                    <label for="n-full">Tên đầy đủ</label>
                    <input id="n-full" name="fullName" type="text" required maxLength={400} />
                  </div>
                  <div class="form-row">
                    <label for="n-level">Cấp</label>
                    <select id="n-level" name="level">
                      {UNIT_LEVELS.map((l) => (
                        <option key={l} value={l} selected={l === 'grassroots'}>
                          {UNIT_LEVEL_LABELS[l]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="n-type">Loại hình</label>
                    <select id="n-type" name="unitType">
                      <option value="">—</option>
                      {UNIT_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {UNIT_TYPE_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="form-row">
                    <label for="n-on">Ngày thành lập</label>
                    <input id="n-on" name="on" type="date" required value={today} />
                  </div>
                  <button type="submit" class="primary">
                    Thành lập
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </>
      ),
      status,
    );
  }

  app.get<{ Params: { id: string }; Querystring: { ngay?: string } }>('/quan-tri/don-vi/:id', read, (req, reply) => unitPage(req, reply));

  /** Runs a change; a refusal shows the unit page with the reason. */
  const command = (
    path: string,
    run: (req: FastifyRequest<{ Params: { id: string }; Body: Record<string, string> }>, unitId: number, on: string) => Promise<unknown>,
    notice: string,
  ) =>
    app.post<{ Params: { id: string }; Body: Record<string, string>; Querystring: { ngay?: string } }>(
      `/quan-tri/don-vi/:id/${path}`,
      manage,
      async (req, reply) => {
        const unitId = idOf(req.params.id);
        try {
          const on = dateOf(req.body?.on);
          if (!on) throw new UserFacingError('Cần ngày có hiệu lực hợp lệ.');
          await run(req, unitId, on);
        } catch (e) {
          if (e instanceof UserFacingError) return unitPage(req, reply, e.message, e.statusCode, { form: path, body: req.body ?? {} });
          throw e;
        }
        return redirectWithNotice(reply, `/quan-tri/don-vi/${unitId}`, notice);
      },
    );

  command(
    'doi',
    (req, id, on) =>
      changeUnit(
        ctx,
        currentUser(req),
        id,
        {
          shortName: req.body.shortName,
          fullName: req.body.fullName,
          unitType: isType(req.body.unitType) ? req.body.unitType : null,
          address: req.body.address?.trim() || null,
          hasWomensCommittee: req.body.womens === '1',
        },
        on,
      ),
    'Đã ghi nhận thay đổi.',
  );
  command('chuyen', (req, id, on) => moveUnit(ctx, currentUser(req), id, idOf(req.body.parentId), on), 'Đã chuyển đơn vị.');
  command('sap-nhap', (req, id, on) => mergeUnits(ctx, currentUser(req), [id], idOf(req.body.survivorId), on), 'Đã sáp nhập đơn vị.');
  command('giai-the', (req, id, on) => dissolveUnit(ctx, currentUser(req), id, on, req.body.note?.trim() || null), 'Đã giải thể đơn vị.');
  command(
    'chia-tach',
    async (req, id, on) => {
      const names = (req.body.parts ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 20);
      if (names.length === 0) throw new UserFacingError('Cần ít nhất một tên đơn vị mới.');
      const unit = await repo.findUnitById(ctx, id);
      const children = await repo.childrenAsOf(ctx, id, on);
      const parts = names.map((name, i) => ({
        input: { level: unit?.level ?? 'grassroots', unitType: unit?.unit_type ?? null, shortName: name, fullName: name },
        childIds: children.filter((c) => (Number(req.body[`child_${c.unit_id}`]) || 1) === i + 1).map((c) => c.unit_id),
      }));
      await splitUnit(ctx, currentUser(req), id, parts, on, req.body.keep === '1');
    },
    'Đã chia tách đơn vị.',
  );

  app.post<{ Body: Record<string, string> }>('/quan-tri/don-vi', manage, async (req, reply) => {
    const b = req.body ?? {};
    const parentId = idOf(b.parentId);
    const unit = await foundUnit(ctx, currentUser(req), {
      parentId,
      level: isLevel(b.level) ? b.level : 'grassroots',
      unitType: isType(b.unitType) ? b.unitType : null,
      shortName: b.shortName ?? '',
      fullName: b.fullName ?? '',
      foundedOn: dateOf(b.on),
    }).catch((e: unknown) => {
      if (e instanceof UserFacingError) return e;
      throw e;
    });
    if (unit instanceof UserFacingError)
      return redirectWithNotice(reply, `/quan-tri/don-vi/${parentId}`, `Không thành lập được: ${unit.message}`);
    return redirectWithNotice(reply, `/quan-tri/don-vi/${unit.id}`, 'Đã thành lập đơn vị.');
  });
}
