import type { Role } from '../db/schema.js';
import { ROLE_ACTIONS, rolesWith, type Action } from './roles.js';

export interface Grant {
  role: Role;
  unitId: number;
}

/** The signed-in person, as every policy check sees them. */
export interface AuthUser {
  id: number;
  login: string;
  fullName: string;
  unitId: number;
  grants: Grant[];
}

/** One action, or several of which any one will do (care records are read by anyone who may propose, approve, pay or manage funds). */
export type ScopeAction = Action | readonly Action[];

/** Units where the user holds a role that allows `action`; the scope is each of them and everything below. */
export function grantUnitsFor(user: AuthUser, action: ScopeAction): number[] {
  const actions: readonly Action[] = typeof action === 'string' ? [action] : action;
  const roles = new Set(actions.flatMap((a) => rolesWith(a)));
  return [...new Set(user.grants.filter((g) => roles.has(g.role)).map((g) => g.unitId))];
}

/** Whether the user may do `action` somewhere (which routes to show, which pages to open). */
export function canAnywhere(user: AuthUser, action: Action): boolean {
  return user.grants.some((g) => ROLE_ACTIONS[g.role].includes(action));
}
