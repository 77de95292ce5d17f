import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTORS } from './audit/audit.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, openImportDatabase, type Db } from './db/connection.js';
import type { DbContext } from './db/context.js';
import { migrateToLatest } from './db/migrate.js';
import { inTransaction } from './db/context.js';
import { createAdminIn, loadAuthUser } from './auth/service.js';
import { findUserByLogin } from './auth/repo.js';
import { ROLE_LABELS } from './access/roles.js';
import { todayInVietnam } from './lib/dates.js';
import { importMembers } from './members/import-service.js';
import { ensureRootUnitIn } from './org/service.js';
import { startTreeSyncTimer } from './org/sync-timer.js';
import { formatNumber } from './lib/format.js';
import { countArticlesByStatus } from './news/repo.js';
import type { FileReport } from './news/import-service.js';
import { publishDueArticles } from './news/service.js';
import { superviseWorkers } from './supervisor.js';
import { changeSiteSettings, readSiteSettings } from './site/service.js';

const USAGE = `congdoan – cổng thông tin và hệ thống điều hành của tổ chức Công đoàn

Cách dùng:
  congdoan serve [--demo] [--workers N]
                                    chạy máy chủ (--demo: nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống;
                                    --workers: N tiến trình phục vụ chung một cổng, tiến trình nào dừng được khởi động lại)
  congdoan migrate                  nâng cấp cơ sở dữ liệu
  congdoan demo [--articles N]      nạp dữ liệu mẫu vào cơ sở dữ liệu trống
  congdoan import-pages TỆP…        nhập các trang cũ (văn bản) [--section "Tên chuyên mục"]
  congdoan import-members TỆP --as TÊN-ĐĂNG-NHẬP [--unit SỐ] [--joined-on YYYY-MM-DD] [--valid-only]
                                    nhập đoàn viên từ .xlsx/.csv với quyền của một tài khoản; báo lỗi từng dòng
  congdoan user create --admin --login TÊN --name "Họ và tên" [--unit SỐ] [--password-stdin]
                                    tạo tài khoản quản trị (mật khẩu ngẫu nhiên được in ra một lần nếu không đọc từ stdin)
  congdoan site [--name …] [--english-name …] [--slogan …] [--banner …] [--description …]
                                    xem hoặc đặt tên, khẩu hiệu, băng rôn của cổng thông tin ("" để bỏ)
  congdoan backup [--to THƯ-MỤC]    sao lưu cơ sở dữ liệu và các tệp trong khi cổng vẫn chạy (mặc định vào DATA_DIR/backups)
  congdoan restore THƯ-MỤC          khôi phục một bản sao lưu vào cơ sở dữ liệu và thư mục dữ liệu trống
  congdoan verify-backup THƯ-MỤC    kiểm tra số dòng và mã kiểm tra của một bản sao lưu

Biến môi trường: PORT (3000), HOST, DATA_DIR (./data), DATABASE_URL (postgres://…; mặc định SQLite nhúng), PUBLIC_URL,
  TRUST_PROXY (địa chỉ/dải CIDR của proxy được tin, hoặc số tầng proxy; mặc định không tin proxy nào), LOG_LEVEL`;

const DEMO_ARTICLES = 240;

async function openMigrated(config: Config): Promise<Db> {
  const db = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  await migrateToLatest(db);
  return db;
}

async function seedDemoIfEmpty(ctx: DbContext, config: Config, articles: number): Promise<void> {
  const existing = await countArticlesByStatus(ctx, 'published');
  if (existing > 0) return;
  const { generateDemo } = await import('./demo/generate.js');
  process.stdout.write(`Đang tạo dữ liệu mẫu (${articles} bài viết, đoàn viên, hồ sơ chăm lo)…\n`);
  const made = await generateDemo(ctx, config.dataDir, { articles });
  const n = formatNumber;
  process.stdout.write(
    `Đã tạo ${n(made.units)} đơn vị, ${n(made.sections)} chuyên mục, ${n(made.articles)} bài viết, ${n(made.photos)} ảnh, ` +
      `${n(made.members)} đoàn viên (${n(made.transfers)} lượt chuyển sinh hoạt, ${n(made.departures)} lượt thôi sinh hoạt, ${n(made.rejoins)} lượt kết nạp lại), ` +
      `${n(made.funds)} quỹ, ${n(made.programmes)} chương trình và ${n(made.cases)} hồ sơ chăm lo.\n`,
  );
  const width = Math.max(...made.accounts.map((a) => a.login.length));
  process.stdout.write(
    'Tài khoản dùng thử, đăng nhập tại /dang-nhap (mật khẩu ngẫu nhiên, chỉ hiện một lần: hãy ghi lại hoặc đổi tại /quan-tri/mat-khau):\n',
  );
  for (const a of made.accounts) {
    process.stdout.write(`  ${a.login.padEnd(width)}  ${a.password}  ${ROLE_LABELS[a.role]} – ${a.fullName}, ${a.position}\n`);
  }
}

function printImportReport(r: FileReport): void {
  if (r.error) {
    process.stderr.write(`✗ ${r.file}: ${r.error}\n`);
    return;
  }
  if (r.interrupted) {
    process.stderr.write(
      `⚠ ${r.file}: dừng giữa chừng, chuyên mục "${r.section}": đã ghi ${formatNumber(r.added)} bài mới ` +
        `(${formatNumber(r.alreadyThere)} đã có) trong ${formatNumber(r.articles)} bài của tệp; các bài đã ghi được giữ lại. ` +
        'Chạy lại cùng lệnh để nhập nốt: các bài đã có được bỏ qua, không bài nào bị ghi hai lần.\n',
    );
    return;
  }
  process.stdout.write(
    `✓ ${r.file}: chuyên mục "${r.section}", ${r.articles} bài (${r.added} mới, ${r.alreadyThere} đã có), ` +
      `${r.photos} ảnh có chú thích, ${r.bylines} dòng tác giả, ${r.flagged} bài cần biên tập viên xem lại tiêu đề\n`,
  );
  for (const w of r.warnings) process.stdout.write(`    ! ${w}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: 'boolean', default: false }, workers: { type: 'string', default: '1' } },
      });
      const workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64)
        throw new Error(`--workers phải là số nguyên từ 1 đến 64 (nhận được "${values.workers}").`);
      const db = await openMigrated(config);
      const ctx = { db: db.kysely, dialect: db.dialect };
      if (values.demo && !cluster.isWorker) await seedDemoIfEmpty(ctx, config, DEMO_ARTICLES);
      if (workers > 1 && cluster.isPrimary) {
        // The schema and the demo are ready: the workers only serve.
        await db.close();
        superviseWorkers({ workers, args: workerArgs() });
        process.stdout.write(`congdoan đang chạy tại http://localhost:${config.port} với ${workers} tiến trình phục vụ.\n`);
        return -1;
      }
      const jobsDb = openImportDatabase(db.dialect, config.sqlitePath) ?? db;
      // The web application (and what it loads) only for the commands that serve it.
      const { buildApp } = await import('./app.js');
      const app = await buildApp({ ctx, jobsCtx: { db: jobsDb.kysely, dialect: jobsDb.dialect }, config });
      const scheduler = startPublishingScheduler(ctx, (err) => app.log.error({ err }, 'scheduled publishing failed'));
      const treeSync = startTreeSyncTimer(ctx, (err) => app.log.error({ err }, 'tree events of the day were not applied'));
      const close = async () => {
        clearInterval(scheduler);
        treeSync.stop();
        await app.close();
        if (jobsDb !== db) await jobsDb.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl ? 'PostgreSQL' : config.sqlitePath;
      if (!cluster.isWorker) process.stdout.write(`congdoan đang chạy tại http://localhost:${config.port} (cơ sở dữ liệu: ${where})\n`);
      return -1;
    }
    case 'migrate': {
      const db = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      const done = await migrateToLatest(db);
      process.stdout.write(done.length ? `Đã áp dụng: ${done.join(', ')}\n` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.\n');
      await db.close();
      return 0;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { articles: { type: 'string', default: String(DEMO_ARTICLES) } } });
      const n = Number(values.articles);
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
        throw new Error(`--articles phải là số nguyên từ 1 đến 1.000.000 (nhận được "${values.articles}").`);
      const db = await openMigrated(config);
      const ctx = { db: db.kysely, dialect: db.dialect };
      if ((await countArticlesByStatus(ctx, 'published')) > 0) {
        await db.close();
        throw new Error('Cơ sở dữ liệu đã có bài viết: dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.');
      }
      await seedDemoIfEmpty(ctx, config, n);
      await db.close();
      return 0;
    }
    case 'import-pages': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { section: { type: 'string' } } });
      if (positionals.length === 0) throw new Error('Cần chỉ ra ít nhất một tệp: congdoan import-pages TỆP…');
      const db = await openMigrated(config);
      const { importPageFiles } = await import('./news/import-service.js');
      // Ctrl-C or a stop signal ends the run after the batch being written: what was written stays,
      // and running the same command again completes it. A second signal stops at once.
      const stop = new AbortController();
      const onSignal = () => {
        process.stderr.write('Đang dừng sau lô bài đang ghi… (nhấn lần nữa để dừng ngay)\n');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const reports = await importPageFiles({ db: db.kysely, dialect: db.dialect }, SYSTEM_ACTORS.cli, positionals, {
        defaultSection: values.section,
        signal: stop.signal,
      });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      reports.forEach(printImportReport);
      const failed = reports.filter((r) => r.error).length;
      const added = reports.reduce((n, r) => n + r.added, 0);
      const notStarted = positionals.slice(reports.length);
      if (notStarted.length > 0) process.stderr.write(`Chưa nhập (do đã dừng): ${notStarted.join(', ')}\n`);
      process.stdout.write(`Tổng cộng: ${reports.length} tệp, ${added} bài mới, ${failed} tệp lỗi.\n`);
      await db.close();
      if (stop.signal.aborted) return 130;
      return failed > 0 ? 1 : 0;
    }
    case 'site': {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          'english-name': { type: 'string' },
          slogan: { type: 'string' },
          banner: { type: 'string' },
          description: { type: 'string' },
        },
      });
      const db = await openMigrated(config);
      const ctx = { db: db.kysely, dialect: db.dialect };
      const next = await changeSiteSettings(ctx, SYSTEM_ACTORS.cli, {
        name: values.name,
        englishName: values['english-name'],
        slogan: values.slogan,
        banner: values.banner,
        description: values.description,
      });
      process.stdout.write(
        `Tên: ${next.name}\nTên tiếng Anh: ${next.englishName ?? '(không)'}\nKhẩu hiệu: ${next.slogan ?? '(không)'}\nBăng rôn: ${next.banner ?? '(không)'}\nMô tả: ${next.description}\n`,
      );
      await db.close();
      return 0;
    }
    case 'import-members': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          as: { type: 'string' },
          unit: { type: 'string' },
          'joined-on': { type: 'string' },
          'valid-only': { type: 'boolean', default: false },
        },
      });
      const [file] = positionals;
      if (!file || !values.as) throw new Error('Dùng: congdoan import-members TỆP --as TÊN-ĐĂNG-NHẬP');
      const db = await openMigrated(config);
      const importDb = openImportDatabase(db.dialect, config.sqlitePath) ?? db;
      try {
        return await importMembersFromCli(
          { db: db.kysely, dialect: db.dialect },
          { db: importDb.kysely, dialect: importDb.dialect },
          file,
          values.as,
          values.unit ? Number(values.unit) : undefined,
          values['joined-on'] ?? todayInVietnam(),
          values['valid-only'] ?? false,
        );
      } finally {
        if (importDb !== db) await importDb.close();
        await db.close();
      }
    }
    case 'user': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          admin: { type: 'boolean', default: false },
          login: { type: 'string' },
          name: { type: 'string' },
          unit: { type: 'string' },
          'password-stdin': { type: 'boolean', default: false },
        },
      });
      if (positionals[0] !== 'create' || !values.admin)
        throw new Error(
          'Dùng: congdoan user create --admin --login TÊN --name "Họ và tên" (các tài khoản khác do quản trị viên tạo trong trang quản trị).',
        );
      if (!values.login || !values.name) throw new Error('Cần --login và --name.');
      const password = values['password-stdin'] ? (await readStdin()).trim() : randomBytes(12).toString('base64url');
      const db = await openMigrated(config);
      const ctx = { db: db.kysely, dialect: db.dialect };
      try {
        const site = await readSiteSettings(ctx);
        const id = await inTransaction(ctx, async (tx) => {
          const unitId = values.unit ? Number(values.unit) : (await ensureRootUnitIn(tx, SYSTEM_ACTORS.cli, site.name)).id;
          return createAdminIn(tx, SYSTEM_ACTORS.cli, { login: values.login ?? '', fullName: values.name ?? '', unitId, password });
        });
        process.stdout.write(`Đã tạo quản trị viên "${values.login}" (số ${id}).\n`);
        if (!values['password-stdin']) process.stdout.write(`Mật khẩu (chỉ hiện một lần, hãy đổi sau khi đăng nhập): ${password}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' } } });
      const db = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      const { createBackup } = await import('./backup/service.js');
      try {
        const to = path.resolve(values.to ?? path.join(config.dataDir, 'backups'));
        const made = await createBackup({ db: db.kysely, dialect: db.dialect }, config, to);
        const mb = (made.bytes / 1024 / 1024).toFixed(1);
        process.stdout.write(
          `Đã sao lưu vào ${made.dir}: ${made.tables} bảng, ${formatNumber(made.rows)} dòng, ${formatNumber(made.files)} tệp (${mb} MB).\n`,
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'restore': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      if (positionals.length !== 1) throw new Error('Dùng: congdoan restore THƯ-MỤC-SAO-LƯU');
      const { restoreBackup } = await import('./backup/service.js');
      const db = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        const done = await restoreBackup(db, config, path.resolve(positionals[0] ?? ''));
        for (const t of done.tables) process.stdout.write(`  ${t.name}: ${formatNumber(t.rows)} dòng\n`);
        const rows = done.tables.reduce((n, t) => n + t.rows, 0);
        process.stdout.write(
          `Đã khôi phục ${done.tables.length} bảng (${formatNumber(rows)} dòng), ${formatNumber(done.files)} tệp; đã lập lại chỉ mục tìm kiếm cho ${formatNumber(done.indexed)} bài viết.\n`,
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'verify-backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      if (positionals.length !== 1) throw new Error('Dùng: congdoan verify-backup THƯ-MỤC-SAO-LƯU');
      const { verifyBackup } = await import('./backup/service.js');
      const { manifest, problems } = await verifyBackup(path.resolve(positionals[0] ?? ''));
      for (const p of problems) process.stderr.write(`✗ ${p}\n`);
      if (problems.length) {
        process.stderr.write(`Bản sao lưu không nguyên vẹn: ${problems.length} chỗ không khớp.\n`);
        return 1;
      }
      const rows = manifest?.tables.reduce((n, t) => n + t.rows, 0) ?? 0;
      process.stdout.write(
        `Bản sao lưu nguyên vẹn: ${manifest?.tables.length ?? 0} bảng (${formatNumber(rows)} dòng) và ${formatNumber(manifest?.files.length ?? 0)} tệp khớp với manifest.json.\n`,
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${USAGE}\n`);
      return 1;
  }
}

const SCHEDULER_INTERVAL_MS = 30_000;

/** Publishes articles whose scheduled time has come; every app process may run it (the update is conditional). */
function startPublishingScheduler(ctx: DbContext, onError: (err: unknown) => void): NodeJS.Timeout {
  const tick = () => {
    publishDueArticles(ctx).catch(onError);
  };
  tick();
  const timer = setInterval(tick, SCHEDULER_INTERVAL_MS);
  timer.unref();
  return timer;
}

async function importMembersFromCli(
  ctx: DbContext,
  importCtx: DbContext,
  file: string,
  login: string,
  unitId: number | undefined,
  joinedOn: string,
  validOnly: boolean,
): Promise<number> {
  const account = await findUserByLogin(ctx, login.trim().toLowerCase());
  const user = account ? await loadAuthUser(ctx, account.id) : undefined;
  if (!user) throw new Error(`Không có tài khoản đang hoạt động "${login}".`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new Error(`Không đọc được tệp ${file}.`);
  }
  const started = Date.now();
  process.stdout.write(`Đang đọc, kiểm tra và ghi ${path.basename(file)}…\n`);
  let last = 0;
  const report = await importMembers(
    importCtx,
    user,
    bytes,
    path.basename(file),
    { defaultUnitId: unitId, defaultJoinedOn: joinedOn },
    validOnly ? 'valid-only' : 'all',
    {
      onProgress: (done, share) => {
        const pct = Math.floor(share * 100);
        if (pct >= last + 10) {
          last = pct;
          process.stdout.write(`  đã xử lý ${formatNumber(done)} dòng (${pct}% tệp)\n`);
        }
      },
    },
  );
  const valid = report.added + report.skipped;
  process.stdout.write(
    `${formatNumber(report.rowCount)} dòng: ${formatNumber(valid)} dòng hợp lệ, ${formatNumber(report.skipped)} dòng đã nhập trước đây, ${formatNumber(report.errors.length)} lỗi.\n`,
  );
  for (const e of report.errors.slice(0, 200)) process.stdout.write(`  dòng ${e.rowNumber}, cột "${e.column}": ${e.message}\n`);
  if (report.errors.length > 200) process.stdout.write(`  … và ${formatNumber(report.errors.length - 200)} lỗi khác.\n`);
  if (!report.written) {
    process.stdout.write('Không ghi dòng nào. Sửa tệp rồi nhập lại, hoặc thêm --valid-only để chỉ nhập các dòng hợp lệ.\n');
    return 1;
  }
  process.stdout.write(
    `Xong trong ${((Date.now() - started) / 1000).toFixed(1)} giây: ${formatNumber(report.added)} đoàn viên mới, ${formatNumber(report.skipped)} đã có, ${formatNumber(report.rejected)} dòng lỗi không nhập.\n`,
  );
  return 0;
}

/** The arguments of a worker: this command's own. A loader that runs the TypeScript sources
 * (vite-node, in the tests) leaves the script out of argv, so it is given back. */
function workerArgs(): string[] {
  const args = process.argv.slice(2);
  return path.basename(process.argv[1] ?? '') === 'vite-node.mjs' ? [fileURLToPath(import.meta.url), ...args] : args;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`Lỗi: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
