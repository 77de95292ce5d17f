import type { ComponentChildren } from 'preact';
import type { CareCaseStatus, Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import type { FieldErrors } from '../../web/parse.js';
import { STATUS_LABELS } from '../schema.js';
import { FormField } from '../../web/views/field.js';
import { UnitOptions } from '../../web/views/unit-options.js';

/** Pieces the care forms and pages share. */

export function StatusBadge({ status }: { status: CareCaseStatus }) {
  return <span class={`status care-status-${status}`}>{STATUS_LABELS[status]}</span>;
}

export const period = (from: string, to: string) => `${formatIsoDate(from)} – ${formatIsoDate(to)}`;

/** A labelled input with its problem, if any, right under it. */
export function Field({
  id,
  label,
  errors,
  hint,
  children,
}: {
  id: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <FormField id={id} label={label} error={errors?.[id]} hint={hint}>
      {children}
    </FormField>
  );
}

/** An amount in đồng as people type it ("1.234.567"). */
export function MoneyInput({ id, value, required, errors }: { id: string; value: string; required?: boolean; errors?: FieldErrors }) {
  return (
    <input
      id={id}
      name={id}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      class="care-money"
      value={value}
      required={required}
      maxLength={40}
      placeholder="Ví dụ: 1.500.000"
      aria-invalid={errors?.[id] ? 'true' : undefined}
      aria-describedby={errors?.[id] ? `${id}-error` : undefined}
    />
  );
}

export function UnitSelect({
  id,
  units,
  value,
  label,
  errors,
}: {
  id: string;
  units: Unit[];
  value: string;
  label: string;
  errors?: FieldErrors;
}) {
  return (
    <Field id={id} label={label} errors={errors}>
      <select id={id} name={id} required>
        <UnitOptions units={units} selected={value} />
      </select>
    </Field>
  );
}

/** Problems the form could not put next to a field. */
export function FormErrors({ errors, shown }: { errors: FieldErrors; shown: readonly string[] }) {
  const rest = Object.entries(errors).filter(([k]) => !shown.includes(k));
  if (rest.length === 0) return null;
  return (
    <ul class="care-form-errors" role="alert">
      {rest.map(([k, m]) => (
        <li key={k}>{m}</li>
      ))}
    </ul>
  );
}
