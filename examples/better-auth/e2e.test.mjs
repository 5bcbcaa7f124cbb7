// Sign in with Sigma end to end, on loopback, against real Better Auth servers on Postgres
// (DATABASE_URL, schema already migrated and the client registered by `server.mjs migrate`).
// Two servers share the database: one with the Sigma plugin's stock /oauth2/token check, one with
// sigma-auth's (hardenSigmaProvider). A user signs up (a session cookie), authorizes the app with
// PKCE, and the code is exchanged by the Node, Python (sync and async) and Go helpers. Then the
// attacks: a brc77 token whose pubkey field names the member key but whose envelope another key
// signed, an hour-old token, and a replayed exchange.
// Environment: DATABASE_URL, CLIENT_ID, REDIRECT_URI, SIGMA_MEMBER_PRIVATE_KEY, PYTHON (with
// sigma_auth installed), GO_EXCHANGE (the built go-exchange program).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const node = process.env.SIGMA_AUTH_NODE_DIR ?? '../../bindings/node';
const { PrivateKey, createToken, parseAuthToken } = require(`${node}/index.js`);
const { exchangeCodeForTokens } = require(`${node}/exchange.js`);
const run = promisify(execFile);

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const clientId = env('CLIENT_ID');
const redirectUri = env('REDIRECT_URI');
const memberWif = env('SIGMA_MEMBER_PRIVATE_KEY');
const memberKey = PrivateKey.fromWif(memberWif);
const TOKEN_PATH = '/api/auth/oauth2/token';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts server.mjs with `check`; resolves to { base, child } once it listens. */
async function startServer(check) {
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    env: { ...process.env, PORT: String(port), SIGMA_CHECK: check },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${check} exited with ${code}`)));
    child.stdout.on('data', (d) => {
      if (String(d).includes(' on http://')) resolve();
    });
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

const servers = {};
let cookie;

before(async () => {
  servers.stock = await startServer('stock');
  servers.hardened = await startServer('sigma-auth');
  // A user and a session, through the stock server (same database).
  const email = `user-${randomBytes(6).toString('hex')}@example.test`;
  const res = await fetch(`${servers.stock.base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: servers.stock.base },
    body: JSON.stringify({ email, password: randomBytes(12).toString('hex'), name: 'Sigma User', pubkey: PrivateKey.generate().publicKey().toHex() }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  assert.match(cookie, /session_token=/);
});

after(() => {
  for (const s of Object.values(servers)) s.child.kill('SIGTERM');
});

/** Authorizes the app with PKCE for the signed-in user; returns { code, verifier }. */
async function authorize(base) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const res = await fetch(`${base}/api/auth/oauth2/authorize?${q}`, { headers: { cookie }, redirect: 'manual' });
  assert.equal(res.status, 302, await res.clone().text());
  const to = new URL(res.headers.get('location'));
  assert.equal(`${to.origin}${to.pathname}`, redirectUri, `redirected to ${to}`);
  assert.equal(to.searchParams.get('state'), state);
  const code = to.searchParams.get('code');
  assert.ok(code, `no code in ${to}`);
  return { code, verifier };
}

const formBody = (code, verifier) =>
  Buffer.from(new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString());

/** POSTs `body` to the token endpoint with `token`; returns { status, json }. */
async function postToken(base, body, token) {
  const res = await fetch(`${base}${TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Token': token },
    body,
  });
  return { status: res.status, json: await res.json() };
}

function assertSignedIn(result) {
  assert.ok(result.access_token, JSON.stringify(result));
  assert.ok(result.id_token.split('.').length === 3, 'id_token is a JWT');
  assert.ok(result.user.sub, 'userinfo has sub');
  assert.match(result.user.email, /@example\.test$/);
}

/** A brc77 token signed by `signer` whose pubkey field names `claimed`. */
function forgedToken(body, claimed) {
  const real = createToken(PrivateKey.generate(), { requestPath: TOKEN_PATH, body });
  const p = parseAuthToken(real);
  return [claimed.publicKey().toHex(), p.scheme, p.timestamp, p.requestPath, p.signature].join('|');
}

async function exchangeWith(lang, base, code, verifier) {
  if (lang === 'node') {
    return exchangeCodeForTokens({ code, redirectUri, clientId, memberPrivateKey: memberWif, codeVerifier: verifier, issuerUrl: base }).catch((e) => e);
  }
  // name=value: a PKCE verifier may start with '-', which a separate argument would make an option.
  const opts = { issuer: base, code, 'redirect-uri': redirectUri, 'client-id': clientId, 'code-verifier': verifier };
  const args = Object.entries(opts).map(([name, value]) => `--${name}=${value}`);
  const [cmd, argv] =
    lang === 'go' ? [env('GO_EXCHANGE'), args.map((a) => a.replace(/^--/, '-'))] : [env('PYTHON'), ['exchange.py', ...args, ...(lang === 'python-async' ? ['--async'] : [])]];
  const { stdout } = await run(cmd, argv);
  return JSON.parse(stdout);
}

for (const which of ['stock', 'hardened']) {
  for (const lang of ['node', 'python', 'python-async', 'go']) {
    test(`${which} provider: the ${lang} helper exchanges a PKCE code for tokens and userinfo`, async () => {
      const base = servers[which].base;
      const { code, verifier } = await authorize(base);
      const result = await exchangeWith(lang, base, code, verifier);
      assertSignedIn(result);
    });
  }
}

test('stock provider ACCEPTS a brc77 token signed by another key that names the member key', async () => {
  const { code, verifier } = await authorize(servers.stock.base);
  const body = formBody(code, verifier);
  const r = await postToken(servers.stock.base, body, forgedToken(body, memberKey));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.ok(r.json.access_token);
  console.log('# stock: forged-signer brc77 token -> 200, access_token issued');
});

test('stock provider ACCEPTS an hour-old token', async () => {
  const { code, verifier } = await authorize(servers.stock.base);
  const body = formBody(code, verifier);
  const token = createToken(memberKey, { requestPath: TOKEN_PATH, body, timestamp: Date.now() - 3600_000 });
  const r = await postToken(servers.stock.base, body, token);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.ok(r.json.access_token);
  console.log('# stock: hour-old token -> 200, access_token issued');
});

test('sigma-auth provider check REFUSES the forged-signer token: invalid_client / signer_mismatch', async () => {
  const { code, verifier } = await authorize(servers.hardened.base);
  const body = formBody(code, verifier);
  const r = await postToken(servers.hardened.base, body, forgedToken(body, memberKey));
  assert.deepEqual([r.status, r.json.error, r.json.error_description], [401, 'invalid_client', 'signer_mismatch']);
  console.log(`# sigma-auth: forged-signer brc77 token -> ${r.status} ${JSON.stringify(r.json)}`);
});

test('sigma-auth provider check REFUSES the hour-old token: invalid_client / expired', async () => {
  const { code, verifier } = await authorize(servers.hardened.base);
  const body = formBody(code, verifier);
  const token = createToken(memberKey, { requestPath: TOKEN_PATH, body, timestamp: Date.now() - 3600_000 });
  const r = await postToken(servers.hardened.base, body, token);
  assert.deepEqual([r.status, r.json.error, r.json.error_description], [401, 'invalid_client', 'expired']);
  console.log(`# sigma-auth: hour-old token -> ${r.status} ${JSON.stringify(r.json)}`);
  // The code was not spent by the refusal: a fresh token for the same request is accepted.
  const ok = await postToken(servers.hardened.base, body, createToken(memberKey, { requestPath: TOKEN_PATH, body }));
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
});

test('sigma-auth provider check REFUSES a replayed exchange: invalid_client / replayed', async () => {
  const { code, verifier } = await authorize(servers.hardened.base);
  const body = formBody(code, verifier);
  const token = createToken(memberKey, { requestPath: TOKEN_PATH, body });
  const first = await postToken(servers.hardened.base, body, token);
  assert.equal(first.status, 200, JSON.stringify(first.json));
  const again = await postToken(servers.hardened.base, body, token);
  assert.deepEqual([again.status, again.json.error, again.json.error_description], [401, 'invalid_client', 'replayed']);
  console.log(`# sigma-auth: replayed exchange -> ${again.status} ${JSON.stringify(again.json)}`);
});

test('sigma-auth provider check REFUSES a body other than the signed one: invalid_client / invalid_signature', async () => {
  const { code, verifier } = await authorize(servers.hardened.base);
  const body = formBody(code, verifier);
  const token = createToken(memberKey, { requestPath: TOKEN_PATH, body });
  // The same fields in another order: the stock hook's re-serialization cannot tell; the bytes differ.
  const reordered = Buffer.from(new URLSearchParams([...new URLSearchParams(body.toString())].reverse()).toString());
  const r = await postToken(servers.hardened.base, reordered, token);
  assert.deepEqual([r.status, r.json.error, r.json.error_description], [401, 'invalid_client', 'invalid_signature']);
});

test('sigma-auth provider check REFUSES a token from a key other than the member key: invalid_client / signer_mismatch', async () => {
  const { code, verifier } = await authorize(servers.hardened.base);
  const body = formBody(code, verifier);
  const r = await postToken(servers.hardened.base, body, createToken(PrivateKey.generate(), { requestPath: TOKEN_PATH, body }));
  assert.deepEqual([r.status, r.json.error, r.json.error_description], [401, 'invalid_client', 'signer_mismatch']);
});

test('a refusal reaches every helper as the plugin types it: { error, details, status }', async () => {
  // The Node helper against a client id the provider does not know.
  const e = await exchangeCodeForTokens({ code: 'x', redirectUri, clientId: 'no-such-client', memberPrivateKey: memberWif, codeVerifier: 'v', issuerUrl: servers.hardened.base }).catch((err) => err);
  assert.equal(e.error, 'invalid_client');
  assert.equal(e.status, 401);
  assert.equal(e.endpoint, TOKEN_PATH);
});
