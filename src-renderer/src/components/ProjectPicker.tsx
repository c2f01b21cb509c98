import { useProjects } from '../api/use-projects';
import { useProjectChoice } from '../stores/project-store';

/** Chooses the managed project a page shows; hidden while the SutazAI stack is the only one. */
export function ProjectPicker() {
  const { data } = useProjects();
  const project = useProjectChoice((s) => s.project);
  const setProject = useProjectChoice((s) => s.setProject);
  if (!data || data.length < 2) return null;
  const sutazai = data.find((p) => p.kind === 'sutazai');
  const value = project && data.some((p) => p.name === project) ? project : sutazai?.name;
  return (
    <label className="project-picker">
      Project{' '}
      <select
        aria-label="Project"
        value={value ?? ''}
        onChange={(e) => setProject(e.target.value === sutazai?.name ? undefined : e.target.value)}
      >
        {data.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
            {p.kind === 'sutazai' ? ' (SutazAI stack)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
