import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { passwordProblem } from '../auth/password.js';
import type { AuthUser } from '../access/user.js';
import type { Role } from '../db/schema.js';
import { findUserByLogin } from '../auth/repo.js';
import { createAdminIn, createUser, loadAuthUser } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { fold } from '../lib/fold.js';
import { fullName, randomPerson, type OrgUnit } from './org.js';
import type { Rng } from './random.js';

/**
 * The demo's accounts, made through the account service: an administrator and an officer
 * of the province federation, an officer of every upper union and one of a grassroots
 * union. Their passwords are random and shown once (the demo may face the internet):
 * nothing about them follows from the seed.
 */

export interface DemoAccount {
  login: string;
  password: string;
  fullName: string;
  role: Role;
  /** What the person is in the union: "Phó Chủ tịch LĐLĐ tỉnh", "Văn phòng LĐLĐ tỉnh". */
  position: string;
}

export interface DemoAccounts {
  list: DemoAccount[];
  admin: AuthUser;
  province: AuthUser;
  /** The officer of each upper union, by unit id. */
  upper: Map<number, AuthUser>;
  /** The officer of one grassroots union, and that union. */
  grassroots: AuthUser;
  grassrootsUnit: OrgUnit;
}

function newPassword(login: string): string {
  for (;;) {
    const password = randomBytes(12).toString('base64url');
    if (!passwordProblem(password, login)) return password;
  }
}

/** "LĐLĐ huyện Đồng Sơn" → "dongson"; the sector unions by their sector. */
function upperLogin(u: OrgUnit): string {
  switch (u.kind) {
    case 'city':
      return 'canbo.thanhpho';
    case 'education':
      return 'canbo.giaoduc';
    case 'health':
      return 'canbo.yte';
    case 'civil':
      return 'canbo.vienchuc';
    case 'economic':
      return 'canbo.kkt';
    default:
      return `canbo.${fold(u.shortName.replace(/^LĐLĐ (huyện|thị xã|thành phố) /, '')).replace(/[^a-z0-9]/g, '')}`;
  }
}

/** "Công ty TNHH May Phú Thành" → "cdcs.mayphuthanh". */
function grassrootsLogin(u: OrgUnit): string {
  return `cdcs.${fold(u.agency)
    .replace(/^cong ty (tnhh|co phan)( mtv)? /, '')
    .replace(/[^a-z0-9]/g, '')}`;
}

/** A login nobody holds yet: `base`, or `base2`, `base3` … */
async function freeLogin(ctx: DbContext, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const login = n === 1 ? base : `${base}${n}`;
    if (!(await findUserByLogin(ctx, login))) return login;
  }
}

export async function createDemoAccounts(ctx: DbContext, rng: Rng, province: OrgUnit, uppers: OrgUnit[]): Promise<DemoAccounts> {
  const list: DemoAccount[] = [];
  const load = async (id: number) => {
    const user = await loadAuthUser(ctx, id);
    if (!user) throw new Error(`demo account ${id} was not stored`);
    return user;
  };

  const adminPerson = fullName(randomPerson(rng));
  const adminLogin = await freeLogin(ctx, 'quantri');
  const adminPassword = newPassword(adminLogin);
  const adminId = await inTransaction(ctx, (tx) =>
    createAdminIn(tx, SYSTEM_ACTORS.demo, { login: adminLogin, fullName: adminPerson, unitId: province.id, password: adminPassword }),
  );
  list.push({ login: adminLogin, password: adminPassword, fullName: adminPerson, role: 'admin', position: `Văn phòng ${province.abbr}` });
  const admin = await load(adminId);

  const officer = async (base: string, person: string, position: string, unit: OrgUnit) => {
    const login = await freeLogin(ctx, base);
    const password = newPassword(login);
    const id = await createUser(ctx, admin, { login, fullName: person, unitId: unit.id, role: 'officer', password });
    list.push({ login, password, fullName: person, role: 'officer', position });
    return load(id);
  };

  const provinceOfficer = await officer('canbo.tinh', fullName(province.vice), `Phó Chủ tịch ${province.abbr}`, province);
  const upper = new Map<number, AuthUser>();
  for (const u of uppers) upper.set(u.id, await officer(upperLogin(u), fullName(u.vice), `Phó Chủ tịch ${u.abbr}`, u));
  const economic = uppers.find((u) => u.kind === 'economic') ?? uppers[0];
  const grassrootsUnit = economic?.children[0];
  if (!grassrootsUnit) throw new Error('the demo tree has no grassroots union');
  const grassroots = await officer(
    grassrootsLogin(grassrootsUnit),
    fullName(grassrootsUnit.chair),
    `Chủ tịch ${grassrootsUnit.abbr}`,
    grassrootsUnit,
  );
  return { list, admin, province: provinceOfficer, upper, grassroots, grassrootsUnit };
}
