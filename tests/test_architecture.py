"""The dependency rule (web, workers -> tracker -> events) and strict typing of the record and
the domain are checked on every test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MYPY = Path(sys.executable).with_name("mypy")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_code_keeps_the_dependency_rule():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_import_breaks_the_contract(tmp_path):
    for package in ("events", "tracker", "web", "workers"):
        shutil.copytree(ROOT / package, tmp_path / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "events" / "chain.py").open("a") as chain:
        chain.write("\nimport tracker.application  # the bottom layer reaching up\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "events is the bottom layer" in result.stdout and "BROKEN" in result.stdout


def test_the_record_and_the_domain_type_check_strictly():
    result = subprocess.run(
        [str(MYPY), "--strict", "events", "tracker", "web", "workers"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
