// Token create and verify in sigma-auth-wasm against bitcoin-auth 0.0.7, in the same JavaScript
// process (Node) or the same page (a browser): one function for both. Prints nothing; returns
// the figures. Each operation is warmed up, then timed over n calls: in the process's CPU time
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

/** How `time` measures. */
export const clock = cpu ? 'process CPU time (process.cpuUsage)' : 'wall clock (performance.now)';

/**
 * `sigma`: the package (after init in a browser); `bitcoinAuth`: the reference module;
 * `wif`: a compressed WIF; `rounds`: { ours, theirs } calls per timed loop.
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
    const warm = (n, f) => time(n, f);
    warm(20, () => verifier.verify(token, request));
    warm(5, () => bitcoinAuth.verifyAuthToken(token, target));
    const verifyOurs = time(rounds.ours, () => verifier.verify(token, request));
    const verifyTheirs = time(rounds.theirs, () => bitcoinAuth.verifyAuthToken(token, target));
    warm(20, () => sigma.createToken(key, { requestPath, body, scheme }));
    warm(5, () => bitcoinAuth.getAuthToken({ privateKeyWif: wif, requestPath, body, scheme }));
    const createOurs = time(rounds.ours, () => sigma.createToken(key, { requestPath, body, scheme }));
    const createTheirs = time(rounds.theirs, () => bitcoinAuth.getAuthToken({ privateKeyWif: wif, requestPath, body, scheme }));
    rows.push({ op: `verify ${scheme}`, oursUs: verifyOurs, theirsUs: verifyTheirs, ratio: verifyTheirs / verifyOurs });
    rows.push({ op: `create ${scheme}`, oursUs: createOurs, theirsUs: createTheirs, ratio: createTheirs / createOurs });
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
