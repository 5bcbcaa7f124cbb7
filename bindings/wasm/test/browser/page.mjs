// Runs in the browser: loads the web build of sigma-auth-wasm, makes a key with Web Crypto,
// creates three X-Auth-Tokens (good, forged, expired) and sends each to /api/hello, which the
// test's page server passes unchanged to the Node example server (examples/node-server). The
// answers are shown in the table and left in window.sigmaResults for the test; with ?bench the
// page then times token create and verify against bitcoin-auth (bench/compare.mjs).
import init, * as sigma from '/pkg/sigma_auth_wasm.js';

const status = document.getElementById('status');

async function send(name, expected, token) {
  const res = await fetch('/api/hello?from=browser', { headers: { 'X-Auth-Token': token } });
  const json = await res.json();
  const row = document.createElement('tr');
  const pass = res.status === expected.status && (expected.code === undefined || json.code === expected.code);
  row.className = pass ? 'pass' : 'fail';
  for (const text of [name, `${expected.status}${expected.code ? ` ${expected.code}` : ''}`, res.status, json.code ?? json.pubkey]) {
    const cell = document.createElement('td');
    cell.textContent = String(text);
    row.append(cell);
  }
  document.getElementById('results').append(row);
  return { name, status: res.status, body: json };
}

async function main() {
  await init();
  const alice = sigma.PrivateKey.generate();
  const mallory = sigma.PrivateKey.generate();
  const path = '/api/hello?from=browser';
  const good = sigma.createToken(alice, { requestPath: path });
  // Signed by mallory, claiming alice's key: the envelope's signer is not the token's pubkey.
  const forgedParts = sigma.createToken(mallory, { requestPath: path }).split('|');
  forgedParts[0] = alice.publicKey().toHex();
  const forged = forgedParts.join('|');
  const expired = sigma.createToken(alice, { requestPath: path, timestamp: Date.now() - 10 * 60 * 1000 });
  const results = [];
  results.push(await send('good token', { status: 200 }, good));
  results.push(await send('forged token', { status: 401, code: 'signer_mismatch' }, forged));
  results.push(await send('expired token', { status: 401, code: 'expired' }, expired));
  window.sigmaResults = { pubkey: alice.publicKey().toHex(), results };
  status.textContent = `done: key ${alice.publicKey().toHex().slice(0, 16)}… made with Web Crypto`;
  if (new URLSearchParams(location.search).has('bench')) {
    status.textContent += '; timing…';
    const [{ compare, table }, bitcoinAuth, { PrivateKey }] = await Promise.all([
      import('/bench/compare.mjs'),
      import('/interop/bitcoin-auth/dist/index.js'),
      import('@bsv/sdk'),
    ]);
    const rows = compare({ sigma, bitcoinAuth, wif: PrivateKey.fromRandom().toWif() });
    document.getElementById('bench').textContent = table(rows);
    window.sigmaBench = rows;
    status.textContent = status.textContent.replace('; timing…', '; timed');
  }
  window.sigmaDone = true;
}

main().catch((e) => {
  status.textContent = `failed: ${e && e.message}`;
  window.sigmaError = String(e && e.stack);
  window.sigmaDone = true;
});
