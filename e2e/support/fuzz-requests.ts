import fc from 'fast-check';

export interface HttpProbe {
  method: string;
  target: string;
  text: string;
}

export interface ServerFacts {
  port: number;
  token: string;
}

const TARGETS = [
  '/',
  '/health',
  '/overview',
  '/api/v1/status',
  '/api/v1/chat',
  '/api/v1/events?limit=-1',
  '/api/v1/events?since=abc&kind=',
  '/api/v1/agents',
  '/api/v1/nothing',
  '/metrics',
  '/ws',
  '/ws?token=',
  '//a:99999/ws',
  '/%',
  '/%E0%A4%A',
  '/..%2f..%2fetc/passwd',
  '/assets/../../../etc/passwd',
  '*',
  'http://evil.example/ws',
];

const printable = fc.string({
  maxLength: 40,
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-._~%/?=&:;@!$'()*+,".split('')),
});

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'DELETE', 'PUT', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('G\u0000T', 'get', 'CONNECT', 'PRI', 'X'.repeat(40)) },
);

const target = (f: ServerFacts): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TARGETS) },
    { weight: 2, arbitrary: printable.map((p) => `/${p}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...TARGETS).map((t) => `${t}${t.includes('?') ? '&' : '?'}token=${f.token}`),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`) },
  );

const hostLines = (f: ServerFacts): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant<string[]>([`Host: 127.0.0.1:${f.port}`]) },
    { weight: 1, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.constant<string[]>([`Host: 127.0.0.1:${f.port}`, 'Host: evil.example']) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'Host: 127.0.0.1:99999',
          'Host: a b',
          'Host: [::1',
          'Host: ',
          `Host: localhost:${f.port}`,
          `Host: ${'h'.repeat(5000)}`,
        )
        .map((l) => [l]),
    },
  );

const authLines = (f: ServerFacts): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[]>([]) },
    { weight: 4, arbitrary: fc.constant<string[]>([`Authorization: Bearer ${f.token}`]) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'Authorization: Bearer wrong-token-wrong-token-000',
          'Authorization: Basic eDp5',
          'Authorization: Bearer ',
          'Authorization: Bearer %E0%A4%A',
        )
        .map((l) => [l]),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'other=%E0%A4%A',
          `sutazai_token=${f.token}`,
          `other=%E0%A4%A; sutazai_token=${f.token}`,
          '__proto__=x; constructor=y',
          'sutazai_token=%',
          `a=${'c'.repeat(4000)}`,
          ';;=;',
        )
        .map((c) => [`Cookie: ${c}`]),
    },
  );

const originLines = (f: ServerFacts): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          `http://127.0.0.1:${f.port}`,
          'http://evil.example',
          'null',
          'garbage',
          `https://127.0.0.1:${f.port}`,
        )
        .map((o) => [`Origin: ${o}`]),
    },
  );

const upgradeLines = fc.oneof(
  { weight: 5, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 2,
    arbitrary: fc.constant<string[]>([
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
    ]),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: short', 'Sec-WebSocket-Version: 99'],
      ['Upgrade: h2c', 'Connection: Upgrade'],
      ['Upgrade: websocket', 'Connection: Upgrade'],
    ),
  },
);

const otherLines = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ['Expect: 100-continue'],
      ['Expect: teapot'],
      ['X-Bad-Header-No-Colon'],
      ['X-Ctl: a\u0001b'],
      [`X-Big: ${'b'.repeat(20_000)}`],
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.tuple(
          printable.filter((s) => /^[a-z-]+$/.test(s)),
          printable,
        ),
        { maxLength: 5 },
      )
      .map((pairs) => pairs.map(([k, v]) => `X-${k || 'x'}: ${v}`)),
  },
);

const bodyText = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    'null',
    '{"model":null}',
    '{"model":"tinyllama","messages":"no"}',
    '[]',
    '{"__proto__":{"x":1}}',
    '{',
  ),
  fc.string({ maxLength: 2000, unit: 'binary-ascii' }),
);

/** How the body is framed: the length it announces, chunked, or framing the parser must refuse. */
const framing = fc.constantFrom(
  'length',
  'length',
  'length',
  'chunked',
  'none',
  'negative',
  'twice',
  'both',
  'bad-chunk',
);

function frame(kind: string, body: string): { lines: string[]; payload: string } {
  const n = Buffer.byteLength(body);
  switch (kind) {
    case 'length':
      return { lines: [`Content-Length: ${n}`], payload: body };
    case 'chunked':
      return {
        lines: ['Transfer-Encoding: chunked'],
        payload: n ? `${n.toString(16)}\r\n${body}\r\n0\r\n\r\n` : '0\r\n\r\n',
      };
    case 'negative':
      return { lines: ['Content-Length: -1'], payload: body };
    case 'twice':
      return { lines: [`Content-Length: ${n}`, `Content-Length: ${n + 1}`], payload: body };
    case 'both':
      return { lines: [`Content-Length: ${n}`, 'Transfer-Encoding: chunked'], payload: body };
    case 'bad-chunk':
      return { lines: ['Transfer-Encoding: chunked'], payload: 'zz\r\nnot a chunk\r\n' };
    default:
      return { lines: [], payload: '' };
  }
}

/** Generated HTTP requests, written byte for byte; every one ends with `Connection: close`. */
export function httpProbe(f: ServerFacts): fc.Arbitrary<HttpProbe> {
  return fc
    .record({
      method,
      target: target(f),
      host: hostLines(f),
      auth: authLines(f),
      origin: originLines(f),
      upgrade: upgradeLines,
      other: otherLines,
      framing,
      body: bodyText,
    })
    .map((r) => {
      const { lines, payload } = frame(r.framing, r.body);
      const head = [
        `${r.method} ${r.target} HTTP/1.1`,
        ...r.host,
        ...r.auth,
        ...r.origin,
        ...r.upgrade,
        ...r.other,
        ...lines,
        'Connection: close',
      ];
      return { method: r.method, target: r.target, text: `${head.join('\r\n')}\r\n\r\n${payload}` };
    });
}
