import { z } from 'zod';

export const BACKUP_FORMAT = 'congdoan-backup';
export const BACKUP_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** manifest.json: what a backup holds, with the counts and checksums that verify it. */
export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  migration: z.string(),
  tables: z.array(
    z.object({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      columns: z.array(z.string()),
      key: z.array(z.string()),
      rows: z.number().int().min(0),
      sha256,
    }),
  ),
  files: z.array(
    z.object({
      path: z.string().refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), 'đường dẫn không hợp lệ'),
      size: z.number().int().min(0),
      sha256,
    }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableEntry = Manifest['tables'][number];
export type FileEntry = Manifest['files'][number];
