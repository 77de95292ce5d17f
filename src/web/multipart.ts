import type { FastifyRequest } from 'fastify';

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}
export type Upload = UploadedFile | { tooLarge: true };

const uploads = new WeakMap<FastifyRequest, Upload>();

/**
 * A preValidation hook that reads a multipart form (its fields into req.body, its
 * one file aside) before the CSRF guard runs: a plain form cannot send the token
 * in a header, so the guard reads the `_csrf` field from the parsed body.
 */
export function readMultipartForm(maxFileBytes?: number) {
  return async (req: FastifyRequest) => {
    if (!req.isMultipart()) return;
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts(maxFileBytes ? { limits: { fileSize: maxFileBytes } } : undefined)) {
        if (part.type === 'file') uploads.set(req, { fileName: part.filename, bytes: await part.toBuffer() });
        else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw e;
      uploads.set(req, { tooLarge: true });
    }
    req.body = fields;
  };
}

export function uploadOf(req: FastifyRequest): Upload | undefined {
  return uploads.get(req);
}
