"""Compile the engine's monthly run and its bank with mypyc: ``make engine``.

Optional: the engine is plain Python and runs as such. Compiled, the two modules every
simulation and every ranked plan runs month after month make one simulation about a
quarter faster (docs/benchmarks.md). This writes, beside their sources in
``simulator/engine/``, the compiled modules (``bank``, ``monthly`` and their shared
``_native__mypyc``, one ``.so`` each) and ``_compiled.json``, the hashes of the sources they
were compiled from; ``simulator/engine/compiled.py`` uses them only while the sources
still have those hashes.

Run as a script, so that it never imports the engine it rebuilds:

    .venv/bin/python simulator/compile_engine.py          # compile, unless up to date
    .venv/bin/python simulator/compile_engine.py --clean  # back to the sources alone

Needs requirements-build.txt (mypy, which brings mypyc, and setuptools), a C compiler and
Python's headers. Exits 1, with mypyc's or the compiler's message, when it cannot compile;
the engine then stays plain Python.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_compiled():
    """``simulator/engine/compiled.py`` by its path (importing the package would load the
    compiled modules this replaces)."""
    path = ROOT / "simulator" / "engine" / "compiled.py"
    spec = importlib.util.spec_from_file_location("engine_compiled", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


compiled = _load_compiled()  # what the engine decides with: MODULES, the record, the hashes
ENGINE = compiled.HERE


def clean() -> list[Path]:
    """Remove every compiled module and the record; returns what was removed. A running
    process keeps the files it loaded (removing is not overwriting)."""
    removed = compiled.built_files(ENGINE)
    removed += [compiled.RECORD] if compiled.RECORD.exists() else []
    for path in removed:
        path.unlink()
    return removed


def up_to_date() -> bool:
    """Whether the build there is the one a build now would make (all its files there)."""
    recorded = compiled.read_record(compiled.RECORD)
    return compiled.choice(ENGINE, recorded, compiled.record_for(ENGINE), False) == "compiled"


def build() -> None:
    from mypyc.build import mypycify
    from setuptools import setup

    clean()
    os.chdir(ROOT)  # mypyc names the modules after their paths from here
    sources = [str((ENGINE / f"{name}.py").relative_to(ROOT)) for name in compiled.MODULES]
    record = compiled.record_for(ENGINE)  # before: an edit during the build makes it stale
    with tempfile.TemporaryDirectory() as temp:
        extensions = mypycify(
            [f"--cache-dir={temp}/mypy", *sources],
            opt_level="3",
            separate=[(sources, "simulator.engine._native")],  # the shared part in the package
            target_dir=f"{temp}/c",
        )
        setup(
            name="rollover-lab-engine",
            packages=[],
            py_modules=[],
            ext_modules=extensions,
            script_args=[
                "-q",
                "build_ext",
                "--inplace",
                f"--build-temp={temp}/o",
                f"--build-lib={temp}/lib",
            ],
        )
    compiled.RECORD.write_text(json.dumps(record, indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--force", action="store_true", help="compile even if up to date")
    args = parser.parse_args()
    if args.clean:
        removed = clean()
        print(f"Removed {len(removed)} files: the engine runs its sources.")
        return 0
    if not args.force and up_to_date():
        print("The compiled engine is up to date.")
        return 0
    try:
        build()
    except (Exception, SystemExit) as error:  # setuptools exits on a compiler error
        clean()
        print(f"The engine could not be compiled ({error}); it runs its sources.", file=sys.stderr)
        return 1
    print(f"Compiled {', '.join(compiled.MODULES)} with mypyc.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
