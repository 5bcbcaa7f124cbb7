// Token create and verify in sigma-auth-wasm against bitcoin-auth 0.0.7, in the same JavaScript
// process (Node) or the same page (a browser): one function for both. Prints nothing; returns
// the figures. Each operation is warmed up, then timed in rounds alternating with bitcoin-auth's
// (the best round of each is kept): in the process's CPU time
// where there is one (Node: process.cpuUsage, which a busy shared machine disturbs less than
// the wall clock), else with performance.now() (a browser page); the ratio is bitcoin-auth's
// time per call over ours, both measured the same way in the same run.

const cpu = typeof process !== 'undefined' && typeof process.cpuUsage === 'function';

/** Microseconds now: CPU time (user + system) in Node, the page's clock in a browser. */
function now() {
  if (cpu) {
    const u = process.cpuUsage();
    return u.user + u.system;
  }
  return performance.now() * 1000;
}

/** One timed loop: microseconds per call. */
function time(n, f) {
  const t0 = now();
  for (let i = 0; i < n; i++) f(i);
  return (now() - t0) / n;
}

/**
 * Ours and theirs timed in alternating rounds (after a warm-up of each), keeping each one's best
 * round: what a busy machine adds is never less than nothing, so the fastest round is the
 * closest to the true cost, and alternation exposes both to the same conditions.
 */
function race(rounds, ours, theirs) {
  time(Math.ceil(rounds.ours / 10), ours);
  time(Math.ceil(rounds.theirs / 10), theirs);
  let best = [Infinity, Infinity];
  for (let r = 0; r < ROUNDS; r++) {
    best = [Math.min(best[0], time(Math.ceil(rounds.ours / ROUNDS), ours)), Math.min(best[1], time(Math.ceil(rounds.theirs / ROUNDS), theirs))];
  }
  return best;
}

/** Alternating timed rounds per operation. */
const ROUNDS = 5;

/** How `time` measures. */
export const clock = cpu ? 'process CPU time (process.cpuUsage)' : 'wall clock (performance.now)';

/**
 * `sigma`: the package (after init in a browser); `bitcoinAuth`: the reference module;
 * `wif`: a compressed WIF; `rounds`: { ours, theirs } calls per operation, spread over the
 * alternating rounds.
 */
export function compare({ sigma, bitcoinAuth, wif, rounds = { ours: 2000, theirs: 200 } }) {
  const requestPath = '/api/items?page=2';
  const body = JSON.stringify({ name: 'widget', qty: 3 });
  const key = sigma.PrivateKey.fromWif(wif);
  const verifier = new sigma.Verifier({});
  const rows = [];
  for (const scheme of ['brc77', 'bsm']) {
    const timestamp = new Date().toISOString();
    const token = bitcoinAuth.getAuthToken({ privateKeyWif: wif, requestPath, body, scheme, timestamp });
    const target = { requestPath, body, timestamp };
    const request = { requestPath, body };
    // Both must accept the token before anything is timed.
    if (!bitcoinAuth.verifyAuthToken(token, target)) throw new Error('bitcoin-auth refused its own token');
    verifier.verify(token, request);
    const verifyOurs = () => verifier.verify(token, request);
    const verifyTheirs = () => bitcoinAuth.verifyAuthToken(token, target);
    const createOurs = () => sigma.createToken(key, { requestPath, body, scheme });
    const createTheirs = () => bitcoinAuth.getAuthToken({ privateKeyWif: wif, requestPath, body, scheme });
    const [vo, vt] = race(rounds, verifyOurs, verifyTheirs);
    const [co, ct] = race(rounds, createOurs, createTheirs);
    rows.push({ op: `verify ${scheme}`, oursUs: vo, theirsUs: vt, ratio: vt / vo });
    rows.push({ op: `create ${scheme}`, oursUs: co, theirsUs: ct, ratio: ct / co });
  }
  key.free();
  verifier.free();
  return rows;
}

/** The rows as a small Markdown table. */
export function table(rows) {
  const f = (x) => x.toFixed(1);
  return [
    '| operation | sigma-auth-wasm µs/call | bitcoin-auth µs/call | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.op} | ${f(r.oursUs)} | ${f(r.theirsUs)} | ${r.ratio.toFixed(1)}× |`),
  ].join('\n');
}
