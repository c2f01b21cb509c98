import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type { SwarmDeployReport, SwarmRemoveReport, SwarmStackStatus } from '../../src-shared/api/features/swarm';
import type { StackService } from '../stack';
import { deployStack } from './swarm-deploy';
import { composeServiceOf, requireManager, stackServices, stackStatus } from './swarm-inventory';
import { serviceLogs } from './swarm-logs';
import { removeStack } from './swarm-remove';
import { swarmServiceName } from './swarm-service-spec';

export interface SwarmServiceOptions {
  /** The engine of the project: it must be a swarm manager. */
  docker: Docker;
  /** The project's stack: its compose model, its generated secrets and the user's confirmations. */
  stack: StackService;
  /** Labels put on the stack's network and secrets besides the stack's own. */
  extraLabels?: Record<string, string>;
}

/** One project deployed to a Docker Swarm as a stack named like the project (`sutazai swarm`, the `swarm:*` API). */
export class SwarmService {
  constructor(private readonly o: SwarmServiceOptions) {}

  get stackName(): string {
    return this.o.stack.project;
  }

  /**
   * Deploys a profile (none: the services without a profile); deployed again, changed services
   * roll. Refused while a service's dangerous settings are not confirmed, as on one engine.
   */
  async deploy(profile?: string, timeoutMs = 300_000): Promise<SwarmDeployReport> {
    await requireManager(this.o.docker);
    const profiles = profile ? [profile] : [];
    const model = this.o.stack.load(profiles);
    if (Object.keys(model.services).length === 0)
      throw new ApiError('NOT_FOUND', `No services in profile '${profile ?? ''}' of ${this.stackName}`);
    const pending = this.o.stack.risks(profiles).filter((r) => !r.acknowledged);
    if (pending.length)
      throw new ApiError(
        'CONFLICT',
        `Not deployed: ${pending.map((r) => r.service).join(', ')} get part of the host and were not confirmed. Nothing was created.`,
        'Review and confirm them on the Stack page, or with `sutazai up` on a terminal.',
      );
    return deployStack(this.o.docker, {
      stack: this.stackName,
      model,
      generatedSecrets: this.o.stack.kind === 'templates' ? this.o.stack.secrets.read() : {},
      timeoutMs,
      ...(this.o.extraLabels ? { extraLabels: this.o.extraLabels } : {}),
    });
  }

  ps(): Promise<SwarmStackStatus> {
    return stackStatus(this.o.docker, this.stackName);
  }

  /** Removes a profile's services (none given: the whole stack with its network); secrets and volumes when asked. */
  async rm(profile?: string, o: { secrets?: boolean; volumes?: boolean } = {}): Promise<SwarmRemoveReport> {
    await requireManager(this.o.docker);
    const services = profile ? Object.keys(this.o.stack.load([profile]).services) : undefined;
    return removeStack(this.o.docker, this.stackName, { ...o, ...(services ? { services } : {}) });
  }

  async logs(service: string, tail = 200): Promise<{ service: string; lines: string[] }> {
    await requireManager(this.o.docker);
    const found = (await stackServices(this.o.docker, this.stackName)).some(
      (s) => composeServiceOf(s, this.stackName) === service,
    );
    if (!found) throw new ApiError('NOT_FOUND', `No service '${service}' in the swarm stack ${this.stackName}`);
    return { service, lines: await serviceLogs(this.o.docker, swarmServiceName(this.stackName, service), tail) };
  }
}
