import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseTrustProxy, type TrustProxy } from '../src/config.js';
import { makeArticle, makeSection } from './factories.js';
import { DIALECTS, freshDb, type TestDb } from './harness.js';

const FORGED = {
  host: 'congdoan.test',
  'x-forwarded-proto': 'gopher',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-for': '203.0.113.9',
};
const PUBLIC_PATHS = ['/', '/feed.xml', '/sitemap.xml', '/robots.txt'];

async function appWithoutPublicUrl(t: TestDb, trustProxy?: TrustProxy): Promise<FastifyInstance> {
  const app = await buildApp({
    ctx: t,
    config: { dataDir: t.dataDir, publicUrl: undefined, logLevel: 'silent', secureCookies: false, trustProxy },
  });
  app.get('/test-ip', { config: { access: 'public' } }, (req) => ({ ip: req.ip, protocol: req.protocol, host: req.host }));
  await app.ready();
  return app;
}

describe('TRUST_PROXY', () => {
  it('is empty by default (no proxy), a hop count, or a list of addresses and CIDR ranges', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('  ')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(() => parseTrustProxy('true')).toThrow('TRUST_PROXY: "true" không phải địa chỉ IP');
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow('TRUST_PROXY');
  });
});

describe.each(DIALECTS)('public URLs and forwarded headers on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
    const section = await makeSection(t, 'Tin tức');
    await makeArticle(t, section.id, { headline: 'Bài có địa chỉ công khai' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('by default no forwarded header is believed, and the cache never keeps a page built from one', async () => {
    const app = await appWithoutPublicUrl(t);
    try {
      const who = (await app.inject({ url: '/test-ip', headers: FORGED })).json<{ ip: string; protocol: string; host: string }>();
      expect(who).toEqual({ ip: '127.0.0.1', protocol: 'http', host: 'congdoan.test' });
      for (const url of PUBLIC_PATHS) {
        const forged = await app.inject({ url, headers: FORGED });
        expect(forged.statusCode, url).toBe(200);
        expect(forged.body, url).not.toMatch(/gopher|evil\.example/);
        expect(forged.body, url).toContain('http://congdoan.test/');
        const plain = await app.inject({ url, headers: { host: 'congdoan.test' } });
        expect(plain.body, url).not.toMatch(/gopher|evil\.example/);
        expect(plain.body, url).toContain('http://congdoan.test/');
        expect(plain.headers.etag, url).toBe(forged.headers.etag);
      }
      const home = await app.inject({ url: '/', headers: { host: 'congdoan.test' } });
      expect(home.body).toContain('<link rel="canonical" href="http://congdoan.test/"');
      expect(home.body).toContain('<meta property="og:url" content="http://congdoan.test/"');
    } finally {
      await app.close();
    }
  });

  it('with TRUST_PROXY=127.0.0.1 the proxy’s headers are used, and pages for other addresses are cached apart', async () => {
    const app = await appWithoutPublicUrl(t, parseTrustProxy('127.0.0.1'));
    try {
      const who = (await app.inject({ url: '/test-ip', headers: FORGED })).json<{ ip: string; protocol: string; host: string }>();
      expect(who).toEqual({ ip: '203.0.113.9', protocol: 'gopher', host: 'evil.example' });
      const proxied = await app.inject({ url: '/sitemap.xml', headers: { ...FORGED, 'x-forwarded-proto': 'https' } });
      expect(proxied.body).toContain('<loc>https://evil.example/</loc>');
      const plain = await app.inject({ url: '/sitemap.xml', headers: { host: 'congdoan.test' } });
      expect(plain.body).toContain('<loc>http://congdoan.test/</loc>');
      expect(plain.body).not.toContain('evil.example');
      const https = await app.inject({ url: '/sitemap.xml', headers: { host: 'congdoan.test', 'x-forwarded-proto': 'https' } });
      expect(https.body).toContain('<loc>https://congdoan.test/</loc>');
    } finally {
      await app.close();
    }
  });

  it('a proxy that is not listed is not believed; a hop count trusts that many proxies', async () => {
    const unlisted = await appWithoutPublicUrl(t, parseTrustProxy('10.0.0.0/8'));
    try {
      const who = (await unlisted.inject({ url: '/test-ip', headers: FORGED })).json<{ ip: string; protocol: string; host: string }>();
      expect(who).toEqual({ ip: '127.0.0.1', protocol: 'http', host: 'congdoan.test' });
    } finally {
      await unlisted.close();
    }
    const oneHop = await appWithoutPublicUrl(t, parseTrustProxy('1'));
    try {
      const headers = { ...FORGED, 'x-forwarded-for': '198.51.100.7, 203.0.113.9' };
      const who = (await oneHop.inject({ url: '/test-ip', headers })).json<{ ip: string; protocol: string; host: string }>();
      expect(who).toEqual({ ip: '203.0.113.9', protocol: 'gopher', host: 'evil.example' });
    } finally {
      await oneHop.close();
    }
  });
});
