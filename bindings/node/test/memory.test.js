'use strict';
// 100 000 verifications in a loop leave memory flat: RSS after the loop stays within a
// generous bound of RSS after a warm-up. Run with --expose-gc to collect between phases
// (npm test does); without it the bound still holds for a leak-free addon but is looser in spirit.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma } = require('./helpers');

const N = Number(process.env.SIGMA_MEMORY_ITERATIONS || 100000);
const BOUND_MB = 48;

function settle() {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  return process.memoryUsage().rss;
}

test(`${N} verifications leave RSS flat (growth < ${BOUND_MB} MB)`, () => {
  const key = sigma.PrivateKey.generate();
  const now = Date.now();
  const ts = new Date(now).toISOString();
  const body = JSON.stringify({ hello: 'world', n: 42 });
  const tokens = ['bsm', 'brc77'].map((scheme) =>
    sigma.getAuthToken({ privateKeyWif: key.toWif(), requestPath: '/mem?x=1', body, scheme, timestamp: ts }),
  );
  const target = { requestPath: '/mem?x=1', timestamp: ts, body };
  let accepted = 0;
  let rejected = 0;
  const round = (i) => {
    const t = tokens[i & 1];
    switch (i % 4) {
      case 0:
      case 1:
        if (sigma.verifyAuthToken(t, target, 5, 'utf8', { clock: 'target' })) accepted++;
        break;
      case 2:
        if (sigma.verify(t, { requestPath: '/mem?x=1', body: Buffer.from(body), now }).pubkey) accepted++;
        break;
      default:
        try {
          sigma.verify(t, { requestPath: '/mem?x=2', body, now });
        } catch (e) {
          if (e.code === 'path_mismatch') rejected++;
        }
    }
  };
  for (let i = 0; i < 5000; i++) round(i);
  const before = settle();
  accepted = 0;
  rejected = 0;
  for (let i = 0; i < N; i++) round(i);
  const after = settle();
  const growthMb = (after - before) / 2 ** 20;
  console.log(`# memory: rss before ${(before / 2 ** 20).toFixed(1)} MB, after ${(after / 2 ** 20).toFixed(1)} MB, growth ${growthMb.toFixed(1)} MB over ${N} verifications (gc ${typeof global.gc === 'function' ? 'on' : 'off'})`);
  assert.equal(accepted + rejected, N);
  assert.equal(rejected, N / 4);
  assert.ok(growthMb < BOUND_MB, `RSS grew by ${growthMb.toFixed(1)} MB`);
});
