import { serviceSeriesPrefix, type MetricsSnapshot } from '../../src-shared/api/features/metrics';

/**
 * The values of one snapshot that go into the history, by series name. Containers of the managed
 * projects are kept per compose service (replicas summed), so a service's history survives its
 * container being recreated: the SutazAI stack's as `svc.<service>.<figure>`, another project's as
 * `project.<name>.<service>.<figure>` (see `serviceSeries`). Other containers are shown live but not kept.
 */
export function seriesOf(s: MetricsSnapshot, project: string, others: string[] = []): Record<string, number> {
  const v: Record<string, number> = {
    'host.cpu_percent': s.host.cpuPercent,
    'host.mem_used_bytes': s.host.memUsedBytes,
    'host.mem_total_bytes': s.host.memTotalBytes,
    'host.swap_used_bytes': s.host.swapUsedBytes,
    'host.net_rx_bytes_per_sec': s.host.netRxBytesPerSec,
    'host.net_tx_bytes_per_sec': s.host.netTxBytesPerSec,
    'app.cpu_percent': s.app.cpuPercent,
    'app.rss_bytes': s.app.rssBytes,
  };
  if (s.host.diskEngine) v['host.disk_free_engine_bytes'] = s.host.diskEngine.freeBytes;
  if (s.host.diskHome) v['host.disk_free_home_bytes'] = s.host.diskHome.freeBytes;
  for (const g of s.gpus) {
    v[`gpu.${g.index}.util_percent`] = g.utilPercent;
    v[`gpu.${g.index}.mem_used_bytes`] = g.memUsedBytes;
  }
  const kept = new Set([project, ...others]);
  for (const c of s.containers) {
    if (!kept.has(c.project) || !c.service) continue;
    const prefix = serviceSeriesPrefix(c.project, project);
    const add = (key: string, x: number) =>
      (v[`${prefix}${c.service}.${key}`] = (v[`${prefix}${c.service}.${key}`] ?? 0) + x);
    add('cpu_percent', c.cpuPercent);
    add('mem_bytes', c.memBytes);
    add('net_rx_bytes_per_sec', c.netRxBytesPerSec);
    add('net_tx_bytes_per_sec', c.netTxBytesPerSec);
    add('block_read_bytes_per_sec', c.blockReadBytesPerSec);
    add('block_write_bytes_per_sec', c.blockWriteBytesPerSec);
  }
  return v;
}
