import { EngineCard } from './EngineCard';
import { HomeAccessBanner } from './HomeAccessBanner';
import { HostChart } from './HostChart';
import { HostFigures } from './HostFigures';
import { useHostSamples } from './use-host-samples';

export function OverviewPage() {
  const { data: samples = [], error } = useHostSamples();
  return (
    <div className="page overview">
      <h1>Overview</h1>
      <HomeAccessBanner />
      {error && <div className="banner error">Host figures are unavailable: {error.message}</div>}
      <div className="grid">
        <div className="col">
          <HostFigures latest={samples[samples.length - 1]} />
          <HostChart samples={samples} />
        </div>
        <EngineCard />
      </div>
    </div>
  );
}
