import type { Expression, ExpressionBuilder, Insertable, SqlBool } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { AuditEventTable } from '../db/schema.js';
import type { AuditAction } from './actions.js';
import type { AuditReader, NamedEntity } from './policy.js';

/** Every SQL statement of the audit log. */

export async function insertAuditEvent(tx: DbContext, values: Insertable<AuditEventTable>): Promise<void> {
  await tx.db.insertInto('audit_events').values(values).execute();
}

export async function insertAuditEvents(tx: DbContext, values: Insertable<AuditEventTable>[]): Promise<void> {
  if (values.length === 0) return;
  await tx.db.insertInto('audit_events').values(values).execute();
}

export interface AuditFilter {
  unitId: number | null;
  login: string | null;
  from: number | null;
  to: number | null;
  action: AuditAction | null;
  hidden: readonly AuditAction[];
}

/** Audit events the reader may read, newest first, and how many there are. */
export async function listAuditEvents(ctx: DbContext, reader: AuditReader, filter: AuditFilter, limit: number, offset: number) {
  let q = ctx.db
    .selectFrom('audit_events as e')
    .leftJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('users as us', 'us.id', 'e.actor_user_id')
    .where((eb) => readable(eb, reader, 'audit.read', eb.ref('e.unit_id')));
  if (filter.unitId !== null)
    q = q.where('e.unit_id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', filter.unitId));
  if (filter.login) q = q.where('us.login', '=', filter.login);
  if (filter.from !== null) q = q.where('e.at', '>=', filter.from);
  if (filter.to !== null) q = q.where('e.at', '<', filter.to);
  if (filter.action !== null) q = q.where('e.action', '=', filter.action);
  if (filter.hidden.length > 0) q = q.where('e.action', 'not in', [...filter.hidden]);
  const [rows, total] = await Promise.all([
    q
      .select([
        'e.id',
        'e.at',
        'e.actor_label',
        'e.action',
        'e.entity',
        'e.entity_id',
        'e.before_json',
        'e.after_json',
        'u.short_name as unit_name',
      ])
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>['rows'][number];

/** The units of the page's unit picker: those where the user may read the log, and below. */
export async function unitsForAudit(ctx: DbContext, user: AuthUser) {
  return ctx.db
    .selectFrom('units')
    .select(['id', 'short_name'])
    .where('id', 'in', scopeUnitIds(user, 'audit.read'))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** A record's name and where its page is (`linkId`: the record whose page names it, e.g. a fund entry's fund). */
export interface EntityName {
  id: number;
  name: string;
  linkId: number;
}

/** The unit column of a record is one the reader may open (a record of no unit: administrators of a root unit). */
function readable<D, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>,
  reader: AuditReader,
  action: ScopeAction,
  unit: Expression<number | null>,
): Expression<SqlBool> {
  const inScope = eb(unit, 'in', scopeUnitIds(reader.user, action));
  return reader.unitless ? eb.or([inScope, eb(unit, 'is', null)]) : inScope;
}

type NameQuery = (ctx: DbContext, reader: AuditReader, action: ScopeAction, ids: number[]) => Promise<EntityName[]>;

/** One query per kind of record: the names of those of `ids` whose unit the reader reaches for `action`. */
export const ENTITY_NAMES: Record<NamedEntity, NameQuery> = {
  member: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('members as p')
      .select(['p.id', 'p.full_name as name', 'p.id as linkId'])
      .where('p.id', 'in', ids)
      .where((eb) =>
        readable(
          eb,
          reader,
          action,
          // The member's unit today: that of their latest period, as their own page reads it.
          eb
            .selectFrom('memberships as ms')
            .select('ms.unit_id')
            .whereRef('ms.member_id', '=', 'p.id')
            .orderBy('ms.started_on', 'desc')
            .orderBy('ms.id', 'desc')
            .limit(1)
            .$asScalar(),
        ),
      )
      .execute(),
  unit: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('units as un')
      .select(['un.id', 'un.short_name as name', 'un.id as linkId'])
      .where('un.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('un.id')))
      .execute(),
  article: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('articles as a')
      .select(['a.id', 'a.headline as name', 'a.id as linkId'])
      .where('a.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('a.unit_id')))
      .execute(),
  section: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('sections as s')
      .select(['s.id', 's.name', 's.id as linkId'])
      .where('s.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('s.unit_id')))
      .execute(),
  user: async (ctx, reader, action, ids) => {
    const rows = await ctx.db
      .selectFrom('users as us')
      .select(['us.id', 'us.full_name', 'us.login'])
      .where('us.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('us.unit_id')))
      .execute();
    return rows.map((r) => ({ id: r.id, name: `${r.full_name} (${r.login})`, linkId: r.id }));
  },
  care_case: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('care_cases as c')
      .select(['c.id', 'c.recipient_name as name', 'c.id as linkId'])
      .where('c.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('c.proposing_unit_id')))
      .execute(),
  programme: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('programmes as pr')
      .select(['pr.id', 'pr.name', 'pr.id as linkId'])
      .where('pr.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('pr.unit_id')))
      .execute(),
  fund: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('funds as f')
      .select(['f.id', 'f.name', 'f.id as linkId'])
      .where('f.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('f.unit_id')))
      .execute(),
  fund_entry: (ctx, reader, action, ids) =>
    ctx.db
      .selectFrom('fund_entries as fe')
      .innerJoin('funds as f', 'f.id', 'fe.fund_id')
      .select(['fe.id', 'f.name', 'f.id as linkId'])
      .where('fe.id', 'in', ids)
      .where((eb) => readable(eb, reader, action, eb.ref('f.unit_id')))
      .execute(),
};
