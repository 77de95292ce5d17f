import type { AuthUser } from '../access/user.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Member } from '../db/schema.js';
import { Conflict, NotFound } from '../lib/errors.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import { FieldError } from '../web/parse.js';
import * as policy from './policy.js';
import * as repo from './repo.js';
import type { EditInput } from './schema.js';
import { heldSensitiveFields, recordReveal } from './sensitive.js';
import { foldName, registryColumns } from './service.js';

/**
 * Correcting a member's details (name, sex, birth, citizen ID, phone, the registry's fields,
 * the consent to processing). Whoever may change the record of the member's covering unit may
 * edit it. The form carries the record's version: an edit made while someone else saved one
 * gets a 409 and the form again with what was typed. The audit row names the fields changed,
 * never their values, so an erasure on request erases the values everywhere. A change of sex
 * moves the women's running totals of every period the member had.
 */

/** The form's field of each column, for a refusal shown next to its field. */
const FIELD_OF_COLUMN: Record<string, string> = { citizen_id: 'citizenId' };

/** A record the user may change, and the unit that covers it. */
async function editable(ctx: DbContext, user: AuthUser, memberId: number): Promise<{ member: Member; unitId: number | null }> {
  const member = await repo.findMember(ctx, memberId);
  if (!member || member.erased_at) throw new NotFound('Không có đoàn viên này.');
  const unitId = await policy.coveringUnit(ctx, memberId);
  await policy.authorizeEdit(ctx, user, unitId);
  return { member, unitId };
}

/** The record to edit, for a user who may change it: opening the form shows the sensitive fields it holds, which is logged. */
export async function memberForEdit(ctx: DbContext, user: AuthUser, memberId: number): Promise<Member> {
  const { member, unitId } = await editable(ctx, user, memberId);
  await inTransaction(ctx, (tx) => recordReveal(tx, actorOf(user), memberId, unitId, heldSensitiveFields(member)));
  return member;
}

/** The record an edit form sent back (with what was typed, not the record's values) belongs to: checked again, not logged. */
export async function memberEditedAgain(ctx: DbContext, user: AuthUser, memberId: number): Promise<Member> {
  return (await editable(ctx, user, memberId)).member;
}

/** The member's columns as the edit gives them (a birth year without a date stays when no date is typed). */
function editedValues(member: Member, input: EditInput): Partial<repo.MemberValues> {
  const birthYear = input.birthDate ? Number(input.birthDate.slice(0, 4)) : member.birth_date ? null : member.birth_year;
  return {
    full_name: input.fullName,
    name_folded: foldName(input.fullName),
    sort_key: vietnameseNameSortKey(input.fullName),
    gender: input.gender,
    birth_date: input.birthDate,
    birth_year: birthYear,
    citizen_id: input.citizenId,
    phone: input.phone,
    job: input.job,
    card_number: input.cardNumber,
    ...registryColumns(input),
  };
}

/** Columns derived from others: not named in the audit row on their own. */
const DERIVED = new Set(['name_folded', 'sort_key']);

function stale(): never {
  throw new Conflict(
    'Hồ sơ đoàn viên này vừa được người khác sửa trong khi bạn đang sửa. Thay đổi của bạn chưa được lưu: hãy mở lại hồ sơ để xem bản mới nhất rồi sửa lại.',
  );
}

/** Saves an edit of a member's details; returns the names of the columns changed (none: nothing written). */
export async function editMember(ctx: DbContext, user: AuthUser, memberId: number, input: EditInput): Promise<string[]> {
  return inTransaction(ctx, async (tx) => {
    const { member, unitId } = await editable(tx, user, memberId);
    if (member.version !== input.version) stale();
    const values = editedValues(member, input);
    const changed = (Object.keys(values) as Array<keyof repo.MemberValues>).filter((k) => values[k] !== member[k]);
    if (changed.length === 0) return [];
    if (values.citizen_id && changed.includes('citizen_id')) {
      const holder = await repo.findByCitizenId(tx, values.citizen_id);
      if (holder && holder.id !== memberId)
        throw new FieldError(`Số CCCD này đã thuộc đoàn viên khác (${holder.full_name}).`, FIELD_OF_COLUMN.citizen_id ?? null, 409);
    }
    if (values.birth_date && values.name_folded && (changed.includes('name_folded') || changed.includes('birth_date'))) {
      const same = (await repo.findByNameAndBirth(tx, values.name_folded, values.birth_date)).find((m) => m.id !== memberId);
      if (same)
        throw new FieldError(`Đã có đoàn viên ${same.full_name} cùng họ tên và ngày sinh: có thể là cùng một người.`, 'fullName', 409);
    }
    if (!(await repo.updateMemberIf(tx, memberId, input.version, values))) stale();
    if (changed.includes('gender'))
      await moveWomenTotals(tx, memberId, member.gender === 'female' ? -1 : values.gender === 'female' ? 1 : 0);
    const fields = changed.filter((k) => !DERIVED.has(k));
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.update',
      entity: 'member',
      entityId: memberId,
      unitId,
      // Which fields, never their values.
      after: { fields, version: input.version + 1 },
    });
    return fields;
  });
}

/** A member's sex changed: each of their periods counts them among the women (or no longer) from its start to its end. */
async function moveWomenTotals(tx: DbContext, memberId: number, women: number): Promise<void> {
  if (women === 0) return;
  for (const p of await repo.membershipsOf(tx, memberId)) {
    await repo.applyCountChange(tx, p.unit_id, p.started_on, { members: 0, women, joined: 0, left: 0 });
    if (p.ended_on) await repo.applyCountChange(tx, p.unit_id, p.ended_on, { members: 0, women: -women, joined: 0, left: 0 });
  }
}
