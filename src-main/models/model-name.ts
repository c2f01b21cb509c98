import { ApiError } from '../../src-shared/api';

const PART = /^[a-z0-9][a-z0-9_.-]*$/i;
const TAG = /^[a-z0-9_][a-z0-9_.-]{0,127}$/i;
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * Checks an Ollama model name ([host/][namespace/]model[:tag]) before any request and names the
 * part that is wrong. Returns the name unchanged when it is valid.
 */
export function validateModelName(name: string): string {
  const fail = (what: string): never => {
    throw new ApiError(
      'INVALID_INPUT',
      `Model name "${name}": ${what}`,
      'A model name looks like tinyllama, llama3.2:1b or namespace/model:tag.',
    );
  };
  if (name.trim() !== name || name.length === 0) fail('is empty or has spaces around it');
  if (name.length > 300) fail('is longer than 300 characters');
  const colon = name.lastIndexOf(':');
  const slash = name.lastIndexOf('/');
  const hasTag = colon > slash;
  const path = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag))
    fail(`the tag "${tag}" may hold only letters, digits, _ . - (at most 128, not starting with . or -)`);
  const parts = path.split('/');
  if (parts.length > 3) fail('has more than host/namespace/model parts');
  const model = parts[parts.length - 1]!;
  if (!PART.test(model))
    fail(`the model part "${model}" must start with a letter or digit and hold only letters, digits, _ . -`);
  if (parts.length >= 2) {
    const ns = parts[parts.length - 2]!;
    if (!PART.test(ns))
      fail(`the namespace "${ns}" must start with a letter or digit and hold only letters, digits, _ . -`);
  }
  if (parts.length === 3 && !HOST.test(parts[0]!)) fail(`the host "${parts[0]}" is not a host name`);
  return name;
}
