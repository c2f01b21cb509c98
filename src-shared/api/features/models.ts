import { z } from 'zod';
import { procedure, stream } from '../define';

/** Where the Ollama URL came from, in the order they are tried. */
export type OllamaUrlSource = 'flag' | 'settings' | 'env' | 'stack' | 'default';

export interface OllamaStatus {
  url: string;
  source: OllamaUrlSource;
  reachable: boolean;
  version?: string;
  modelCount: number;
  error?: string;
  /** How to get a model answering: the profile to start and the model to pull. */
  fix: { profile: string; model: string; modelSize: string; stackUpAvailable: boolean; command: string };
}

export interface InstalledModel {
  name: string;
  /** Absent when the server did not say. */
  sizeBytes?: number;
  family: string;
  parameterSize: string;
  quantization: string;
  /** ISO time of the model's last change; absent when the server gave none or an invalid one. */
  modifiedAt?: string;
  /** Whether the model is in memory now; absent when the server cannot say (it has no /api/ps). */
  loaded?: boolean;
  /** The hardware fit estimate, when the hardware feature offers one. */
  fit?: { fits: boolean; note: string };
  /** What the server did not say about this model, and why; the rest of the row is what it did say. */
  missing?: ModelGap[];
}

/** A fact about an installed model the Ollama-compatible server did not give. */
export interface ModelGap {
  field: 'sizeBytes' | 'details' | 'modifiedAt' | 'loaded';
  reason: string;
}

export interface LayerProgress {
  digest: string;
  total: number;
  completed: number;
}

export interface PullState {
  model: string;
  status: 'running' | 'success' | 'cancelled' | 'failed';
  /** Ollama's last status line: "pulling manifest", "verifying sha256 digest", ... */
  phase: string;
  layers: LayerProgress[];
  error?: string;
}

/** Ollama model names: [host/][namespace/]model[:tag]; checked before any request. */
const modelName = z.string().min(1).max(300);

export const modelsContract = {
  'models:status': procedure(z.object({}).strict()).returns<OllamaStatus>(),
  'models:list': procedure(z.object({}).strict()).returns<InstalledModel[]>(),
  'models:pull': procedure(z.object({ model: modelName }).strict()).returns<PullState>(),
  'models:cancelPull': procedure(z.object({ model: modelName }).strict()).returns<PullState | null>(),
  'models:delete': procedure(z.object({ model: modelName, confirm: z.literal(true) }).strict()).returns<{
    deleted: string;
  }>(),
  'models:setUrl': procedure(z.object({ url: z.string().max(500).nullable() }).strict()).returns<OllamaStatus>(),
  'models:pulls': stream(z.object({}).strict()).emits<PullState[]>(),
};
