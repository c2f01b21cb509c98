import { ErrorNote } from '../../components/ErrorNote';
import { ProfileCard } from './ProfileCard';
import { ServicesTable } from './ServicesTable';
import { servicesOfProfile, useProfiles, useStackActions, useStackProgress, useStackServices } from './use-stack';

export function StackPage() {
  const profiles = useProfiles();
  const services = useStackServices();
  const progress = useStackProgress();
  const { up, down, action } = useStackActions();
  const busyProfile = up.isPending ? up.variables : down.isPending ? down.variables : undefined;
  // When the engine stopped part way, the core's message already says what was done and that Start continues it.
  const upFailure =
    up.data && !up.data.ok
      ? new Error(up.data.engineStopped ? up.data.error : `${up.data.error ?? 'Some services did not start.'} Stop the profile to remove what was started.`)
      : null;
  return (
    <div className="page stack">
      <h1>Stack</h1>
      {profiles.error && <ErrorNote error={profiles.error} />}
      <div className="profiles">
        {profiles.data?.map((p) => (
          <ProfileCard
            key={p.name}
            profile={p}
            running={servicesOfProfile(services.data, p.services.map((s) => s.name))}
            progress={progress}
            busy={busyProfile === p.name ? (up.isPending ? 'starting' : 'stopping') : undefined}
            error={
              up.variables === p.name ? (up.error ?? upFailure) : down.variables === p.name ? down.error : null
            }
            onStart={() => up.mutate(p.name)}
            onStop={() => down.mutate(p.name)}
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
