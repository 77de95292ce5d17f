import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { parseQuery } from '../web/parse.js';
import { REPORT_PATH } from './paths.js';
import { careReportAsTyped, exportCareReport, reportUnits } from './report-service.js';
import { reportQuery } from './schema.js';
import { PRINT_SCRIPT } from '../web/views/print-frame.js';
import { CareReportPage, quickPeriods } from './views/reports.js';

/** Care reports of a unit's subtree over a period: the page, and the same figures as .xlsx. */

// Every officer who works with care cases holds care.approve, a grassroots one included; the report itself covers only the units they may read.
const access = { config: { access: { permission: 'care.approve' as const } } };

/** The unit and the period asked for: by default the user's own top unit, from the first of the year to today. */
async function asked(ctx: DbContext, req: FastifyRequest) {
  const q = parseQuery(reportQuery, req.query);
  const today = todayInVietnam();
  const { units, unitId } = await reportUnits(ctx, currentUser(req), q.don_vi);
  return { units, unitId, today, fromText: q.tu ?? `${today.slice(0, 4)}-01-01`, toText: q.den ?? today };
}

async function showReport(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const { units, unitId, today, fromText, toText } = await asked(ctx, req);
  const props = { title: 'Báo cáo chăm lo đoàn viên', active: 'care-reports', scripts: [PRINT_SCRIPT] };
  const common = { units, unitId, quick: quickPeriods(today) };
  try {
    const report = await careReportAsTyped(ctx, currentUser(req), unitId, fromText, toText);
    return sendAdminPage(req, reply, props, () => <CareReportPage {...common} fromText={report.from} toText={report.to} report={report} />);
  } catch (e) {
    if (!(e instanceof UserFacingError) || e.statusCode !== 400) throw e;
    const page = () => <CareReportPage {...common} fromText={fromText} toText={toText} report={null} />;
    return sendAdminPage(req, reply, { ...props, error: e.message }, page, 400);
  }
}

async function exportReport(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const { unitId, fromText, toText } = await asked(ctx, req);
  const { bytes, fileName } = await exportCareReport(ctx, currentUser(req), unitId, fromText, toText);
  return reply
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .header('Cache-Control', 'no-store')
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(bytes);
}

export function registerCareReportRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(REPORT_PATH, access, (req, reply) => showReport(ctx, req, reply));
  app.get(`${REPORT_PATH}/xuat.xlsx`, access, (req, reply) => exportReport(ctx, req, reply));
}
