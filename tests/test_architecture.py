"""The import rules of docs/architecture.md, read from the source with ``ast``:

1. the engine (``simulator/engine/``) imports nothing from Django or the project — only the
   standard library and itself;
2. ``carriers/`` imports nothing from ``simulator/`` but the pure engine;
3. forms declare and clean: ``simulator/forms.py`` runs no use case (no services, API or
   pages), and the rate limit does not need the forms.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (functions too), relative ones resolved."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # "from . import engine" names a module too
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


STDLIB = set(sys.stdlib_module_names)


@pytest.mark.parametrize("path", sources("simulator/engine"), ids=lambda p: p.name)
def test_the_engine_imports_only_the_standard_library_and_itself(path):
    outside = {
        module
        for module in imports(path)
        if not is_within(module, "simulator.engine") and module.split(".")[0] not in STDLIB
    }
    # "from . import x" inside the engine resolves within it; anything else is a breach
    assert outside == set(), f"{path.relative_to(ROOT)} imports {sorted(outside)}"


@pytest.mark.parametrize("path", sources("carriers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_catalog_imports_nothing_from_the_simulator_but_the_engine(path):
    breaches = {
        module
        for module in imports(path)
        if is_within(module, "simulator") and not is_within(module, "simulator.engine")
    }
    assert breaches == set(), f"{path.relative_to(ROOT)} imports {sorted(breaches)}"


def test_the_forms_run_no_use_case():
    uses = imports(ROOT / "simulator" / "forms.py")
    for module in ("simulator.services", "simulator.api", "simulator.pages", "simulator.views"):
        assert not any(is_within(m, module) for m in uses), module


def test_the_rate_limit_does_not_import_the_forms():
    uses = imports(ROOT / "simulator" / "throttling.py")
    assert not any(is_within(m, "simulator.forms") for m in uses)


def test_the_scan_sees_relative_and_nested_imports():
    source = "from ..services import simulate\ndef f():\n    import django\nfrom . import bank\n"
    found = imports_in(source, "simulator.engine")
    assert {"simulator.services", "django", "simulator.engine.bank"} <= found
