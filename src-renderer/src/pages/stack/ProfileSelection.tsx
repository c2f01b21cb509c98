interface Props {
  names: string[];
  selected: string[];
  busy: boolean;
  onChange: (selected: string[]) => void;
  onStart: () => void;
}

/** Several profiles started together (as `--profile a --profile b`). */
export function ProfileSelection({ names, selected, busy, onChange, onStart }: Props) {
  const toggle = (name: string) =>
    onChange(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name]);
  return (
    <fieldset className="card profile-select" aria-label="Start several profiles">
      <legend className="muted">Start several profiles together</legend>
      {names.map((n) => (
        <label key={n}>
          <input type="checkbox" checked={selected.includes(n)} onChange={() => toggle(n)} /> {n}
        </label>
      ))}
      <button type="button" className="primary" disabled={busy || selected.length === 0} onClick={onStart}>
        Start selected{selected.length ? ` (${selected.length})` : ''}
      </button>
    </fieldset>
  );
}
