'use strict';
// A small node:http API whose middleware checks the X-Auth-Token header with sigma-auth-native.
// It listens on 127.0.0.1 only. Run: node server.js  (PORT=8080 by default); README.md shows
// how to sign requests with the CLI and send them with curl.
const http = require('node:http');
const sigma = require('sigma-auth-native');

const MISSING_TOKEN = 'the request has no X-Auth-Token header';

/**
 * Middleware: verifies X-Auth-Token against the request line (path and query, as sent) and the
 * raw body, off the JS thread; refuses replays inside the window; sets
 * req.auth = { pubkey, scheme, timestamp, replayId } and req.body (a Buffer).
 * Refusals: 401 {"error":"unauthorized","code":<reason code>,"message":<sentence>}.
 */
function requireAuth({ maxAgeSeconds, maxSkewSeconds } = {}) {
  // One verifier, configured once (absent windows: the core's default of five minutes).
  const verifier = new sigma.Verifier({ maxAgeSeconds, maxSkewSeconds });
  const keepMs = verifier.maxAgeSeconds * 1000;
  const seen = new Map(); // replayId -> expiry (ms); a fleet would use Redis SET NX PX instead
  return async (req, res, next) => {
    const tokens = req.headersDistinct['x-auth-token'] || [];
    if (tokens.length === 0 || tokens[0] === '') return unauthorized(res, 'missing_token', MISSING_TOKEN);
    if (tokens.length > 1) return unauthorized(res, 'malformed_token', 'the request has more than one X-Auth-Token header');
    const body = await readBody(req);
    try {
      // req.url is the path and query exactly as the client sent them: what it signed.
      req.auth = await verifier.verifyAsync(tokens[0], { requestPath: req.url, body });
    } catch (e) {
      if (e instanceof sigma.AuthTokenError) return unauthorized(res, e.code, sentence(e));
      throw e;
    }
    const now = Date.now();
    for (const [id, exp] of seen) if (exp < now) seen.delete(id);
    if (seen.has(req.auth.replayId)) return unauthorized(res, 'replayed', 'the token was already used');
    seen.set(req.auth.replayId, req.auth.timestamp.getTime() + keepMs);
    req.body = body;
    return next();
  };
}

/** The error's sentence without its "code: " prefix (the code has its own field). */
function sentence(e) {
  const prefix = `${e.code}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function unauthorized(res, code, message) {
  reply(res, 401, { error: 'unauthorized', code, message });
}

/**
 * The app: every route needs a valid token and answers who signed it. A non-empty body must be
 * a JSON object: a validly signed body that is not one is answered 400, not 500.
 */
function createServer(options) {
  const auth = requireAuth(options);
  return http.createServer((req, res) => {
    auth(req, res, () => {
      let data;
      if (req.body.length > 0) {
        try {
          data = JSON.parse(req.body.toString('utf8'));
        } catch {
          data = undefined;
        }
        if (data === null || typeof data !== 'object' || Array.isArray(data)) {
          return reply(res, 400, { error: 'bad_request', message: 'the body is not a JSON object' });
        }
      }
      const { pubkey, scheme } = req.auth;
      return reply(res, 200, { pubkey, scheme, path: req.url, bytes: req.body.length, ...(data && { data }) });
    }).catch(() => {
      if (!res.headersSent) reply(res, 500, { error: 'internal_error', message: 'internal error' });
      else res.destroy();
    });
  });
}

/** Starts the server on 127.0.0.1 (only) and resolves with it once it listens. */
function listen(port, options) {
  const server = createServer(options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

module.exports = { createServer, requireAuth, listen };

if (require.main === module) {
  listen(Number(process.env.PORT || 8080)).then((server) => {
    const { address, port } = server.address();
    console.log(`listening on http://${address}:${port}`);
  });
}
