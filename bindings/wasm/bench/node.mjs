// Runs bench/compare.mjs in Node: sigma-auth-wasm (pkg/node) against bitcoin-auth 0.0.7 from
// tests/interop, in this one process. Usage: node bench/node.mjs (after ./build.sh and
// ../../scripts/install-interop). Prints a Markdown table.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { clock, compare, table } from './compare.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const require = createRequire(import.meta.url);
const sigma = require(path.join(here, '..', 'pkg', 'node', 'sigma_auth_wasm.js'));
const interop = createRequire(path.join(root, 'tests', 'interop', 'package.json'));
const bitcoinAuth = interop('bitcoin-auth');
const { PrivateKey } = interop('@bsv/sdk');

const rows = compare({ sigma, bitcoinAuth, wif: PrivateKey.fromRandom().toWif() });
console.log(`Node ${process.version}, same process, ${clock}:`);
console.log(table(rows));
