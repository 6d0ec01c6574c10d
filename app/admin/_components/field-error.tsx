/** A field's Arabic error messages; the field points at this element with aria-describedby. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <div id={id} className="adm-error" aria-live="polite">
      {errors.map((message) => (
        <p key={message} className="adm-error">
          {message}
        </p>
      ))}
    </div>
  );
}

/** Props that tie an input to its error list. */
export function errorProps(id: string, errors: string[] | undefined) {
  return errors?.length ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}
