import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type PgServer } from './pg-server.js';

let server: PgServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    server = await startThrowawayPostgres();
    url = server.url;
  }
  project.provide('postgresUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
