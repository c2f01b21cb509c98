import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type { ServiceSpec } from '../stack';
import { isSecretFile, STACK_NAMESPACE, type SecretMount } from './swarm-service-spec';

/** A label with the SHA-256 of a secret's data: the engine never gives the data back, so a change is seen by it. */
export const SECRET_HASH_LABEL = 'ai.sutazai.secret-sha256';

export interface StackSecret extends SecretMount {
  data: string;
}

/**
 * The secrets one service reads: its compose `secrets:` (files under /run/secrets), and the stack's
 * generated secrets its environment or command use, each as `/run/secrets/<NAME>`.
 */
export function serviceSecrets(stack: string, spec: ServiceSpec, generated: Record<string, string>): StackSecret[] {
  const files = spec.mounts.filter(isSecretFile).map((m) => {
    const fileName = m.target.slice('/run/secrets/'.length);
    return { secretName: `${stack}_${basename(fileName)}`, fileName, data: readFileSync(m.source!, 'utf8') };
  });
  const used = [...Object.values(spec.environment), ...(spec.command ?? []), ...(spec.entrypoint ?? [])];
  const fromStore = Object.entries(generated)
    .filter(([, value]) => value && used.some((u) => u.includes(value)))
    .map(([name, data]) => ({ secretName: `${stack}_${name.toLowerCase()}`, fileName: name, data }));
  return [...files, ...fromStore];
}

interface SecretInfo {
  ID: string;
  Spec?: { Name?: string; Labels?: Record<string, string> };
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/**
 * Creates the swarm secrets that do not exist yet. A swarm secret cannot be changed while a
 * service uses it: one whose data changed is refused with how to replace it.
 */
export async function ensureSecrets(
  docker: Docker,
  stack: string,
  secrets: StackSecret[],
): Promise<Map<string, string>> {
  const unique = new Map(secrets.map((s) => [s.secretName, s]));
  const existing = (await docker.listSecrets({
    filters: JSON.stringify({ name: [...unique.keys()] }),
  })) as unknown as SecretInfo[];
  const ids = new Map<string, string>();
  for (const s of unique.values()) {
    const found = existing.find((e) => e.Spec?.Name === s.secretName);
    if (found) {
      if (found.Spec?.Labels?.[SECRET_HASH_LABEL] !== sha256(s.data))
        throw new ApiError(
          'CONFLICT',
          `The swarm secret ${s.secretName} holds another value than the stack's`,
          `Remove the stack with its secrets (\`sutazai swarm rm --secrets\`), then deploy again.`,
        );
      ids.set(s.secretName, found.ID);
      continue;
    }
    const created = (await docker.createSecret({
      Name: s.secretName,
      Labels: { [STACK_NAMESPACE]: stack, [SECRET_HASH_LABEL]: sha256(s.data) },
      Data: Buffer.from(s.data).toString('base64'),
    })) as { id: string };
    ids.set(s.secretName, created.id);
  }
  return ids;
}
