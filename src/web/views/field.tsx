import type { ComponentChildren } from 'preact';

/** A refused field's message, right under it (announced to screen readers). */
export function FieldMessage({ id, message }: { id?: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span class="field-error" id={id ? `${id}-error` : undefined} role="alert">
      {message}
    </span>
  );
}

/** A labelled form row: the input, an optional hint, and the field's problem, if any, under it. */
export function FormField({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: ComponentChildren;
  error?: string | null;
  hint?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'form-row has-error' : 'form-row'}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <span class="muted" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldMessage id={id} message={error} />
    </div>
  );
}
