import { EngineCard } from './EngineCard';
import { lazy, Suspense } from 'react';
import { HomeAccessBanner } from './HomeAccessBanner';
import { HostFigures } from './HostFigures';
import { useHostSamples } from './use-host-samples';

// The chart library is the largest part of this page: it is fetched once the first figures are on
// screen, so it does not compete with them for the network or the CPU.
const HostChart = lazy(async () => ({ default: (await import('./HostChart')).HostChart }));

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
          {samples.length > 0 ? (
            <Suspense fallback={<ChartPlaceholder />}>
              <HostChart samples={samples} />
            </Suspense>
          ) : (
            <ChartPlaceholder />
          )}
        </div>
        <EngineCard />
      </div>
    </div>
  );
}

function ChartPlaceholder() {
  return <section className="card chart chart-body" aria-label="CPU and memory over time" />;
}
