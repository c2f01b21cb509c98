import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import { formatMemory } from '../../src-shared/format';
import type { LimitRaise } from '../../src-shared/api/features/hardware';
import { listProjectContainers } from '../engine';
import type { StackService } from '../stack';
import type { ComposeOverride } from './compose-override';

export interface LimitRaiseDeps {
  docker: Docker;
  stack: StackService;
  override: ComposeOverride;
  hostMemoryBytes: () => Promise<number>;
}

/**
 * Raises one service's memory limit after an OOM kill: kept in the override file (so the next
 * `up` creates the service with it, and Undo on the Hardware page takes it back) and applied at
 * once to the service's existing container with `docker update`, so no recreate is needed.
 */
export async function raiseServiceLimit(deps: LimitRaiseDeps, service: string, bytes: number): Promise<LimitRaise> {
  const all = deps.stack.load();
  const spec = [all, ...all.profiles.map((p) => deps.stack.load(p))].map((m) => m.services[service]).find(Boolean);
  if (!spec)
    throw new ApiError('NOT_FOUND', `the stack has no service '${service}'`, 'Pick a service of the running stack.');
  const current = spec.limits.memoryBytes;
  if (current !== undefined && bytes <= current) {
    throw new ApiError(
      'INVALID_INPUT',
      `bytes: ${formatMemory(bytes)} is not above ${service}'s current limit of ${formatMemory(current)}`,
      'Choose a larger limit.',
    );
  }
  const host = await deps.hostMemoryBytes();
  if (bytes > host)
    throw new ApiError(
      'INVALID_INPUT',
      `bytes: ${formatMemory(bytes)} is more than this machine's ${formatMemory(host)} of memory`,
      'Choose a limit the machine can give.',
    );

  const state = deps.override.apply({
    id: `raise-limit:${service}`,
    title: `Raise ${service}'s memory limit to ${formatMemory(bytes)} (after an out-of-memory kill)`,
    changes: { [service]: { memoryLimitBytes: bytes } },
  });

  const containers = await listProjectContainers(deps.docker, deps.stack.project, { service });
  const updated: string[] = [];
  for (const c of containers) {
    const container = deps.docker.getContainer(c.id);
    const info = await container.inspect();
    const { Memory: memory, MemorySwap: swap } = info.HostConfig;
    // Keep the swap allowance the container had: compose leaves MemorySwap at twice the limit
    // (or unlimited, -1); the engine refuses a limit above an unchanged MemorySwap.
    const memorySwap = swap && swap > 0 && memory ? bytes + (swap - memory) : -1;
    await container.update({ Memory: bytes, MemorySwap: memorySwap });
    updated.push(c.name);
  }
  return {
    service,
    limitBytes: bytes,
    previousLimitBytes: current ?? null,
    updatedContainers: updated,
    overrides: state,
  };
}
