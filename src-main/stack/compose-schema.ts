import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ComposeError } from './compose-error';
import { didYouMean } from './did-you-mean';
import { formatPath, type PathPart, type YamlSource } from './yaml-source';

type Schema = Record<string, unknown>;

/**
 * The compose specification's JSON schema (compose-spec/compose-spec `schema/compose-spec.json`)
 * as the dclint package ships it; read from the installed package, never edited here.
 */
function readSchema(): Schema {
  const pkg = createRequire(__filename).resolve('dclint/package.json');
  const { $schema: _draft, ...schema } = JSON.parse(
    readFileSync(join(dirname(pkg), 'schemas', 'compose.schema.json'), 'utf8'),
  ) as Schema;
  return schema;
}

let compiled: { validate: ValidateFunction; schema: Schema } | undefined;

function validator(): { validate: ValidateFunction; schema: Schema } {
  if (!compiled) {
    const schema = readSchema();
    compiled = { validate: new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema), schema };
  }
  return compiled;
}

/**
 * Validates one compose file (after interpolation) against the compose specification. The first
 * problem is thrown as a ComposeError naming the file, the line and the key, with "did you mean"
 * for a misspelt key. Extension keys (`x-...`) are allowed where the specification allows them.
 */
export function validateComposeFile(data: Record<string, unknown>, source: YamlSource): void {
  const { validate } = validator();
  if (validate(data)) return;
  const errors = (validate.errors ?? []).filter((e) => !['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword));
  const chosen = mostSpecific(errors.length ? errors : (validate.errors ?? []), source, data);
  if (!chosen) return;
  const path = pathOf(chosen.instancePath, data);
  if (chosen.keyword === 'additionalProperties') {
    const key = (chosen.params as { additionalProperty: string }).additionalProperty;
    const full = [...path, key];
    throw new ComposeError(
      source.pos(full),
      formatPath(full),
      unknownKeyMessage(key, chosen.parentSchema as Schema | undefined),
    );
  }
  const sameSpot = errors.filter((e) => e.instancePath === chosen.instancePath && e.keyword === 'type');
  const message =
    chosen.keyword === 'type' && sameSpot.length > 1
      ? `must be ${[...new Set(sameSpot.flatMap((e) => typeNames((e.params as { type: string | string[] }).type)))].join(' or ')}`
      : describe(chosen);
  throw new ComposeError(source.pos(path), formatPath(path) || '(top level)', message);
}

function unknownKeyMessage(key: string, parent: Schema | undefined): string {
  const props = parent && typeof parent.properties === 'object' ? Object.keys(parent.properties as object) : [];
  const patterns =
    parent && typeof parent.patternProperties === 'object'
      ? Object.keys(parent.patternProperties as object).filter((p) => p !== '^x-')
      : [];
  if (props.length === 0 && patterns.length)
    return `'${key}' is not a valid name here (it must match ${patterns.join(' or ')})`;
  const suggestion = didYouMean(key, props);
  return `unknown key${suggestion ? `; did you mean '${suggestion}'?` : ` (the compose specification allows ${props.slice(0, 12).join(', ')}${props.length > 12 ? ', …' : ''}, and x- extensions)`}`;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${typeNames(p.type as string | string[]).join(' or ')}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `needs '${String(p.missingProperty)}'`;
    case 'uniqueItems':
      return `has the same entry twice (items ${String(p.j)} and ${String(p.i)})`;
    default:
      return e.message ?? 'does not follow the compose specification';
  }
}

function typeNames(t: string | string[]): string[] {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'empty',
  };
  return (Array.isArray(t) ? t : [t]).map((x) => names[x] ?? x);
}

/** As docker compose does: the deepest error wins, an unknown key counting one level deeper; then the first in the file. */
function mostSpecific(errors: ErrorObject[], source: YamlSource, data: unknown): ErrorObject | undefined {
  const depth = (e: ErrorObject) =>
    pathOf(e.instancePath, data).length + (e.keyword === 'additionalProperties' ? 1 : 0);
  const max = Math.max(...errors.map(depth));
  const deepest = errors.filter((e) => depth(e) === max);
  const line = (e: ErrorObject) => {
    const path = pathOf(e.instancePath, data);
    return source.pos(
      e.keyword === 'additionalProperties'
        ? [...path, (e.params as { additionalProperty: string }).additionalProperty]
        : path,
    ).line;
  };
  return deepest.sort((a, b) => line(a) - line(b))[0];
}

function pathOf(pointer: string, data: unknown): PathPart[] {
  if (!pointer) return [];
  const out: PathPart[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const part: PathPart = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(part);
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(part)] : undefined;
  }
  return out;
}
