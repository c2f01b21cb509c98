/** An error where the user looks: what went wrong, and the fix when the core gave one. */
export function ErrorNote({ error }: { error: Error & { hint?: string; code?: string } }) {
  return (
    <div className="error" role="alert">
      <div>{error.message}</div>
      {error.hint && <div className="hint">{error.hint}</div>}
    </div>
  );
}
