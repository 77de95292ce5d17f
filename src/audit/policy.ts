import type { Action } from '../access/roles.js';
import { isAdminAtRoot } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';

/**
 * Who reads which audit events: those of the units where the user may `audit.read` and below;
 * events that name no unit (site settings, sections of no unit) only administrators of a root unit.
 */
export interface AuditReader {
  user: AuthUser;
  /** Also reads events and records that belong to no unit. */
  unitless: boolean;
}

export async function auditReader(ctx: DbContext, user: AuthUser): Promise<AuditReader> {
  return { user, unitless: await isAdminAtRoot(ctx, user) };
}

// The care pages' own rule: health and hardship details are for care and fund permissions, not plain record.read.
const CARE_READ: readonly Action[] = ['care.propose', 'care.approve', 'care.pay', 'fund.manage'];

/**
 * The permission, over the record's unit, that lets the audit page name a record and link to it:
 * the same one its own page asks (a member's name only for who may read the member's unit).
 */
export const NAMED_ENTITY_READ = {
  member: 'record.read',
  unit: 'record.read',
  article: 'article.read',
  section: 'section.manage',
  user: 'user.manage',
  care_case: CARE_READ,
  programme: CARE_READ,
  fund: 'fund.manage',
  fund_entry: 'fund.manage',
} as const satisfies Record<string, ScopeAction>;
export type NamedEntity = keyof typeof NAMED_ENTITY_READ;

export function isNamedEntity(entity: string): entity is NamedEntity {
  return Object.hasOwn(NAMED_ENTITY_READ, entity);
}
