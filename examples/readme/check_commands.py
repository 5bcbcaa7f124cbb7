#!/usr/bin/env python3
"""Checks that each `sigma-auth ...` command written in the READMEs' shell blocks parses: the
subcommand exists and takes every option the line writes (each `--option` appears in that
subcommand's --help). Placeholders (TOKEN, ISO, `anyone|self|PUBHEX`) are not run. Commands
written as `cargo run ... -p sigma-auth-cli -- ARGS` are read as `sigma-auth ARGS`.

Usage: check_commands.py REPO_ROOT SIGMA_AUTH_BINARY   exit 0 when every command parses.
"""

import re
import subprocess
import sys
from pathlib import Path

from check_snippets import READMES, blocks

CALL = re.compile(r"(?:(?<![\w/-])sigma-auth|-p sigma-auth-cli --)\s+([^#)\n]*)")


def commands(root):
    """(README:line, subcommand words, options) for every sigma-auth call in a shell block."""
    for readme in READMES:
        for start, lang, body in blocks((root / readme).read_text()):
            if lang not in {"sh", "bash", ""}:
                continue
            for offset, line in enumerate(body.splitlines()):
                for m in CALL.finditer(line):
                    words = m.group(1).replace("[", " ").replace("]", " ").split()
                    sub = []
                    for w in words:
                        if not re.fullmatch(r"[a-z]+(-[a-z]+)*", w):
                            break
                        sub.append(w)
                    options = sorted({w.split("=")[0] for w in words if re.fullmatch(r"--[a-z][a-z-]*(=.*)?", w)})
                    yield f"{readme}:{start + offset + 1}", sub, options


def main():
    root, binary = Path(sys.argv[1]).resolve(), sys.argv[2]
    problems = checked = 0
    for where, sub, options in commands(root):
        checked += 1
        run = subprocess.run([binary, *sub, "--help"], capture_output=True, text=True)
        known = set(re.findall(r"--[a-z][a-z-]*", run.stdout))
        missing = [o for o in options if o not in known and o != "--help"]
        if run.returncode != 0 or missing or not sub:
            problems += 1
            print(f"FAIL {where}: sigma-auth {' '.join(sub)}: exit {run.returncode},"
                  f" options not in its --help: {missing}")
        else:
            print(f"ok   {where}: sigma-auth {' '.join(sub)} {' '.join(options)}")
    print(f"commands: {checked} checked, {problems} problems")
    return 1 if problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
