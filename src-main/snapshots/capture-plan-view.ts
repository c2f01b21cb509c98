import type { CapturePlan } from '../../src-shared/api';
import type { Plan } from './capture-plan';
import type { HelperContainers } from './helper-containers';

/** The plan as the page, the CLI and the API show it before a snapshot starts. */
export async function planView(
  plan: Plan,
  o: {
    project: string;
    destination: string;
    helpers: HelperContainers;
    listModels?: () => Promise<unknown[]>;
  },
): Promise<CapturePlan> {
  const size = (name: string) => plan.sizes.get(name) ?? 0;
  const volumes = (vs: { key: string; name: string }[]) =>
    vs.map((v) => ({ key: v.key, name: v.name, sizeBytes: size(v.name) }));
  const models = o.listModels
    ? await o.listModels().then(
        (m) => ({ listed: true, count: m.length }),
        (err: Error) => ({ listed: false, count: 0, error: err.message }),
      )
    : { listed: false, count: 0, error: 'no Ollama is known to this app' };
  return {
    project: o.project,
    destination: o.destination,
    services: plan.services.map((s) => ({
      service: s.service.service,
      state: s.service.state,
      image: s.service.image,
      volumes: volumes(s.volumes),
      method: s.method,
      choices: s.choices,
      reason: s.reason,
      stops: s.stops,
    })),
    otherVolumes: volumes(plan.otherVolumes),
    skipped: plan.skipped.map((k) => ({ key: k.volume.key, name: k.volume.name, reason: k.reason })),
    models,
    totalBytes: [...plan.services.flatMap((s) => s.volumes), ...plan.otherVolumes].reduce(
      (a, v) => a + size(v.name),
      0,
    ),
    helperImage: { image: o.helpers.image, present: await o.helpers.present() },
  };
}
