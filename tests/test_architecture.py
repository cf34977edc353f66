"""The dependency rule (web, workers -> tracker -> events) and strict typing of the record and
the domain are checked on every test run."""

from __future__ import annotations

import os
import re
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


# For each contract: where a wrong import would break it (a package, where a new module is
# added, which nothing imports, so no other contract breaks through it; or a module named in
# the contract, to which the import is added), and that import.
WRONG_IMPORTS = {
    "events is the bottom layer": ("events", "import tracker.service.application"),
    "tracker never imports an interface framework": ("tracker/service", "import flask"),
    "web and workers are independent": ("web", "import workers.jobs"),
    "the kernel is the bottom of tracker": ("tracker/kernel", "import tracker.views.engine"),
    "areas over the kernel": ("tracker/tasking", "import tracker.oversight.reviews"),
    "the read-side machinery imports the areas": (
        "tracker/views/paging.py",
        "import tracker.tasking",
    ),
    "who may do what is decided through protocols": (
        "tracker/service/rules.py",
        "import tracker.service.application",
    ),
    "click only in tracker.cli": ("tracker/ops", "import click"),
    "SQLAlchemy not in the domain's modules": ("workers", "import sqlalchemy"),
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
    where, line = wrong
    for top in ("events", "tracker", "web", "workers"):
        shutil.copytree(ROOT / top, tmp_path / top)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    module = tmp_path / where
    if module.is_dir():
        module = module / "wrong_way_round.py"
    with module.open("a") as source:
        source.write(f"\n{line}  # the wrong way round\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    said = " ".join(result.stdout.split())  # long names wrap over lines
    assert said.count(" BROKEN") == 1 and f"{contract_named(contract)} BROKEN" in said, said


AREAS = ("tasking", "support", "decisions", "learning", "accounts", "people", "reminders")
IMPORTS_SQLALCHEMY = re.compile(r"^(import|from) sqlalchemy\b", re.MULTILINE)


def test_every_domain_module_of_an_area_is_held_to_the_no_sqlalchemy_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["name"].startswith("SQLAlchemy not in")]
    domain = {
        f"tracker.{area}.{path.stem}"
        for area in AREAS
        for path in (ROOT / "tracker" / area).glob("*.py")
        if path.name != "__init__.py" and not IMPORTS_SQLALCHEMY.search(path.read_text())
    }
    assert domain - set(contract["source_modules"]) == set()


def test_the_record_and_the_domain_type_check_strictly():
    result = subprocess.run(
        [str(MYPY), "--strict", "events", "tracker", "web", "workers"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
