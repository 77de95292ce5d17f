import { formatIsoDate, isValidIsoDate } from '../../lib/dates.js';

/**
 * A date typed and shown as dd/mm/yyyy whatever the browser's language (a native
 * date input shows mm/dd/yyyy in an English browser). The value may be an ISO
 * date (shown as dd/mm/yyyy) or what the user typed (shown back as it was).
 * Forms read it with the `isoDate` / `vnDate` field types, which take both forms.
 */
export function DateInput({
  id,
  name,
  value,
  required,
  invalid,
  describedBy,
}: {
  id: string;
  name: string;
  value?: string | null;
  required?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const shown = value && isValidIsoDate(value) ? formatIsoDate(value) : (value ?? '');
  return (
    <input
      id={id}
      name={name}
      type="text"
      class="date-input"
      inputMode="numeric"
      autocomplete="off"
      placeholder="dd/mm/yyyy"
      pattern="\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}"
      title="Ngày theo dạng ngày/tháng/năm, ví dụ 22/01/2016"
      maxLength={10}
      size={10}
      required={required}
      value={shown}
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={describedBy}
    />
  );
}
