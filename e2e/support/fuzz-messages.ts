import fc from 'fast-check';
import { contract, isName } from '../../src-shared/api';

/** The largest message the server reads; a bigger frame closes the socket (1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Calls that only read, sent with valid input: the only messages expected to succeed. */
const READ_ONLY_CALLS: [string, unknown][] = [
  ['system:info', {}],
  ['engine:status', {}],
  ['host:history', { seconds: 60 }],
  ['events:list', { limit: 5 }],
  ['stack:profiles', {}],
  ['stack:ps', {}],
  ['guard:status', {}],
  ['supervisor:status', {}],
];

export type WsProbe = { text: string; expectOk: boolean } | { binary: Uint8Array };

const NAMES = Object.keys(contract);

const huge = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => 'x'.repeat(n));
const deep = fc
  .integer({ min: 100, max: 50_000 })
  .chain((d) => fc.constantFrom('['.repeat(d) + ']'.repeat(d), '{"a":'.repeat(d) + '1' + '}'.repeat(d)));
const protoKeys = fc.constantFrom(
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null,"toString":1,"valueOf":{}}',
  '{"hasOwnProperty":1,"__defineGetter__":2}',
);

/** Any JSON text a client could put in a field. */
const anyJsonText = fc.oneof(
  { weight: 6, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: protoKeys },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge(1_000, 300_000).map((s) => JSON.stringify(s)) },
);

const idText = fc.oneof(
  { weight: 6, arbitrary: fc.integer().map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1.5', '"7"', 'null', '{"valueOf":1}', '9007199254740993', '-0', '1e3', '[]', 'true'),
  },
);
const typeText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('"call"', '"subscribe"', '"unsubscribe"') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('{"toString":1}', '{"__proto__":{"toString":1}}', '["call"]', 'null', '7', '"CALL"'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => JSON.stringify(s)) },
);
const nameText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES).map((n) => JSON.stringify(n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '"__proto__"',
      '"constructor"',
      '"toString"',
      '"hasOwnProperty"',
      '"system:"',
      '":"',
      '{"toString":1}',
      '42',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: huge(1_000, 200_000).map((s) => JSON.stringify(s)) },
);

/** A message object written as text: some fields left out, an own `__proto__` key sometimes added. */
const objectMessage = fc
  .record(
    {
      id: idText,
      type: typeText,
      name: nameText,
      input: anyJsonText,
      extra: fc.constantFrom(
        '"__proto__":{"id":1,"type":"call","name":"system:info"}',
        '"constructor":{"name":"x"}',
        '"more":1',
      ),
    },
    { requiredKeys: [] },
  )
  .map(
    (fields) =>
      `{${Object.entries(fields)
        .map(([k, v]) => (k === 'extra' ? v : `${JSON.stringify(k)}:${v}`))
        .join(',')}}`,
  );

/**
 * Whether a message may be sent to the server without making it act: a call or subscription that
 * names a real procedure must carry input the contract refuses (the router then refuses it before
 * any handler runs; a missing input counts as `{}`, which many procedures accept).
 */
export function refusedByContract(text: string): boolean {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return true;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return true;
  const own = (k: string): unknown => (Object.hasOwn(m, k) ? (m as Record<string, unknown>)[k] : undefined);
  const name = own('name');
  const type = own('type');
  if ((type !== 'call' && type !== 'subscribe') || typeof name !== 'string' || !isName(name)) return true;
  return !contract[name].input.safeParse(own('input') ?? {}).success;
}

/** Generated WebSocket messages: text (JSON or not, up to just over the size limit) and binary frames. */
export const wsProbe: fc.Arbitrary<WsProbe> = fc.oneof(
  { weight: 20, arbitrary: objectMessage.filter(refusedByContract).map((text) => ({ text, expectOk: false })) },
  { weight: 3, arbitrary: anyJsonText.filter(refusedByContract).map((text) => ({ text, expectOk: false })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }).map((text) => ({ text, expectOk: false })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...READ_ONLY_CALLS)
      .map(([name, input]) => ({ text: JSON.stringify({ type: 'call', id: 7, name, input }), expectOk: true })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_MESSAGE_BYTES + 1, max: MAX_MESSAGE_BYTES + 4096 })
      .map((n) => ({ text: '"' + 'y'.repeat(n) + '"', expectOk: false })),
  },
);

export type Expected = { kind: 'result' | 'end'; id: number } | { kind: 'close' };

/** What the protocol says the server answers to a message (ServerMessage in src-shared/api/wire.ts). */
export function expectedAnswer(probe: WsProbe): Expected {
  if ('binary' in probe) return { kind: 'result', id: -1 };
  if (Buffer.byteLength(probe.text) > MAX_MESSAGE_BYTES) return { kind: 'close' };
  let m: unknown;
  try {
    m = JSON.parse(probe.text);
  } catch {
    return { kind: 'result', id: -1 };
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return { kind: 'result', id: -1 };
  const own = (k: string): unknown => (Object.hasOwn(m, k) ? (m as Record<string, unknown>)[k] : undefined);
  const id = own('id');
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { kind: 'result', id: -1 };
  return expectedFor(id + 0, own('type'), own('name'));
}

/** `id + 0` above: JSON has no -0, so an id of -0 comes back as 0. */
function expectedFor(id: number, type: unknown, name: unknown): Expected {
  if (type === 'unsubscribe') return { kind: 'end', id };
  if ((type === 'call' || type === 'subscribe') && typeof name === 'string')
    return { kind: type === 'call' ? 'result' : 'end', id };
  return { kind: 'result', id };
}
