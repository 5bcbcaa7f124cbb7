'use strict';
// Shared by the tests: our module, the pinned reference packages (installed into
// tests/interop/node_modules by ./scripts/install-interop) and the reference vectors.
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

const root = path.resolve(__dirname, '..', '..', '..');
const sigma = require('..');

function reference() {
  const pkg = path.join(root, 'tests', 'interop', 'package.json');
  const req = createRequire(pkg);
  try {
    return { bitcoinAuth: req('bitcoin-auth'), sdk: req('@bsv/sdk') };
  } catch (e) {
    throw new Error(`reference packages missing: run ./scripts/install-interop first (${e.message})`);
  }
}

function vectors() {
  return JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'auth-crypto.json'), 'utf8'));
}

/** A small deterministic PRNG (xorshift128+ on BigInt-free 32-bit lanes), so failures replay. */
function rng(seed) {
  let a = seed >>> 0 || 1;
  let b = (seed * 2654435761) >>> 0 || 2;
  const next = () => {
    let t = a ^ (a << 11);
    a = b;
    b = (b ^ (b >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return b;
  };
  return {
    u32: next,
    int: (n) => next() % n,
    pick: (arr) => arr[next() % arr.length],
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = next() & 0xff;
      return out;
    },
  };
}

module.exports = { root, sigma, reference, vectors, rng };
