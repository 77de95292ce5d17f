import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { readDate } from '../spreadsheet/dates.js';
import { listUnitsInScope } from '../org/repo.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { careReadRoots } from './access.js';
import { careReportFileName, careReportWorkbook } from './report-export.js';
import { careReport } from './reports.js';
import { CareReportPage, quickPeriods } from './views/reports.js';
import { REPORT_PATH } from './paths.js';

// Every officer who works with care cases holds care.approve, a grassroots one included; the report itself covers only the units they may read.
const access = { config: { access: { permission: 'care.approve' as const } } };

type ReportQuery = { Querystring: { don_vi?: string; tu?: string; den?: string } };

/** A date as typed in the address or the form: "2026-03-01" from the date picker, "01/03/2026" by hand. */
function dateParam(raw: string, which: string): string {
  const reading = readDate(raw.trim(), false);
  if (reading.kind === 'date') return reading.iso;
  throw new UserFacingError(
    raw.trim() === ''
      ? `Cần nhập ${which}.`
      : `${which[0]!.toUpperCase()}${which.slice(1)} “${raw.slice(0, 40)}” không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 01/03/2026.`,
  );
}

/** Care reports of a unit's subtree over a period: the page, and the same figures as .xlsx. */
export function registerCareReportRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  async function request(req: FastifyRequest<ReportQuery>) {
    const user = currentUser(req);
    const roots = careReadRoots(user);
    const units = await listUnitsInScope(ctx, roots);
    const requested = /^\d{1,9}$/.test(req.query.don_vi ?? '') ? Number(req.query.don_vi) : null;
    const unitId = requested ?? units.find((u) => roots.includes(u.id))?.id ?? units[0]?.id ?? 0;
    const today = todayInVietnam();
    const fromText = req.query.tu ?? `${today.slice(0, 4)}-01-01`;
    const toText = req.query.den ?? today;
    const figures = () => careReport(ctx, user, unitId, dateParam(fromText, 'ngày bắt đầu'), dateParam(toText, 'ngày kết thúc'));
    return { user, units, unitId, fromText, toText, today, figures };
  }

  app.get<ReportQuery>(REPORT_PATH, access, async (req, reply) => {
    const { units, unitId, fromText, toText, today, figures } = await request(req);
    const props = { title: 'Báo cáo chăm lo đoàn viên', active: 'care-reports' };
    try {
      const report = await figures();
      return sendAdminPage(req, reply, props, () => (
        <CareReportPage
          units={units}
          unitId={unitId}
          fromText={report.from}
          toText={report.to}
          quick={quickPeriods(today)}
          report={report}
        />
      ));
    } catch (e) {
      if (!(e instanceof UserFacingError) || e.statusCode !== 400) throw e;
      return sendAdminPage(
        req,
        reply,
        { ...props, error: e.message },
        () => (
          <CareReportPage units={units} unitId={unitId} fromText={fromText} toText={toText} quick={quickPeriods(today)} report={null} />
        ),
        400,
      );
    }
  });

  app.get<ReportQuery>(`${REPORT_PATH}/xuat.xlsx`, access, async (req, reply) => {
    const { user, figures } = await request(req);
    const report = await figures();
    const bytes = await careReportWorkbook(report);
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        actor: actorOf(user),
        action: 'care_report.export',
        entity: 'care_report',
        entityId: 'xlsx',
        unitId: report.root.id,
        after: { from: report.from, to: report.to, people: report.totals.people, cases: report.totals.cases, total: report.totals.total },
      }),
    );
    return reply
      .header('Content-Disposition', `attachment; filename="${careReportFileName(report)}"`)
      .header('Cache-Control', 'no-store')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(bytes);
  });
}
