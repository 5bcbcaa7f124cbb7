// Shared by the tests: the Node build of the package (pkg/node, made by build.sh), the
// repository root, the reference vectors and the pinned reference packages of tests/interop.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..', '..');
const require = createRequire(import.meta.url);

/** The package as Node loads it (CommonJS build). */
export const sigma = require(path.join(here, '..', 'pkg', 'node', 'sigma_auth_wasm.js'));

export function vectors() {
  return JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'auth-crypto.json'), 'utf8'));
}

export function outcomes() {
  return JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'verification-outcomes.json'), 'utf8'));
}

/** bitcoin-auth and @bsv/sdk from tests/interop (installed by ./scripts/install-interop). */
export function reference() {
  const req = createRequire(path.join(root, 'tests', 'interop', 'package.json'));
  return { bitcoinAuth: req('bitcoin-auth'), sdk: req('@bsv/sdk') };
}

/** The error `fn` throws (fails if it throws nothing). */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
