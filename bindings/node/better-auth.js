'use strict';
// Sign in with Sigma, the provider's side: a hardened client check for the OAuth token endpoint
// of a Better Auth server running `@sigma-auth/better-auth-plugin/provider`. The plugin's own
// `before` hook on /oauth2/token compares `parseAuthToken(token).pubkey` with the client's
// `memberPubkey`, passes the token's own timestamp as "now" and re-serializes the parsed form
// body: a brc77 token signed by any key passes if its pubkey field names the registered key, and
// a token never expires. This check verifies with this binding's Verifier on the real clock,
// binds the verified signer to `memberPubkey`, hashes the raw request body, refuses a second use
// of one token, and answers `invalid_client` with the reason code in `error_description`.
//
// The swap is one line:  sigmaProvider(opts)  ->  hardenSigmaProvider(sigmaProvider(opts))

const { Verifier, ReplayGuard, PublicKey, AuthTokenError } = require('./index.js');

/** The path the plugin's clients sign (`exchangeCodeForTokens`). */
const DEFAULT_TOKEN_PATH = '/api/auth/oauth2/token';
/** The largest token-endpoint body read (a form of five short fields is far smaller). */
const MAX_BODY_BYTES = 16 * 1024;
/** The default capacity of the in-memory replay store. */
const DEFAULT_REPLAY_CAPACITY = 100000;

/**
 * A JavaScript in-memory replay store for one process (kept for existing callers; the default is
 * now the native `ReplayGuard`): remembers a replay id until its token leaves the
 * window, holds at most `capacity` live ids and fails closed (`replay_store_full`) beyond that.
 * A fleet passes its own store with the same `insertIfAbsent(id, ttlMs)` method (e.g. Redis
 * `SET <prefix><id> NX PX <ttlMs>`), resolving to true when the id was new.
 */
class MemoryReplayStore {
  /** `capacity`: the most live ids held at once. */
  constructor(capacity = DEFAULT_REPLAY_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.expiry = new Map(); // id -> expiry (ms); insertion order is expiry order for one ttl
  }

  /** True if `id` was not live and is now stored for `ttlMs`; false if it was already live. */
  insertIfAbsent(id, ttlMs) {
    const now = Date.now();
    for (const [k, exp] of this.expiry) {
      if (exp > now) break;
      this.expiry.delete(k);
    }
    const exp = this.expiry.get(id);
    if (exp !== undefined && exp > now) return false;
    if (this.expiry.size >= this.capacity) {
      throw new AuthTokenError('replay_store_full', 'the replay store is full of live tokens');
    }
    this.expiry.set(id, now + ttlMs);
    return true;
  }
}

const STATUS = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 413: 'PAYLOAD_TOO_LARGE' };

/**
 * A token-endpoint refusal, `{ error, error_description }` with its HTTP status, thrown from the
 * hook. It has the shape of Better Auth's APIError (better-call recognizes it by `name`), so this
 * module needs no import of better-auth: the router answers it as it answers its own errors.
 */
class OAuthRefusal extends Error {
  constructor(statusCode, error, description) {
    super(description);
    this.name = 'APIError';
    this.status = STATUS[statusCode];
    this.statusCode = statusCode;
    this.headers = { 'Cache-Control': 'no-store' };
    this.body = { error, error_description: description };
  }
}

function oauthError(status, error, description) {
  return new OAuthRefusal(status, error, description);
}

const refuse = (code) => oauthError(401, 'invalid_client', code);

/** The raw bytes of each token-endpoint request, read before the router parses the form. */
const rawBodies = new WeakMap();

/** Reads at most `limit` bytes of a clone of `request`; undefined if larger. */
async function readRaw(request, limit) {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const body = request.clone().body;
  if (!body) return Buffer.alloc(0);
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * The hardened check as a Better Auth `before` hook on /oauth2/token plus the `onRequest` hook
 * that keeps the raw body. `options`: { verifier? (a Verifier; default: strict, five-minute
 * window), replayStore? (default: a native ReplayGuard
 * on the verifier's window, in this process; a fleet passes a shared store with
 * `insertIfAbsent(id, ttlMs)`, or a ReplayGuard), tokenPath? (the signed path, default
 * '/api/auth/oauth2/token') }.
 */
function sigmaTokenCheck(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const verifier = options.verifier ?? new Verifier();
  if (!(verifier instanceof Verifier)) throw new TypeError('options.verifier must be a Verifier');
  const store = options.replayStore ?? new ReplayGuard(verifier);
  if (!(store instanceof ReplayGuard) && typeof store?.insertIfAbsent !== 'function') {
    throw new TypeError('options.replayStore must be a ReplayGuard or have insertIfAbsent(id, ttlMs)');
  }
  const tokenPath = options.tokenPath ?? DEFAULT_TOKEN_PATH;
  if (typeof tokenPath !== 'string') throw new TypeError('options.tokenPath must be a string');
  const ttlMs = (verifier.maxAgeSeconds + verifier.maxSkewSeconds) * 1000 + 1000;

  /** Records `verified` in the store; a store that throws or rejects with anything but an AuthTokenError refuses with `replay_store_unavailable`. */
  async function recordOnce(verified) {
    if (store instanceof ReplayGuard) {
      store.check(verified);
      return;
    }
    let fresh;
    try {
      fresh = await store.insertIfAbsent(verified.replayId, ttlMs);
    } catch (e) {
      if (e instanceof AuthTokenError) throw e;
      throw refuse('replay_store_unavailable');
    }
    if (!fresh) throw refuse('replayed');
  }

  const isTokenRequest = (request) => request.method === 'POST' && new URL(request.url).pathname.endsWith('/oauth2/token');

  async function onRequest(request) {
    if (!isTokenRequest(request)) return undefined;
    const raw = await readRaw(request, MAX_BODY_BYTES);
    if (raw === undefined) {
      const e = oauthError(413, 'invalid_request', 'bad_body');
      return { response: new Response(JSON.stringify(e.body), { status: 413, headers: { 'Content-Type': 'application/json' } }) };
    }
    rawBodies.set(request, raw);
    return undefined;
  }

  async function handler(ctx) {
    const body = ctx.body ?? {};
    const grantType = body.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${String(grantType)}`);
    }
    const clientId = body.client_id;
    if (typeof clientId !== 'string' || clientId === '') {
      throw oauthError(400, 'invalid_request', 'Missing client_id in request body');
    }
    const token = ctx.headers?.get('x-auth-token');
    if (!token) throw refuse('missing_token');
    const raw = ctx.request ? rawBodies.get(ctx.request) : undefined;
    if (raw === undefined) throw refuse('bad_body');

    const clients = await ctx.context.adapter.findMany({ model: 'oauthClient', where: [{ field: 'clientId', value: clientId }] });
    const client = clients[0];
    if (!client) throw oauthError(401, 'invalid_client', 'unknown client');
    let registered;
    try {
      registered = PublicKey.fromHex(String(client.memberPubkey ?? ''));
    } catch {
      throw refuse('bad_pubkey');
    }

    let verified;
    try {
      verified = verifier.verify(token, { requestPath: tokenPath, body: raw });
      if (!PublicKey.fromHex(verified.pubkey).equals(registered)) throw refuse('signer_mismatch');
      await recordOnce(verified);
    } catch (e) {
      if (e instanceof AuthTokenError) throw refuse(e.code);
      throw e;
    }
    return { context: { body: { ...body, client_id: clientId } } };
  }

  return {
    onRequest,
    hook: { matcher: (ctx) => ctx.path === '/oauth2/token', handler },
  };
}

/**
 * The Sigma provider plugin with its /oauth2/token `before` hook replaced by `sigmaTokenCheck`
 * (everything else unchanged): `hardenSigmaProvider(sigmaProvider(opts), checkOptions?)`.
 */
function hardenSigmaProvider(plugin, options) {
  if (plugin === null || typeof plugin !== 'object') throw new TypeError('plugin must be a Better Auth plugin object');
  const check = sigmaTokenCheck(options);
  const before = (plugin.hooks?.before ?? []).filter((h) => !h.matcher({ path: '/oauth2/token', body: {}, headers: new Headers() }));
  const previous = plugin.onRequest;
  return {
    ...plugin,
    hooks: { ...plugin.hooks, before: [check.hook, ...before] },
    async onRequest(request, ctx) {
      const r = await check.onRequest(request);
      if (r) return r;
      return previous ? previous.call(plugin, request, ctx) : undefined;
    },
  };
}

module.exports = { hardenSigmaProvider, sigmaTokenCheck, MemoryReplayStore, DEFAULT_TOKEN_PATH };
