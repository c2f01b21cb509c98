import { z } from 'zod';

/** A compose project name as compose normalizes it: lowercase letters, digits, - and _. */
export const projectName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'is not a project name (lowercase letters, digits, - and _, up to 63)');

/** Which managed project a call acts on; absent: the SutazAI stack. */
export const projectChoice = { project: projectName.optional() };
