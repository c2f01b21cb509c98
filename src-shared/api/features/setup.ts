import { z } from 'zod';
import { procedure } from '../define';

export interface SetupState {
  /** The first run was finished or skipped; the app then opens on the Overview. */
  done: boolean;
  skipped: boolean;
  at?: number;
}

export interface SetupPlan {
  /** The profile the hardware optimizer recommends for this machine, and why; null when none fits. */
  profile: { name: string; why: string } | null;
  /** A model that fits where Ollama will run, and why; null when none of the candidates fits. */
  model: { name: string; sizeBytes: number; why: string } | null;
}

export interface SetupSecrets {
  /** Names of the stack's generated secrets (values only through setup:revealSecrets). */
  names: string[];
  file: string;
}

const empty = z.object({}).strict();

export const setupContract = {
  'setup:state': procedure(empty).returns<SetupState>(),
  'setup:finish': procedure(z.object({ skipped: z.boolean() }).strict()).returns<SetupState>(),
  'setup:reset': procedure(empty).returns<SetupState>(),
  'setup:plan': procedure(empty).returns<SetupPlan>(),
  'setup:secrets': procedure(empty).returns<SetupSecrets>(),
  'setup:revealSecrets': procedure(z.object({ confirm: z.literal(true) }).strict()).returns<Record<string, string>>(),
};
