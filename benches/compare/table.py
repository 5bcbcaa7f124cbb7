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
IDENTITY_OPS = ["aip_verify_with_pipe", "aip_verify_without_pipe", "sigma_verify_bsm", "sigma_verify_brc77", "attestation_check"]
RECOVER_FLOOR = ("libsecp256k1 raw", "ecdsa_recover")


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


BATCH = "token_verify_batch_all_cores"


def bindings_vs_core(w, by, impls, in_process, scalings, asyncs, rounds, ceiling):
    """Each of our surfaces as a multiple of the Rust core's time per call (1.00 = the core's speed),
    and each batch's throughput as a multiple of one call's (the batch scaling; `scalings`: the
    ones a binding timed in alternation with its single calls, `asyncs` its async batch's,
    `rounds`: the Rust batch's in 1 s rounds with two processes of the loop, and its median ratio to
    them; `ceiling`: the
    calibration's all-processes ÷ one-process ratio, or None)."""
    core = {o: by.get((OURS, o)) for o in TOKEN_OPS}
    ours = [i for i in impls if i.startswith("sigma-auth") and "k256" not in i]
    if not any(by.get((i, o)) for i in ours if i != OURS for o in TOKEN_OPS) and not by.get((OURS, BATCH)):
        return
    w("## The bindings and the batches against the Rust core")
    w("")
    w(f"Per call: ops/s and (in brackets) time per call as a multiple of {OURS}'s in this run "
      "(1.00× = the core's speed); where a binding can run the core's own loop in its process (Node: "
      "the addon's benchmark hooks), the figure in bold is that call timed in alternation with the core in "
      "the same process (median of per-round CPU-time ratios), which a shared machine's drift between "
      "separate runs cannot disturb. Batch scaling: a batch's throughput on all cores ÷ one call's "
      "throughput on one thread of the same surface (the batch is timed in wall-clock time, the single "
      "calls in CPU time); in bold, where the binding times it so, the batch against single calls on the "
      "same tokens, alternated in one process (wall clock, median of per-round ratios; one figure per "
      "scheme or one for a mixed batch), and where the binding can run the core's own batch and loop on "
      "those tokens in the same rounds, their ratio: what the machine gave a batch at that moment (Rust: "
      "`sigma-batch-scaling`'s paired rounds, then its 1 s rounds beside two processes of the loop)."
      + (f" No batch can pass the machine's own ceiling: in the calibration above, {os.cpu_count()} processes "
         f"at once did {ceiling:.2f}× the work of one." if ceiling else ""))
    w("")
    w("| surface | " + " | ".join(TOKEN_OPS) + " | batch scaling |")
    w("|---|" + "---:|" * (len(TOKEN_OPS) + 1))
    for i in ours:
        cells = []
        for o in TOKEN_OPS:
            v, c = by.get((i, o)), core[o]
            near = in_process.get((i, o))
            if not v:
                cells.append("—")
            elif near:
                cells.append(f"{fmt(v)} (**{near:.2f}×** in-process; {c / v:.2f}× across runs)" if c else f"{fmt(v)} (**{near:.2f}×** in-process)")
            else:
                cells.append(f"{fmt(v)} ({c / v:.2f}×)" if c else fmt(v))
        singles = [by.get((i, o)) for o in ("token_verify_brc77", "token_verify_bsm")]
        batches = [by.get((i, BATCH))] if by.get((i, BATCH)) else [by.get((i, f"{BATCH}_{s}")) for s in ("brc77", "bsm")]
        singles, batches = [x for x in singles if x], [x for x in batches if x]
        scaling = f"{(sum(batches) / len(batches)) / (sum(singles) / len(singles)):.2f}×" if singles and batches else "—"
        if scalings.get(i):
            near = " / ".join(f"{x:.2f}×" for x, _ in scalings[i])
            scaling = f"**{near}** in-process" + (f"; {scaling} across runs" if scaling != "—" else "")
            if asyncs.get(i):
                scaling += "; async " + " / ".join(f"{a:.2f}×" for a in asyncs[i])
            if all(c for _, c in scalings[i]):
                scaling += " (the core's own batch in the same rounds: " + " / ".join(f"{c:.2f}×" for _, c in scalings[i]) + ")"
        if rounds.get(i):
            batch, two, of_two = rounds[i]
            scaling += (f"; in 1 s rounds **{batch:.2f}×**, while two processes of the loop did {two:.2f}× "
                        f"(per round, {of_two:.2f} of them)")
        if any(c != "—" for c in cells) or scaling != "—":
            w(f"| {i} | " + " | ".join(cells) + f" | {scaling} |")
    w("")


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
      "possibly shared with other jobs, so absolute numbers are noisy — compare ratios within this run.")
    one, all_ = by.get(("calibration", "one_process")), by.get(("calibration", "all_processes"))
    if one and all_:
        n = os.cpu_count() or 1
        share = next((r.get("cpu_share") for r in rows if r["impl"] == "calibration" and r["op"] == "all_processes"), None)
        verdict = "independent" if all_ / one >= 0.9 * n else "NOT independent (shared or busy): batch scaling cannot reach the core count"
        w(f"Calibration (raw libsecp256k1 verify, wall clock, 2 s): one process {fmt(one)}/s; {n} processes at once "
          f"{fmt(all_)}/s in total = {all_ / one:.2f}× one process"
          + (f" (each got {share:.0%} of a CPU)" if share is not None else "")
          + f" → the cores are {verdict}.")
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
    in_process = {(r["impl"], r["op"]): r["vs_core"] for r in rows if r.get("vs_core")}
    scalings = {}
    rounds = {}
    for r in rows:
        if r.get("scaling"):
            scalings.setdefault(r["impl"], []).append((r["scaling"], r.get("core_scaling")))
        if r.get("rounds_scaling"):
            rounds[r["impl"]] = (r["rounds_scaling"], r["two_processes"], r["of_two"])
    asyncs = {}
    for r in rows:
        if r.get("async_scaling"):
            asyncs.setdefault(r["impl"], []).append(r["async_scaling"])
    bindings_vs_core(w, by, impls, in_process, scalings, asyncs, rounds, all_ / one if one and all_ else None)
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
    identity_rows = [i for i in impls if any(by.get((i, o)) for o in IDENTITY_OPS)]
    if identity_rows:
        recover = next((v for (i, o), v in by.items()
                        if i.startswith(RECOVER_FLOOR[0]) and o == RECOVER_FLOOR[1]), None)
        w("## Identity operations: AIP and Sigma verification (ops/s, higher is better)")
        w("")
        w("References: bsv-bap (AIP: its message buffer, then `verifySignature`) and sigma-protocol "
          "(`new Sigma(tx).verify()`), on the same payloads signed by the same key.")
        w("")
        w("| implementation | " + " | ".join(IDENTITY_OPS) + " |")
        w("|---|" + "---:|" * len(IDENTITY_OPS))
        for i in identity_rows:
            w(f"| {i} | " + " | ".join(fmt(by.get((i, o))) for o in IDENTITY_OPS) + " |")
        w("")
        w(f"Speed-up of {OURS} over each reference (same operation, × faster):")
        w("")
        w("| implementation | " + " | ".join(IDENTITY_OPS) + " |")
        w("|---|" + "---:|" * len(IDENTITY_OPS))
        for i in identity_rows:
            if i == OURS:
                continue
            cells = []
            for o in IDENTITY_OPS:
                ours, theirs = by.get((OURS, o)), by.get((i, o))
                cells.append(f"{ours / theirs:,.1f}×" if ours and theirs else "—")
            w(f"| {i} | " + " | ".join(cells) + " |")
        w("")
        if recover:
            w(f"Cost in raw libsecp256k1 recoveries ({fmt(recover)} ops/s): "
              + ", ".join(f"{o} {recover / by[(OURS, o)]:,.2f}×" for o in IDENTITY_OPS
                          if by.get((OURS, o)))
              + " (the without-pipe AIP form is tried second, so it costs two recoveries).")
            w("")
    w("## Every measurement")
    w("")
    w("| implementation | operation | ops/s | µs/op |")
    w("|---|---|---:|---:|")
    for r in rows:
        v = r["ops_per_sec"]
        if not v and r.get("scaling"):
            continue  # a scaling figure, shown in the bindings table
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
