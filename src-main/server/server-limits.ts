/** The limits of the browser-mode server; a test may shorten them, a user never needs to. */
export interface ServerLimits {
  /** Failed authentications (a wrong token) one client address may make per window before it gets 429. */
  authFailures: number;
  authWindowMs: number;
  /** Open TCP connections (HTTP and WebSocket together); further ones are closed at once. */
  maxConnections: number;
  /** Open API sockets; a further upgrade gets 503. */
  maxSockets: number;
  /** Open subscriptions per API socket. */
  maxSubscriptions: number;
  /** Calls one API socket may have in progress at once. */
  maxPendingCalls: number;
  /** How often the server pings each API socket; a socket that has not answered the last ping is dropped. */
  heartbeatMs: number;
  /** Time for a request's headers to arrive. */
  headersTimeoutMs: number;
  /** Time for an authenticated request's body to arrive, counted from its headers. */
  bodyTimeoutMs: number;
  /** Time for a whole request to arrive (Node's own limit, a backstop for everything else). */
  requestTimeoutMs: number;
  /** How often Node checks the two timeouts above. */
  timeoutCheckMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  authFailures: 20,
  authWindowMs: 60_000,
  maxConnections: 256,
  maxSockets: 32,
  maxSubscriptions: 128,
  maxPendingCalls: 64,
  heartbeatMs: 30_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  timeoutCheckMs: 1_000,
};
