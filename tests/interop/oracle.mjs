// Oracle for the interop tests: runs the real reference packages (bitcoin-auth 0.0.7 on
// @bsv/sdk 2.1.0, pinned in package-lock.json) on a batch of requests.
//
// stdin:  a JSON array of requests
//   {"op":"create", "wif", "requestPath", "body"?, "bodyEncoding"?, "scheme", "timestamp"?}
//   {"op":"verify", "token", "target": {"requestPath","timestamp","body"?}, "timePad"?, "bodyEncoding"?}
//   {"op":"parse",  "token"}
// stdout: a JSON array, one answer per request: {"result": value} or {"error": message}
import { getAuthToken, parseAuthToken, verifyAuthToken } from 'bitcoin-auth';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const answer = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
};

const out = requests.map((r) => {
  switch (r.op) {
    case 'create':
      return answer(() =>
        getAuthToken({
          privateKeyWif: r.wif,
          requestPath: r.requestPath,
          body: r.body,
          bodyEncoding: r.bodyEncoding,
          scheme: r.scheme,
          timestamp: r.timestamp,
        }),
      );
    case 'verify':
      return answer(() => verifyAuthToken(r.token, r.target, r.timePad, r.bodyEncoding));
    case 'parse':
      return answer(() => parseAuthToken(r.token));
    default:
      return { error: `unknown op ${r.op}` };
  }
});
process.stdout.write(JSON.stringify(out));
