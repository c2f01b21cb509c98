import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import { listTasks } from './swarm-tasks';

/** A service as the engine inspects it (the fields read here). */
export interface ServiceInfo {
  ID: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number } };
    TaskTemplate?: { Placement?: { Constraints?: string[] }; ContainerSpec?: { Image?: string; Env?: string[] } };
  };
  UpdateStatus?: { State?: string; Message?: string };
}

const FINISHED_UPDATE = ['completed', 'paused', 'rollback_completed', 'rollback_paused'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function inspectService(docker: Docker, name: string): Promise<ServiceInfo> {
  return docker.getService(name).inspect() as Promise<ServiceInfo>;
}

/**
 * Waits until a service's rolling update has finished, rolled back or paused, and returns its state.
 * The engine clears the update status when a new update is accepted, so a state seen is this one's.
 */
export async function waitUpdateFinished(
  docker: Docker,
  name: string,
  deadline: number,
): Promise<{ state: string; message: string }> {
  for (;;) {
    const s = await inspectService(docker, name);
    const state = s.UpdateStatus?.State;
    if (state && FINISHED_UPDATE.includes(state)) return { state, message: s.UpdateStatus?.Message ?? '' };
    if (Date.now() > deadline)
      throw new ApiError('TIMEOUT', `The update of ${name} did not finish in time (${state ?? 'not started'})`);
    await sleep(1000);
  }
}

/**
 * Waits until every replica of each service has a running task. With a healthcheck the swarm keeps a
 * task `starting` until the check passes, so running is running and healthy. A task that fails is
 * restarted by the swarm; when time runs out the error names the last failure.
 */
export async function waitServicesReady(docker: Docker, names: string[], deadline: number): Promise<void> {
  const pending = new Set(names);
  let lastError = '';
  while (pending.size) {
    for (const name of [...pending]) {
      const s = await inspectService(docker, name);
      const replicas = s.Spec.Mode?.Replicated?.Replicas ?? 1;
      const tasks = await listTasks(docker, [s.ID]);
      const running = tasks.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running');
      const failed = tasks
        .filter((t) => ['failed', 'rejected'].includes(t.Status.State))
        .sort((a, b) => b.UpdatedAt.localeCompare(a.UpdatedAt))[0];
      if (failed) lastError = `${name}: ${failed.Status.Err || failed.Status.Message || failed.Status.State}`;
      if (running.length >= replicas) pending.delete(name);
    }
    if (!pending.size) return;
    if (Date.now() > deadline)
      throw new ApiError(
        'TIMEOUT',
        `Not ready in time: ${[...pending].join(', ')}${lastError ? ` (last failure: ${lastError})` : ''}`,
        'See `sutazai swarm ps` for the tasks and their nodes, and `sutazai swarm logs SERVICE`.',
      );
    await sleep(1000);
  }
}
