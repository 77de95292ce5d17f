import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.string().default(''),
});

/** Which peers may set X-Forwarded-For/-Proto/-Host: nobody, a hop count, or a list of addresses and CIDR ranges. */
export type TrustProxy = false | number | string[];

export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim();
  if (v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = net.isIP(address ?? '');
    if (family === 0 || rest.length > 0) return true;
    if (bits === undefined) return false;
    return !/^\d+$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128);
  });
  if (bad.length > 0)
    throw new Error(
      `Cấu hình không hợp lệ (biến môi trường): TRUST_PROXY: "${bad.join('", "')}" không phải địa chỉ IP hay dải CIDR (ví dụ 127.0.0.1,10.0.0.0/8 hoặc số tầng proxy như 1).`,
    );
  return entries;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… when set; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absolute base URL for feeds, sitemap and Open Graph; derived from the request when unset. */
  publicUrl: string | undefined;
  /** Cookies only over HTTPS: on when PUBLIC_URL is https, or as COOKIE_SECURE says. */
  secureCookies: boolean;
  /** Proxies whose forwarded headers are believed (Fastify's trustProxy); none when TRUST_PROXY is empty. */
  trustProxy: TrustProxy;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Cấu hình không hợp lệ (biến môi trường): ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL || undefined,
    sqlitePath: path.join(dataDir, 'congdoan.sqlite'),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    secureCookies: e.COOKIE_SECURE === 'auto' ? Boolean(e.PUBLIC_URL?.startsWith('https://')) : e.COOKIE_SECURE === 'true',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}
