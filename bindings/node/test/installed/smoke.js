'use strict';
// Run by scripts/test.d/50-node.sh in a scratch project outside the repository, after
// `npm install` of the packed sigma-auth-native (or of the repository path): the package loads
// by its name, creates and verifies a token, refuses a tampered one with its code, and its
// REASON_CODES are the core's list (read from core/src/error.rs of the repository in SIGMA_AUTH_ROOT).
// Usage: SIGMA_AUTH_ROOT=<repo> node smoke.js <expected realpath prefix of the package>
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = process.env.SIGMA_AUTH_ROOT;
const expectedDir = fs.realpathSync(process.argv[2]);
const resolved = fs.realpathSync(require.resolve('sigma-auth-native'));
assert.ok(resolved.startsWith(expectedDir + path.sep), `sigma-auth-native loaded from ${resolved}, not under ${expectedDir}`);

const sigma = require('sigma-auth-native');
const key = sigma.PrivateKey.generate();
const requestPath = '/api/items?page=2';
const body = '{"a":1}';
for (const scheme of ['bsm', 'brc77']) {
  const token = sigma.createToken(key, { requestPath, body, scheme });
  const who = sigma.verify(token, { requestPath, body });
  assert.equal(who.pubkey, key.publicKey().toHex());
  assert.equal(who.scheme, scheme);
  assert.equal(sigma.verifyAuthToken(token, { requestPath, body, timestamp: new Date().toISOString() }), true);
  assert.throws(() => sigma.verify(token, { requestPath, body: '{"a":2}' }), (e) => e instanceof sigma.AuthTokenError && e.code === 'invalid_signature');
}

// The core's one list: `Name = n, "code", "sentence";` lines of core/src/error.rs, in order.
const source = fs.readFileSync(path.join(root, 'core', 'src', 'error.rs'), 'utf8');
const coreCodes = [...source.matchAll(/^\s*[A-Z]\w* = \d+, "([a-z0-9_]+)",/gm)].map((m) => m[1]);
assert.ok(coreCodes.includes('missing_token') && coreCodes.length > 20, `parsed ${coreCodes.length} codes from error.rs`);
assert.deepEqual([...sigma.REASON_CODES], coreCodes);
console.log(`installed sigma-auth-native OK (${resolved}): bsm and brc77 tokens created and verified, ${coreCodes.length} reason codes as in the core`);
