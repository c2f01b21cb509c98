export { MetricsCollector, type MetricsCollectorOptions } from './metrics-collector';
export { MetricsRepository, type MetricsRepositoryOptions } from './metrics-repository';
export { ContainerMetricsReader, type ContainerReaderOptions } from './container-metrics-reader';
export { GpuReader, parseNvidiaSmi } from './gpu-reader';
export { TIERS, tierFor, RANGE_MS } from './metrics-tiers';
export { toPrometheusText } from './prometheus-format';
export { historyToCsv } from './history-csv';
export { seriesOf } from './snapshot-series';
export { createMetricsHandlers } from './metrics-handlers';
