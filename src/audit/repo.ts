import type { AuthUser } from '../access/user.js';
import { grantUnitsFor } from '../access/user.js';
import { scopeUnitIds } from '../access/scope.js';
import type { DbContext } from '../db/context.js';

export interface AuditFilter {
  unitId: number | null;
  login: string | null;
  from: number | null;
  to: number | null;
}

/** Audit events the user may read (their scope; events without a unit only for administrators of a root unit), newest first. */
export async function listAuditEvents(ctx: DbContext, user: AuthUser, filter: AuditFilter, limit: number, offset: number) {
  const roots = grantUnitsFor(user, 'audit.read');
  const rootAdmin =
    roots.length > 0 &&
    (await ctx.db.selectFrom('units').select('id').where('id', 'in', roots).where('parent_id', 'is', null).executeTakeFirst()) !==
      undefined;
  let q = ctx.db
    .selectFrom('audit_events as e')
    .leftJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('users as us', 'us.id', 'e.actor_user_id')
    .where((eb) => {
      const inScope = eb('e.unit_id', 'in', scopeUnitIds(user, 'audit.read'));
      return rootAdmin ? eb.or([inScope, eb('e.unit_id', 'is', null)]) : inScope;
    });
  if (filter.unitId !== null)
    q = q.where('e.unit_id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', filter.unitId));
  if (filter.login) q = q.where('us.login', '=', filter.login);
  if (filter.from !== null) q = q.where('e.at', '>=', filter.from);
  if (filter.to !== null) q = q.where('e.at', '<', filter.to);
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
