import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../web/parse.js';
import { FormField } from '../../web/views/field.js';

/** A labelled input of a members form, with its problem (looked up by the field's name) under it. */
export function Field({
  id,
  name = id,
  label,
  errors,
  hint,
  children,
}: {
  id: string;
  name?: string;
  label: string;
  errors?: FieldErrors;
  hint?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <FormField id={id} label={label} error={errors?.[name]} hint={hint}>
      {children}
    </FormField>
  );
}
