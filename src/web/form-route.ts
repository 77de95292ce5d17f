import type { FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { z } from 'zod';
import { asDatabaseBusy } from '../db/busy.js';
import { DatabaseBusy, Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { FieldError, parseForm, type FieldErrors, type FormBody } from './parse.js';

/** What a form page is shown with: what was typed, and the problems (by field, and for the whole form). */
export interface FormState {
  values: FormBody;
  errors: FieldErrors;
  error: string | null;
  status: number;
}

/** A form shown for the first time, with its starting values. */
export function freshForm(values: FormBody = {}): FormState {
  return { values, errors: {}, error: null, status: 200 };
}

const CHECK_FIELDS = 'Biểu mẫu còn chỗ chưa đúng: xem lời nhắn bên cạnh từng ô.';

/** Whether a refusal is shown on the form the user was on; missing rights and records go to the error pages. */
export function isFormError(e: unknown): e is UserFacingError {
  return e instanceof UserFacingError && !(e instanceof Forbidden) && !(e instanceof NotFound);
}

export interface FormRoute<G extends RouteGenericInterface, S extends z.ZodType, R> {
  /** The form's schema (a function when it depends on the request). */
  schema: S | ((req: FastifyRequest<G>) => S);
  /** Renders the form page with a state. */
  show: (req: FastifyRequest<G>, reply: FastifyReply, state: FormState) => unknown;
  /** The one service call. */
  submit: (req: FastifyRequest<G>, input: z.output<S>) => Promise<R>;
  /** What follows success: usually a redirect with a notice. */
  done: (req: FastifyRequest<G>, reply: FastifyReply, result: R) => unknown;
  /** Names the form field of a nested schema path (default: its first key). */
  fieldOf?: (path: PropertyKey[]) => string;
}

/**
 * The handler of a form's POST: parse, one service call, then `done`. A field that does not parse,
 * or a refusal by the service (a `UserFacingError`, a `FieldError` for one field, a stale-edit
 * 409, a database too busy to take the write: 503), shows the same form again with what was
 * typed kept and the message by its field.
 */
export function formRoute<G extends RouteGenericInterface, S extends z.ZodType, R>(route: FormRoute<G, S, R>) {
  return async (req: FastifyRequest<G>, reply: FastifyReply) => {
    const values = (req.body ?? {}) as FormBody;
    const schema = typeof route.schema === 'function' ? route.schema(req) : route.schema;
    const parsed = parseForm(schema, values, route.fieldOf);
    if (!parsed.ok) return route.show(req, reply, { values, errors: parsed.errors, error: CHECK_FIELDS, status: 400 });
    let result: R;
    try {
      result = await route.submit(req, parsed.data);
    } catch (thrown) {
      const e = asDatabaseBusy(thrown);
      if (!isFormError(e)) throw e;
      if (e instanceof DatabaseBusy) reply.header('Retry-After', '5');
      const onField = e instanceof FieldError && e.field !== null && e.field in values;
      return route.show(req, reply, {
        values,
        errors: onField ? { [(e as FieldError).field!]: e.message } : {},
        error: onField ? CHECK_FIELDS : e.message,
        status: e.statusCode,
      });
    }
    return route.done(req, reply, result);
  };
}
