import { recordAudit } from '../audit/audit.js';
import { type AuthUser } from '../access/user.js';
import { authorize } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareCaseStatus, Programme } from '../db/schema.js';
import { formatIsoDate } from '../lib/dates.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { findFund } from '../funds/service.js';
import { FieldError, parseInput } from '../web/parse.js';
import { authorizeProgrammeRead, CARE_READ_ACTIONS } from './policy.js';
import * as repo from './repo.js';
import { programmeInputSchema, type ProgrammeInput } from './schema.js';

/** Care programmes ("Tết Sum vầy 2026"): a period, the funds they draw on, a budget and default amounts per recipient. */

export type ProgrammeWithFunds = Programme & { fundIds: number[] };

async function requireProgramme(ctx: DbContext, id: number): Promise<Programme> {
  const programme = await repo.findProgramme(ctx, id);
  if (!programme) throw new NotFound('Không có chương trình này.');
  return programme;
}

/** A programme's funds must exist, be managed by the user and belong to the organiser or a unit below it. */
async function checkFunds(ctx: DbContext, user: AuthUser, unitId: number, fundIds: number[]): Promise<number[]> {
  const ids = [...new Set(fundIds)];
  for (const id of ids) {
    const fund = await findFund(ctx, id);
    if (!fund) throw new FieldError(`Không có quỹ số ${id}.`, 'fundIds');
    await authorize(ctx, user, 'fund.manage', fund.unit_id);
    if (!(await repo.isWithin(ctx, unitId, fund.unit_id)))
      throw new FieldError(`Quỹ "${fund.name}" không thuộc đơn vị tổ chức hoặc đơn vị trực thuộc.`, 'fundIds');
  }
  return ids;
}

function values(p: ReturnType<typeof parse>): repo.ProgrammeValues {
  return {
    unit_id: p.unitId,
    name: p.name,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    budget: p.budget,
    default_cash: p.defaultCash,
    default_in_kind: p.defaultInKind,
    publish_totals: p.publishTotals ? 1 : 0,
  };
}

function parse(input: ProgrammeInput) {
  return parseInput(programmeInputSchema, input);
}

export async function createProgramme(ctx: DbContext, user: AuthUser, input: ProgrammeInput): Promise<ProgrammeWithFunds> {
  const p = parse(input);
  await authorize(ctx, user, 'fund.manage', p.unitId);
  const fundIds = await checkFunds(ctx, user, p.unitId, p.fundIds);
  return inTransaction(ctx, async (tx) => {
    const programme = await repo.insertProgramme(tx, values(p));
    await repo.replaceProgrammeFunds(tx, programme.id, fundIds);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'programme.create',
      entity: 'programme',
      entityId: programme.id,
      unitId: p.unitId,
      after: { ...values(p), fund_ids: fundIds },
    });
    return { ...programme, fundIds };
  });
}

/** Replaces a programme's fields and funds; its cases must still fall inside its period. */
export async function updateProgramme(ctx: DbContext, user: AuthUser, id: number, input: ProgrammeInput): Promise<ProgrammeWithFunds> {
  const p = parse(input);
  const current = await requireProgramme(ctx, id);
  await authorize(ctx, user, 'fund.manage', current.unit_id);
  await authorize(ctx, user, 'fund.manage', p.unitId);
  const fundIds = await checkFunds(ctx, user, p.unitId, p.fundIds);
  return inTransaction(ctx, async (tx) => {
    const span = await repo.programmeCaseSpan(tx, id);
    if (span.cases > 0 && p.unitId !== current.unit_id)
      throw new UserFacingError(`Chương trình đã có ${span.cases} hồ sơ: không đổi được đơn vị tổ chức.`);
    if (span.first !== null && span.last !== null && (span.first < p.startsOn || span.last > p.endsOn)) {
      throw new UserFacingError(
        `Chương trình có hồ sơ từ ngày ${formatIsoDate(span.first)} đến ngày ${formatIsoDate(span.last)}: thời gian mới phải bao gồm các ngày đó.`,
      );
    }
    const before = { ...current, fund_ids: await repo.fundIdsOfProgramme(tx, id) };
    await repo.updateProgramme(tx, id, values(p));
    await repo.replaceProgrammeFunds(tx, id, fundIds);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'programme.update',
      entity: 'programme',
      entityId: id,
      unitId: p.unitId,
      before,
      after: { ...values(p), fund_ids: fundIds },
    });
    return { ...(await requireProgramme(tx, id)), fundIds };
  });
}

export async function readProgramme(ctx: DbContext, user: AuthUser, id: number): Promise<ProgrammeWithFunds> {
  const programme = await requireProgramme(ctx, id);
  await authorizeProgrammeRead(ctx, user, programme);
  return { ...programme, fundIds: await repo.fundIdsOfProgramme(ctx, id) };
}

/** Programmes organised in the user's scope or above it; `activeOn` keeps those running on that day. */
export async function listProgrammes(ctx: DbContext, user: AuthUser, activeOn: string | null = null) {
  return repo.listProgrammesFor(ctx, user, CARE_READ_ACTIONS, activeOn);
}

export interface ProgrammeTotals {
  programme: Programme;
  budget: number;
  cases: Record<CareCaseStatus, number>;
  /** Approved, paid and closed cases: cash plus in-kind value. */
  committed: number;
  /** Cash out of the funds for the programme's cases, as the ledger has it. */
  paidCash: number;
  /** In-kind value of paid and closed cases. */
  paidInKind: number;
  spent: number;
  remaining: number;
}

/** Spent against budget. Anyone sees the totals of a programme that publishes them; otherwise those it reaches. */
export async function programmeTotals(ctx: DbContext, user: AuthUser | null, id: number): Promise<ProgrammeTotals> {
  const programme = await requireProgramme(ctx, id);
  if (!programme.publish_totals) {
    if (!user) throw new NotFound('Không có chương trình này.');
    await authorizeProgrammeRead(ctx, user, programme);
  }
  const rows = await repo.programmeCaseTotals(ctx, id);
  const cases: Record<CareCaseStatus, number> = { proposed: 0, returned: 0, approved: 0, paid: 0, closed: 0 };
  let committed = 0;
  let paidInKind = 0;
  for (const r of rows) {
    cases[r.status] = r.cases;
    if (r.status === 'approved' || r.status === 'paid' || r.status === 'closed') committed += r.cash + r.in_kind;
    if (r.status === 'paid' || r.status === 'closed') paidInKind += r.in_kind;
  }
  const paidCash = await repo.programmePaidCash(ctx, id);
  const spent = paidCash + paidInKind;
  return { programme, budget: programme.budget, cases, committed, paidCash, paidInKind, spent, remaining: programme.budget - spent };
}
