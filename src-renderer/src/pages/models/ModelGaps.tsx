import type { InstalledModel, ModelGap } from '../../../../src-shared/api';

const WHAT: Record<ModelGap['field'], string> = {
  loaded: 'which models are in memory',
  modifiedAt: 'when models changed',
  sizeBytes: 'model sizes',
  details: 'family, parameters and quantization',
};

/** What the Ollama-compatible server left out of the list, once per reason, above the table. */
export function ModelGaps({ models }: { models: InstalledModel[] }) {
  const reasons = new Map<string, ModelGap>();
  for (const m of models) for (const g of m.missing ?? []) reasons.set(`${g.field}\n${g.reason}`, g);
  if (reasons.size === 0) return null;
  return (
    <div className="banner warn" role="status" data-testid="model-gaps">
      <div>The server does not say everything; the list shows what it does say.</div>
      <ul>
        {[...reasons.values()].map((g) => (
          <li key={`${g.field}\n${g.reason}`}>
            Unknown: {WHAT[g.field]} ({g.reason}).
          </li>
        ))}
      </ul>
    </div>
  );
}
