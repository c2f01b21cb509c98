import { useState } from 'react';
import type { ProjectAdded } from '../../../../src-shared/api';
import { useChosenProject } from '../../api/use-projects';
import { ErrorNote } from '../../components/ErrorNote';
import { PlanDialog } from '../../components/plan/PlanDialog';
import { usePlanFirst } from '../../components/plan/use-plan-first';
import { ProjectPicker } from '../../components/ProjectPicker';
import { useProjectChoice } from '../../stores/project-store';
import { AddProjectForm } from './AddProjectForm';
import { AddedNotice } from './AddedNotice';
import { ComposeWarnings } from './ComposeWarnings';
import { ProfileCard } from './ProfileCard';
import { ProfileSelection } from './ProfileSelection';
import { ProjectCard } from './ProjectCard';
import { RiskReview } from './RiskReview';
import { ServicesTable } from './ServicesTable';
import { SwarmNodes } from './SwarmNodes';
import { SwarmTasks } from './SwarmTasks';
import {
  servicesOfProfile,
  useProfiles,
  useReviewedStart,
  useStackActions,
  useStackProgress,
  useStackServices,
} from './use-stack';

/** Whether a start or stop of these profiles is about the card of `name` ('' is the services without a profile). */
const concerns = (profiles: string[], name: string) => (name === '' ? profiles.length === 0 : profiles.includes(name));

export function StackPage() {
  const { name: project, summary } = useChosenProject();
  const setProject = useProjectChoice((s) => s.setProject);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<ProjectAdded | null>(null);
  return (
    <div className="page stack">
      <header className="card-header">
        <h1>Stack</h1>
        <div className="actions">
          <ProjectPicker />
          <button type="button" onClick={() => setAdding(true)} disabled={adding}>
            Add a project
          </button>
        </div>
      </header>
      {adding && (
        <AddProjectForm
          onCancel={() => setAdding(false)}
          onAdded={(result) => {
            setAdding(false);
            setAdded(result);
            setProject(result.project.name);
          }}
        />
      )}
      {added && added.project.name === project && <AddedNotice added={added} onClose={() => setAdded(null)} />}
      {summary?.kind === 'folder' && <ProjectCard project={summary} onRemoved={() => setProject(undefined)} />}
      {/* Keyed by project, so nothing of one project's start or review is shown on another's. */}
      <ProjectStack key={project ?? ''} project={project} />
    </div>
  );
}

function ProjectStack({ project }: { project: string | undefined }) {
  const profiles = useProfiles(project);
  const services = useStackServices(project);
  const progress = useStackProgress(project);
  const { up, down, action } = useStackActions(project);
  // Host-access settings are confirmed first, then the planner says whether the start fits.
  const planFirst = usePlanFirst(project);
  const reviewed = useReviewedStart(project, (chosen) =>
    planFirst.run({ kind: 'start-profile', profiles: chosen }, (override) => up.mutate({ profiles: chosen, override })),
  );
  const [selected, setSelected] = useState<string[]>([]);
  const busyProfiles = up.isPending ? up.variables?.profiles : down.isPending ? down.variables : undefined;
  // When the engine stopped part way, the core's message already says what was done and that Start continues it.
  const upFailure =
    up.data && !up.data.ok
      ? new Error(
          up.data.engineStopped
            ? up.data.error
            : `${up.data.error ?? 'Some services did not start.'} Stop the profile to remove what was started.`,
        )
      : null;
  const lastStart = up.variables?.profiles;
  const named = profiles.data?.filter((p) => p.name !== '') ?? [];
  return (
    <>
      {profiles.isPending && <p className="muted">Reading the compose files…</p>}
      {profiles.error && <ErrorNote error={profiles.error} />}
      <ComposeWarnings project={project} />
      {reviewed.error && <ErrorNote error={reviewed.error} />}
      {reviewed.review && (
        <RiskReview
          profiles={reviewed.review.profiles}
          risks={reviewed.review.risks}
          busy={reviewed.busy}
          onConfirm={reviewed.confirm}
          onCancel={reviewed.cancel}
        />
      )}
      {planFirst.error && <ErrorNote error={planFirst.error} />}
      {planFirst.plan && <PlanDialog plan={planFirst.plan} onChoose={planFirst.choose} onCancel={planFirst.cancel} />}
      {named.length > 1 && (
        <ProfileSelection
          names={named.map((p) => p.name)}
          selected={selected}
          busy={busyProfiles !== undefined || reviewed.busy || planFirst.busy}
          onChange={setSelected}
          onStart={() => reviewed.request(selected)}
        />
      )}
      {lastStart && lastStart.length > 1 && (up.error ?? upFailure) && <ErrorNote error={(up.error ?? upFailure)!} />}
      <div className="profiles">
        {profiles.data?.map((p) => (
          <ProfileCard
            key={p.name}
            profile={p}
            running={servicesOfProfile(
              services.data,
              p.services.map((s) => s.name),
            )}
            progress={progress}
            busy={busyProfiles && concerns(busyProfiles, p.name) ? (up.isPending ? 'starting' : 'stopping') : undefined}
            error={
              lastStart && lastStart.length <= 1 && concerns(lastStart, p.name)
                ? (up.error ?? upFailure)
                : down.variables && down.variables.length <= 1 && concerns(down.variables, p.name)
                  ? down.error
                  : null
            }
            onStart={() => reviewed.request(p.name ? [p.name] : [])}
            onStop={() => down.mutate(p.name ? [p.name] : [])}
          />
        ))}
      </div>
      <section className="card" aria-label="Services of the stack">
        <h2>Services</h2>
        {services.error && <ErrorNote error={services.error} />}
        {action.error && <ErrorNote error={action.error} />}
        <ServicesTable
          project={project}
          services={services.data ?? []}
          pending={action.isPending ? action.variables?.service : undefined}
          onAction={(service, a) =>
            a === 'start'
              ? planFirst.run({ kind: 'start-service', service }, (override) =>
                  action.mutate({ service, action: a, override }),
                )
              : action.mutate({ service, action: a })
          }
        />
      </section>
      <SwarmTasks project={project} />
      <SwarmNodes project={project} />
    </>
  );
}
