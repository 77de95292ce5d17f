import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { siteTime } from '../lib/format.js';
import { paginateList } from '../lib/pagination.js';
import { AUDIT_ENTITIES, auditActionLabel, type AuditEntity } from './actions.js';
import { auditReader, isNamedEntity, NAMED_ENTITY_READ, type AuditReader, type NamedEntity } from './policy.js';
import { ENTITY_NAMES, listAuditEvents, unitsForAudit, type AuditEventRow, type EntityName } from './repo.js';
import { SIGN_IN_ACTIONS, type AuditQuery } from './schema.js';

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 3600 * 1000;

/** The record an event names: its kind and number, and its name and page when the viewer may see it. */
export interface EntityRef {
  kind: string;
  number: string;
  name: string | null;
  href: string | null;
}

export interface AuditLine {
  id: number;
  at: number;
  actor: string;
  action: string;
  actionLabel: string;
  entity: EntityRef;
  unitName: string | null;
  before: string | null;
  after: string | null;
}

/** Where each kind of record is opened (a fund entry: its fund; an account: its page). */
const ENTITY_PAGES: Record<NamedEntity, (id: number) => string> = {
  member: (id) => `/quan-tri/doan-vien/${id}`,
  unit: (id) => `/quan-tri/don-vi/${id}`,
  article: (id) => `/quan-tri/bai-viet/${id}`,
  section: () => '/quan-tri/chuyen-muc',
  user: (id) => `/quan-tri/tai-khoan/${id}`,
  care_case: (id) => `/quan-tri/cham-lo/ho-so/${id}`,
  programme: (id) => `/quan-tri/cham-lo/chuong-trinh/${id}`,
  fund: (id) => `/quan-tri/quy/${id}`,
  fund_entry: (id) => `/quan-tri/quy/${id}`,
};

/** "2026-11-24" (a day in Vietnam) → the start of that day, as epoch ms. */
function startOfDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return siteTime(y, m, d).getTime();
}

const recordId = (entityId: string) => (/^[1-9]\d{0,8}$/.test(entityId) ? Number(entityId) : null);

/** Names of the records the page's events name, one query per kind of record, only those the reader may see. */
async function entityNames(ctx: DbContext, reader: AuditReader, rows: AuditEventRow[]) {
  const wanted = new Map<NamedEntity, Set<number>>();
  for (const r of rows) {
    const id = recordId(r.entity_id);
    if (id === null || !isNamedEntity(r.entity)) continue;
    if (!wanted.has(r.entity)) wanted.set(r.entity, new Set());
    wanted.get(r.entity)!.add(id);
  }
  const found = await Promise.all(
    [...wanted].map(
      async ([entity, ids]) => [entity, await ENTITY_NAMES[entity](ctx, reader, NAMED_ENTITY_READ[entity], [...ids])] as const,
    ),
  );
  return new Map(found.map(([entity, names]) => [entity, new Map<number, EntityName>(names.map((n) => [Number(n.id), n]))]));
}

function entityRef(row: AuditEventRow, names: Awaited<ReturnType<typeof entityNames>>): EntityRef {
  const kind = Object.hasOwn(AUDIT_ENTITIES, row.entity) ? AUDIT_ENTITIES[row.entity as AuditEntity] : row.entity;
  const id = recordId(row.entity_id);
  const found = id !== null && isNamedEntity(row.entity) ? names.get(row.entity)?.get(id) : undefined;
  if (!found || !isNamedEntity(row.entity)) return { kind, number: row.entity_id, name: null, href: null };
  return { kind, number: row.entity_id, name: found.name, href: ENTITY_PAGES[row.entity](Number(found.linkId)) };
}

/** The audit page: the reader's events by the query, each with its action's label and the name of what it names. */
export async function auditPage(ctx: DbContext, user: AuthUser, query: AuditQuery) {
  const reader = await auditReader(ctx, user);
  const units = await unitsForAudit(ctx, user);
  const unitId = query.don_vi !== null && units.some((u) => u.id === query.don_vi) ? query.don_vi : null;
  const filter = {
    unitId,
    login: query.nguoi,
    from: query.tu === null ? null : startOfDay(query.tu),
    to: query.den === null ? null : startOfDay(query.den) + DAY_MS,
    action: query.thao_tac,
    hidden: query.an_dang_nhap ? SIGN_IN_ACTIONS : [],
  };
  const { rows, total } = await listAuditEvents(ctx, reader, filter, AUDIT_PAGE_SIZE, (query.trang - 1) * AUDIT_PAGE_SIZE);
  const pages = paginateList(total, query.trang, AUDIT_PAGE_SIZE);
  const names = await entityNames(ctx, reader, rows);
  const lines: AuditLine[] = rows.map((r) => ({
    id: Number(r.id),
    at: Number(r.at),
    actor: r.actor_label,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    entity: entityRef(r, names),
    unitName: r.unit_name,
    before: r.before_json,
    after: r.after_json,
  }));
  return { units, query: { ...query, don_vi: unitId }, lines, total, page: pages.page, pages: pages.pages };
}
export type AuditPage = Awaited<ReturnType<typeof auditPage>>;
