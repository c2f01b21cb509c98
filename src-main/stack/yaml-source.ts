import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ComposeError } from './compose-error';
import type { SourcePos } from './compose-model';

export type PathPart = string | number;

/** One parsed compose file: its plain data plus a way to find the line of any path in it. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: Record<string, unknown>,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static read(file: string, displayName = file): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ComposeError(undefined, '', `cannot read ${displayName}: ${(err as Error).message}`);
    }
    return YamlSource.parse(text, displayName);
  }

  static parse(text: string, displayName: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line ?? 1;
      throw new ComposeError({ file: displayName, line }, '', `invalid YAML: ${first.message.split('\n')[0]}`);
    }
    const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (data === null || data === undefined) return new YamlSource(displayName, {}, doc, lines);
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new ComposeError({ file: displayName, line: 1 }, '', 'a compose file must be a mapping at the top level');
    }
    return new YamlSource(displayName, data as Record<string, unknown>, doc, lines);
  }

  /**
   * The line of the deepest node along `path` that exists in this file: the key's line for a
   * mapping entry, the item's line for a list entry.
   */
  pos(path: PathPart[]): SourcePos {
    for (let n = path.length; n > 0; n--) {
      const parent = this.doc.getIn(path.slice(0, n - 1), true);
      const last = path[n - 1];
      let range: [number, number, number] | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(last));
        range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      } else if (isSeq(parent) && typeof last === 'number') {
        range = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
      }
      if (range) return { file: this.file, line: this.lines.linePos(range[0]).line };
    }
    return { file: this.file, line: 1 };
  }

  has(path: PathPart[]): boolean {
    return this.doc.hasIn(path);
  }
}

export function formatPath(path: PathPart[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
