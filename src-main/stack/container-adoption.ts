import type Docker from 'dockerode';
import { LABELS, type ComposeProject, type ServiceSpec } from './compose-model';
import { containerDrift, type ImageDefaults } from './container-drift';
import { containerCreateOptions, createdByApp, extraNetworkEndpoints } from './container-spec';

/** What comparing containers docker compose made with the model needs: the project's containers and images, read once per `up`. */
export interface Adoption {
  containers: Docker.ContainerInfo[];
  image: (ref: string) => Promise<ImageDefaults | undefined>;
}

export function adoptionContext(docker: Docker, containers: Docker.ContainerInfo[]): Adoption {
  const images = new Map<string, Promise<ImageDefaults | undefined>>();
  return {
    containers,
    image: (ref) => {
      let found = images.get(ref);
      if (!found) {
        found = docker
          .getImage(ref)
          .inspect()
          .then((i) => i as ImageDefaults)
          .catch(() => undefined);
        images.set(ref, found);
      }
      return found;
    },
  };
}

/**
 * Whether an existing container is the service as the model describes it. One the app created
 * carries the model's configuration hash; one docker compose created (v1 or v2, whose hashes are
 * computed over their own models) is compared setting by setting with what the app would create,
 * and adopted as it is when nothing differs.
 */
export async function sameAsSpec(
  docker: Docker,
  project: ComposeProject,
  spec: ServiceSpec,
  current: Docker.ContainerInfo,
  hash: string,
  imageId: string | undefined,
  adoption: Adoption,
): Promise<{ same: boolean; why?: string; adopted?: string }> {
  if (createdByApp(current.Labels)) {
    if (current.Labels[LABELS.configHash] !== hash) return { same: false, why: 'configuration changed' };
    return imageId && current.ImageID !== imageId ? { same: false, why: 'image changed' } : { same: true };
  }
  const have = await docker.getContainer(current.Id).inspect();
  const image = await adoption.image(spec.image);
  const idOf = (ref: string) =>
    adoption.containers.find((c) => c.Id === ref || c.Id.startsWith(ref) || c.Names?.some((n) => n === `/${ref}`))?.Id;
  const drift = containerDrift(
    { create: containerCreateOptions(project, spec), extraNetworks: extraNetworkEndpoints(project, spec) },
    have,
    image,
    idOf,
  );
  const by = `docker compose ${current.Labels[LABELS.version] ?? ''}`.trim();
  if (drift.length === 0) return { same: true, adopted: `adopted: created by ${by} as the compose files describe it` };
  return { same: false, why: `created by ${by}; differs in ${drift.join(', ')}` };
}
