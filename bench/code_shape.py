"""The shape of the source: module and function sizes, as issue 12 measures them.

    .venv/bin/python bench/code_shape.py            # tracker/, events/, web/, workers/
    .venv/bin/python bench/code_shape.py tracker    # one package

A module's size is its lines (as ``wc -l`` counts them), empty ``__init__.py`` files
left out; a function's is the lines from its ``def`` to its last line, nested ones too.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tracker", "events", "web", "workers")
LIMIT = 300


def modules(packages: tuple[str, ...]) -> list[Path]:
    found = sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))
    return [p for p in found if not (p.name == "__init__.py" and _only_a_docstring(p))]


def _only_a_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text()).body
    return len(body) <= 1 and all(isinstance(n, ast.Expr) for n in body)


def function_lengths(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    functions = (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    return [f.end_lineno - f.lineno + 1 for f in functions if f.end_lineno is not None]


def percentile(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(share * len(ordered)))])


def report(packages: tuple[str, ...]) -> None:
    paths = modules(packages)
    lines = {p: len(p.read_text().splitlines()) for p in paths}
    functions = [n for p in paths for n in function_lengths(p)]
    over = sorted((n, str(p.relative_to(ROOT))) for p, n in lines.items() if n > LIMIT)
    print(f"packages: {' '.join(packages)}")
    print(f"source modules: {len(paths)}, median {statistics.median(lines.values()):.0f} lines, "
          f"largest {max(lines.values())}")  # fmt: skip
    print(f"modules over {LIMIT} lines: {len(over)} {[name for _, name in over]}")
    print(f"functions: {len(functions)}, median {statistics.median(functions):.0f} lines, "
          f"p90 {percentile(functions, 0.9):.0f}, largest {max(functions)}")  # fmt: skip


if __name__ == "__main__":
    report(tuple(sys.argv[1:]) or PACKAGES)
