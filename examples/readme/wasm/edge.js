// Edge middleware with the web build of sigma-auth-wasm: a fetch-style handler (Request in,
// a 401 Response out, or undefined to go on), as Next.js/Vercel edge middleware, Cloudflare
// Workers and Deno Deploy use. README.md shows the marked lines; edge.test.js runs them in Node.
// An edge runtime imports 'sigma-auth-wasm' and calls init() (or initSync({ module }) where the
// platform hands the .wasm module over); here the web build is loaded from the repository.
import { readFile } from 'node:fs/promises';
import init, { Verifier } from '../../../bindings/wasm/pkg/web/sigma_auth_wasm.js';

await init({ module_or_path: await readFile(new URL('../../../bindings/wasm/pkg/web/sigma_auth_wasm_bg.wasm', import.meta.url)) });

// snippet: README.md#wasm-edge
const verifier = new Verifier({ maxAgeSeconds: 300, maxSkewSeconds: 60 });
export async function middleware(req) {
  const url = new URL(req.url), body = new Uint8Array(await req.clone().arrayBuffer());
  try { verifier.verify(req.headers.get('x-auth-token') ?? '', { requestPath: url.pathname + url.search, body }); }
  catch (e) { return Response.json({ error: 'unauthorized', code: e.code, message: e.message }, { status: 401 }); }
}
// end snippet
