import type Docker from 'dockerode';
import type { ProjectSummary, Tier } from '../../src-shared/api';
import { DisposableStore, type IDisposable } from '../base';
import type { EventLog } from '../events';
import type { ContainerMemory } from '../host';
import { LogService } from '../logs';
import { StackService, type AcknowledgementStore } from '../stack';
import { Supervisor } from '../supervisor';

export interface ManagedProjectOptions {
  name: string;
  kind: ProjectSummary['kind'];
  /** The templates folder (the SutazAI stack) or the compose folder. */
  dir: string;
  /** A folder's compose files when they are not those compose finds by name. */
  files?: string[];
  defaultTier: Tier;
  addedAt?: number;
  /** The engine this project runs on: every part of the project talks to it and to nothing else. */
  docker: Docker;
  home: string;
  env: Record<string, string | undefined>;
  displayRoot?: string;
  /** `--env-file`, for the SutazAI stack. */
  envFiles?: string[];
  acknowledgements: AcknowledgementStore;
  /** The event log supervision writes to (opened when supervision is first built). */
  events: () => EventLog;
  /** Reads containers' memory for OOM reports. */
  memory?: () => ContainerMemory | undefined;
}

/**
 * One managed project: the SutazAI stack or a compose folder, with its own stack service (load,
 * up, down, ps), log service and supervisor, all on the engine it was given. Features that act on
 * "a project" (snapshots, the planner) take one of these rather than reaching for a global stack.
 * Its parts are built on first use and released by `dispose`.
 */
export class ManagedProject implements IDisposable {
  private readonly owned = new DisposableStore();
  private builtStack: StackService | undefined;
  private builtLogs: LogService | undefined;
  private builtSupervisor: Supervisor | undefined;
  private tier: Tier;
  private supervising = false;

  constructor(private readonly o: ManagedProjectOptions) {
    this.tier = o.defaultTier;
  }

  get name(): string {
    return this.o.name;
  }

  get kind(): ProjectSummary['kind'] {
    return this.o.kind;
  }

  get dir(): string {
    return this.o.dir;
  }

  get docker(): Docker {
    return this.o.docker;
  }

  get defaultTier(): Tier {
    return this.tier;
  }

  set defaultTier(tier: Tier) {
    this.tier = tier;
  }

  get stack(): StackService {
    return (this.builtStack ??= this.owned.add(
      new StackService({
        docker: this.o.docker,
        home: this.o.home,
        templatesDir: this.o.dir,
        project: this.o.name,
        kind: this.o.kind === 'sutazai' ? 'templates' : 'folder',
        ...(this.o.files?.length ? { files: this.o.files } : {}),
        defaultTier: () => this.tier,
        env: this.o.env,
        ...(this.o.displayRoot ? { displayRoot: this.o.displayRoot } : {}),
        ...(this.o.envFiles ? { envFiles: this.o.envFiles } : {}),
        acknowledgements: this.o.acknowledgements,
      }),
    ));
  }

  get logs(): LogService {
    return (this.builtLogs ??= this.owned.add(new LogService({ docker: this.o.docker, project: this.o.name })));
  }

  get supervisor(): Supervisor {
    if (!this.builtSupervisor) {
      const memory = this.o.memory?.();
      this.builtSupervisor = this.owned.add(
        new Supervisor({
          docker: this.o.docker,
          project: this.o.name,
          events: this.o.events(),
          ...(memory ? { memory } : {}),
        }),
      );
      if (this.supervising) this.builtSupervisor.start();
    }
    return this.builtSupervisor;
  }

  /** Starts following the engine's events for this project's services (once). */
  startSupervision(): void {
    if (this.supervising) return;
    this.supervising = true;
    this.supervisor.start();
  }

  summary(): ProjectSummary {
    let files: string[];
    try {
      files = this.stack.composeFiles();
    } catch {
      files = this.o.files ?? [];
    }
    return {
      name: this.o.name,
      kind: this.o.kind,
      dir: this.o.dir,
      files,
      defaultTier: this.tier,
      ...(this.o.addedAt !== undefined ? { addedAt: this.o.addedAt } : {}),
    };
  }

  dispose(): void {
    this.owned.dispose();
  }
}
