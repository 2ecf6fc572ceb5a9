"""Whether the engine runs its compiled modules or their sources.

The engine is plain Python and runs as such. ``simulator/compile_engine.py`` (``make
engine``) can compile ``MODULES`` with mypyc, beside their sources: the monthly run and
its bank, the code every simulation and every ranked plan runs month after month. It
compiles them together (the compiled run calls the compiled bank directly), so they are
used both or neither, and it records in ``_compiled.json`` the hashes of the engine's
sources it compiled them with (mypyc checks the types the two modules use from the
others, and relies on them).

Python would import a compiled module in preference to its source, even after the source
changed. So the package calls ``use_compiled`` before it imports any module: it keeps the
compiled modules only when the recorded hashes are those of the engine's sources as they
are now, and otherwise imports the two sources in their place (with a warning when a
build is out of date). ``ROLLOVER_PURE_ENGINE=1`` asks for the sources whatever is built (the
test suite checks with it that both give the same results).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Literal

__all__ = ["MODULES", "RECORD", "choice", "source_hashes", "use_compiled"]

MODULES = ("bank", "monthly")  # compiled together; in the order they import each other
HERE = Path(__file__).resolve().parent
RECORD = HERE / "_compiled.json"  # {source file: its sha256 when the modules were compiled}

Choice = Literal["compiled", "sources", "out of date"]


def source_hashes(directory: Path = HERE) -> dict[str, str]:
    """The SHA-256 of each of the engine's sources, as they are now."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.glob("*.py"))
    }


def choice(built: bool, recorded: object, current: dict[str, str], pure: bool) -> Choice:
    """What to run: the compiled modules only when some are ``built``, the sources were
    not asked for (``pure``) and the ``recorded`` hashes are the ``current`` ones."""
    if not built or pure:
        return "sources"
    return "compiled" if recorded == current else "out of date"


def _built(directory: Path) -> bool:
    return any(
        (directory / f"{name}{suffix}").exists()
        for name in MODULES
        for suffix in EXTENSION_SUFFIXES
    )


def _recorded(record: Path) -> object:
    try:
        return json.loads(record.read_text())
    except (OSError, ValueError):
        return None


def use_compiled(package: str) -> bool:
    """Called by the package before it imports any module: True when the compiled
    modules will run; otherwise their sources are imported now, in their place."""
    built = _built(HERE)
    decided = choice(
        built,
        _recorded(RECORD) if built else None,
        source_hashes() if built else {},
        os.environ.get("ROLLOVER_PURE_ENGINE") == "1",
    )
    if decided == "compiled":
        return True
    if decided == "out of date":
        warnings.warn(
            "The engine's compiled modules were built from other sources; running the "
            "sources instead (make engine compiles them again).",
            stacklevel=2,
        )
    if built:  # a compiled module would be imported first: import each source by its path
        for name in MODULES:
            spec = importlib.util.spec_from_file_location(f"{package}.{name}", HERE / f"{name}.py")
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            sys.modules[module.__name__] = module
            try:
                spec.loader.exec_module(module)  # type: ignore[union-attr]
            except BaseException:
                del sys.modules[module.__name__]  # as a failed import leaves it
                raise
            setattr(sys.modules[package], name, module)
    return False
