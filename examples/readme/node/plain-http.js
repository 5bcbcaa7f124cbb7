'use strict';
// The Node snippet of the top-level README and of bindings/node/README.md, as a runnable
// node:http server (the lines between the snippet markers are what the READMEs show; step 80
// fails when README.md drifts from them).
// Run: node plain-http.js  (127.0.0.1, PORT=8080 by default). Tested by plain-http.test.js.
const http = require('node:http');

// snippet: README.md#node bindings/node/README.md#http
const { verify, AuthTokenError } = require('sigma-auth-native');

const unauthorized = (res, code, message) => {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'unauthorized', code, message }));
};

const server = http.createServer(async (req, res) => {
  const token = req.headers['x-auth-token'];
  if (!token) return unauthorized(res, 'missing_token', 'the request has no X-Auth-Token header');
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const rawBody = Buffer.concat(chunks); // the exact bytes that were signed
    // requestPath: the path and query as sent. In Express: req.originalUrl (req.url loses the
    // mount path inside a router), and the raw body from app.use(express.raw({ type: '*/*' })).
    const { pubkey, replayId } = verify(token, { requestPath: req.url, body: rawBody });
    // pubkey signed exactly this path, query and body, within 5 minutes of now;
    // store replayId for 5 minutes and refuse it a second time.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pubkey, replayId }));
  } catch (e) {
    if (e instanceof AuthTokenError) return unauthorized(res, e.code, e.message);
    res.writeHead(500);
    res.end();
  }
});
server.listen(Number(process.env.PORT || 8080), '127.0.0.1');
// end snippet

server.on('listening', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
