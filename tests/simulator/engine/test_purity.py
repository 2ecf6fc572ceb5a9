"""The engine is a pure package: importing and running it loads neither Django nor
anything else of the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
from decimal import Decimal

import simulator.engine as engine

plan = engine.Plan(name="p", currency="USD", price=Decimal("1.00"), allowance_mb=10)
engine.simulate(plan, [5, None, 20], start="2026-01")
engine.compare([("p", engine.prepare(plan))], [5], start="2026-01")

FOREIGN = ("django", "ninja", "carriers", "config", "pydantic")
loaded = sorted(
    name for name in sys.modules if name.split(".")[0] in FOREIGN
    or (name.startswith("simulator.") and not name.startswith("simulator.engine"))
)
print(",".join(loaded))
"""


def test_the_engine_imports_and_runs_without_django_or_the_project():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.stdout.strip() == ""


def test_the_engine_imports_only_the_standard_library_and_itself():
    for path in sorted((ROOT / "simulator" / "engine").glob("*.py")):
        for line in path.read_text().splitlines():
            if not line.startswith(("import ", "from ")):
                continue
            module = line.split()[1]
            if module.startswith("."):
                continue  # the engine's own modules
            assert module.split(".")[0] in sys.stdlib_module_names, f"{path.name}: {line}"
