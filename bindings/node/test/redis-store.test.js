'use strict';
// redis-store.js against a real redis-server (scripts/install-redis installs it): the test starts
// its own on a free loopback port, or uses SIGMA_AUTH_REDIS_URL when set.
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const Redis = require('ioredis');
const sigma = require('..');
const { RedisReplayStore, DEFAULT_PREFIX } = require('../redis-store.js');

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const opts = { commandTimeout: 250, connectTimeout: 250, enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null };

let url = process.env.SIGMA_AUTH_REDIS_URL;
let server;
const clients = [];
async function client(u = url) {
  const c = new Redis(u, opts);
  c.on('error', () => {});
  clients.push(c);
  await c.connect().catch(() => {});
  return c;
}

test.before(async () => {
  if (url) return;
  execFileSync('which', ['redis-server']);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-node-redis-'));
  server = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  url = `redis://127.0.0.1:${port}/0`;
  for (let i = 0; i < 200; i++) {
    const c = new Redis(url, { ...opts });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      return;
    } catch {
      c.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('redis-server did not start');
});

test.after(() => {
  for (const c of clients) c.disconnect();
  if (server) server.kill('SIGKILL');
});

function fresh(p = '/api') {
  const key = sigma.PrivateKey.generate();
  const token = sigma.getAuthToken({ privateKeyWif: key.toWif(), requestPath: p, scheme: 'bsm' });
  return { token, path: p };
}

test('once, then replayed at a second store on the same Redis; key and PTTL', async () => {
  const verifier = new sigma.Verifier({ maxAgeSeconds: 60 });
  const a = new RedisReplayStore(await client(), { maxAgeSeconds: 60, clockSlackMs: 0 });
  const b = new RedisReplayStore(await client(), { maxAgeSeconds: 60, clockSlackMs: 0 });
  const { token, path: p } = fresh();
  const who = verifier.verify(token, { requestPath: p });
  await a.check(who);
  await assert.rejects(b.check(verifier.verify(token, { requestPath: p })), (e) => e instanceof sigma.AuthTokenError && e.code === 'replayed');
  const key = a.key(who);
  assert.equal(key, DEFAULT_PREFIX + who.replayId);
  assert.match(key, /^sigma-auth:replay:[0-9a-f]{64}$/);
  const c = await client();
  assert.equal(await c.get(key), '1');
  const pttl = await c.pttl(key);
  assert.ok(pttl >= 50_000 && pttl <= 60_001, `PTTL ${pttl}`);
});

test('unreachable Redis fails closed with replay_store_unavailable', async () => {
  const port = await freePort();
  const store = new RedisReplayStore(await client(`redis://127.0.0.1:${port}/0`));
  const { token, path: p } = fresh();
  const who = sigma.verify(token, { requestPath: p });
  await assert.rejects(store.check(who), (e) => e instanceof sigma.AuthTokenError && e.code === 'replay_store_unavailable');
});

test('a silent server times out as unavailable', async () => {
  const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    const c = new Redis({ ...opts, port: silent.address().port, host: '127.0.0.1', enableOfflineQueue: true, lazyConnect: false });
    c.on('error', () => {});
    clients.push(c);
    const store = new RedisReplayStore(c, { timeoutMs: 100 });
    const { token, path: p } = fresh();
    await assert.rejects(store.check(sigma.verify(token, { requestPath: p })), (e) => e.code === 'replay_store_unavailable');
  } finally {
    silent.close();
  }
});

test('failOpen accepts and logs each use', async () => {
  const port = await freePort();
  const lines = [];
  const store = new RedisReplayStore(await client(`redis://127.0.0.1:${port}/0`), { failOpen: true, log: (l) => lines.push(l) });
  const { token, path: p } = fresh();
  const who = sigma.verify(token, { requestPath: p });
  for (let i = 0; i < 3; i++) await store.check(who);
  assert.equal(lines.filter((l) => l.includes('accepted without a replay check')).length, 3);
});
