import { z } from 'zod';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { id } from './fields.js';

/**
 * The typed boundary: route parameters, query strings and forms are parsed here, once.
 * A parameter that does not parse is one 404 everywhere; a form that does not parse gives
 * its problems field by field.
 */

const NO_SUCH_RECORD = 'Địa chỉ này không dẫn tới hồ sơ nào: số hồ sơ trong địa chỉ không đúng, hoặc hồ sơ không còn.';

/** The params of a route with one record id. */
export const idParams = z.object({ id });

/** Route parameters: anything that does not parse (a bad id, an unknown slug shape) is not found. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const r = schema.safeParse(params);
  if (!r.success) throw new NotFound(NO_SUCH_RECORD);
  return r.data;
}

/** The record id of a `/:id` route. */
export function idParam(params: unknown): number {
  return parseParams(idParams, params).id;
}

/** A query string: filters drop what they cannot read (see `filter`); a bad page number is not found. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const r = schema.safeParse(query ?? {});
  if (!r.success) throw new NotFound(r.error.issues[0]?.message);
  return r.data;
}

/** What a form sent: each field as typed (a string, or a list for repeated fields). */
export type FormBody = Record<string, string | string[] | undefined>;
/** The first problem of each field, by the field's name in the form. */
export type FieldErrors = Partial<Record<string, string>>;

export type FormParse<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** A form's body: the typed input, or its problems by field (nested paths are named by their first key). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  fieldOf?: (path: PropertyKey[]) => string,
): FormParse<z.output<S>> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const field = fieldOf ? fieldOf(issue.path) : String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Parses a command's input in a service (CLI and tests call services directly): the first problem as a UserFacingError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new FieldError(issue?.message ?? 'Dữ liệu không hợp lệ.', issue?.path[0] !== undefined ? String(issue.path[0]) : null);
  }
  return r.data;
}

/** A refusal that belongs next to one field of the form (null: the form as a whole). */
export class FieldError extends UserFacingError {
  constructor(
    message: string,
    readonly field: string | null,
    statusCode = 400,
  ) {
    super(message, statusCode);
  }
}

/** The first value of a form field as a string ('' when absent). */
export function fieldValue(body: FormBody | undefined, key: string): string {
  const v = body?.[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}
