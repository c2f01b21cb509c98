import { z } from 'zod';
import { procedure, stream } from '../define';

export interface EngineStatus {
  connected: boolean;
  /** Where the app looked for the engine, e.g. `unix:///var/run/docker.sock`. */
  endpoint: string;
  /** How the endpoint was chosen: DOCKER_HOST, a docker context, a well-known socket, Settings, or the Engines page. */
  source: 'DOCKER_HOST' | 'context' | 'default-socket' | 'settings' | 'engines';
  /** Every place that was tried, in order. */
  tried: string[];
  version?: string;
  apiVersion?: string;
  os?: string;
  kernelVersion?: string;
  dataRoot?: string;
  cgroupVersion?: string;
  containers?: { running: number; total: number };
  images?: number;
  /** When not connected: what went wrong, and how to fix it. */
  error?: string;
  hint?: string;
  checkedAt: number;
}

const empty = z.object({}).strict();

export const engineContract = {
  'engine:status': procedure(empty).returns<EngineStatus>(),
  'engine:watch': stream(empty).emits<EngineStatus>(),
};
