import type { FastifyReply } from 'fastify';

/** The MIME types of the files the back office hands out. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a generated file to be saved (never cached); the name is plain ASCII so every browser keeps it. */
export function sendDownload(reply: FastifyReply, bytes: Buffer, fileName: string, type: string) {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '-');
  return reply.header('Content-Disposition', `attachment; filename="${ascii}"`).header('Cache-Control', 'no-store').type(type).send(bytes);
}
