import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grantUnitsFor } from '../access/user.js';
import { can } from '../access/scope.js';
import type { DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import { findUnitById, listUnitsInScope } from '../org/repo.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { sectionPath } from '../web/views/layout.js';
import { UnitOptions } from '../web/views/unit-options.js';
import {
  createSection,
  listSectionsForManagement,
  MAX_SECTION_NAME_CHARS,
  MAX_SORT_ORDER,
  renameSection,
  setSectionOrder,
  setSectionUnit,
  type ManagedSection,
} from './sections.js';

export const SECTIONS_PATH = '/quan-tri/chuyen-muc';

const manage = { config: { access: { permission: 'section.manage' as const } } };

type Body = Record<string, string | string[] | undefined> | undefined;
type SectionRequest = FastifyRequest<{ Params: { id?: string }; Body: Body }>;

/** A refused form: which one, what was typed in it, and why. */
interface Refused {
  form: string;
  values: Record<string, string>;
  message: string;
}

const text = (body: Body, key: string): string => {
  const v = body?.[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).slice(0, 100_000);
};

/** A section id in the address, or 404. */
function sectionIdOf(raw: string | undefined): number {
  if (!raw || !/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new NotFound('Không có chuyên mục này.');
  return Number(raw);
}

/** The unit picked in a form: none ("") or a unit id. */
function unitOf(raw: string): number | null {
  if (raw.trim() === '') return null;
  if (!/^\d{1,9}$/.test(raw.trim())) throw new UserFacingError('Đơn vị đã chọn không hợp lệ.');
  return Number(raw.trim());
}

/** A sort order as typed: empty is null; anything but a whole number is NaN, which the service refuses with its message. */
function orderOf(raw: string): number | null {
  const v = raw.trim();
  if (v === '') return null;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
}

export function registerSectionRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  async function listPage(req: FastifyRequest, reply: FastifyReply, refused: Refused | null = null, status = 200) {
    const user = currentUser(req);
    const [sections, scope, general] = await Promise.all([
      listSectionsForManagement(ctx, user),
      listUnitsInScope(ctx, grantUnitsFor(user, 'section.manage')),
      can(ctx, user, 'section.manage', null),
    ]);
    const units = scope.filter((u) => u.status === 'active');
    return sendAdminPage(
      req,
      reply,
      { title: 'Chuyên mục', active: 'sections', error: refused?.message ?? null },
      (csrf) => <SectionsPage csrf={csrf} sections={sections} units={units} general={general} refused={refused} />,
      status,
    );
  }

  /** Runs a change and redirects with its notice; a refusal shows the list again with the form as typed. */
  const attempt =
    (formOf: (req: SectionRequest) => string, work: (req: SectionRequest) => Promise<string>) =>
    async (req: SectionRequest, reply: FastifyReply) => {
      try {
        return redirectWithNotice(reply, SECTIONS_PATH, await work(req));
      } catch (e) {
        if (!(e instanceof UserFacingError) || e instanceof Forbidden || e instanceof NotFound) throw e;
        const values = Object.fromEntries(Object.keys(req.body ?? {}).map((k) => [k, text(req.body, k)]));
        return listPage(req, reply, { form: formOf(req), values, message: e.message }, e.statusCode);
      }
    };

  app.get(SECTIONS_PATH, manage, (req, reply) => listPage(req, reply));

  app.post<{ Params: { id?: string }; Body: Body }>(
    SECTIONS_PATH,
    manage,
    attempt(
      () => 'create',
      async (req) => {
        const section = await createSection(ctx, currentUser(req), {
          name: text(req.body, 'name'),
          unitId: unitOf(text(req.body, 'unitId')),
          sortOrder: orderOf(text(req.body, 'sortOrder')),
        });
        return `Đã thêm chuyên mục “${section.name}” tại ${sectionPath(section.slug)}.`;
      },
    ),
  );

  app.post<{ Params: { id?: string }; Body: Body }>(
    `${SECTIONS_PATH}/:id/ten`,
    manage,
    attempt(
      (req) => `name-${req.params.id}`,
      async (req) => {
        const { before, after } = await renameSection(ctx, currentUser(req), sectionIdOf(req.params.id), text(req.body, 'name'));
        if (before.name === after.name) return `Chuyên mục “${after.name}” vẫn giữ tên cũ.`;
        return `Đã đổi tên chuyên mục thành “${after.name}”, đường dẫn vẫn là ${sectionPath(after.slug)}.`;
      },
    ),
  );

  app.post<{ Params: { id?: string }; Body: Body }>(
    `${SECTIONS_PATH}/:id/thu-tu`,
    manage,
    attempt(
      (req) => `order-${req.params.id}`,
      async (req) => {
        const { before, after } = await setSectionOrder(
          ctx,
          currentUser(req),
          sectionIdOf(req.params.id),
          orderOf(text(req.body, 'sortOrder')),
        );
        if (before.sort_order === after.sort_order) return `Chuyên mục “${after.name}” vẫn có thứ tự ${formatNumber(after.sort_order)}.`;
        return `Chuyên mục “${after.name}” nay có thứ tự ${formatNumber(after.sort_order)}.`;
      },
    ),
  );

  app.post<{ Params: { id?: string }; Body: Body }>(
    `${SECTIONS_PATH}/don-vi`,
    manage,
    attempt(
      () => 'unit',
      async (req) => {
        const raw = text(req.body, 'sectionId');
        if (!/^\d{1,9}$/.test(raw.trim())) throw new UserFacingError('Cần chọn chuyên mục để đổi đơn vị.');
        const { after } = await setSectionUnit(ctx, currentUser(req), Number(raw.trim()), unitOf(text(req.body, 'unitId')));
        const unit = after.unit_id === null ? null : await findUnitById(ctx, after.unit_id);
        return unit
          ? `Chuyên mục “${after.name}” thuộc đơn vị “${unit.short_name}”.`
          : `Chuyên mục “${after.name}” là chuyên mục chung của cổng thông tin.`;
      },
    ),
  );
}

interface SectionsPageProps {
  csrf: string;
  sections: ManagedSection[];
  /** Active units in the user's scope, for the unit pickers. */
  units: Unit[];
  /** The user may manage sections of the whole portal (ones without a unit). */
  general: boolean;
  refused: Refused | null;
}

const GENERAL_LABEL = 'Chung (không thuộc đơn vị nào)';

function SectionsPage({ csrf, sections, units, general, refused }: SectionsPageProps) {
  const typed = (form: string, field: string, fallback: string) =>
    refused?.form === form ? (refused.values[field] ?? fallback) : fallback;
  const manageable = sections.filter((s) => s.manageable);
  const unitPicker = (form: string, id: string) => (
    <select id={id} name="unitId">
      {general ? (
        <option value="" selected={typed(form, 'unitId', '') === ''}>
          {GENERAL_LABEL}
        </option>
      ) : null}
      <UnitOptions units={units} selected={typed(form, 'unitId', '')} />
    </select>
  );
  return (
    <>
      <p class="muted">
        Các chuyên mục hiện trên thanh chuyên mục của cổng thông tin theo thứ tự dưới đây: số nhỏ đứng trước, số bằng nhau theo thứ tự tạo.
        Đổi tên không đổi đường dẫn, nên các liên kết cũ vẫn dùng được.
      </p>
      <div class="sections-scroll">
        <table class="grid sections-table">
          <thead>
            <tr>
              <th>Thứ tự</th>
              <th>Tên chuyên mục</th>
              <th>Đơn vị</th>
              <th>Đường dẫn</th>
              <th class="sections-num">Bài đã đăng</th>
            </tr>
          </thead>
          <tbody>
            {sections.length === 0 ? (
              <tr>
                <td colSpan={5}>Chưa có chuyên mục nào.</td>
              </tr>
            ) : null}
            {sections.map((s) => {
              const refusedHere = refused?.form === `name-${s.id}` || refused?.form === `order-${s.id}`;
              return (
                <tr key={s.id} id={`chuyen-muc-${s.id}`} class={refusedHere ? 'sections-refused' : undefined}>
                  <td>
                    {s.manageable ? (
                      <form method="post" action={`${SECTIONS_PATH}/${s.id}/thu-tu`} class="sections-inline">
                        <CsrfField token={csrf} />
                        <input
                          type="number"
                          name="sortOrder"
                          class="sections-order"
                          min={0}
                          max={MAX_SORT_ORDER}
                          step={1}
                          required
                          value={typed(`order-${s.id}`, 'sortOrder', String(s.sort_order))}
                          aria-label={`Thứ tự của chuyên mục ${s.name}`}
                          aria-invalid={refused?.form === `order-${s.id}` ? 'true' : undefined}
                        />
                        <button type="submit" class="secondary">
                          Lưu
                        </button>
                      </form>
                    ) : (
                      formatNumber(s.sort_order)
                    )}
                  </td>
                  <td>
                    {s.manageable ? (
                      <form method="post" action={`${SECTIONS_PATH}/${s.id}/ten`} class="sections-inline">
                        <CsrfField token={csrf} />
                        <input
                          type="text"
                          name="name"
                          class="sections-name"
                          required
                          maxLength={MAX_SECTION_NAME_CHARS}
                          value={typed(`name-${s.id}`, 'name', s.name)}
                          aria-label={`Tên mới của chuyên mục ${s.name}`}
                          aria-invalid={refused?.form === `name-${s.id}` ? 'true' : undefined}
                        />
                        <button type="submit" class="secondary">
                          Đổi tên
                        </button>
                      </form>
                    ) : (
                      s.name
                    )}
                  </td>
                  <td>{s.unit_name ?? <span class="muted">Chung</span>}</td>
                  <td>
                    <a href={sectionPath(s.slug)} target="_blank" rel="noopener">
                      {sectionPath(s.slug)}
                    </a>
                  </td>
                  <td class="sections-num">{formatNumber(s.article_count)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div class="sections-forms">
        <form method="post" action={SECTIONS_PATH} class={`panel${refused?.form === 'create' ? ' sections-refused' : ''}`}>
          <h2>Thêm chuyên mục</h2>
          <CsrfField token={csrf} />
          <div class="form-row">
            <label for="new-name">Tên chuyên mục</label>
            <input id="new-name" name="name" type="text" required maxLength={MAX_SECTION_NAME_CHARS} value={typed('create', 'name', '')} />
          </div>
          <div class="form-row">
            <label for="new-unit">Đơn vị</label>
            {unitPicker('create', 'new-unit')}
          </div>
          <div class="form-row">
            <label for="new-order">Thứ tự (để trống: xếp cuối)</label>
            <input
              id="new-order"
              name="sortOrder"
              type="number"
              class="sections-order"
              min={0}
              max={MAX_SORT_ORDER}
              step={1}
              value={typed('create', 'sortOrder', '')}
            />
          </div>
          <button type="submit" class="primary">
            Thêm chuyên mục
          </button>
        </form>

        {manageable.length > 0 ? (
          <form method="post" action={`${SECTIONS_PATH}/don-vi`} class={`panel${refused?.form === 'unit' ? ' sections-refused' : ''}`}>
            <h2>Đổi đơn vị của chuyên mục</h2>
            <CsrfField token={csrf} />
            <p class="muted">
              Chuyên mục của một đơn vị do biên tập viên của đơn vị đó và của cấp trên quản lý. Mỗi đơn vị có nhiều nhất một chuyên mục
              riêng.
            </p>
            <div class="form-row">
              <label for="unit-section">Chuyên mục</label>
              <select id="unit-section" name="sectionId">
                <option value="">— Chọn chuyên mục —</option>
                {manageable.map((s) => (
                  <option key={s.id} value={String(s.id)} selected={typed('unit', 'sectionId', '') === String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="form-row">
              <label for="unit-unit">Thuộc đơn vị</label>
              {unitPicker('unit', 'unit-unit')}
            </div>
            <button type="submit" class="primary">
              Lưu đơn vị
            </button>
          </form>
        ) : null}
      </div>
    </>
  );
}
