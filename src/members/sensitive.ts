import { recordAudit, type Actor } from '../audit/audit.js';
import type { DbContext } from '../db/context.js';
import type { Member } from '../db/schema.js';
import { SENSITIVE_FIELD_NAMES, type SensitiveField } from './schema.js';

/**
 * Sensitive personal data on a member's record (the citizen ID, ethnicity, religion: Law
 * 91/2025/QH15, Nghị định 356/2025), one mechanism for all of them: the page shows them masked
 * until an officer whose scope covers the member opens one on purpose; the edit form, which must
 * show them to change them, counts as opening every one the record holds; each opening is a
 * `member.reveal` audit row naming the fields (never their values). Exports leave them out unless
 * asked for (export-job-service.ts), and the audit row of the export says so.
 */

/** The sensitive fields a record holds. */
export function heldSensitiveFields(member: Pick<Member, SensitiveField>): SensitiveField[] {
  return SENSITIVE_FIELD_NAMES.filter((f) => member[f] !== null && member[f] !== '');
}

/** Logs that the user was shown these sensitive fields of a member (nothing when none). */
export async function recordReveal(
  tx: DbContext,
  actor: Actor,
  memberId: number,
  unitId: number | null,
  fields: SensitiveField[],
): Promise<void> {
  if (fields.length === 0) return;
  await recordAudit(tx, { actor, action: 'member.reveal', entity: 'member', entityId: memberId, unitId, after: { fields } });
}

/** A citizen ID with all but its last three digits hidden. */
export function maskCitizenId(id: string | null): string | null {
  return id ? `${'•'.repeat(id.length - 3)}${id.slice(-3)}` : null;
}
