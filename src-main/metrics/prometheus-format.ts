import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';

type Labels = Record<string, string>;
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: { labels?: Labels; value: number }[];
}

/** Escapes a label value as the text exposition format requires (backslash, quote, newline). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** One snapshot in the Prometheus text exposition format (version 0.0.4). */
export function toPrometheusText(s: MetricsSnapshot): string {
  const families: Family[] = [];
  const g = (name: string, help: string, samples: Family['samples'], type: Family['type'] = 'gauge') =>
    families.push({ name: `sutazai_${name}`, help, type, samples });
  const h = s.host;
  g('host_cpu_percent', 'Host CPU busy over the last interval, percent of all cores.', [{ value: h.cpuPercent }]);
  g('host_memory_total_bytes', 'Host memory (MemTotal).', [{ value: h.memTotalBytes }]);
  g('host_memory_used_bytes', 'Host memory in use (MemTotal - MemAvailable).', [{ value: h.memUsedBytes }]);
  g('host_memory_available_bytes', 'Host memory available (MemAvailable).', [{ value: h.memAvailableBytes }]);
  g('host_swap_total_bytes', 'Host swap size.', [{ value: h.swapTotalBytes }]);
  g('host_swap_used_bytes', 'Host swap in use.', [{ value: h.swapUsedBytes }]);
  g('host_network_receive_bytes_per_second', 'Host network receive rate over physical interfaces.', [
    { value: h.netRxBytesPerSec },
  ]);
  g('host_network_transmit_bytes_per_second', 'Host network transmit rate over physical interfaces.', [
    { value: h.netTxBytesPerSec },
  ]);
  const disks = [
    ...(h.diskEngine ? [{ labels: { role: 'engine', path: h.diskEngine.path }, d: h.diskEngine }] : []),
    ...(h.diskHome ? [{ labels: { role: 'app', path: h.diskHome.path }, d: h.diskHome }] : []),
  ];
  g(
    'host_disk_free_bytes',
    'Free disk space at the engine data root and the app home.',
    disks.map((x) => ({ labels: x.labels, value: x.d.freeBytes })),
  );
  g(
    'host_disk_size_bytes',
    'Size of the file system at the engine data root and the app home.',
    disks.map((x) => ({ labels: x.labels, value: x.d.totalBytes })),
  );
  g('app_cpu_percent', 'CPU used by the control center process, percent of one core.', [{ value: s.app.cpuPercent }]);
  g('app_resident_memory_bytes', 'Resident memory of the control center process.', [{ value: s.app.rssBytes }]);
  const cl = s.containers.map((c) => ({ c, labels: { name: c.name, project: c.project, service: c.service } }));
  g(
    'container_cpu_percent',
    'Container CPU over the last interval, percent of one core (as docker stats).',
    cl.map(({ c, labels }) => ({ labels, value: c.cpuPercent })),
  );
  g(
    'container_cpu_seconds_total',
    'Container CPU time used since it started.',
    cl.map(({ c, labels }) => ({ labels, value: c.cpuSecondsTotal })),
    'counter',
  );
  g(
    'container_memory_working_set_bytes',
    'Container memory usage minus inactive file cache (as docker stats).',
    cl.map(({ c, labels }) => ({ labels, value: c.memBytes })),
  );
  g(
    'container_memory_limit_bytes',
    'Container memory limit, or the host memory when it has none.',
    cl.map(({ c, labels }) => ({ labels, value: c.memLimitBytes })),
  );
  g(
    'container_network_receive_bytes_total',
    'Bytes the container received.',
    cl.map(({ c, labels }) => ({ labels, value: c.netRxBytes })),
    'counter',
  );
  g(
    'container_network_transmit_bytes_total',
    'Bytes the container sent.',
    cl.map(({ c, labels }) => ({ labels, value: c.netTxBytes })),
    'counter',
  );
  g(
    'container_block_read_bytes_total',
    'Bytes the container read from block devices.',
    cl.map(({ c, labels }) => ({ labels, value: c.blockReadBytes })),
    'counter',
  );
  g(
    'container_block_write_bytes_total',
    'Bytes the container wrote to block devices.',
    cl.map(({ c, labels }) => ({ labels, value: c.blockWriteBytes })),
    'counter',
  );
  const gl = s.gpus.map((x) => ({ x, labels: { gpu: String(x.index), name: x.name } }));
  g(
    'gpu_utilization_percent',
    'GPU utilisation (nvidia-smi, sampled every 30 s).',
    gl.map(({ x, labels }) => ({ labels, value: x.utilPercent })),
  );
  g(
    'gpu_memory_used_bytes',
    'GPU memory in use.',
    gl.map(({ x, labels }) => ({ labels, value: x.memUsedBytes })),
  );
  g(
    'gpu_memory_total_bytes',
    'GPU memory size.',
    gl.map(({ x, labels }) => ({ labels, value: x.memTotalBytes })),
  );

  const lines: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const sample of f.samples) {
      const labels = Object.entries(sample.labels ?? {})
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}
