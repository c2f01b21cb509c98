import { TEST_IMAGE, TEST_LABEL } from './engine';

/** A compose service that holds a known amount of memory: it fills /dev/shm (tmpfs, charged to its cgroup) and sleeps. */
export interface FillService {
  name: string;
  tier: 'critical' | 'core' | 'optional';
  /** MiB written to /dev/shm. */
  mib: number;
  profiles: string[];
  reservation?: string;
  limit?: string;
  dependsOn?: string[];
}

/** The service's compose text (two-space indented under `services:`), marked with the test run's label. */
export function fillServiceYaml(s: FillService, run: string, image = TEST_IMAGE): string {
  const resources = [
    s.limit ? `limits: {memory: ${s.limit}}` : '',
    s.reservation ? `reservations: {memory: ${s.reservation}}` : '',
  ].filter(Boolean);
  return [
    `  ${s.name}:`,
    `    image: ${image}`,
    `    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=${s.mib} 2>/dev/null; exec sleep 3600"]`,
    `    shm_size: ${s.mib + 16}m`,
    `    stop_grace_period: 1s`,
    `    labels: {ai.sutazai.tier: ${s.tier}, ${TEST_LABEL}: ${run}}`,
    `    profiles: [${s.profiles.join(', ')}]`,
    ...(s.dependsOn?.length ? [`    depends_on: [${s.dependsOn.join(', ')}]`] : []),
    ...(resources.length ? [`    deploy: {resources: {${resources.join(', ')}}}`] : []),
  ].join('\n');
}

/** A whole compose file of such services. */
export function fillComposeYaml(services: FillService[], run: string, image = TEST_IMAGE): string {
  return `services:\n${services.map((s) => fillServiceYaml(s, run, image)).join('\n')}\n`;
}
