'use strict';
// The Express variant of the README's Node snippet, as a runnable file. Express is not a
// dependency of this repository, so this file only runs where `express` is installed
// (npm install express); plain-http.js is the same check on node:http, which the test step runs.
// Run: node express.js  (127.0.0.1, PORT=8080 by default).
const express = require('express');

// README:begin
const { verify, AuthTokenError } = require('sigma-auth-native');

const app = express();
// The token signs the exact body bytes: keep them raw (a Buffer in req.body), before any parser.
app.use(express.raw({ type: '*/*', limit: '1mb' }));

app.use((req, res, next) => {
  const token = req.get('x-auth-token');
  if (!token) {
    return res.status(401).json({ error: 'unauthorized', code: 'missing_token', message: 'the request has no X-Auth-Token header' });
  }
  try {
    // req.originalUrl is the path and query as sent (req.url loses the mount path in a router).
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.auth = verify(token, { requestPath: req.originalUrl, body }); // { pubkey, scheme, timestamp, replayId }
    return next();
  } catch (e) {
    if (e instanceof AuthTokenError) return res.status(401).json({ error: 'unauthorized', code: e.code, message: e.message });
    return next(e);
  }
});

app.post('/api/orders', (req, res) => {
  let order;
  try {
    order = JSON.parse(req.body.toString('utf8'));
  } catch {
    return res.status(400).json({ error: 'bad_request', message: 'the body is not JSON' });
  }
  return res.json({ pubkey: req.auth.pubkey, order });
});
// README:end

app.listen(Number(process.env.PORT || 8080), '127.0.0.1', () => console.log('listening on 127.0.0.1'));
