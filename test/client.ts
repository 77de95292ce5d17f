import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SYSTEM_ACTORS } from '../src/audit/audit.js';
import { hashPassword } from '../src/auth/password.js';
import * as authRepo from '../src/auth/repo.js';
import { inTransaction } from '../src/db/context.js';
import type { Role } from '../src/db/schema.js';
import { createUnitIn } from '../src/org/service.js';
import type { TestDb } from './harness.js';

/** A small union tree: the province federation, an upper union, two grassroots unions under it, one elsewhere. */
export async function makeUnitTree(t: TestDb) {
  return inTransaction(t, async (tx) => {
    const a = SYSTEM_ACTORS.cli;
    const province = await createUnitIn(tx, a, {
      parentId: null,
      level: 'province',
      shortName: 'LĐLĐ tỉnh',
      fullName: 'Liên đoàn Lao động tỉnh Thử Nghiệm',
    });
    const upper = await createUnitIn(tx, a, {
      parentId: province.id,
      level: 'upper',
      shortName: 'CĐ Viên chức tỉnh',
      fullName: 'Công đoàn Viên chức tỉnh',
    });
    const school = await createUnitIn(tx, a, {
      parentId: upper.id,
      level: 'grassroots',
      shortName: 'CĐCS Trường THPT Số 1',
      fullName: 'Công đoàn cơ sở Trường THPT Số 1',
    });
    const hospital = await createUnitIn(tx, a, {
      parentId: upper.id,
      level: 'grassroots',
      shortName: 'CĐCS Bệnh viện tỉnh',
      fullName: 'Công đoàn cơ sở Bệnh viện tỉnh',
    });
    const otherUpper = await createUnitIn(tx, a, {
      parentId: province.id,
      level: 'upper',
      shortName: 'CĐ ngành Y tế',
      fullName: 'Công đoàn ngành Y tế',
    });
    const clinic = await createUnitIn(tx, a, {
      parentId: otherUpper.id,
      level: 'grassroots',
      shortName: 'CĐCS Trạm Y tế',
      fullName: 'Công đoàn cơ sở Trạm Y tế',
    });
    return { province, upper, school, hospital, otherUpper, clinic };
  });
}

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';
let userCounter = 0;
// One hash for every test user: argon2 is slow on purpose.
let passwordHash: Promise<string> | undefined;

export async function makeUser(t: TestDb, role: Role, unitId: number, login?: string) {
  userCounter++;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const name = login ?? `${role}${userCounter}`;
  const user = await authRepo.insertUser(t, {
    login: name,
    full_name: `Người dùng ${name}`,
    password_hash: await passwordHash,
    unit_id: unitId,
  });
  await authRepo.insertGrant(t, user.id, role, unitId);
  return { id: Number(user.id), login: name, password: TEST_PASSWORD };
}

/** A browser-like client for app.inject: keeps cookies and the CSRF token of the last page. */
export class TestClient {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="(?:_csrf|csrf-token)" (?:value|content)="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  /** Posts a form with the CSRF token (unless `withCsrf` is false). */
  async post(url: string, form: Record<string, string | number>, withCsrf = true) {
    const body = new URLSearchParams(
      Object.entries({ ...(withCsrf ? { _csrf: this.csrf } : {}), ...form }).map(([k, v]) => [k, String(v)]),
    ).toString();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async signIn(login: string, password = TEST_PASSWORD) {
    await this.get('/dang-nhap');
    const res = await this.post('/dang-nhap', { login, password });
    if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
    return res;
  }
}
