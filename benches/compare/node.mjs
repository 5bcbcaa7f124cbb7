// Same-process speed comparison: bitcoin-auth 0.0.7 (on @bsv/sdk 2.1.0) vs sigma-auth-native.
//
//   ./scripts/install-interop && (cd bindings/node && npm ci && npm run build)
//   node benches/compare/node.mjs            [--seconds 1.5] [--json]
//
// Prints a Markdown table of operations per second and the ratio (ours / reference). Each
// figure is the median of 3 timed runs after a warm-up; both libraries run in this one Node
// process on the same inputs. verifyBatch uses the core's threaded batch verifier
// (std::thread::available_parallelism threads; 2 on the CI machine).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const interop = createRequire(path.join(root, 'tests', 'interop', 'package.json'));
const ref = interop('bitcoin-auth');
const { PrivateKey } = interop('@bsv/sdk');
const sigma = require(path.join(root, 'bindings', 'node'));

const args = process.argv.slice(2);
const SECONDS = (args.includes('--seconds') && Number(args[args.indexOf('--seconds') + 1])) || 1.5;
const JSON_OUT = args.includes('--json');
const LOAD_AT_START = os.loadavg();

function time(fn, seconds = SECONDS) {
  // warm-up
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(seconds * 0.3e9));
  while (process.hrtime.bigint() < warmEnd) fn();
  const runs = [];
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let r = 0; r < 3; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(seconds * 1e9));
    let now = start;
    while (now < end) {
      const k = fn();
      n += typeof k === 'number' ? k : 1;
      now = process.hrtime.bigint();
    }
    runs.push(n / (Number(now - start) / 1e9));
  }
  runs.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpu0);
  lastCores = (cpu.user + cpu.system) / (Number(process.hrtime.bigint() - wall0) / 1e3);
  return runs[1];
}
let lastCores = 0;

const wif = PrivateKey.fromRandom().toWif();
const requestPath = '/api/items?page=2&sort=desc';
const body = JSON.stringify({ id: 42, name: 'bench', tags: ['a', 'b', 'c'], note: 'x'.repeat(200) });
const timestamp = new Date().toISOString();
const config = (scheme) => ({ privateKeyWif: wif, requestPath, body, scheme, timestamp });
const target = { requestPath, timestamp, body };

const rows = [];
for (const scheme of ['bsm', 'brc77']) {
  const token = ref.getAuthToken(config(scheme));
  if (ref.verifyAuthToken(token, target) !== true || sigma.verifyAuthToken(token, target) !== true) {
    throw new Error(`${scheme}: a token did not verify before timing`);
  }
  const theirs = time(() => ref.verifyAuthToken(token, target));
  const ours = time(() => sigma.verifyAuthToken(token, target));
  rows.push({ op: `verifyAuthToken ${scheme}`, ref: theirs, ours });
}
for (const scheme of ['bsm', 'brc77']) {
  const theirs = time(() => ref.getAuthToken(config(scheme)));
  const ours = time(() => sigma.getAuthToken(config(scheme)));
  rows.push({ op: `getAuthToken ${scheme}`, ref: theirs, ours });
}
// verifyBatch: per-token throughput of one call over 512 tokens, compared with the reference's
// one-at-a-time verifyAuthToken of the same scheme.
for (const scheme of ['bsm', 'brc77']) {
  const items = Array.from({ length: 512 }, (_, i) => {
    const p = `${requestPath}&i=${i}`;
    return { token: sigma.getAuthToken({ ...config(scheme), requestPath: p }), requestPath: p, body };
  });
  const out = sigma.verifyBatch(items);
  if (out.some((o) => o instanceof sigma.AuthTokenError)) throw new Error('batch item failed');
  const refRow = rows.find((r) => r.op === `verifyAuthToken ${scheme}`);
  const ours = time(() => {
    sigma.verifyBatch(items);
    return items.length;
  });
  rows.push({
    op: `verifyBatch ${scheme} (${Math.min(os.availableParallelism?.() ?? os.cpus().length, 512)} threads, 512/call)`,
    ref: refRow.ref,
    ours,
    cores: lastCores,
  });
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
if (JSON_OUT) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, load average at start ${LOAD_AT_START.map((l) => l.toFixed(1)).join(' ')}; bitcoin-auth 0.0.7 on @bsv/sdk 2.1.0; ${SECONDS}s per figure, median of 3\n`);
  console.log('| operation | bitcoin-auth (ops/s) | sigma-auth-native (ops/s) | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.op} | ${fmt(r.ref)} | ${fmt(r.ours)} | ${(r.ours / r.ref).toFixed(1)}x |`);
  const batch = rows.filter((r) => r.cores !== undefined).map((r) => r.cores.toFixed(2));
  console.log(`\nverifyBatch obtained ${batch.join(' / ')} cores on average (process CPU time / wall time); other load on the machine lowers it.`);
}
