// Same-process speed comparison: bitcoin-auth 0.0.7 (on @bsv/sdk 2.1.0) vs sigma-auth-native.
//
//   ./scripts/install-interop && (cd bindings/node && npm ci && npm run build)
//   node benches/compare/node.mjs            [--seconds 1.5] [--json]
//
// Prints a Markdown table of operations per second (wall clock) and the ratio ours/reference.
// Both libraries run in this one Node process on the same inputs; the reference and ours are
// timed in alternation (3 rounds each, after a warm-up) and each figure is the median round, so
// a burst of load from other processes hits both sides. The last column is the ratio of CPU time
// per operation, which other processes on the machine disturb far less (for verifyBatch it is the
// CPU cost per token summed over threads, so it shows efficiency, not the parallel speed-up).
// verifyBatch uses the core's threaded batch verifier (available_parallelism threads; 2 here).
// Garbage is collected before every round, so that the reference's garbage is not collected (by
// V8's helper threads, counted in process CPU time) during a round of ours.
//
// Inputs: the path and body of the Rust core's benches (benches/src/lib.rs PATH and BODY), so
// that our figures compare with benches/compare/run's Rust rows.
//
// --json prints one object per row: op, ref / ours (wall ops/s, median round), refCpu / oursCpu
// (CPU microseconds per op, median round), cores, and oursOpsCpu (ops per second of process CPU
// time, best round: the figure benches/compare/run compares with the Rust core's best round in
// thread CPU time) and oursOpsBest (wall ops/s, best round; what run takes for verifyBatch).
// verifyBatch rows also have scaling: the batch's throughput over that of single verifyAuthToken
// calls on the same 512 tokens, in 61 short alternating rounds (wall clock, median of the
// per-round ratios; see scalingOf), asyncScaling: the same for verifyBatchAsync, and coreScaling:
// the same for the core's own batch and loop.
// Rows `Verifier.verify <scheme>` and `createToken <scheme>` time the rich API (a Verifier
// configured once, a PrivateKey object) next to the drop-in's verifyAuthToken / getAuthToken.
// Each single-call row also has coreOpsCpu and vsCore: the core's own loop (the addon's
// benchmark hooks) timed in alternation with that call, and the call's time per operation as a
// multiple of the core's (process CPU time, median of per-round ratios; 1.00 = no binding overhead).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
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
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

/** One timed round of `fn` for `seconds`: { ops per wall second, CPU microseconds per op, cores used }. */
function round(fn, seconds) {
  collect();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    const k = fn();
    n += typeof k === 'number' ? k : 1;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  const wallUs = Number(now - start) / 1e3;
  return { ops: n / (wallUs / 1e6), cpuUs: (cpu.user + cpu.system) / n, cores: (cpu.user + cpu.system) / wallUs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `rounds` rounds of `seconds` each of `first` and `second`, alternating, after a short warm-up of each: [first's rounds, second's]. */
function alternate(first, second, rounds, seconds) {
  round(first, seconds * 0.3);
  round(second, seconds * 0.3);
  const a = [];
  const b = [];
  for (let r = 0; r < rounds; r++) {
    a.push(round(first, seconds));
    b.push(round(second, seconds));
  }
  return [a, b];
}

/** Times the reference and ours in alternation; medians of 3 rounds each. */
function compare(refFn, oursFn) {
  const [a, b] = alternate(refFn, oursFn, 3, SECONDS);
  return {
    ref: median(a.map((x) => x.ops)),
    ours: median(b.map((x) => x.ops)),
    refCpu: median(a.map((x) => x.cpuUs)),
    oursCpu: median(b.map((x) => x.cpuUs)),
    cores: median(b.map((x) => x.cores)),
    refOpsCpu: 1e6 / Math.min(...a.map((x) => x.cpuUs)),
    oursOpsCpu: 1e6 / Math.min(...b.map((x) => x.cpuUs)),
    oursOpsBest: Math.max(...b.map((x) => x.ops)),
  };
}

const wif = PrivateKey.fromRandom().toWif();
const requestPath = '/api/items?page=2';
const body = '{"a":1}';
const timestamp = new Date().toISOString();
const config = (scheme) => ({ privateKeyWif: wif, requestPath, body, scheme, timestamp });
const target = { requestPath, timestamp, body };

// The core alone, in this process: the addon's benchmark hooks (src/bench.rs) run the core's
// verify or create CORE_LOOP times with no JavaScript in between. Timed in alternation with the
// binding's call (vsCore), the ratio is the binding's own cost, free of the drift of a shared
// machine between separate runs.
const native = require(path.join(root, 'bindings', 'node', 'native.js'));
const CORE_LOOP = 50;
const bodyBytes = Buffer.from(body, 'utf8');
// Nine short rounds of each, alternating; vsCore is the median of the per-round ratios (a pair
// of adjacent rounds sees the same machine), coreOpsCpu the core's best round.
function vsCore(coreFn, oursFn) {
  const [c, o] = alternate(coreFn, oursFn, 9, SECONDS / 3);
  return {
    coreOpsCpu: 1e6 / Math.min(...c.map((x) => x.cpuUs)),
    vsCore: median(o.map((x, r) => x.cpuUs / c[r].cpuUs)),
  };
}

// A batch's scaling: the time of one pass of single calls over its tokens ÷ the time of one batch
// call on them, in many short alternating rounds (a pass is tens of milliseconds, so both sides of
// a round see the same machine); the median of the per-round ratios. The same for the core's own
// loop and batch on the same tokens (the addon's coreBatchLoop hook), in the same rounds: what
// the machine gives a batch at that moment, so that the binding's share of any gap shows.
async function scalingOf(loop, batch, batchAsync, items, rounds = 61) {
  const wall = async (f) => {
    const t = process.hrtime.bigint();
    await f();
    return Number(process.hrtime.bigint() - t);
  };
  const tokens = items.map((it) => it.token);
  const paths = items.map((it) => it.requestPath);
  const coreLoop = () => native.coreBatchLoop(tokens, paths, bodyBytes, false);
  const coreBatch = () => native.coreBatchLoop(tokens, paths, bodyBytes, true);
  if (coreLoop() !== items.length || coreBatch() !== items.length) throw new Error('the core refused a batch token');
  collect(); // not the reference's garbage, collected by V8's helper threads during a batch
  for (let i = 0; i < 5; i++) for (const f of [loop, batch, batchAsync, coreLoop, coreBatch]) await wall(f);
  const ours = [];
  const async = [];
  const core = [];
  for (let i = 0; i < rounds; i++) {
    const one = await wall(loop);
    ours.push(one / ((await wall(batch)) + (await wall(batch))) * 2);
    async.push(one / ((await wall(batchAsync)) + (await wall(batchAsync))) * 2);
    core.push((await wall(coreLoop)) / ((await wall(coreBatch)) + (await wall(coreBatch))) * 2);
  }
  return { scaling: median(ours), asyncScaling: median(async), coreScaling: median(core) };
}

const rows = [];
for (const scheme of ['bsm', 'brc77']) {
  const token = ref.getAuthToken(config(scheme));
  if (ref.verifyAuthToken(token, target) !== true || sigma.verifyAuthToken(token, target) !== true) {
    throw new Error(`${scheme}: a token did not verify before timing`);
  }
  const coreVerify = () => native.coreVerifyLoop(token, requestPath, bodyBytes, CORE_LOOP);
  if (coreVerify() !== CORE_LOOP) throw new Error(`${scheme}: the core loop refused the token`);
  const dropIn = () => sigma.verifyAuthToken(token, target);
  rows.push({ op: `verifyAuthToken ${scheme}`, ...compare(() => ref.verifyAuthToken(token, target), dropIn), ...vsCore(coreVerify, dropIn) });
  const verifier = new sigma.Verifier();
  const req = { requestPath, body };
  verifier.verify(token, req);
  const rich = () => verifier.verify(token, req);
  rows.push({ op: `Verifier.verify ${scheme}`, ...compare(() => ref.verifyAuthToken(token, target), rich), ...vsCore(coreVerify, rich) });
}
const key = sigma.PrivateKey.fromWif(wif);
const nativeKey = native.PrivateKey.fromWif(wif);
for (const scheme of ['bsm', 'brc77']) {
  const coreCreate = () => native.coreCreateLoop(nativeKey, requestPath, scheme, bodyBytes, CORE_LOOP);
  const dropIn = () => sigma.getAuthToken(config(scheme));
  rows.push({ op: `getAuthToken ${scheme}`, ...compare(() => ref.getAuthToken(config(scheme)), dropIn), ...vsCore(coreCreate, dropIn) });
  const options = { requestPath, body, scheme, timestamp };
  const rich = () => sigma.createToken(key, options);
  rows.push({ op: `createToken ${scheme}`, ...compare(() => ref.getAuthToken(config(scheme)), rich), ...vsCore(coreCreate, rich) });
}
// verifyBatch: per-token throughput of one call over 512 tokens, against the reference's
// one-at-a-time verifyAuthToken of the same scheme (the reference has no batch API).
const threads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 512);
for (const scheme of ['bsm', 'brc77']) {
  const token = ref.getAuthToken(config(scheme));
  const items = Array.from({ length: 512 }, (_, i) => {
    const p = `${requestPath}&i=${i}`;
    return { token: sigma.getAuthToken({ ...config(scheme), requestPath: p }), requestPath: p, body };
  });
  if (sigma.verifyBatch(items).some((o) => o instanceof sigma.AuthTokenError)) throw new Error('batch item failed');
  const batch = () => {
    sigma.verifyBatch(items);
    return items.length;
  };
  const r = compare(() => ref.verifyAuthToken(token, target), batch);
  // The batch's scaling: against single verifyAuthToken calls over the same 512 items (the same
  // work: 512 tokens, each signed for its own path), timed in alternation.
  const loop = () => {
    for (const it of items) sigma.verifyAuthToken(it.token, { requestPath: it.requestPath, body, timestamp });
    return items.length;
  };
  if (loop() !== items.length) throw new Error('loop failed');
  const batchAsync = () => sigma.verifyBatchAsync(items);
  rows.push({ op: `verifyBatch ${scheme} (${threads} threads, 512/call)`, ...r, batch: true, ...(await scalingOf(loop, batch, batchAsync, items)) });
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
if (JSON_OUT) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(
    `Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, load average at start ${LOAD_AT_START.map((l) => l.toFixed(1)).join(' ')}; ` +
      `bitcoin-auth 0.0.7 on @bsv/sdk 2.1.0; ${SECONDS}s per round, reference and ours alternated, median of 3\n`,
  );
  console.log('| operation | bitcoin-auth (ops/s) | sigma-auth-native (ops/s) | ratio (wall) | ratio (CPU time/op) | sigma-auth-native (ops/s of CPU time, best round) | time vs the core in this process |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.op} | ${fmt(r.ref)} | ${fmt(r.ours)} | ${(r.ours / r.ref).toFixed(1)}x | ${(r.refCpu / r.oursCpu).toFixed(1)}x | ${r.batch ? '' : fmt(r.oursOpsCpu)} | ${r.vsCore ? `${r.vsCore.toFixed(2)}x` : ''} |`);
  }
  const batches = rows.filter((r) => r.batch);
  console.log(`\nverifyBatch obtained ${batches.map((r) => r.cores.toFixed(2)).join(' / ')} cores (process CPU time / wall time; ${threads} is the most); other load on the machine lowers it.`);
  console.log(`verifyBatch against verifyAuthToken calls over the same 512 tokens (wall, 61 alternating rounds, median of the per-round ratios): ${batches.map((r) => `${r.op.split(' ')[1]} ${r.scaling.toFixed(2)}x`).join(', ')}; verifyBatchAsync ${batches.map((r) => `${r.asyncScaling.toFixed(2)}x`).join(', ')}; in the same rounds the core's own verify_batch against its own loop: ${batches.map((r) => `${r.coreScaling.toFixed(2)}x`).join(', ')}.`);
}
