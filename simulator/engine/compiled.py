"""Whether the engine runs its compiled modules or their sources.

The engine is plain Python and runs as such. ``simulator/compile_engine.py`` (``make
engine``) can compile ``MODULES`` with mypyc, beside their sources: the monthly run and
its bank, the code every simulation and every ranked plan runs month after month. It
compiles them together (the compiled run calls the compiled bank directly, through their
shared ``_native__mypyc`` module), so they are used all or none, and it records in
``_compiled.json`` the file suffix it built for (Python's version and platform) and the
hashes of the engine's sources it compiled against (mypyc checks the types the two
modules use from the others, and relies on them).

Python would import a compiled module in preference to its source, even after the source
changed. So the package calls ``use_compiled`` before it imports any module: it keeps the
compiled modules only when every file of the build is there for this Python and the
recorded hashes are those of the engine's sources as they are now, and imports them at
once; otherwise (or if that import fails) it imports the two sources in their place,
with a warning when a build is there but cannot be used. ``ROLLOVER_PURE_ENGINE=1`` asks
for the sources whatever is built (CI runs the engine's tests with it too).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Literal

__all__ = [
    "BUILT",
    "MODULES",
    "RECORD",
    "built_files",
    "choice",
    "read_record",
    "record_for",
    "source_hashes",
    "use_compiled",
]

MODULES = ("bank", "monthly")  # compiled together; in the order they import each other
BUILT = ("_native__mypyc", *MODULES)  # every file of a build: the shared module first
HERE = Path(__file__).resolve().parent
RECORD = HERE / "_compiled.json"  # what the build was made for: see record_for

Choice = Literal["compiled", "sources", "unusable"]


def source_hashes(directory: Path = HERE) -> dict[str, str]:
    """The SHA-256 of each of the engine's sources, as they are now."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.glob("*.py"))
    }


def record_for(directory: Path = HERE) -> dict[str, object]:
    """What a build made now, here, would record: this Python's suffix for compiled
    modules and the hashes of the sources."""
    return {"suffix": EXTENSION_SUFFIXES[0], "sources": source_hashes(directory)}


def built_files(directory: Path) -> list[Path]:
    """The compiled files there are of the engine, whatever Python they were made for."""
    return sorted(path for path in directory.glob("*.so") if path.name.split(".")[0] in BUILT)


def choice(directory: Path, recorded: object, current: dict[str, object], pure: bool) -> Choice:
    """What to run: the compiled modules only when nothing else was asked for (``pure``),
    the ``recorded`` build is the one a build now would make (``current``) and every one of
    its files is there."""
    if pure or not built_files(directory):
        return "sources"
    if recorded != current:
        return "unusable"
    suffix = current["suffix"]
    complete = all((directory / f"{name}{suffix}").exists() for name in BUILT)
    return "compiled" if complete else "unusable"


def read_record(record: Path) -> object:
    try:
        return json.loads(record.read_text())
    except (OSError, ValueError):
        return None


def use_compiled(package: str) -> bool:
    """Called by the package before it imports any module: True when the compiled modules
    run (they are imported now); otherwise their sources are imported now, in their place."""
    built = bool(built_files(HERE))
    decided = choice(
        HERE,
        read_record(RECORD) if built else None,
        record_for() if built else {},
        os.environ.get("ROLLOVER_PURE_ENGINE") == "1",
    )
    if decided == "compiled":
        try:
            for name in MODULES:
                importlib.import_module(f"{package}.{name}")
            return True
        except ImportError as error:
            for name in MODULES:
                sys.modules.pop(f"{package}.{name}", None)
            decided = "unusable"
            reason = f"could not be loaded ({error})"
    else:
        reason = "were built from other sources, or for another Python, or not all are there"
    if decided == "unusable":
        warnings.warn(
            f"The engine's compiled modules {reason}; running the sources instead (make "
            "engine compiles them again).",
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
