import { recordAudit, type Actor } from '../audit/audit.js';
import type { DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import * as repo from './repo.js';
import { unitInputSchema, type UnitInput } from './schema.js';

/** Creates a unit under its parent, in the caller's transaction. */
export async function createUnitIn(tx: DbContext, actor: Actor, input: UnitInput): Promise<Unit> {
  const u = unitInputSchema.parse(input);
  if (u.parentId !== null && !(await repo.findUnitById(tx, u.parentId))) {
    throw new Error(`Không có đơn vị cấp trên số ${u.parentId}.`);
  }
  const unit = await repo.insertUnit(tx, {
    parent_id: u.parentId, level: u.level, short_name: u.shortName, full_name: u.fullName, sort_order: u.sortOrder,
  });
  await repo.insertClosureForLeaf(tx, unit.id, u.parentId);
  await recordAudit(tx, { actor, action: 'unit.create', entity: 'unit', entityId: unit.id, unitId: unit.id, after: unit });
  return unit;
}

/**
 * The root of the tree: the first unit without a parent, created (as a province
 * federation named `name`) when the tree is empty. Sections and articles that
 * hang off no unit (old pages imported before the tree existed) are given to it.
 */
export async function ensureRootUnitIn(tx: DbContext, actor: Actor, name: string): Promise<Unit> {
  const existing = await repo.findRootUnit(tx);
  const root = existing ?? await createUnitIn(tx, actor, { parentId: null, level: 'province', shortName: name, fullName: name });
  await tx.db.updateTable('sections').set({ unit_id: root.id }).where('unit_id', 'is', null).execute();
  await tx.db.updateTable('articles').set({ unit_id: root.id }).where('unit_id', 'is', null).execute();
  return root;
}
