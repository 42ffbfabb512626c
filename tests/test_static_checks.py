"""The layers and the types are checked with every test run (also `make lint`).

mypy (configured in pyproject.toml: pipeline/, workers/, config/, newscheck/) must find no
error, and every import-linter contract (pyproject.toml, [tool.importlinter]) must be kept:
the domain imports no adapters, config, workers or face; adapters import no workers; workers
never import the face; no package has an import cycle among its modules.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: `make install` installs the test extra (pyproject.toml)")
    return found


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_errors() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, f"mypy found errors (run `make lint`):\n{result.stdout}{result.stderr}"


def test_import_contracts_are_kept() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, f"an import-linter contract is broken (run `make lint`):\n{result.stdout}{result.stderr}"


def test_no_module_imports_another_modules_private_names() -> None:
    """A name with a leading underscore stays in its module: another module that needs it gets a
    public name (a private import is a hidden dependency no layer contract sees)."""
    import ast

    ours = ("pipeline", "workers", "config", "newscheck", "evaluation", "bench")
    private = lambda name: name.startswith("_") and not name.startswith("__")  # noqa: E731

    def is_module(dotted: str) -> bool:
        path = REPO.joinpath(*dotted.split("."))
        return path.with_suffix(".py").exists() or (path / "__init__.py").exists()

    found = []
    for package in ours:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            modules: set[str] = set()  # local names bound to one of our modules ("from bench import inprocess")
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in ours:
                    found += [f"{path.relative_to(REPO)}:{node.lineno} {node.module}.{alias.name}" for alias in node.names
                              if private(alias.name)]
                    modules |= {alias.asname or alias.name for alias in node.names if is_module(f"{node.module}.{alias.name}")}
                elif isinstance(node, ast.Import):
                    modules |= {alias.asname for alias in node.names if alias.asname and alias.name.split(".")[0] in ours}
            found += [f"{path.relative_to(REPO)}:{node.lineno} {node.value.id}.{node.attr}" for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                      and node.value.id in modules and private(node.attr)]
    assert found == []
