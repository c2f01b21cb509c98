import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { ComposeWarnings } from './ComposeWarnings';
import { ProfileCard } from './ProfileCard';
import { ProfileSelection } from './ProfileSelection';
import { RiskReview } from './RiskReview';
import { ServicesTable } from './ServicesTable';
import {
  servicesOfProfile,
  useProfiles,
  useReviewedStart,
  useStackActions,
  useStackProgress,
  useStackServices,
} from './use-stack';

export function StackPage() {
  const profiles = useProfiles();
  const services = useStackServices();
  const progress = useStackProgress();
  const { up, down, action } = useStackActions();
  const reviewed = useReviewedStart((chosen) => up.mutate(chosen));
  const [selected, setSelected] = useState<string[]>([]);
  const busyProfiles = up.isPending ? (up.variables ?? []) : down.isPending ? (down.variables ?? []) : [];
  // When the engine stopped part way, the core's message already says what was done and that Start continues it.
  const upFailure =
    up.data && !up.data.ok
      ? new Error(
          up.data.engineStopped
            ? up.data.error
            : `${up.data.error ?? 'Some services did not start.'} Stop the profile to remove what was started.`,
        )
      : null;
  const lastStart = up.variables ?? [];
  return (
    <div className="page stack">
      <h1>Stack</h1>
      {profiles.isPending && <p className="muted">Reading the compose files…</p>}
      {profiles.error && <ErrorNote error={profiles.error} />}
      <ComposeWarnings />
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
      {profiles.data && profiles.data.length > 1 && (
        <ProfileSelection
          names={profiles.data.map((p) => p.name)}
          selected={selected}
          busy={busyProfiles.length > 0 || reviewed.busy}
          onChange={setSelected}
          onStart={() => reviewed.request(selected)}
        />
      )}
      {lastStart.length > 1 && (up.error ?? upFailure) && <ErrorNote error={(up.error ?? upFailure)!} />}
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
            busy={busyProfiles.includes(p.name) ? (up.isPending ? 'starting' : 'stopping') : undefined}
            error={
              lastStart.length === 1 && lastStart[0] === p.name
                ? (up.error ?? upFailure)
                : down.variables?.length === 1 && down.variables[0] === p.name
                  ? down.error
                  : null
            }
            onStart={() => reviewed.request([p.name])}
            onStop={() => down.mutate([p.name])}
          />
        ))}
      </div>
      <section className="card" aria-label="Services of the stack">
        <h2>Services</h2>
        {services.error && <ErrorNote error={services.error} />}
        {action.error && <ErrorNote error={action.error} />}
        <ServicesTable
          services={services.data ?? []}
          pending={action.isPending ? action.variables?.service : undefined}
          onAction={(service, a) => action.mutate({ service, action: a })}
        />
      </section>
    </div>
  );
}
