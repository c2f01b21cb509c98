import type Docker from 'dockerode';
import { ApiError, type DownReport, type ProgressEvent, type ServiceStatus, type UpReport } from '../../src-shared/api';
import { LABELS, type ComposeProject, type ServiceSpec } from './compose-model';
import { configHash } from './config-hash';
import { adoptionContext, sameAsSpec, type Adoption } from './container-adoption';
import { containerCreateOptions, extraNetworkEndpoints, networkName, volumeName } from './container-spec';
import { buildImage } from './image-builder';
import { hasImage, pullImage } from './image-puller';
import {
  describeConflicts,
  enginePublishedPorts,
  engineOnThisMachine,
  portFree,
  suggestFreePort,
  suggestUnpublishedPort,
  type PortConflict,
} from './port-check';
import { waitCompleted, waitReady } from './readiness-probe';
import { projectContainers, projectStatus, toServiceStatus } from './stack-inventory';
import { planWaves, stopOrder } from './stack-planner';
import { UpRun } from './up-run';

type Outcome = UpReport['services'][number]['outcome'];

interface Started {
  ok: boolean;
  containerId?: string;
  outcome: Outcome;
  error?: string;
}

/**
 * Drives the engine from a resolved compose model: `up` plans, checks ports, pulls, creates and
 * starts services as soon as their dependencies allow (a `service_healthy` dependency is awaited
 * with the app's own readiness probe, 50 ms apart at first); `down` stops in reverse dependency order. All state
 * is read back from the engine's labels, so a restarted app adopts a running stack as it is.
 */
export class Orchestrator {
  constructor(
    private readonly docker: Docker,
    private readonly emit: (event: ProgressEvent) => void = () => undefined,
  ) {}

  /**
   * Brings a profile up. When the engine stops part way, the report says so once, with what this run
   * had created and started; running `up` again once the engine is back continues from there.
   */
  async up(project: ComposeProject, options: { profile: string; wait?: boolean; build?: boolean }): Promise<UpReport> {
    const began = Date.now();
    planWaves(project.services);
    await this.requireEngine();
    const run = new UpRun(this.docker);
    try {
      return await this.upWith(run, project, options, began);
    } catch (err) {
      if (!(await run.engineLost(err))) throw err;
      const services = Object.keys(project.services).map((service) => ({
        service,
        outcome: 'interrupted' as const,
        ready: false,
      }));
      return run.report(
        { project: project.name, profile: options.profile, durationMs: Date.now() - began },
        services,
        Boolean(options.wait),
      );
    }
  }

  private async upWith(
    run: UpRun,
    project: ComposeProject,
    options: { profile: string; wait?: boolean; build?: boolean },
    began: number,
  ): Promise<UpReport> {
    const services = project.services;
    const listed = await projectContainers(this.docker, project.name);
    const existing = new Map(listed.map((c) => [c.Labels[LABELS.service]!, c]));
    const adoption = adoptionContext(this.docker, listed);
    const progress = (service: string, phase: ProgressEvent['phase'], extra: Partial<ProgressEvent> = {}) =>
      this.emit({ project: project.name, service, phase, time: Date.now(), ...extra });
    for (const name of Object.keys(services)) progress(name, 'planned');

    await this.checkPorts(services, existing);
    await this.pullOrBuild(project, options.build === true, progress);
    const imageIds = await this.imageIds(services);
    await this.ensureNetworksAndVolumes(project, run);

    const started = new Map<string, Promise<Started>>();
    const ready = new Map<string, Promise<void>>();
    const readyOf = (name: string): Promise<void> => {
      let p = ready.get(name);
      if (!p) {
        p = started.get(name)!.then(async (s) => {
          if (!s.ok || !s.containerId) throw new Error(s.error ?? `${name} did not start`);
          await waitReady(this.docker, s.containerId, services[name]!.healthcheck);
          progress(name, 'ready');
        });
        ready.set(name, p);
      }
      return p;
    };
    const startOf = (name: string): Promise<Started> => {
      let p = started.get(name);
      if (!p) {
        p = this.bringUp(
          run,
          project,
          services[name]!,
          existing.get(name),
          imageIds.get(services[name]!.image),
          startOf,
          readyOf,
          progress,
          adoption,
        ).catch(async (err: unknown) => {
          const error = (err as Error).message;
          if (!(await run.engineLost(err))) progress(name, 'failed', { detail: error });
          return { ok: false, outcome: 'failed' as const, error };
        });
        started.set(name, p);
      }
      return p;
    };
    const results = await Promise.all(Object.keys(services).map(async (name) => [name, await startOf(name)] as const));
    const readiness = new Map<string, string | undefined>();
    if (options.wait) {
      await Promise.all(
        results.map(async ([name, r]) => {
          if (!r.ok) return;
          try {
            await readyOf(name);
            readiness.set(name, undefined);
          } catch (err) {
            readiness.set(name, (err as Error).message);
            if (!(await run.engineLost(err))) progress(name, 'failed', { detail: (err as Error).message });
          }
        }),
      );
    } else {
      for (const name of ready.keys()) readiness.set(name, undefined);
    }
    const report = results.map(([service, r]) => {
      const readyError = readiness.get(service);
      const error = r.error ?? readyError;
      return {
        service,
        outcome: r.outcome,
        ready: r.ok && readiness.has(service) && readyError === undefined,
        ...(error ? { error } : {}),
      };
    });
    const failed = report.filter((s) => s.outcome === 'failed' || (options.wait && !s.ready));
    if (failed.length && (await run.engineLost())) {
      return run.report(
        { project: project.name, profile: options.profile, durationMs: Date.now() - began },
        report,
        Boolean(options.wait),
      );
    }
    return {
      project: project.name,
      profile: options.profile,
      ok: failed.length === 0,
      services: report,
      durationMs: Date.now() - began,
      ...(failed.length ? { error: failed.map((f) => `${f.service}: ${f.error ?? 'not ready'}`).join('; ') } : {}),
    };
  }

  private async bringUp(
    run: UpRun,
    project: ComposeProject,
    spec: ServiceSpec,
    current: Docker.ContainerInfo | undefined,
    imageId: string | undefined,
    startOf: (name: string) => Promise<Started>,
    readyOf: (name: string) => Promise<void>,
    progress: (service: string, phase: ProgressEvent['phase'], extra?: Partial<ProgressEvent>) => void,
    adoption: Adoption,
  ): Promise<Started> {
    for (const [dep, d] of Object.entries(spec.dependsOn)) {
      if (!(dep in project.services)) continue;
      const depStart = await startOf(dep);
      if (!depStart.ok) return { ok: false, outcome: 'skipped', error: `dependency ${dep} failed` };
      if (d.condition === 'service_healthy') {
        progress(spec.name, 'waiting', { detail: `waiting for ${dep}` });
        try {
          await readyOf(dep);
        } catch (err) {
          return {
            ok: false,
            outcome: 'skipped',
            error: `dependency ${dep} is not healthy: ${(err as Error).message}`,
          };
        }
      } else if (d.condition === 'service_completed_successfully') {
        progress(spec.name, 'waiting', { detail: `waiting for ${dep} to finish` });
        await waitCompleted(this.docker, depStart.containerId!);
      }
    }
    const hash = configHash(spec);
    let outcome: Outcome = 'created';
    let id = current?.Id;
    const verdict = current
      ? await sameAsSpec(this.docker, project, spec, current, hash, imageId, adoption)
      : undefined;
    if (current && verdict?.same) {
      if (current.State === 'running') {
        progress(spec.name, 'unchanged', verdict.adopted ? { detail: verdict.adopted } : {});
        return { ok: true, containerId: current.Id, outcome: 'unchanged' };
      }
      outcome = 'started';
    } else {
      if (current) {
        progress(spec.name, 'recreating', { detail: verdict?.why ?? 'configuration changed' });
        const old = this.docker.getContainer(current.Id);
        await old.stop({ t: Math.ceil(spec.stopGracePeriodMs / 1000) }).catch(ignoreNotModified);
        await old.remove({ v: false });
        outcome = 'recreated';
      } else progress(spec.name, 'creating');
      const createOptions = containerCreateOptions(project, spec);
      const created = await this.docker.createContainer(createOptions);
      run.createdContainer(createOptions.name ?? created.id);
      id = created.id;
      for (const [network, aliases] of Object.entries(extraNetworkEndpoints(project, spec))) {
        await this.docker.getNetwork(network).connect({ Container: id, EndpointConfig: { Aliases: aliases } });
      }
    }
    progress(spec.name, 'starting');
    id = await this.start(project, spec, id!, progress);
    run.startedService(spec.name);
    progress(spec.name, 'running');
    return { ok: true, containerId: id!, outcome };
  }

  /**
   * Starts a container. Some engines (rootless, user namespaces, restricted sandboxes) refuse a
   * negative oom_score_adj; then the critical service is recreated without it and started, and
   * the memory guard alone keeps it safe.
   */
  private async start(
    project: ComposeProject,
    spec: ServiceSpec,
    id: string,
    progress: (service: string, phase: ProgressEvent['phase'], extra?: Partial<ProgressEvent>) => void,
  ): Promise<string> {
    try {
      await this.docker.getContainer(id).start();
      return id;
    } catch (err) {
      const options = containerCreateOptions(project, spec);
      if (
        !((options.HostConfig?.OomScoreAdj ?? 0) < 0) ||
        !/final child's PID|oom_score_adj|permission denied/i.test((err as Error).message)
      )
        throw err;
      await this.docker.getContainer(id).remove({ force: true, v: false });
      options.HostConfig!.OomScoreAdj = 0;
      const created = await this.docker.createContainer(options);
      progress(spec.name, 'starting', { detail: 'the engine refuses a negative oom_score_adj; started without it' });
      await created.start();
      return created.id;
    }
  }

  async down(projectName: string, options: { services?: string[]; volumes?: boolean } = {}): Promise<DownReport> {
    await this.requireEngine();
    const all = await projectContainers(this.docker, projectName);
    const chosen = options.services ? all.filter((c) => options.services!.includes(c.Labels[LABELS.service]!)) : all;
    const byService = new Map(chosen.map((c) => [c.Labels[LABELS.service]!, c]));
    const deps = Object.fromEntries(
      [...byService].map(([s, c]) => [
        s,
        (c.Labels[LABELS.dependsOn] ?? '')
          .split(',')
          .filter(Boolean)
          .map((d) => d.split(':')[0]!)
          .filter((d) => byService.has(d)),
      ]),
    );
    const report: DownReport = {
      project: projectName,
      removedContainers: [],
      removedVolumes: [],
      removedNetworks: [],
      errors: [],
    };
    const volumes = new Set<string>();
    for (const service of stopOrder(deps)) {
      const c = byService.get(service)!;
      for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name) volumes.add(m.Name);
      try {
        this.emit({ project: projectName, service, phase: 'stopping', time: Date.now() });
        const container = this.docker.getContainer(c.Id);
        const info = await container.inspect();
        const grace = (info.Config as { StopTimeout?: number }).StopTimeout ?? 10;
        await container.stop({ t: grace }).catch(ignoreNotModified);
        await container.remove({ v: false });
        report.removedContainers.push(c.Names[0]?.replace(/^\//, '') ?? c.Id);
        this.emit({ project: projectName, service, phase: 'removed', time: Date.now() });
      } catch (err) {
        report.errors.push(`${service}: ${(err as Error).message}`);
      }
    }
    const remaining = await projectContainers(this.docker, projectName);
    if (remaining.length === 0) {
      const nets = await this.docker.listNetworks({
        filters: JSON.stringify({ label: [`${LABELS.project}=${projectName}`] }),
      });
      for (const n of nets) {
        try {
          await this.docker.getNetwork(n.Id).remove();
          report.removedNetworks.push(n.Name);
        } catch (err) {
          report.errors.push(`network ${n.Name}: ${(err as Error).message}`);
        }
      }
    }
    if (options.volumes) {
      const labelled = await this.docker.listVolumes({
        filters: JSON.stringify({ label: [`${LABELS.project}=${projectName}`] }),
      });
      for (const v of labelled.Volumes ?? []) {
        if (options.services && !volumes.has(v.Name)) continue;
        try {
          await this.docker.getVolume(v.Name).remove();
          report.removedVolumes.push(v.Name);
        } catch (err) {
          report.errors.push(`volume ${v.Name}: ${(err as Error).message}`);
        }
      }
    }
    return report;
  }

  ps(projectName: string): Promise<ServiceStatus[]> {
    return projectStatus(this.docker, projectName);
  }

  async serviceAction(
    projectName: string,
    service: string,
    action: 'start' | 'stop' | 'restart',
  ): Promise<ServiceStatus | null> {
    const c = (await projectContainers(this.docker, projectName)).find((x) => x.Labels[LABELS.service] === service);
    if (!c)
      throw new ApiError(
        'NOT_FOUND',
        `Service ${service} has no container in project ${projectName}`,
        'Start its profile first.',
      );
    const container = this.docker.getContainer(c.Id);
    const grace = ((await container.inspect()).Config as { StopTimeout?: number }).StopTimeout ?? 10;
    if (action === 'start') await container.start().catch(ignoreNotModified);
    else if (action === 'stop') await container.stop({ t: grace }).catch(ignoreNotModified);
    else await container.restart({ t: grace });
    const after = (await projectContainers(this.docker, projectName)).find((x) => x.Id === c.Id);
    return after ? toServiceStatus(after) : null;
  }

  private async requireEngine(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw new ApiError(
        'ENGINE_UNAVAILABLE',
        `No Docker engine answers: ${(err as Error).message}`,
        'Start the Docker engine, then try again. Nothing was created.',
      );
    }
  }

  private async checkPorts(
    services: Record<string, ServiceSpec>,
    existing: Map<string, Docker.ContainerInfo>,
  ): Promise<void> {
    const reserved = new Set(Object.values(services).flatMap((s) => s.ports.map((p) => p.hostPort ?? 0)));
    // A port is tried here only when the engine runs here; on another machine, the ports its containers publish are what is known.
    const remote = engineOnThisMachine(this.docker)
      ? undefined
      : await enginePublishedPorts(this.docker, new Set([...existing.values()].map((c) => c.Id)));
    const conflicts: PortConflict[] = [];
    for (const spec of Object.values(services)) {
      const current = existing.get(spec.name);
      const held = new Set((current?.State === 'running' ? (current.Ports ?? []) : []).map((p) => p.PublicPort));
      for (const p of spec.ports) {
        if (!p.hostPort || p.protocol !== 'tcp' || held.has(p.hostPort)) continue;
        if (remote) {
          const holder = remote.get(p.hostPort);
          if (holder)
            conflicts.push({
              service: spec.name,
              port: p.hostPort,
              hostIp: p.hostIp,
              holder,
              ...optionalSuggestion(suggestUnpublishedPort(p.hostPort, remote, reserved)),
            });
        } else if (!(await portFree(p.hostPort, p.hostIp))) {
          conflicts.push({
            service: spec.name,
            port: p.hostPort,
            hostIp: p.hostIp,
            ...optionalSuggestion(await suggestFreePort(p.hostPort, p.hostIp, reserved)),
          });
        }
      }
    }
    if (conflicts.length) {
      throw new ApiError(
        'CONFLICT',
        `Cannot start: ${describeConflicts(conflicts)}. Nothing was created.`,
        'Stop whatever holds the port, or give the service another port in an override file.',
      );
    }
  }

  /**
   * Pulls missing images and builds services that have a build: a build-only service is built
   * when its image is missing (always with `pull_policy: build` or `--build`); one with an image
   * too is pulled when missing, and built only when the pull fails.
   */
  private async pullOrBuild(
    project: ComposeProject,
    forceBuild: boolean,
    progress: (s: string, p: ProgressEvent['phase'], e?: Partial<ProgressEvent>) => void,
  ): Promise<void> {
    const byImage = new Map<string, ServiceSpec[]>();
    for (const s of Object.values(project.services)) byImage.set(s.image, [...(byImage.get(s.image) ?? []), s]);
    for (const [image, specs] of byImage) {
      const builder = specs.find((s) => s.build);
      const have = await hasImage(this.docker, image);
      const wantBuild =
        builder && (forceBuild || builder.pullPolicy === 'build' || (!have && builder.build!.buildOnly));
      if (have && !wantBuild && !specs.some((s) => s.pullPolicy === 'always')) continue;
      if (!wantBuild) {
        if (specs.every((s) => s.pullPolicy === 'never')) {
          if (have) continue;
          throw new ApiError(
            'NOT_FOUND',
            `Image ${image} is not on this machine and pull_policy is never. Nothing was created.`,
            'Load the image with `docker load`, or change pull_policy.',
          );
        }
        try {
          await pullImage(this.docker, image, (p) =>
            specs.forEach((s) => progress(s.name, 'pulling', { percent: p.percent, detail: p.detail })),
          );
          continue;
        } catch (err) {
          if (!builder) {
            throw new ApiError(
              'UNAVAILABLE',
              `${(err as Error).message}. Nothing was created.`,
              'Check the network connection and the image name, or load the image with `docker load`.',
            );
          }
          specs.forEach((s) =>
            progress(s.name, 'building', { detail: `pull failed (${(err as Error).message}); building ${image}` }),
          );
        }
      }
      try {
        await buildImage(
          this.docker,
          builder!.build!,
          image,
          { [LABELS.project]: project.name, [LABELS.service]: builder!.name },
          (p) =>
            specs.forEach((s) =>
              progress(s.name, 'building', {
                ...(p.percent !== undefined ? { percent: p.percent } : {}),
                detail: p.detail,
              }),
            ),
        );
      } catch (err) {
        throw new ApiError(
          'INVALID_INPUT',
          `${builder!.name}: ${(err as Error).message}. Nothing was created.`,
          `Fix the build of ${builder!.name} (context ${builder!.build!.context}), then try again.`,
        );
      }
    }
  }

  private async imageIds(services: Record<string, ServiceSpec>): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const image of new Set(Object.values(services).map((s) => s.image))) {
      try {
        ids.set(image, (await this.docker.getImage(image).inspect()).Id);
      } catch {
        // pulled or built above; a missing one fails at create with the engine's message
      }
    }
    return ids;
  }

  private async ensureNetworksAndVolumes(project: ComposeProject, run: UpRun): Promise<void> {
    const usedNets = new Set(Object.values(project.services).flatMap((s) => Object.keys(s.networks)));
    for (const key of usedNets) {
      const spec = project.networks[key]!;
      const name = networkName(project, key);
      const found = await this.docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
      if (found.some((n) => n.Name === name)) continue;
      if (spec.external)
        throw new ApiError(
          'NOT_FOUND',
          `External network ${name} does not exist`,
          `Create it with \`docker network create ${name}\`.`,
        );
      await this.docker.createNetwork({
        Name: name,
        Driver: spec.driver,
        Internal: spec.internal,
        Options: spec.driverOpts,
        ...(spec.enableIpv6 !== undefined ? { EnableIPv6: spec.enableIpv6 } : {}),
        ...(spec.attachable !== undefined ? { Attachable: spec.attachable } : {}),
        Labels: { ...spec.labels, [LABELS.project]: project.name, [LABELS.network]: key, [LABELS.version]: '2.29.7' },
      });
      run.createdNetwork(name);
    }
    const usedVols = new Set(
      Object.values(project.services).flatMap((s) =>
        s.mounts.filter((m) => m.type === 'volume' && m.source).map((m) => m.source!),
      ),
    );
    for (const key of usedVols) {
      const spec = project.volumes[key]!;
      const name = volumeName(project, key);
      try {
        await this.docker.getVolume(name).inspect();
        continue;
      } catch {
        if (spec.external)
          throw new ApiError(
            'NOT_FOUND',
            `External volume ${name} does not exist`,
            `Create it with \`docker volume create ${name}\`.`,
          );
      }
      await this.docker.createVolume({
        Name: name,
        Driver: spec.driver,
        DriverOpts: spec.driverOpts,
        Labels: { ...spec.labels, [LABELS.project]: project.name, [LABELS.volume]: key, [LABELS.version]: '2.29.7' },
      });
      run.createdVolume(name);
    }
  }
}

function optionalSuggestion(p: number | undefined): { suggestion?: number } {
  return p === undefined ? {} : { suggestion: p };
}

function ignoreNotModified(err: { statusCode?: number }): void {
  if (err?.statusCode !== 304) throw err;
}
