'use strict';
// The reason codes are defined once, in the core (core/src/error.rs): the addon reports the
// core's list (`REASON_CODES`, from `Reason::ALL`), and the `ReasonCode` union written in
// index.d.ts must be exactly that list, in the same order. A code added to the core alone
// fails this suite until the typings follow.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { sigma } = require('./helpers');

function unionInTypings() {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  const m = /^export type ReasonCode =([^;]*);/m.exec(dts);
  assert.ok(m, 'index.d.ts declares `export type ReasonCode = ...;`');
  return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
}

test('REASON_CODES (the core\'s list) equals the ReasonCode union of index.d.ts, in order', () => {
  const native = [...sigma.REASON_CODES];
  const typed = unionInTypings();
  assert.ok(native.length >= 14, `the core reports ${native.length} codes`);
  assert.equal(new Set(native).size, native.length, 'codes are unique');
  const missing = native.filter((c) => !typed.includes(c));
  const extra = typed.filter((c) => !native.includes(c));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'index.d.ts ReasonCode vs the core');
  assert.deepEqual(typed, native, 'same order');
  assert.ok(Object.isFrozen(sigma.REASON_CODES));
  for (const c of native) assert.match(c, /^[a-z][a-z0-9_]*$/);
});

test('the codes that errors carry are in the core\'s list, input errors and token reasons alike', () => {
  const codeOf = (fn) => {
    try {
      fn();
    } catch (e) {
      return e.code;
    }
    throw new Error('no error');
  };
  const seen = [
    codeOf(() => sigma.PrivateKey.fromWif('nope')),
    codeOf(() => sigma.PublicKey.fromHex('02')),
    codeOf(() => sigma.createToken(sigma.PrivateKey.generate(), { requestPath: '/a|b' })),
    codeOf(() => sigma.verify('x', { requestPath: '/' })),
    codeOf(() => sigma.PrivateKey.generate().toWif('regtest')),
  ];
  assert.deepEqual(seen, ['invalid_wif', 'invalid_public_key', 'invalid_input', 'malformed_token', 'invalid_input']);
  for (const c of seen) assert.ok(sigma.REASON_CODES.includes(c), c);
  assert.ok(sigma.REASON_CODES.includes('internal_error'), 'a fault of ours has its own code');
});
