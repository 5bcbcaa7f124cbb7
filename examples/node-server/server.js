'use strict';
// A small node:http server whose middleware checks the X-Auth-Token header with
// sigma-auth-native. Run: node server.js  (PORT=8080 by default), then call it with a token
// made by bitcoin-auth's getAuthToken or sigma-auth-native's createToken.
const http = require('node:http');
const sigma = require('../../bindings/node');

/**
 * Middleware: verifies X-Auth-Token against the request line and raw body (off the JS thread),
 * refuses replays inside the window, and sets req.auth = { pubkey, scheme, timestamp, replayId }.
 * On failure it answers 401 with { error: <stable code> }.
 */
function requireAuth({ maxAgeSeconds, maxSkewSeconds } = {}) {
  // One verifier, configured once (absent windows: the core's default of five minutes).
  const verifier = new sigma.Verifier({ maxAgeSeconds, maxSkewSeconds });
  const keepMs = verifier.maxAgeSeconds * 1000;
  const seen = new Map(); // replayId -> expiry (ms); a fleet would use Redis SET NX PX instead
  return async (req, res, next) => {
    const token = req.headers['x-auth-token'];
    if (typeof token !== 'string' || token === '') return deny(res, 'missing_token');
    const body = await readBody(req);
    try {
      req.auth = await verifier.verifyAsync(token, { requestPath: req.url, body });
    } catch (e) {
      if (e instanceof sigma.AuthTokenError) return deny(res, e.code);
      throw e;
    }
    const now = Date.now();
    for (const [id, exp] of seen) if (exp < now) seen.delete(id);
    if (seen.has(req.auth.replayId)) return deny(res, 'replayed');
    seen.set(req.auth.replayId, req.auth.timestamp.getTime() + keepMs);
    req.body = body;
    return next();
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function deny(res, code) {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: code }));
}

/** The app: every route needs a valid token and echoes who signed it. */
function createServer(options) {
  const auth = requireAuth(options);
  return http.createServer((req, res) => {
    auth(req, res, () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pubkey: req.auth.pubkey, scheme: req.auth.scheme, path: req.url, bytes: req.body.length }));
    }).catch((e) => {
      res.writeHead(500);
      res.end(String(e && e.message));
    });
  });
}

module.exports = { createServer, requireAuth };

if (require.main === module) {
  const port = Number(process.env.PORT || 8080);
  createServer().listen(port, () => console.log(`listening on http://127.0.0.1:${port}`));
}
