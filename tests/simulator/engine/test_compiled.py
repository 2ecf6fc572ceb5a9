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
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import simulator.engine as engine
import simulator.engine.bank
import simulator.engine.monthly
from simulator.apps import ENGINE as WATCHED
from simulator.apps import watch_engine_sources
from simulator.engine.compiled import (
    BUILT,
    RECORD,
    built_files,
    choice,
    read_record,
    record_for,
    source_hashes,
)
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "simulator" / "engine"

# Every plan of the benchmark's synthetic catalog (all modes, orders, caps, expiries,
# minimum use, promotions, conversions and credits, spend caps, packs, day passes) ranked
# over three uses, and the whole simulation (months, facts, rollover value) of its first
# 60 plans over each: heavy use; light use (the bank fills, tranches expire); and light
# use with a year not renewed (lapses: banks wiped or kept, credits lost).
DIGEST = """
import dataclasses, hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import simulator.engine as engine
from bench.bench_engine import START, catalog, light_usage, usage

plans = catalog(2026, 300)
parts = []
light = light_usage(2026, 36)
lapsed = light[:6] + [None] * 12 + light[18:]  # whole periods of every pack but 5 months
for use in (usage(2026, 36), light, lapsed):
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


def run_script(script: str, *args: str, pure: bool = False, cwd: Path = ROOT) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "ROLLOVER_PURE_ENGINE"}
    if pure:
        environment["ROLLOVER_PURE_ENGINE"] = "1"
    finished = run_python("-c", script, *args, cwd=cwd, env=environment)
    return {**json.loads(finished.stdout), "stderr": finished.stderr}


def is_compiled(module) -> bool:
    return module.__file__.endswith(tuple(EXTENSION_SUFFIXES))


def built(directory: Path) -> bool:
    return bool(built_files(directory))


def built_from_these_sources() -> bool:
    suffix = EXTENSION_SUFFIXES[0]
    complete = all((ENGINE / f"{name}{suffix}").exists() for name in BUILT)
    return complete and read_record(RECORD) == record_for(ENGINE)


def test_the_compiled_run_and_the_sources_give_the_same_results():
    running = run_script(DIGEST, str(ROOT))
    sources = run_script(DIGEST, str(ROOT), pure=True)
    assert running["compiled"] is built_from_these_sources()  # CI checks that it is
    assert sources["compiled"] is False
    assert running["parts"] == sources["parts"] == 3 * (2 + 60)
    assert running["digest"] == sources["digest"]


def test_compiled_says_which_modules_run():
    for module in (simulator.engine.bank, simulator.engine.monthly):
        assert is_compiled(module) is engine.COMPILED


def test_compiled_modules_run_only_when_built_whole_for_this_python_from_these_sources(
    tmp_path,
):
    suffix = ".cpython-311-x86_64-linux-gnu.so"
    current = {"suffix": suffix, "sources": {"bank.py": "a", "monthly.py": "b"}}
    assert choice(tmp_path, None, current, pure=False) == "sources"  # nothing built
    for name in BUILT:
        (tmp_path / f"{name}{suffix}").write_text("")
    assert choice(tmp_path, current, current, pure=False) == "compiled"
    assert choice(tmp_path, current, current, pure=True) == "sources"  # asked for
    edited = {**current, "sources": {"bank.py": "a", "monthly.py": "edited"}}
    assert choice(tmp_path, current, edited, pure=False) == "unusable"
    other_python = {**current, "suffix": ".cpython-312-x86_64-linux-gnu.so"}
    assert choice(tmp_path, current, other_python, pure=False) == "unusable"
    assert choice(tmp_path, None, current, pure=False) == "unusable"  # no record
    for name in BUILT:  # any one file missing: the build is not whole
        (tmp_path / f"{name}{suffix}").rename(tmp_path / "aside")
        assert choice(tmp_path, current, current, pure=False) == "unusable", name
        (tmp_path / "aside").rename(tmp_path / f"{name}{suffix}")


def test_the_development_server_restarts_when_an_engine_source_changes():
    class Reloader:
        watched: list = []

        def watch_dir(self, path, glob):
            self.watched.append((path, glob))

    reloader = Reloader()
    watch_engine_sources(reloader)
    assert reloader.watched == [(ENGINE, "*.py")] and WATCHED == ENGINE
    from django.utils.autoreload import autoreload_started

    # connected by the app (disconnecting finds it), then connected again
    assert autoreload_started.disconnect(dispatch_uid="watch_engine_sources")
    autoreload_started.connect(watch_engine_sources, dispatch_uid="watch_engine_sources")


SOURCES_AFTER_AN_EDIT = """
import json, warnings
warnings.simplefilter("always")
import simulator.engine as engine
import simulator.engine.bank as bank
import simulator.engine.monthly as monthly
print(json.dumps({"compiled": engine.COMPILED, "files": [bank.__file__, monthly.__file__],
                  "digest": None, "parts": 0}))
"""


@pytest.mark.parametrize("edited", ["monthly.py", "model.py"])  # compiled, and one it uses
def test_an_edited_source_runs_as_it_is_even_when_an_older_build_is_there(tmp_path, edited):
    # a copy of the engine (with what is built of it), one of its sources then edited
    (tmp_path / "simulator").mkdir()
    (tmp_path / "simulator" / "__init__.py").write_text("")
    shutil.copytree(
        ENGINE, tmp_path / "simulator" / "engine", ignore=shutil.ignore_patterns("__pycache__")
    )
    copy = tmp_path / "simulator" / "engine"
    with (copy / edited).open("a") as source:
        source.write("\n# edited after the build\n")
    assert source_hashes(copy)[edited] != source_hashes(ENGINE)[edited]

    ran = run_script(SOURCES_AFTER_AN_EDIT, cwd=tmp_path)

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

    finished = run_python(
        str(tmp_path / "simulator" / "compile_engine.py"),
        env={**os.environ, "PYTHONPATH": str(broken)},
        expect=1,
    )

    assert "could not be compiled (no C compiler here); it runs its sources" in finished.stderr
    assert not built(engine_copy)  # the older build is gone with its record
    assert not (engine_copy / "_compiled.json").exists()


def fake_build(tmp_path: Path) -> Path:
    """A copy of the project's engine and build script, with a build recorded for these
    sources whose files are not modules at all."""
    engine_copy = tmp_path / "simulator" / "engine"
    shutil.copytree(ENGINE, engine_copy, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    (tmp_path / "simulator" / "__init__.py").write_text("")
    shutil.copy(ROOT / "simulator" / "compile_engine.py", tmp_path / "simulator")
    for name in BUILT:
        (engine_copy / f"{name}{EXTENSION_SUFFIXES[0]}").write_text("not a compiled module")
    (engine_copy / "_compiled.json").write_text(json.dumps(record_for(engine_copy)))
    return engine_copy


def test_a_recorded_build_that_cannot_be_loaded_leaves_the_sources_to_run(tmp_path):
    fake_build(tmp_path)

    ran = run_script(SOURCES_AFTER_AN_EDIT, cwd=tmp_path)

    assert ran["compiled"] is False
    assert all(file.endswith(".py") for file in ran["files"])
    assert "compiled modules could not be loaded" in ran["stderr"]


def test_the_build_script_does_nothing_when_the_build_is_up_to_date(tmp_path):
    engine_copy = fake_build(tmp_path)
    before = {path.name: path.read_text() for path in built_files(engine_copy)}

    finished = run_python(str(tmp_path / "simulator" / "compile_engine.py"))

    assert finished.stdout == "The compiled engine is up to date.\n"
    assert {path.name: path.read_text() for path in built_files(engine_copy)} == before
