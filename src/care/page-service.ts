import fs from 'node:fs';
import { permittedUnits } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { CareCase, Programme } from '../db/schema.js';
import { findEntry, fundBalance, fundsAbove, fundsByIds, managedFunds, type FundWithUnit } from '../funds/service.js';
import { fold } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { Conflict, Forbidden, NotFound } from '../lib/errors.js';
import { issuerOf } from '../org/issuer.js';
import { findUnitById } from '../org/repo.js';
import { attachmentPath } from './attachment-files.js';
import { CARE_READ_ACTIONS, mayManageProgramme } from './policy.js';
import { listProgrammes, programmeTotals, readProgramme } from './programme-service.js';
import * as repo from './repo.js';
import { CARE_WORK_PARAMS, STATUS_LABELS, type CareWorkParam, type CaseFormValues, type ProgrammeFormValues } from './schema.js';
import { listCases, readCase, type CaseListFilter } from './service.js';

/** What the care pages show: reads for the routes, each checked as the services check them. */

const MEMBER_MATCHES = 20;

/** The case list, its filters' choices, and the filters that name a programme or unit the user does not reach dropped. */
export async function caseListPage(
  ctx: DbContext,
  user: AuthUser,
  asked: Omit<CaseListFilter, 'limit' | 'offset' | 'work'> & { work?: CareWorkParam | null },
  page: { limit: number; offset: number },
) {
  const [programmes, units] = await Promise.all([listProgrammes(ctx, user), repo.unitsInScope(ctx, user, CARE_READ_ACTIONS)]);
  const filter = {
    work: asked.work ?? null,
    programmeId: programmes.some((p) => p.id === asked.programmeId) ? (asked.programmeId ?? null) : null,
    status: asked.status ?? null,
    unitId: units.some((u) => u.id === asked.unitId) ? (asked.unitId ?? null) : null,
    from: asked.from ?? null,
    to: asked.to ?? null,
  };
  const work = filter.work ? CARE_WORK_PARAMS[filter.work] : null;
  const { rows, total } = await listCases(ctx, user, { ...filter, work, ...page });
  return { rows, total, filter, programmes, units };
}

/** The members found by a name search in the user's proposing scope, and the one chosen. */
async function memberChoices(ctx: DbContext, user: AuthUser, values: Pick<CaseFormValues, 'memberQuery' | 'memberId'>) {
  const query = fold(values.memberQuery).trim().replace(/\s+/g, ' ');
  const id = /^[1-9]\d{0,8}$/.test(values.memberId.trim()) ? Number(values.memberId) : null;
  const [found, chosen] = await Promise.all([
    query ? repo.searchMembersInCareScope(ctx, user, query, MEMBER_MATCHES) : null,
    id ? repo.memberInCareScope(ctx, user, id) : null,
  ]);
  return { found, chosen };
}

/** Units the user may propose for, programmes, and the member search of the proposal form. */
export async function proposalChoices(ctx: DbContext, user: AuthUser, values: CaseFormValues) {
  const [units, programmes, members] = await Promise.all([
    repo.activeUnitsInScope(ctx, user, 'care.propose'),
    listProgrammes(ctx, user),
    memberChoices(ctx, user, values),
  ]);
  return { units, programmes, ...members };
}

/** The proposing unit a new proposal starts with: the user's own, or the first they may propose for. */
export async function defaultProposingUnit(ctx: DbContext, user: AuthUser): Promise<number | null> {
  const units = await repo.activeUnitsInScope(ctx, user, 'care.propose');
  return (units.find((u) => u.id === user.unitId) ?? units[0])?.id ?? null;
}

/** A case the user may still edit; a case past proposal is a conflict, one out of reach forbidden. */
export async function editableCase(ctx: DbContext, user: AuthUser, caseId: number): Promise<CareCase> {
  const { case: c, mayEdit } = await readCase(ctx, user, caseId);
  if (!mayEdit) {
    if (c.status !== 'proposed' && c.status !== 'returned')
      throw new Conflict(`Hồ sơ đang ở trạng thái "${STATUS_LABELS[c.status]}": không sửa được nữa.`);
    throw new Forbidden('Chỉ đơn vị đề nghị (và cấp trên của đơn vị) mới sửa được hồ sơ này.');
  }
  return c;
}

/** The edit form's values as the case stands. */
export function caseFormValues(c: CareCase): CaseFormValues {
  return {
    recipientKind: c.recipient_kind,
    memberQuery: '',
    memberId: String(c.member_id ?? c.parent_member_id ?? ''),
    fullName: c.recipient_kind === 'member' ? '' : c.recipient_name,
    birthYear: c.recipient_kind === 'member' ? '' : String(c.recipient_birth_year ?? ''),
    citizenId: c.recipient_citizen_id ?? '',
    reason: c.reason,
    description: c.description,
    occurredOn: c.occurred_on,
    programmeId: String(c.programme_id ?? ''),
    cashAmount: formatNumber(c.cash_amount),
    inKindAmount: formatNumber(c.in_kind_amount),
    proposingUnitId: String(c.proposing_unit_id),
  };
}

/** The programmes and member search of the edit form. */
export async function editChoices(ctx: DbContext, user: AuthUser, values: CaseFormValues) {
  const [programmes, members] = await Promise.all([listProgrammes(ctx, user), memberChoices(ctx, user, values)]);
  return { programmes, ...members };
}

/** The funds a case may be paid from: its programme's, or (without a programme fund) those of the units above its unit. */
async function fundChoices(ctx: DbContext, c: CareCase): Promise<FundWithUnit[]> {
  const ids = c.programme_id !== null ? await repo.fundIdsOfProgramme(ctx, c.programme_id) : [];
  return ids.length ? fundsByIds(ctx, ids) : fundsAbove(ctx, c.proposing_unit_id);
}

/** Everything a case page shows: the case (its reading logged), its history, payment, and the funds its forms offer. */
export async function casePage(ctx: DbContext, user: AuthUser, caseId: number, today: string) {
  const { case: c, programme, attachments, warnings, actions } = await readCase(ctx, user, caseId);
  const [unit, history, fund, entry, parent, issuer] = await Promise.all([
    findUnitById(ctx, c.proposing_unit_id),
    repo.caseHistory(ctx, c.id),
    c.fund_id !== null ? fundsByIds(ctx, [c.fund_id]).then((f) => f[0] ?? null) : null,
    c.paid_entry_id !== null ? findEntry(ctx, c.paid_entry_id) : undefined,
    c.parent_member_id !== null ? repo.memberInCareScope(ctx, user, c.parent_member_id) : null,
    issuerOf(ctx, c.proposing_unit_id),
  ]);
  const choices = actions.mayApprove || actions.mayPay ? await fundChoices(ctx, c) : [];
  const managed = actions.mayPay
    ? await permittedUnits(
        ctx,
        user,
        'fund.manage',
        choices.map((f) => f.unit_id),
      )
    : new Set<number>();
  const payFunds = await Promise.all(
    choices
      .filter((f) => managed.has(f.unit_id) && (f.closed_on === null || f.closed_on > today))
      .map(async (f) => ({ ...f, balance: await fundBalance(ctx, f.id, today) })),
  );
  const payment = entry ? { entry, balance: await fundBalance(ctx, entry.fund_id, today) } : null;
  return {
    c,
    unitName: unit?.full_name ?? '',
    programme,
    parent,
    attachments,
    history,
    warnings,
    fund,
    payment,
    actions,
    approveFunds: actions.mayApprove ? choices : [],
    payFunds,
    /** The proposing unit under its parent: the printed case's letterhead. */
    issuer,
  };
}

/** The stored file of an attachment of a case the user may read (the reading is logged). */
export async function attachmentFile(ctx: DbContext, dataDir: string, user: AuthUser, caseId: number, fileId: number) {
  const { attachments } = await readCase(ctx, user, caseId);
  const a = attachments.find((x) => x.id === fileId);
  const full = a ? attachmentPath(dataDir, a.stored_path) : null;
  const stat = full ? await fs.promises.stat(full).catch(() => null) : null;
  if (!a || !full || !stat?.isFile()) throw new NotFound('Không có tệp đính kèm này.');
  return { attachment: a, full, size: stat.size };
}

// Programmes

/** Every programme the user works with, with its totals. */
export async function programmeListPage(ctx: DbContext, user: AuthUser) {
  const programmes = await listProgrammes(ctx, user);
  return Promise.all(programmes.map(async (programme) => ({ programme, totals: await programmeTotals(ctx, user, programme.id) })));
}

/** Units the user may organise for; funds of the organiser's subtree the user manages (any in scope while it is not chosen yet). */
export async function programmeChoices(ctx: DbContext, user: AuthUser, programme: Programme | null) {
  const units = await repo.activeUnitsInScope(ctx, user, 'fund.manage');
  if (programme && !units.some((u) => u.id === programme.unit_id)) {
    const own = await findUnitById(ctx, programme.unit_id);
    if (own) units.unshift(own);
  }
  return { units, funds: await managedFunds(ctx, user, programme?.unit_id ?? null) };
}

/** The programme form's values as the programme stands. */
export function programmeFormValues(p: Programme & { fundIds: number[] }): ProgrammeFormValues {
  return {
    unitId: String(p.unit_id),
    name: p.name,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    budget: formatNumber(p.budget),
    defaultCash: formatNumber(p.default_cash),
    defaultInKind: formatNumber(p.default_in_kind),
    publishTotals: p.publish_totals === 1,
    fundIds: p.fundIds.map(String),
  };
}

/** A programme's page: its totals, organiser and, for a manager, the edit form's choices; otherwise the names of its funds. */
export async function programmePage(ctx: DbContext, user: AuthUser, id: number) {
  const programme = await readProgramme(ctx, user, id);
  const [totals, unit, mayManage] = await Promise.all([
    programmeTotals(ctx, user, programme.id),
    findUnitById(ctx, programme.unit_id),
    mayManageProgramme(ctx, user, programme),
  ]);
  const choices = mayManage ? await programmeChoices(ctx, user, programme) : null;
  const fundNames = choices ? [] : await fundsByIds(ctx, programme.fundIds);
  return { programme, totals, unitName: unit?.full_name ?? '', choices, fundNames };
}
