import type { HardwareProfile } from '../../../../src-shared/api/features/hardware';
import { formatBytes } from '../../components/format';

export function HostProfileCard({ profile }: { profile: HardwareProfile }) {
  return (
    <section className="card" aria-label="Host profile">
      <h2>This machine</h2>
      <dl className="facts">
        <dt>CPU</dt>
        <dd data-testid="hw-cpu">
          {profile.cpuModel}: <span data-testid="hw-physical-cores">{profile.physicalCores}</span> physical /{' '}
          <span data-testid="hw-logical-cores">{profile.logicalCores}</span> logical cores
        </dd>
        <dt>Memory</dt>
        <dd>
          <span data-testid="hw-ram">{formatBytes(profile.memTotalBytes)}</span> RAM,{' '}
          {formatBytes(profile.swapTotalBytes)} swap
        </dd>
        <dt>GPUs</dt>
        <dd data-testid="hw-gpus">
          {profile.gpus.length === 0
            ? `none (${profile.gpuNote})`
            : profile.gpus.map((g) => (
                <div key={`${g.source}-${g.index}`}>
                  {g.index}: {g.vendor} {g.name},{' '}
                  {g.vramTotalBytes ? `${formatBytes(g.vramTotalBytes)} VRAM` : 'VRAM unknown'}
                  {g.vramUsedBytes !== undefined ? ` (${formatBytes(g.vramUsedBytes)} used)` : ''}
                  {g.driverVersion ? `, driver ${g.driverVersion}` : ''}
                </div>
              ))}
        </dd>
        {profile.disks.map((d) => (
          <div key={d.label} style={{ display: 'contents' }}>
            <dt>Disk ({d.label})</dt>
            <dd>
              {formatBytes(d.freeBytes)} free of {formatBytes(d.totalBytes)} at <span className="mono">{d.path}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
