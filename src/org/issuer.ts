import type { DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { placeFromNames, type Issuer } from '../lib/letterhead.js';
import { findUnitById } from './repo.js';

/** The issuer of a unit's printed pages and documents: its name, its parent's, and the place its papers are dated at. */
export async function issuerOf(ctx: DbContext, unitId: number): Promise<Issuer> {
  const chain: Unit[] = [];
  for (let id: number | null = unitId; id !== null && chain.length < 12;) {
    const unit = await findUnitById(ctx, id);
    if (!unit) break;
    chain.push(unit);
    id = unit.parent_id;
  }
  return {
    name: chain[0]?.full_name ?? '',
    parentName: chain[1]?.full_name ?? null,
    place: placeFromNames(chain.map((u) => u.full_name)),
  };
}
