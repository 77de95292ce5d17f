/**
 * `congdoan import-pages` as a process of its own, for load tests: opens its own connection to
 * the test database (the SQLite file, or a PostgreSQL URL), imports the files and prints one
 * JSON line with the reports and the time the import took.
 *
 *   vite-node test/page-import-process.ts sqlite|postgres PATH-OR-URL FILE…
 */
import { SYSTEM_ACTORS } from '../src/audit/audit.js';
import { openDatabase } from '../src/db/connection.js';
import { importPageFiles } from '../src/news/import-service.js';

const [dialect, where, ...files] = process.argv.slice(2);
const db = openDatabase(dialect === 'postgres' ? { databaseUrl: where } : { sqlitePath: where });
const started = performance.now();
const reports = await importPageFiles({ db: db.kysely, dialect: db.dialect }, SYSTEM_ACTORS.cli, files);
const ms = performance.now() - started;
await db.close();
process.stdout.write(`${JSON.stringify({ ms, reports })}\n`);
