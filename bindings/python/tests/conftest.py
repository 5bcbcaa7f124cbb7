"""Shared fixtures: the reference vectors and the npm oracle (bitcoin-auth 0.0.7 on @bsv/sdk 2.1.0)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors" / "auth-crypto.json"
ORACLE = ROOT / "tests" / "interop" / "oracle.mjs"


@pytest.fixture(scope="session")
def vectors():
    with open(VECTORS, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def js_oracle():
    """Runs a batch of requests through the JavaScript reference (see tests/interop/oracle.mjs).

    The test step runs ./scripts/install-interop first; a missing node or node_modules is an
    error, not a skip, so the interop tests cannot silently vanish.
    """
    node = shutil.which("node")
    assert node, "node is not on PATH (needed for the JavaScript reference oracle)"
    assert (ROOT / "tests" / "interop" / "node_modules" / "bitcoin-auth").is_dir(), (
        "run ./scripts/install-interop first"
    )

    def run(requests):
        out = subprocess.run(
            [node, str(ORACLE)],
            input=json.dumps(requests).encode(),
            capture_output=True,
            check=True,
            cwd=ORACLE.parent,
            env={**os.environ, "TZ": "UTC"},
        )
        answers = json.loads(out.stdout)
        assert len(answers) == len(requests)
        return answers

    return run


def pytest_sessionstart(session):
    # The tests must exercise the installed wheel, not a source tree on sys.path.
    import sigma_auth

    assert "site-packages" in sigma_auth._sigma_auth.__file__, sigma_auth._sigma_auth.__file__
