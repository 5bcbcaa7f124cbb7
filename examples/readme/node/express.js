'use strict';
// The Express variant of the README's Node snippet, as a runnable file (express is pinned in
// this folder's package.json; the lines between the snippet markers are what the READMEs
// show). Run: npm ci && npm install <repo>/bindings/node && node express.js  (127.0.0.1,
// PORT=8080 by default). Tested by express.test.js.
const express = require('express');

// snippet: bindings/node/README.md#express
const { verify, AuthTokenError } = require('sigma-auth-native');

/** Express middleware: 401 unless X-Auth-Token signs this request; sets req.auth. */
function requireToken(req, res, next) {
  const token = req.get('x-auth-token');
  if (!token) {
    return res.status(401).json({ error: 'unauthorized', code: 'missing_token', message: 'the request has no X-Auth-Token header' });
  }
  try {
    // req.originalUrl: the path and query as sent (req.url has lost the router's mount path);
    // req.body: the raw bytes (express.raw), which are what the client signed.
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.auth = verify(token, { requestPath: req.originalUrl, body }); // { pubkey, scheme, timestamp, replayId }
    return next();
  } catch (e) {
    if (e instanceof AuthTokenError) return res.status(401).json({ error: 'unauthorized', code: e.code, message: e.message });
    return next(e);
  }
}

const api = express.Router();
api.use(express.raw({ type: '*/*', limit: '1mb' })); // raw bytes first, no JSON parser before it
api.use(requireToken);
api.post('/orders', (req, res) => {
  let order;
  try {
    order = JSON.parse(req.body.toString('utf8'));
  } catch {
    return res.status(400).json({ error: 'bad_request', message: 'the body is not JSON' });
  }
  return res.json({ pubkey: req.auth.pubkey, order });
});

const app = express();
app.use('/api', api);
// end snippet

const server = app.listen(Number(process.env.PORT || 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
