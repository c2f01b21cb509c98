export interface PickableService {
  name: string;
  running: boolean;
}

interface Props {
  services: PickableService[];
  selected: string[];
  onToggle: (service: string) => void;
}

/** One or several services; their logs are merged with a coloured prefix per service. */
export function ServicePicker({ services, selected, onToggle }: Props) {
  return (
    <fieldset className="log-services">
      <legend>Services</legend>
      {services.map((s) => {
        const on = selected.includes(s.name);
        return (
          <label key={s.name} className={on ? 'on' : undefined}>
            <input type="checkbox" checked={on} onChange={() => onToggle(s.name)} />
            <span className={`mono${s.running ? '' : ' stopped'}`}>{s.name}</span>
            {!s.running && <span className="muted">(stopped)</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
