"""The dependency rule (web, workers -> tracker -> events) and strict typing of the record and
the domain are checked on every test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


# For each contract: a module that would break it, and the import that would.
WRONG_IMPORTS = {
    "events is the bottom layer": ("events/chain.py", "import tracker.application"),
    "tracker never imports an interface framework": ("tracker/application.py", "import flask"),
    "web and workers are independent": ("web/app.py", "import workers.jobs"),
    "the kernel is the bottom of tracker": (
        "tracker/kernel/errors.py",
        "import tracker.views.engine",
    ),
    "areas over the kernel": ("tracker/tasking/tasking.py", "import tracker.oversight.reviews"),
    "the read-side machinery imports the areas": (
        "tracker/views/paging.py",
        "import tracker.tasking.tasking",
    ),
    "tracker.acting decides who may do what": (
        "tracker/acting/rules.py",
        "import tracker.application",
    ),
    "click only in tracker.cli": ("tracker/ops/logs.py", "import click"),
    "SQLAlchemy not in the domain's modules": ("workers/delivery.py", "import sqlalchemy"),
}


def contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return [contract["name"] for contract in config["contracts"]]


def contract_named(start: str) -> str:
    (name,) = [name for name in contract_names() if name.startswith(start)]
    return name


def test_every_contract_is_tried_here():
    assert sorted(contract_named(start) for start in WRONG_IMPORTS) == sorted(contract_names())


@pytest.mark.parametrize(("contract", "wrong"), WRONG_IMPORTS.items(), ids=list(WRONG_IMPORTS))
def test_a_wrong_import_breaks_its_contract(tmp_path, contract, wrong):
    module, line = wrong
    for package in ("events", "tracker", "web", "workers"):
        shutil.copytree(ROOT / package, tmp_path / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / module).open("a") as source:
        source.write(f"\n{line}  # the wrong way round\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    said = " ".join(result.stdout.split())  # long names wrap over lines
    assert said.count(" BROKEN") == 1 and f"{contract_named(contract)} BROKEN" in said, said


def test_the_record_and_the_domain_type_check_strictly():
    result = subprocess.run(
        [str(MYPY), "--strict", "events", "tracker", "web", "workers"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
