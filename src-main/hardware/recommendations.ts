import type {
  HardwareProfile,
  ModelFit,
  Recommendation,
  Recommendations,
} from '../../src-shared/api/features/hardware';
import { composeMemory, gib } from './figures';
import { scaleLimits } from './limit-scaling';
import { estimateModelMemory, DEFAULT_CONTEXT, type ModelFacts } from './model-memory';
import { fitModel } from './model-fit';
import { recommendOllamaSettings } from './ollama-settings';
import { HEADROOM_RULE, headroomFor, profileFits, type ProfileMemory } from './profile-fit';

export interface OllamaService {
  environment: Record<string, string>;
  limitBytes?: number;
}

export interface RecommendationInputs {
  host: HardwareProfile;
  /** Profiles as the templates alone resolve them: what applicable recommendations change. */
  baseProfiles: ProfileMemory[];
  /** Profiles with the override file applied: what the stack would run now. */
  effectiveProfiles: ProfileMemory[];
  baseOllama?: OllamaService;
  effectiveOllama?: OllamaService;
  models: ModelFacts[];
  applied: ReadonlySet<string>;
}

const REFERENCE_MODEL_BYTES = 5 * 1024 ** 3;

export function buildRecommendations(input: RecommendationInputs): Recommendations {
  const { host, applied } = input;
  const ram = host.memTotalBytes;
  const headroom = headroomFor(ram);
  const fits = profileFits(input.effectiveProfiles, ram);
  const recs: Recommendation[] = [];

  const fitting = fits.filter((f) => f.fits);
  recs.push({
    id: 'profile-fit',
    kind: 'profile-fit',
    title:
      fitting.length > 0
        ? `Profiles that fit: ${fitting.map((f) => f.profile).join(', ')}`
        : 'No profile fits this machine',
    reason: `A profile fits when its services' memory reservations plus ${gib(headroom)} GiB headroom (${HEADROOM_RULE}) stay within ${gib(ram)} GiB RAM.`,
    severity: fitting.length === fits.length ? 'ok' : fitting.length > 0 ? 'info' : 'warning',
    figures: fits.map((f) => ({
      label: f.profile,
      value: `${gib(f.reservationsBytes)} GiB reserved + ${gib(f.headroomBytes)} GiB headroom ${f.fits ? '≤' : '>'} ${gib(ram)} GiB; limits ${gib(f.limitsBytes)} GiB${f.limitsFit ? '' : ' (over RAM at full use)'}`,
    })),
    applied: false,
  });

  const baseFits = profileFits(input.baseProfiles, ram);
  const target =
    [...baseFits].filter((f) => f.fits).sort((a, b) => b.reservationsBytes - a.reservationsBytes)[0] ?? baseFits[0];
  const targetProfile = target && input.baseProfiles.find((p) => p.name === target.profile);
  if (targetProfile) {
    const available = ram - headroom;
    const scaled = scaleLimits(targetProfile.services, available);
    const id = `memory-limits:${targetProfile.name}`;
    const changed = Object.entries(scaled.limits);
    const byName = new Map(targetProfile.services.map((s) => [s.name, s]));
    recs.push({
      id,
      kind: 'memory-limits',
      title:
        scaled.direction === 'down'
          ? `Scale ${changed.length} service limit${changed.length === 1 ? '' : 's'} down for the ${targetProfile.name} profile`
          : scaled.direction === 'up'
            ? `Give Ollama more memory in the ${targetProfile.name} profile`
            : `Memory limits of the ${targetProfile.name} profile fit as they are`,
      reason:
        scaled.direction === 'down'
          ? `The ${targetProfile.name} profile's limits add up to ${gib(scaled.beforeBytes)} GiB, over the ${gib(available)} GiB left after headroom: optional services give back memory above their reservation first, then core ones; critical services are left alone.${scaled.fits ? '' : ' Even scaled down to their reservations they do not fit: choose a smaller profile.'}`
          : scaled.direction === 'up'
            ? `The ${targetProfile.name} profile's limits add up to ${gib(scaled.beforeBytes)} GiB of the ${gib(available)} GiB left after headroom; half of the spare memory lets Ollama load larger models.`
            : `The ${targetProfile.name} profile's limits (${gib(scaled.beforeBytes)} GiB) fit in the ${gib(available)} GiB left after headroom.`,
      severity: scaled.direction === 'down' ? 'warning' : scaled.direction === 'up' ? 'info' : 'ok',
      figures: [
        { label: 'limits now', value: `${gib(scaled.beforeBytes)} GiB` },
        { label: 'limits after', value: `${gib(scaled.afterBytes)} GiB` },
        { label: 'RAM less headroom', value: `${gib(available)} GiB` },
        ...changed.map(([name, bytes]) => ({
          label: name,
          value: `${composeMemory(byName.get(name)?.limitBytes ?? 0)} → ${composeMemory(bytes)} (${byName.get(name)?.tier}, reservation ${composeMemory(byName.get(name)?.reservationBytes ?? 0)})`,
        })),
      ],
      ...(changed.length > 0
        ? { changes: Object.fromEntries(changed.map(([name, bytes]) => [name, { memoryLimitBytes: bytes }])) }
        : {}),
      applied: applied.has(id),
    });
  }

  const ollamaEnv = input.effectiveOllama?.environment ?? {};
  const parallel = Number(ollamaEnv.OLLAMA_NUM_PARALLEL) || 1;
  const contextLength = Number(ollamaEnv.OLLAMA_CONTEXT_LENGTH) || DEFAULT_CONTEXT;
  const ollamaLimit = input.effectiveOllama?.limitBytes;
  const modelFits: ModelFit[] = [];
  for (const m of input.models) {
    const estimate = estimateModelMemory(m, { parallel, contextLength });
    if (estimate)
      modelFits.push(
        fitModel(m.name, estimate, {
          memTotalBytes: ram,
          gpus: host.gpus,
          ...(ollamaLimit ? { ollamaLimitBytes: ollamaLimit } : {}),
        }),
      );
  }

  if (input.baseOllama) {
    const typical = Math.max(0, ...modelFits.map((f) => f.estimate.totalBytes)) || REFERENCE_MODEL_BYTES;
    const o = recommendOllamaSettings({
      physicalCores: host.physicalCores,
      memTotalBytes: ram,
      gpuCount: host.gpus.length,
      ollamaMemoryBytes: Math.min(ram, ollamaLimit ?? ram),
      typicalModelBytes: typical,
    });
    const diff = o.settings.filter((s) => input.baseOllama!.environment[s.name] !== s.value);
    recs.push({
      id: 'ollama-settings',
      kind: 'ollama-settings',
      title:
        diff.length > 0
          ? `Ollama: ${diff.map((s) => `${s.name}=${s.value}`).join(', ')}`
          : 'Ollama settings suit this machine',
      reason: [...o.settings, o.threads].map((s) => `${s.name} ${s.value}: ${s.reason}.`).join(' '),
      severity: diff.length > 0 ? 'info' : 'ok',
      figures: [
        ...o.settings.map((s) => {
          const now = input.baseOllama!.environment[s.name];
          return {
            label: s.name,
            value: now === s.value ? `${s.value} (as set)` : `${now ?? '(Ollama default)'} → ${s.value}`,
          };
        }),
        { label: o.threads.name, value: o.threads.value },
        ...o.figures,
      ],
      ...(diff.length > 0
        ? { changes: { ollama: { environment: Object.fromEntries(diff.map((s) => [s.name, s.value])) } } }
        : {}),
      applied: applied.has('ollama-settings'),
    });
  }

  for (const f of modelFits) {
    recs.push({
      id: `model-fit:${f.model}`,
      kind: 'model-fit',
      title: `${f.model}: ${f.note}`,
      reason: f.fits
        ? `Estimated from ${f.estimate.weightsFrom === 'file-size' ? 'its file size' : 'its parameters and quantization'}, a ${f.estimate.contextLength}-token context × ${f.estimate.parallel} parallel and the compute graph.`
        : 'Advisory: it can still be used, but it will swap or be killed for lack of memory. A smaller quantization or model fits better.',
      severity: f.fits ? 'ok' : 'warning',
      figures: [
        { label: 'weights', value: `${gib(f.estimate.weightsBytes)} GiB` },
        { label: 'KV cache', value: `${gib(f.estimate.kvCacheBytes)} GiB (${f.estimate.kvFrom})` },
        { label: 'graph', value: `${gib(f.estimate.graphBytes)} GiB` },
        { label: 'total', value: `${gib(f.estimate.totalBytes)} GiB` },
      ],
      applied: false,
    });
  }

  return {
    profile: host,
    profileFits: fits,
    recommendations: recs,
    modelFits,
    headroom: { bytes: headroom, rule: HEADROOM_RULE },
  };
}
