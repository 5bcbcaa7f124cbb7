// Drives `sigma-auth serve` with the real Sigma plugin client (LocalServerSigner from
// @sigma-auth/better-auth-plugin 0.0.75) and checks what it returns with independent references:
// bitcoin-auth 0.0.7 and our verifier for tokens, bsv-bap 0.1.24 for AIP, @bsv/sdk 2.1.0 for the
// expected keys (BIP39 seed, BIP32 path, Type42 friend key). Every misuse gets its status and code.
// Run by scripts/test.d/55-signer.sh with SIGMA_AUTH_BIN set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { LocalServerSigner } from '@sigma-auth/better-auth-plugin/client/local';
import { verifyAuthToken, parseAuthToken } from 'bitcoin-auth';
import { BAP } from 'bsv-bap';
import { HD, Mnemonic, PrivateKey, Utils } from '@bsv/sdk';

const BIN = process.env.SIGMA_AUTH_BIN;
assert.ok(BIN, 'SIGMA_AUTH_BIN must name the sigma-auth binary');
const dir = mkdtempSync(join(tmpdir(), 'sigma-signer-'));
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASS_A = 'correct horse A';
const PASS_B = 'correct horse B';
const ALICE_ID = '4Q59vsgaNvBsoVx1rR8TVVmcn9RP';
const BOB_ID = '4VQCRkX1kyxekUAq4j5Z8Ccyr7fp';
const servers = [];

function cli(args, { pass, input, env = {} } = {}) {
  const e = { ...process.env, ...env };
  delete e.SIGMA_AUTH_PASSPHRASE;
  if (pass !== undefined) e.SIGMA_AUTH_PASSPHRASE = pass;
  return spawnSync(BIN, args, { input: input ?? '', env: e, encoding: 'utf8' });
}

/** Starts a signer on a free port; resolves with its base URL once it prints it. */
function start(wallet, pass, extra = []) {
  const env = { ...process.env };
  delete env.SIGMA_AUTH_PASSPHRASE;
  if (pass !== undefined) env.SIGMA_AUTH_PASSPHRASE = pass;
  const child = spawn(BIN, ['serve', '--wallet', wallet, '--port', '0', ...extra], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      m ? resolve({ url: m[1], port: Number(m[1].split(':')[2]), child, log: () => log })
        : reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`signer exited ${code}: ${log}`)));
  });
}

/** A raw request (node:http lets a test set Host and Origin). A large body is sent only after
 * `100 Continue`, so a server that answers without reading it (401, 403, 413 by Content-Length)
 * is never written to after its answer. */
function raw(port, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const big = body !== undefined && body.length > 65536;
    const h = big ? { ...headers, expect: '100-continue', 'content-length': Buffer.byteLength(body) } : headers;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, json });
      });
    });
    req.on('error', (e) => resolve({ status: `error ${e.code}`, headers: {}, json: {} }));
    if (big) {
      req.on('continue', () => req.end(body));
    } else {
      if (body !== undefined) req.write(body);
      req.end();
    }
  });
}

// Expected keys, derived independently with @bsv/sdk from the mnemonic and passphrase.
function expected(mnemonic, pass) {
  const seed = Mnemonic.fromString(mnemonic).toSeed(pass);
  const master = PrivateKey.fromString(Utils.toHex(seed.slice(0, 32)), 'hex');
  const hd = HD.fromSeed(seed);
  return {
    master,
    hostPub: (account) => hd.derive(`m/44'/0'/${account}'/2/0`).pubKey.toString(),
    friendPub: (id) => master.deriveChild(master.toPublicKey(), `sigma-friend-${id}`).toPublicKey().toString(),
    xprv: hd.toString(),
  };
}

const walletA = join(dir, 'a.wallet');
const walletB = join(dir, 'b.wallet');
let A, B, alice, bob;

before(async () => {
  const imp = cli(['wallet', 'import', '--wallet', walletA], { pass: PASS_A, input: MNEMONIC + '\n' });
  assert.equal(imp.status, 0, imp.stderr);
  const cr = cli(['wallet', 'create', '--wallet', walletB, '--words', '12'], { pass: PASS_B });
  assert.equal(cr.status, 0, cr.stderr);
  A = await start(walletA, PASS_A);
  B = await start(walletB, PASS_B);
  // Load Node's fetch once before the client's probe, whose own timeout is 500 ms.
  await fetch(`${A.url}/api/status`).then((r) => r.text());
  alice = new LocalServerSigner({ baseUrl: A.url });
  bob = new LocalServerSigner({ baseUrl: B.url });
});

after(() => { for (const s of servers) s.kill('SIGTERM'); });

test('wallet files: mode 0600, show tells public keys only', () => {
  assert.equal(statSync(walletA).mode & 0o777, 0o600);
  const text = readFileSync(walletA, 'utf8');
  assert.ok(!text.includes('abandon'));
  const show = cli(['wallet', 'show', '--wallet', walletA], { pass: PASS_A });
  assert.equal(show.status, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).masterPublicKey, expected(MNEMONIC, PASS_A).master.toPublicKey().toString());
  assert.ok(!show.stdout.includes('abandon'));
});

test('probe, getStatus, authenticate', async () => {
  assert.equal(await alice.probe(), true);
  assert.deepEqual(await alice.getStatus(), { created: true, unlocked: true });
  assert.equal(await alice.authenticate('first.example'), true);
  assert.equal(alice.isReady(), true);
  assert.equal(await bob.authenticate('first.example'), true);
});

test('sign: tokens by the host key verify with bitcoin-auth and with our verifier', async () => {
  const exp = expected(MNEMONIC, PASS_A);
  for (const [scheme, body] of [['brc77', '{"a":1}'], ['bsm', 'héllo'], ['brc77', undefined], ['bsm', '']]) {
    const token = await alice.sign('/api/things?x=1', body, scheme);
    const parsed = parseAuthToken(token);
    assert.equal(parsed.scheme, scheme);
    assert.equal(parsed.pubkey, exp.hostPub(0));
    const target = { requestPath: '/api/things?x=1', timestamp: parsed.timestamp, ...(body ? { body } : {}) };
    assert.equal(verifyAuthToken(token, target), true, `bitcoin-auth ${scheme}`);
    const args = ['token', 'verify', '--json', '--path', '/api/things?x=1', token];
    if (body) args.push('--body', body);
    const ours = cli(args);
    assert.equal(ours.status, 0, ours.stdout + ours.stderr);
    assert.equal(JSON.parse(ours.stdout).pubkey, exp.hostPub(0));
    // A tampered body does not verify.
    assert.equal(verifyAuthToken(token, { ...target, body: 'other' }), false);
  }
});

test('hosts get accounts in first-auth order, saved in the wallet', async () => {
  const exp = expected(MNEMONIC, PASS_A);
  const second = new LocalServerSigner({ baseUrl: A.url });
  assert.equal(await second.authenticate('second.example', ['sign']), true);
  assert.equal(parseAuthToken(await second.sign('/p')).pubkey, exp.hostPub(1));
  const again = new LocalServerSigner({ baseUrl: A.url });
  assert.equal(await again.authenticate('first.example', ['sign']), true);
  assert.equal(parseAuthToken(await again.sign('/p')).pubkey, exp.hostPub(0));
  const hosts = JSON.parse(cli(['wallet', 'show', '--wallet', walletA], { pass: PASS_A }).stdout).hosts;
  assert.deepEqual(hosts.map((h) => [h.host, h.account, h.publicKey]),
    [['first.example', 0, exp.hostPub(0)], ['second.example', 1, exp.hostPub(1)]]);
});

test('signAIP: verifies with bsv-bap; export-bap gives the xprv bsv-bap loads', async () => {
  const out = join(dir, 'a.bap.json');
  const ex = cli(['wallet', 'export-bap', '--wallet', walletA, '--out', out], { pass: PASS_A });
  assert.equal(ex.status, 0, ex.stderr);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const backup = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(backup.xprv, expected(MNEMONIC, PASS_A).xprv);
  const bap = new BAP(backup.xprv);
  const data = ['6a', Utils.toHex(Utils.toArray('19HxigV4QyBv3tHpQVcUEQyq1pzZVdoAut', 'utf8')), Utils.toHex(Utils.toArray('hello', 'utf8')), '7c'];
  const ops = await alice.signAIP(data);
  assert.equal(ops.length, 3);
  assert.equal(ops[0], 'BITCOIN_ECDSA');
  const hostKey = PrivateKey.fromString(Utils.toHex(HD.fromString(backup.xprv).derive("m/44'/0'/0'/2/0").privKey.toArray('be', 32)), 'hex');
  assert.equal(ops[1], hostKey.toAddress());
  const message = data.flatMap((h) => Utils.toArray(h, 'hex'));
  assert.equal(bap.verifySignature(message, ops[1], ops[2]), true);
  assert.equal(bap.verifySignature([...message, 0], ops[1], ops[2]), false);
  const header = Utils.toArray(ops[2], 'base64')[0];
  assert.ok(header >= 31 && header <= 34);
});

test('friend-pubkey, self encryption round trip', async () => {
  const exp = expected(MNEMONIC, PASS_A);
  assert.equal(await alice.getFriendPublicKey(BOB_ID), exp.friendPub(BOB_ID));
  const ct = await alice.encrypt('note to self ✓', BOB_ID);
  assert.match(ct, /^[0-9a-f]+$/);
  assert.equal(await alice.decrypt(ct, BOB_ID), 'note to self ✓');
  await assert.rejects(alice.decrypt(ct, ALICE_ID), /decrypt/i);
});

test('friend ciphertexts open both ways between two signers with different wallets', async () => {
  // Each publishes its friend key for the other.
  const bobKeyForAlice = await bob.getFriendPublicKey(ALICE_ID);
  const aliceKeyForBob = await alice.getFriendPublicKey(BOB_ID);
  assert.notEqual(bobKeyForAlice, aliceKeyForBob);
  const toBob = await alice.encrypt('hi bob', BOB_ID, bobKeyForAlice);
  assert.equal(await bob.decrypt(toBob, ALICE_ID, aliceKeyForBob), 'hi bob');
  const toAlice = await bob.encrypt('hi alice', ALICE_ID, aliceKeyForBob);
  assert.equal(await alice.decrypt(toAlice, BOB_ID, bobKeyForAlice), 'hi alice');
  // Bound to the friendship: the wrong friend id does not open it.
  await assert.rejects(bob.decrypt(toBob, BOB_ID, aliceKeyForBob));
});

async function bearer(port, scopes, host = 'misuse.example') {
  const r = await raw(port, 'POST', '/api/auth', {
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host, scopes, expiry: '1h' }),
  });
  assert.equal(r.status, 200);
  return r.json.accessToken;
}

function refused(r, status, code) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.success, false);
  assert.equal(r.json.code, code);
  assert.equal(typeof r.json.error, 'string');
  for (const k of ['token', 'signedOps', 'ciphertext', 'data', 'publicKey', 'accessToken']) {
    assert.ok(!(k in r.json), `no ${k} in a refusal`);
  }
}

test('misuse: each gets its status and code, and nothing is signed', async () => {
  const p = A.port;
  const sign = await bearer(p, ['sign']);
  const enc = await bearer(p, ['encrypt']);
  const json = (b) => ({ headers: { authorization: `Bearer ${b}`, 'content-type': 'application/json' } });
  const post = (path, b, body) => raw(p, 'POST', path, { ...json(b), body });
  // Host and Origin come first (DNS rebinding).
  refused(await raw(p, 'GET', '/api/status', { headers: { host: 'evil.example' } }), 403, 'forbidden_host');
  refused(await raw(p, 'GET', '/api/status', { headers: { host: 'localhost.evil.example:80' } }), 403, 'forbidden_host');
  refused(await raw(p, 'POST', '/api/sign', { headers: { host: 'evil.example' }, body: '{}' }), 403, 'forbidden_host');
  refused(await raw(p, 'GET', '/api/status', { headers: { origin: 'https://evil.example' } }), 403, 'forbidden_origin');
  refused(await raw(p, 'POST', '/api/sign', { headers: { origin: 'https://evil.example', authorization: `Bearer ${sign}` }, body: '{"path":"/"}' }), 403, 'forbidden_origin');
  for (const host of ['localhost', `localhost:${p}`, `127.0.0.1:${p}`, '[::1]', `[::1]:${p}`]) {
    assert.equal((await raw(p, 'GET', '/api/status', { headers: { host } })).status, 200, host);
  }
  // Bearer: missing, malformed, unknown (401) before scope, lock, size and JSON.
  refused(await raw(p, 'POST', '/api/sign', { body: '{"path":"/"}' }), 401, 'unauthorized');
  refused(await raw(p, 'POST', '/api/sign', { headers: { authorization: sign }, body: '{}' }), 401, 'unauthorized');
  refused(await post('/api/sign', 'f'.repeat(64), '{"path":"/"}'), 401, 'unauthorized');
  refused(await post('/api/sign', 'nope', 'x'.repeat((1 << 20) + 16)), 401, 'unauthorized');
  // Scope (403) before size and JSON.
  refused(await post('/api/decrypt', sign, '{'), 403, 'forbidden_scope');
  refused(await post('/api/encrypt', sign, '{}'), 403, 'forbidden_scope');
  refused(await post('/api/friend-pubkey', sign, '{}'), 403, 'forbidden_scope');
  refused(await post('/api/sign', enc, '{"path":"/"}'), 403, 'forbidden_scope');
  refused(await post('/api/sign-aip', enc, '{"data":["00"]}'), 403, 'forbidden_scope');
  // Size (413) before JSON (400).
  refused(await post('/api/sign', sign, '{' + ' '.repeat((1 << 20) + 16)), 413, 'body_too_large');
  refused(await post('/api/sign', sign, '{"path":'), 400, 'bad_request');
  refused(await post('/api/sign', sign, '{}'), 400, 'bad_request');
  refused(await post('/api/sign', sign, '{"path":"/","signatureType":"ecdsa"}'), 400, 'bad_request');
  refused(await post('/api/sign', sign, '{"path":"/a\\r\\nX-Evil: 1"}'), 400, 'bad_request');
  for (const data of ['[]', '["abc"]', '["zz"]', '[""]', '"00"', 'null']) {
    refused(await post('/api/sign-aip', sign, `{"data":${data}}`), 400, 'bad_request');
  }
  refused(await post('/api/friend-pubkey', enc, '{}'), 400, 'bad_request');
  const badKey = await post('/api/encrypt', enc, '{"data":"x","friendBapId":"id","theirPublicKey":"02zz"}');
  refused(badKey, 400, badKey.json.code);
  assert.ok(['invalid_hex', 'invalid_public_key', 'invalid_length'].includes(badKey.json.code), badKey.json.code);
  // /api/auth: host, scopes and expiry are checked; forever is refused.
  const auth = (body) => raw(p, 'POST', '/api/auth', { headers: { 'content-type': 'application/json' }, body });
  refused(await auth('{"scopes":["sign"]}'), 400, 'bad_request');
  refused(await auth('{"host":"","scopes":["sign"]}'), 400, 'bad_request');
  refused(await auth('{"host":"a","scopes":["admin"]}'), 400, 'bad_request');
  refused(await auth('{"host":"a","scopes":[]}'), 400, 'bad_request');
  refused(await auth('{"host":"a","scopes":["sign"],"expiry":"forever"}'), 400, 'bad_request');
  refused(await auth('{"host":"a","scopes":["sign"],"expiry":"2h"}'), 400, 'bad_request');
  refused(await auth('not json'), 400, 'bad_request');
  refused(await auth('x'.repeat((1 << 20) + 1)), 413, 'body_too_large');
  refused(await raw(p, 'GET', '/api/keys'), 404, 'unknown_endpoint');
  // Status without a bearer tells only {created, unlocked}.
  const s = await raw(p, 'GET', '/api/status');
  assert.deepEqual(Object.keys(s.json).sort(), ['created', 'unlocked']);
  assert.ok(!A.log().includes(sign), 'the log never holds a bearer');
  assert.ok(!A.log().includes(PASS_A));
});

test('CORS: only an allowed origin, echoed exactly, with the private-network header', async () => {
  const C = await start(walletA, PASS_A, ['--allow-origin', 'https://app.example']);
  const pre = await raw(C.port, 'OPTIONS', '/api/sign', {
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example');
  assert.equal(pre.headers['access-control-allow-private-network'], 'true');
  const ok = await raw(C.port, 'GET', '/api/status', { headers: { origin: 'https://app.example' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
  const other = await raw(C.port, 'OPTIONS', '/api/sign', { headers: { origin: 'https://app.example.evil' } });
  refused(other, 403, 'forbidden_origin');
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  C.child.kill('SIGTERM');
});

test('locked: status says so, key operations answer 423 after the bearer check', async () => {
  const L = await start(walletA, undefined);
  const signer = new LocalServerSigner({ baseUrl: L.url });
  assert.deepEqual(await signer.getStatus(), { created: true, unlocked: false });
  assert.equal(await signer.authenticate('first.example'), false);
  refused(await raw(L.port, 'POST', '/api/auth', { body: '{"host":"a","scopes":["sign"]}' }), 423, 'wallet_locked');
  refused(await raw(L.port, 'POST', '/api/sign', { body: '{"path":"/"}' }), 401, 'unauthorized');
  L.child.kill('SIGTERM');
});

test('serve with a wrong passphrase exits 1 without serving', () => {
  const r = spawnSync(BIN, ['serve', '--wallet', walletA, '--port', '0'], {
    env: { ...process.env, SIGMA_AUTH_PASSPHRASE: 'wrong' }, encoding: 'utf8', timeout: 60000,
  });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /wallet_bad_passphrase/);
});

test('wallet misuse: checksum, word count, empty passphrase, overwrite, corrupt, newer version', () => {
  const w = join(dir, 'm.wallet');
  const bad = MNEMONIC.replace(/about$/, 'abandon');
  let r = cli(['wallet', 'import', '--wallet', w], { pass: 'p', input: bad });
  assert.equal(r.status, 2); assert.match(r.stderr, /checksum/); assert.ok(!existsSync(w));
  assert.ok(!r.stderr.includes('abandon'), 'the error does not echo the mnemonic');
  r = cli(['wallet', 'import', '--wallet', w], { pass: 'p', input: 'abandon '.repeat(11) });
  assert.equal(r.status, 2); assert.match(r.stderr, /11 words/);
  r = cli(['wallet', 'import', '--wallet', w], { pass: 'p', input: MNEMONIC.replace('about', 'aboutt') });
  assert.equal(r.status, 2); assert.match(r.stderr, /word 12/);
  r = cli(['wallet', 'import', '--wallet', w], { pass: '', input: MNEMONIC });
  assert.equal(r.status, 2); assert.match(r.stderr, /empty/); assert.ok(!existsSync(w));
  // Any whitespace between the words.
  r = cli(['wallet', 'import', '--wallet', w], { pass: 'p', input: `  ${MNEMONIC.split(' ').join('\t ')}\n` });
  assert.equal(r.status, 0, r.stderr);
  const before = readFileSync(w);
  r = cli(['wallet', 'import', '--wallet', w], { pass: 'q', input: MNEMONIC });
  assert.equal(r.status, 2); assert.match(r.stderr, /--force/);
  assert.deepEqual(readFileSync(w), before, 'not overwritten');
  r = cli(['wallet', 'show', '--wallet', w], { pass: 'wrong' });
  assert.equal(r.status, 2); assert.match(r.stderr, /wallet_bad_passphrase/);
  const t = join(dir, 't.wallet');
  writeFileSync(t, before.subarray(0, before.length - 20));
  r = cli(['wallet', 'show', '--wallet', t], { pass: 'p' });
  assert.equal(r.status, 2); assert.match(r.stderr, /wallet_corrupt/);
  const doc = JSON.parse(before.toString());
  writeFileSync(t, JSON.stringify({ ...doc, version: 2 }));
  r = cli(['wallet', 'show', '--wallet', t], { pass: 'p' });
  assert.equal(r.status, 2); assert.match(r.stderr, /wallet_newer_version/);
  const flipped = { ...doc, kdf: { ...doc.kdf, t: doc.kdf.t + 1 } };
  writeFileSync(t, JSON.stringify(flipped));
  r = cli(['wallet', 'show', '--wallet', t], { pass: 'p' });
  assert.equal(r.status, 2); assert.match(r.stderr, /wallet_bad_passphrase/);
  r = cli(['wallet', 'import', '--wallet', w, '--force'], { pass: 'q', input: MNEMONIC });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(w).mode & 0o777, 0o600);
  // NFKD: the composed and decomposed spellings of a passphrase are one passphrase.
  const u = join(dir, 'u.wallet');
  r = cli(['wallet', 'import', '--wallet', u], { pass: 'caf\u00e9', input: MNEMONIC });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['wallet', 'show', '--wallet', u], { pass: 'cafe\u0301' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).masterPublicKey, expected(MNEMONIC, 'cafe\u0301').master.toPublicKey().toString());
  // A passphrase file is read when the variable is unset.
  const pf = join(dir, 'pass.txt');
  writeFileSync(pf, 'q\n');
  r = cli(['wallet', 'show', '--wallet', w, '--passphrase-file', pf]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).masterPublicKey, expected(MNEMONIC, 'q').master.toPublicKey().toString());
});
