import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { variantPath } from '../media/store.js';
import type { ImageSize } from '../media/urls.js';

/** public/ sits at the package root, two levels above this file in src/ and in dist/ alike. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

/** Browser libraries served from their npm packages under /assets/<name>. */
const VENDOR_FILES: Record<string, string> = {
  'trix.js': 'trix/dist/trix.umd.min.js',
  'trix.css': 'trix/dist/trix.css',
};

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** The site's own stylesheet and icons, read once; and uploaded photos, by content hash. */
export function registerStaticRoutes(app: FastifyInstance, dataDir: string): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  const files: Array<[string, string]> = [
    ...fs.readdirSync(PUBLIC_DIR).map((name): [string, string] => [name, path.join(PUBLIC_DIR, name)]),
    ...Object.entries(VENDOR_FILES).map(([name, rel]): [string, string] => [name, path.join(PUBLIC_DIR, '..', 'node_modules', rel)]),
  ];
  for (const [name, file] of files) {
    const body = fs.readFileSync(file);
    assets.set(name, {
      body,
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
    });
  }
  const pub = { config: { access: 'public' as const } };

  app.get<{ Params: { name: string } }>('/assets/:name', pub, async (req, reply) => {
    const asset = assets.get(req.params.name);
    if (!asset) return reply.callNotFound();
    reply.header('ETag', asset.etag).header('Cache-Control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
  app.get('/favicon.ico', pub, async (_req, reply) => {
    const icon = assets.get('favicon.svg');
    if (!icon) return reply.callNotFound();
    return reply.type(icon.type).header('Cache-Control', 'public, max-age=86400').send(icon.body);
  });

  app.get<{ Params: { sha: string; file: string } }>('/media/:sha/:file', pub, async (req, reply) => {
    const { sha, file } = req.params;
    const size = /^(thumb|large)\.jpg$/.exec(file)?.[1] as ImageSize | undefined;
    if (!/^[0-9a-f]{64}$/.test(sha) || !size) return reply.callNotFound();
    const full = variantPath(dataDir, sha, size);
    try {
      const stat = await fs.promises.stat(full);
      reply
        .header('Cache-Control', 'public, max-age=31536000, immutable')
        .header('ETag', `"${sha.slice(0, 16)}-${size}"`)
        .header('Content-Length', stat.size);
      if (req.headers['if-none-match'] === `"${sha.slice(0, 16)}-${size}"`) return reply.code(304).send();
      return reply.type('image/jpeg').send(fs.createReadStream(full));
    } catch {
      return reply.callNotFound();
    }
  });
}
