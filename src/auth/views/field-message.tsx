/** The message next to a form field that was refused (the admin stylesheet's field-error style). */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span class="care-field-error" id={`${id}-error`} role="alert">
      {message}
    </span>
  );
}
