import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** Replaces each `#/...` reference by what it points at in the document. */
function inlineRefs(node: unknown, doc: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, doc));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    return inlineRefs(target, doc);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(v, doc)]));
}

/**
 * Checks real answers against the schemas an OpenAPI 3.1 document gives for them, with a JSON
 * Schema 2020-12 validator in strict mode (so a schema that is not valid JSON Schema fails too).
 */
export function openApiChecker(doc: Json) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const schemaFor = (method: string, path: string, status: number, mediaType: string): Json => {
    const op = ((doc.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
    const response = (op?.responses as Json | undefined)?.[String(status)] as Json | undefined;
    const schema = ((response?.content as Json | undefined)?.[mediaType] as Json | undefined)?.schema;
    if (!schema) throw new Error(`the document has no ${mediaType} schema for ${method} ${path} ${status}`);
    return inlineRefs(schema, doc) as Json;
  };
  return {
    /** Every schema the document holds, compiled: throws on the first invalid one. */
    compileAll(): number {
      let n = 0;
      const visit = (node: unknown, key: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => visit(n, ''));
        if (!node || typeof node !== 'object') return;
        if (key === 'schema') {
          ajv.compile(inlineRefs(node, doc) as Json);
          n++;
          return;
        }
        for (const [k, v] of Object.entries(node)) visit(v, k);
      };
      visit(doc.paths, '');
      for (const s of Object.values((doc.components as Json).schemas as Json)) {
        ajv.compile(inlineRefs(s, doc) as Json);
        n++;
      }
      return n;
    },
    /** The validation errors of `value` as the answer of `method path` with this status and media type ([] when it matches). */
    errors(method: string, path: string, status: number, mediaType: string, value: unknown): string[] {
      const validate = ajv.compile(schemaFor(method, path, status, mediaType));
      return validate(value)
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
    },
  };
}
