"""Turns the JSON lines of benches/compare/run ({"impl", "op", "ops_per_sec"}) into the Markdown
comparison table. Usage: python3 table.py results.jsonl notes.txt command [extra.md] > table.md
(stdlib only)."""

import json
import os
import platform
import sys
from datetime import datetime, timezone

OURS = "sigma-auth Rust (libsecp256k1)"
FLOOR = ("libsecp256k1 raw", "ecdsa_verify")
TOKEN_OPS = ["token_verify_brc77", "token_verify_bsm", "token_create_brc77", "token_create_bsm"]
ENC_OPS = [f"{kind}_{way}_{size}" for size in ("1k", "1m") for kind in ("ecies", "brc78") for way in ("encrypt", "decrypt")]


def load(path):
    rows = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if "op" in r and "ops_per_sec" in r:
                r.setdefault("impl", "?")
                rows.append(r)
    return rows


def fmt(x):
    return "—" if x is None else (f"{x:,.0f}" if x >= 100 else f"{x:,.1f}")


def main():
    rows = load(sys.argv[1])
    notes = open(sys.argv[2]).read().strip().splitlines() if len(sys.argv) > 2 else []
    command = sys.argv[3] if len(sys.argv) > 3 else "benches/compare/run"
    by = {(r["impl"], r["op"]): r["ops_per_sec"] for r in rows}
    impls = list(dict.fromkeys(r["impl"] for r in rows))
    floor = next((v for (i, o), v in by.items() if i.startswith(FLOOR[0]) and o == FLOOR[1]), None)
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    out = []
    w = out.append
    w(f"# Same-run comparison — {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    w("")
    w(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.machine()}; "
      "shared with other jobs, so absolute numbers are noisy — compare ratios within this run.")
    w(f"Command: `{command}`. Each language times its operations round-robin, five rounds each, "
      "in CPU time (Rust and Python: the thread's; Node: the process's user+system), and keeps "
      "the best round; single-threaded except `token_verify_batch_all_cores` (wall clock).")
    w("")
    w("## Token operations (ops/s, higher is better)")
    w("")
    w("| implementation | " + " | ".join(TOKEN_OPS) + " |")
    w("|---|" + "---:|" * len(TOKEN_OPS))
    for i in impls:
        vals = [by.get((i, o)) for o in TOKEN_OPS]
        if any(v is not None for v in vals):
            w(f"| {i} | " + " | ".join(fmt(v) for v in vals) + " |")
    w("")
    w(f"## Speed-up of {OURS} over each implementation (same operation, × faster)")
    w("")
    w("| implementation | " + " | ".join(TOKEN_OPS) + " |")
    w("|---|" + "---:|" * len(TOKEN_OPS))
    for i in impls:
        if i == OURS:
            continue
        cells = []
        for o in TOKEN_OPS:
            ours, theirs = by.get((OURS, o)), by.get((i, o))
            cells.append(f"{ours / theirs:,.1f}×" if ours and theirs else "—")
        if any(c != "—" for c in cells):
            w(f"| {i} | " + " | ".join(cells) + " |")
    w("")
    if any((OURS, o) in by for o in ENC_OPS):
        w("## Encryption: ECIES-Electrum and BRC-78 of 1 KiB and 1 MiB (ops/s, and × faster than each)")
        w("")
        w("| implementation | " + " | ".join(ENC_OPS) + " |")
        w("|---|" + "---:|" * len(ENC_OPS))
        for i in impls:
            vals = [by.get((i, o)) for o in ENC_OPS]
            if any(v is not None for v in vals):
                w(f"| {i} | " + " | ".join(fmt(v) for v in vals) + " |")
        for i in impls:
            if i == OURS:
                continue
            cells = []
            for o in ENC_OPS:
                ours, theirs = by.get((OURS, o)), by.get((i, o))
                cells.append(f"{ours / theirs:,.1f}×" if ours and theirs else "—")
            if any(c != "—" for c in cells):
                w(f"| {OURS} vs {i} | " + " | ".join(cells) + " |")
        w("")
    if floor:
        w(f"## Against the floor: raw libsecp256k1 ECDSA verify = {fmt(floor)} ops/s")
        w("")
        w("How many raw libsecp256k1 verifications one operation costs (floor ops/s ÷ ops/s; "
          "1.0 would be no overhead at all beyond one verification).")
        w("")
        w("| implementation | token_verify_brc77 | token_verify_bsm |")
        w("|---|---:|---:|")
        for i in impls:
            b, s = by.get((i, "token_verify_brc77")), by.get((i, "token_verify_bsm"))
            if b or s:
                w(f"| {i} | " + " | ".join(f"{floor / v:,.2f}× floor" if v else "—" for v in (b, s)) + " |")
        w("")
    w("## Every measurement")
    w("")
    w("| implementation | operation | ops/s | µs/op |")
    w("|---|---|---:|---:|")
    for r in rows:
        v = r["ops_per_sec"]
        w(f"| {r['impl']} | {r['op']} | {fmt(v)} | {1e6 / v:,.1f} |" if v else f"| {r['impl']} | {r['op']} | — | — |")
    extra = open(sys.argv[4]).read().strip() if len(sys.argv) > 4 else ""
    if extra:
        w("")
        w("## The bindings' own same-process comparisons")
        w("")
        w(extra)
    if notes:
        w("")
        w("## Notes")
        w("")
        for n in notes:
            w(f"- {n}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
