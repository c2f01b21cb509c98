import { useApiQuery } from '../../api/hooks';
import { projectInput } from '../../stores/project-store';

/** What the compose files say that does not stop them, such as a variable left unset. */
export function ComposeWarnings({ project }: { project: string | undefined }) {
  const config = useApiQuery('stack:config', projectInput(project), { staleTime: 30_000 });
  const warnings = config.data?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <section className="card" aria-label="Compose file warnings">
      <h2>Compose file warnings</h2>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.pos && <span className="mono">{`${w.pos.file}:${w.pos.line}: `}</span>}
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
