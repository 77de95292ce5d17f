import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../web/parse.js';

/** A labelled input with its problem, if any, right under it. */
export function Field({
  id,
  name = id,
  label,
  errors,
  children,
}: {
  id: string;
  name?: string;
  label: string;
  errors?: FieldErrors;
  children: ComponentChildren;
}) {
  const error = errors?.[name];
  return (
    <div class={error ? 'form-row has-error' : 'form-row'}>
      <label for={id}>{label}</label>
      {children}
      {error ? (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
