"""The engine's run compiled by mypyc (``make engine``) and its sources give the same
results, and the compiled modules run only when they were built from the sources as they
are (``simulator/engine/compiled.py``).

Where nothing is compiled (no C compiler), both sides of the comparison are the sources;
CI compiles the engine and checks that the suite ran it compiled.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import simulator.engine as engine
import simulator.engine.bank
import simulator.engine.monthly
from simulator.engine.compiled import MODULES, RECORD, choice, source_hashes

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "simulator" / "engine"

# Every plan of the benchmark's synthetic catalog (all modes, orders, caps, expiries,
# promotions, conversions, spend caps, packs, day passes) ranked over two uses, and the
# whole simulation (months, facts, rollover value) of its first 60 plans over both.
DIGEST = """
import dataclasses, hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import simulator.engine as engine
from bench.bench_engine import START, catalog, light_usage, usage

plans = catalog(2026, 300)
parts = []
for use in (usage(2026, 36), light_usage(2026, 36)):
    ranked, skipped = engine.compare(plans, use, START)
    parts.append(repr([(r.key, r.totals, r.fit) for r in ranked]))
    parts.append(repr([s.key for s in skipped]))
    for key, plan in plans[:60]:
        try:
            parts.append(repr(dataclasses.asdict(engine.simulate(plan, use, START))))
        except engine.InvalidInput as error:
            parts.append(key + ": " + str(error))
digest = hashlib.sha256("\\n".join(parts).encode()).hexdigest()
print(json.dumps({"compiled": engine.COMPILED, "digest": digest, "parts": len(parts)}))
"""


def run_python(script: str, *args: str, pure: bool = False, cwd: Path = ROOT) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "ROLLOVER_PURE_ENGINE"}
    if pure:
        environment["ROLLOVER_PURE_ENGINE"] = "1"
    finished = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return {**json.loads(finished.stdout), "stderr": finished.stderr}


def is_compiled(module) -> bool:
    return module.__file__.endswith(tuple(EXTENSION_SUFFIXES))


def built(directory: Path) -> bool:
    names = [f"{name}{suffix}" for name in MODULES for suffix in EXTENSION_SUFFIXES]
    return any((directory / name).exists() for name in names)


def built_from_these_sources() -> bool:
    try:
        recorded = json.loads(RECORD.read_text())
    except OSError:
        return False
    return built(ENGINE) and recorded == source_hashes()


def test_the_compiled_run_and_the_sources_give_the_same_results():
    running = run_python(DIGEST, str(ROOT))
    sources = run_python(DIGEST, str(ROOT), pure=True)
    assert running["compiled"] is built_from_these_sources()  # CI checks that it is
    assert sources["compiled"] is False
    assert running["parts"] == sources["parts"] == 2 * (2 + 60)
    assert running["digest"] == sources["digest"]


def test_compiled_says_which_modules_run():
    for module in (simulator.engine.bank, simulator.engine.monthly):
        assert is_compiled(module) is engine.COMPILED


def test_compiled_modules_run_only_when_built_from_the_sources_as_they_are():
    current = {"bank.py": "a", "monthly.py": "b"}
    assert choice(True, dict(current), current, pure=False) == "compiled"
    assert choice(True, {**current, "bank.py": "old"}, current, pure=False) == "out of date"
    assert choice(True, None, current, pure=False) == "out of date"  # no record
    assert choice(True, dict(current), current, pure=True) == "sources"  # asked for
    assert choice(False, None, current, pure=False) == "sources"  # nothing built


SOURCES_AFTER_AN_EDIT = """
import json, warnings
warnings.simplefilter("always")
import simulator.engine as engine
import simulator.engine.bank as bank
import simulator.engine.monthly as monthly
print(json.dumps({"compiled": engine.COMPILED, "files": [bank.__file__, monthly.__file__],
                  "digest": None, "parts": 0}))
"""


def test_an_edited_source_runs_as_it_is_even_when_an_older_build_is_there(tmp_path):
    # a copy of the engine (with what is built of it), one of its sources then edited
    (tmp_path / "simulator").mkdir()
    (tmp_path / "simulator" / "__init__.py").write_text("")
    shutil.copytree(
        ENGINE, tmp_path / "simulator" / "engine", ignore=shutil.ignore_patterns("__pycache__")
    )
    copy = tmp_path / "simulator" / "engine"
    with (copy / "monthly.py").open("a") as source:
        source.write("\n# edited after the build\n")
    assert source_hashes(copy)["monthly.py"] != source_hashes(ENGINE)["monthly.py"]

    ran = run_python(SOURCES_AFTER_AN_EDIT, cwd=tmp_path)

    assert ran["compiled"] is False
    assert all(file.endswith(".py") for file in ran["files"])
    assert ("built from other sources" in ran["stderr"]) is built(copy)  # said when built


def test_a_build_that_fails_leaves_the_sources_to_run(tmp_path):
    # compile_engine.py in a copy of the project, with a mypyc that cannot compile
    engine_copy = tmp_path / "simulator" / "engine"
    shutil.copytree(ENGINE, engine_copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "simulator" / "compile_engine.py", tmp_path / "simulator")
    (engine_copy / "_compiled.json").write_text("{}")
    (engine_copy / f"monthly{EXTENSION_SUFFIXES[0]}").write_text("an older build")
    broken = tmp_path / "broken"
    (broken / "mypyc").mkdir(parents=True)
    (broken / "mypyc" / "__init__.py").write_text("")
    (broken / "mypyc" / "build.py").write_text("raise ImportError('no C compiler here')")

    finished = subprocess.run(
        [sys.executable, str(tmp_path / "simulator" / "compile_engine.py")],
        env={**os.environ, "PYTHONPATH": str(broken)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 1
    assert "could not be compiled (no C compiler here); it runs its sources" in finished.stderr
    assert not built(engine_copy)  # the older build is gone with its record
    assert not (engine_copy / "_compiled.json").exists()
