import type { DbContext } from '../db/context.js';
import type { AuditAction } from './actions.js';
import { insertAuditEvent, insertAuditEvents } from './repo.js';

/** Who did something: a signed-in user, or a named system actor such as the CLI importer. */
export interface Actor {
  userId: number | null;
  label: string;
}

export const SYSTEM_ACTORS = {
  cli: { userId: null, label: 'dòng lệnh' },
  demo: { userId: null, label: 'dữ liệu mẫu' },
} as const satisfies Record<string, Actor>;

export interface AuditEvent {
  actor: Actor;
  action: AuditAction;
  entity: string;
  entityId: string | number;
  unitId: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event. Call it with the transaction that makes the change. */
export async function recordAudit(tx: DbContext, event: AuditEvent): Promise<void> {
  await insertAuditEvent(tx, auditRow(event, Date.now()));
}

/** Writes many audit events in one statement (a batch of an import). */
export async function recordAudits(tx: DbContext, events: AuditEvent[]): Promise<void> {
  const at = Date.now();
  await insertAuditEvents(
    tx,
    events.map((e) => auditRow(e, at)),
  );
}

function auditRow(event: AuditEvent, at: number) {
  return {
    at,
    actor_user_id: event.actor.userId,
    actor_label: event.actor.label,
    action: event.action,
    entity: event.entity,
    entity_id: String(event.entityId),
    unit_id: event.unitId,
    before_json: event.before === undefined ? null : JSON.stringify(event.before),
    after_json: event.after === undefined ? null : JSON.stringify(event.after),
  };
}
