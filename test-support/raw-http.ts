import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawAnswer {
  /** Everything the server sent. */
  text: string;
  /** The status code of the first response line, or 0 when the server sent nothing. */
  status: number;
  /** The JSON body, when there is one. */
  body: unknown;
  headers: Record<string, string>;
  /** Whether the server closed the connection before the wait ended. */
  closed: boolean;
  ms: number;
}

export interface RawOptions {
  host?: string;
  /** A source address (e.g. 127.0.0.2) so the server sees another client. */
  localAddress?: string;
  /** How long to wait for the server to close after the text is written. */
  waitMs?: number;
  /** Stop reading as soon as one whole response has arrived, without waiting for the close. */
  untilAnswer?: boolean;
  tls?: { ca?: string; servername?: string; rejectUnauthorized?: boolean };
}

/**
 * Writes bytes to a server exactly as given (malformed requests, repeated headers, unfinished
 * bodies) and reads what comes back until the server closes or `waitMs` passes.
 */
export function rawExchange(port: number, text: string | Buffer, options: RawOptions = {}): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const host = options.host ?? '127.0.0.1';
    const socket: Socket = options.tls
      ? tlsConnect({
          host,
          port,
          ...options.tls,
          ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        })
      : connect({ host, port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks).toString('utf8'), closed, Date.now() - started));
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3000);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => socket.write(text));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (options.untilAnswer && responseComplete(Buffer.concat(chunks))) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

/** Whether the bytes hold one whole response: a 101, or a head and as many body bytes as it announced. */
function responseComplete(raw: Buffer): boolean {
  const data = Buffer.from(withoutInterim(raw.toString('latin1')), 'latin1');
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const head = data.subarray(0, split).toString('latin1');
  if (/^HTTP\/1\.1 101/.test(head)) return true;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return data.length - split - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return data.subarray(split).includes('\r\n0\r\n\r\n');
  return false;
}

/** The bytes after any interim responses (`100 Continue`): the answer is the final response. */
function withoutInterim(text: string): string {
  let rest = text;
  while (/^HTTP\/1\.1 1(?!01)\d\d /.test(rest) && rest.includes('\r\n\r\n'))
    rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  return rest;
}

function parseAnswer(all: string, closed: boolean, ms: number): RawAnswer {
  const text = withoutInterim(all);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const split = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of (split >= 0 ? text.slice(0, split) : text).split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body: unknown;
  try {
    body = split >= 0 ? JSON.parse(text.slice(split + 4)) : undefined;
  } catch {
    body = undefined;
  }
  return { text, status, body, headers, closed, ms };
}

/** A WebSocket upgrade request for `/ws` with the given extra header lines. */
export function upgradeRequest(host: string, extra: string[] = [], target = '/ws'): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extra,
    '',
    '',
  ].join('\r\n');
}

/** A whole HTTP/1.1 request (Content-Length from the body, the connection closed after the answer). */
export function httpRequest(
  method: string,
  target: string,
  host: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  return [
    `${method} ${target} HTTP/1.1`,
    `Host: ${host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ...(body || method === 'POST'
      ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]
      : []),
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
