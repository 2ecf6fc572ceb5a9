"""Running Python in a child process, for the tests that need a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None, expect: int = 0
) -> subprocess.CompletedProcess[str]:
    """``python *args`` (this interpreter) in ``cwd``; fails the test, with the end of what
    the child wrote to stderr, unless it exits with ``expect``."""
    finished = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == expect, finished.stderr[-3000:]
    return finished
