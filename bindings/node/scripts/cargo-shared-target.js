#!/usr/bin/env node
'use strict';
// `npm run build` runs `napi build` with CARGO pointing at this script. napi always passes
// `--target <triple>`, and an explicit --target makes cargo compile the core and every
// dependency a second time under target/<triple>/, apart from the workspace's own
// target/<profile>/ that `cargo build --release` (the CLI, the C library) fills. When the
// triple is the host's, this drops `--target`, so the addon is built beside them and shares
// their compiled dependencies; it then copies the addon to target/<triple>/<profile>/, where
// napi picks it up. Any other triple (cross builds) goes to cargo unchanged.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const cargo = 'cargo';
const env = { ...process.env };
delete env.CARGO; // this script; cargo sets CARGO for build scripts itself

function run(args, options = {}) {
  const r = spawnSync(cargo, args, { env, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  return r;
}

const args = process.argv.slice(2);
const at = args.indexOf('--target');
const host = /^host: (.+)$/m.exec(spawnSync('rustc', ['-vV'], { encoding: 'utf8' }).stdout || '');
if (args[0] !== 'build' || at < 0 || !host || args[at + 1] !== host[1]) {
  process.exit(run(args).status ?? 1);
}

const triple = args[at + 1];
args.splice(at, 2);
// JSON messages on stdout name each artifact; diagnostics stay rendered on stderr.
const r = run([...args, '--message-format=json-render-diagnostics'], {
  stdio: ['inherit', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
if (r.status !== 0) process.exit(r.status ?? 1);
let copied = 0;
for (const line of r.stdout.toString('utf8').split('\n')) {
  if (!line.startsWith('{')) continue;
  const msg = JSON.parse(line);
  if (msg.reason !== 'compiler-artifact' || !msg.target.crate_types.includes('cdylib')) continue;
  for (const file of msg.filenames) {
    // <target-dir>/<profile>/libx.so -> <target-dir>/<triple>/<profile>/libx.so
    const profileDir = path.dirname(file);
    const dest = path.join(path.dirname(profileDir), triple, path.basename(profileDir));
    fs.mkdirSync(dest, { recursive: true });
    fs.copyFileSync(file, path.join(dest, path.basename(file)));
    copied += 1;
  }
}
if (copied === 0) {
  console.error('cargo-shared-target: cargo built no cdylib; nothing for napi to pick up');
  process.exit(1);
}
