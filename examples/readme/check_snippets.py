#!/usr/bin/env python3
"""Checks that the code blocks of the READMEs are the programs under examples/ that the tests
build and run, so the documentation cannot drift from code that works.

A program marks the lines a README shows with a comment `snippet: <README path>#<label>` and a
comment `end snippet` (any comment syntax: `#`, `//`, `/*`). The pieces of one README#label are
dedented one by one and joined in file order; the result must equal one fenced block of that
README exactly. Every block in Rust, C, Go or Python must be such a snippet, unless SKIPPED
below says why not. Blocks in other languages (sh, toml, json) are listed as not checked.

Usage: check_snippets.py REPO_ROOT           exit 0 when every check holds, 1 otherwise
       check_snippets.py --write REPO_ROOT   first copy each drifted snippet into the README
                                             block nearest to it (review the diff before committing)
"""

import difflib
import re
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

READMES = ["README.md", "ffi/README.md", "bindings/go/README.md", "bindings/python/README.md",
           "bindings/node/README.md",
           "examples/python-server/README.md"]
# Where the marked programs are.
SOURCES = ["examples/readme", "examples/python-server", "examples/better-auth"]
CHECKED = {"rust", "c", "go", "python", "js"}
# (README, first line of the block) -> why that block is not a snippet of a program here.
SKIPPED = {
    ("README.md", "const { hardenSigmaProvider } = require('sigma-auth-native/better-auth');"):
        "a change to a Better Auth config; examples/better-auth/auth.mjs makes it, run by step 92",
    ("bindings/node/README.md", "const { getAuthToken, parseAuthToken, verifyAuthToken } = require('sigma-auth-native');"):
        "the drop-in's calls with placeholder arguments; test/reference-suite.test.js exercises them",
    ("bindings/go/README.md", "package main"):
        "a complete program, extracted from the README and built by scripts/test.d/41-go.sh",
    ("bindings/python/README.md",
     'create_token(wif, path, body=None, *, body_encoding="utf8", scheme="brc77", timestamp=None) -> str'):
        "a signature summary, not code; the .pyi stubs are checked by stubtest in 60-python.sh",
}

# One region may be shown by several READMEs: `snippet: A.md#x B.md#y`.
BEGIN = re.compile(r"^\s*(?:#|//|/\*)\s*snippet:\s*((?:\S+?#\S+\s*)+?)\s*(?:\*/)?\s*$")
END = re.compile(r"^\s*(?:#|//|/\*)\s*end snippet\s*(?:\*/)?\s*$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


def blocks(text):
    """The fenced blocks of a Markdown text: (line number, language, content)."""
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = m.group(1), m.group(2), i + 1
        j = start
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        body = [ln[len(indent):] if ln.startswith(indent) else ln.lstrip() for ln in lines[start:j]]
        out.append((start, lang, "\n".join(body) + "\n"))
        i = j + 1
    return out


def snippets(root):
    """{(README, label): (source file, joined text)} from every marked file under SOURCES."""
    pieces, where, errors = defaultdict(list), {}, []
    for base in SOURCES:
        for path in sorted((root / base).rglob("*")):
            if (not path.is_file() or "target" in path.parts or "node_modules" in path.parts
                    or path.suffix not in {".rs", ".c", ".h", ".go", ".py", ".js"}):
                continue
            rel, current, piece = path.relative_to(root), None, []
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if current is None:
                    m = BEGIN.match(line)
                    if m:
                        current = [tuple(t.split("#", 1)) for t in m.group(1).split()]
                        piece = []
                        for key in current:
                            where.setdefault(key, f"{rel}:{n}")
                elif END.match(line):
                    for key in current:
                        pieces[key].append(textwrap.dedent("\n".join(piece) + "\n"))
                    current = None
                elif BEGIN.match(line):
                    errors.append(f"{rel}:{n}: snippet opened inside another")
                else:
                    piece.append(line)
            if current is not None:
                errors.append(f"{rel}: snippet {' '.join('#'.join(k) for k in current)} is not closed")
    return {key: (where[key], "".join(p)) for key, p in pieces.items()}, errors


def write(root, found):
    """Replaces, in each README, the block nearest to each drifted snippet with the snippet."""
    for (readme, _label), (_source, text) in found.items():
        path = root / readme
        if readme not in READMES:
            continue
        current = blocks(path.read_text())
        if any(body == text for _n, _lang, body in current):
            continue
        n, _lang, body = max(current, key=lambda c: difflib.SequenceMatcher(None, c[2], text).ratio())
        lines = path.read_text().splitlines(True)
        indent = FENCE.match(lines[n - 1]).group(1)
        count = body.count("\n")
        new = [(indent + ln if ln.strip() else ln) for ln in text.splitlines(True)]
        lines[n:n + count] = new
        path.write_text("".join(lines))
        print(f"wrote {readme}:{n + 1}")


def main():
    args = sys.argv[1:]
    root = Path(args[-1] if args and args[-1] != "--write" else ".").resolve()
    found, errors = snippets(root)
    if "--write" in args:
        write(root, found)
    matched = set()
    for (readme, label), (source, text) in sorted(found.items()):
        if readme not in READMES:
            errors.append(f"{source}: names {readme}, which is not one of the checked READMEs")
            continue
        candidates = [(n, body) for n, _lang, body in blocks((root / readme).read_text())]
        hits = [n for n, body in candidates if body == text]
        if hits:
            matched.update((readme, n) for n in hits)
            print(f"ok      {readme}:{hits[0]} = {source} ({readme}#{label})")
            continue
        best = max(candidates, key=lambda c: difflib.SequenceMatcher(None, c[1], text).ratio())
        diff = "".join(difflib.unified_diff(best[1].splitlines(True), text.splitlines(True),
                                            f"{readme}:{best[0]}", source))
        errors.append(f"{readme}#{label} ({source}) equals no block of {readme}; nearest:\n{diff}")
    for readme in READMES:
        for n, lang, body in blocks((root / readme).read_text()):
            first = body.split("\n", 1)[0]
            if (readme, n) in matched:
                continue
            if (readme, first) in SKIPPED:
                print(f"skipped {readme}:{n} ({lang}): {SKIPPED[(readme, first)]}")
            elif lang in CHECKED:
                errors.append(f"{readme}:{n}: this {lang} block is no program's snippet")
            else:
                print(f"not checked {readme}:{n} ({lang or 'no language'})")
    for e in errors:
        print("FAIL", e)
    print(f"snippets: {len(found)} checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
