import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';

/** Step 2: this machine, and the profile the hardware optimizer recommends for it. */
export function MachineStep() {
  const profile = useApiQuery('hardware:profile', {}, { staleTime: 60_000 });
  const plan = useApiQuery('setup:plan', {}, { staleTime: 60_000 });
  const p = profile.data;
  return (
    <div>
      {profile.error && <ErrorNote error={profile.error} />}
      {p && (
        <dl className="facts" data-testid="machine-facts">
          <dt>CPU</dt>
          <dd data-testid="machine-cores">
            {p.cpuModel}: {p.physicalCores} cores, {p.logicalCores} threads
          </dd>
          <dt>RAM</dt>
          <dd data-testid="machine-ram">{formatBytes(p.memTotalBytes)}</dd>
          <dt>GPU</dt>
          <dd>
            {p.gpus.length
              ? p.gpus
                  .map((g) => `${g.name}${g.vramTotalBytes ? ` (${formatBytes(g.vramTotalBytes)})` : ''}`)
                  .join(', ')
              : p.gpuNote}
          </dd>
          <dt>Free disk</dt>
          <dd>{p.disks.map((d) => `${formatBytes(d.freeBytes)} at ${d.path} (${d.label})`).join('; ')}</dd>
        </dl>
      )}
      {plan.error && <ErrorNote error={plan.error} />}
      {plan.data &&
        (plan.data.profile ? (
          <p data-testid="recommended-profile">
            Recommended profile: <strong>{plan.data.profile.name}</strong>. {plan.data.profile.why}
          </p>
        ) : (
          <p className="fix">
            No profile of the stack fits this machine's memory; you can still start one, with the memory guard watching.
          </p>
        ))}
    </div>
  );
}
