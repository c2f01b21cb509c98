import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';

/**
 * The values of one snapshot that go into the history, by series name. Containers of the
 * project are kept per compose service (replicas summed), so a service's history survives its
 * container being recreated; other containers are shown live but not kept.
 */
export function seriesOf(s: MetricsSnapshot, project: string): Record<string, number> {
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
  for (const c of s.containers) {
    if (c.project !== project || !c.service) continue;
    const add = (key: string, x: number) => (v[`svc.${c.service}.${key}`] = (v[`svc.${c.service}.${key}`] ?? 0) + x);
    add('cpu_percent', c.cpuPercent);
    add('mem_bytes', c.memBytes);
    add('net_rx_bytes_per_sec', c.netRxBytesPerSec);
    add('net_tx_bytes_per_sec', c.netTxBytesPerSec);
    add('block_read_bytes_per_sec', c.blockReadBytesPerSec);
    add('block_write_bytes_per_sec', c.blockWriteBytesPerSec);
  }
  return v;
}
