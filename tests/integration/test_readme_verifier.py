"""The README's short script verifies an export with nothing but the published rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tracker.cli.main import main

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_script(tmp_path: Path) -> Path:
    section = README.read_text().split("## The hash chain, and verifying an export yourself")[1]
    script = tmp_path / "third_party_verify.py"
    script.write_text(re.search(r"```python\n(.*?)```", section, re.S)[1])
    return script


def exported_demo(tmp_path: Path) -> tuple[Path, str]:
    env = {"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite'}"}
    runner = CliRunner()
    runner.invoke(main, ["demo"], env=env)
    export = tmp_path / "log.jsonl"
    runner.invoke(main, ["export", str(export)], env=env)
    return export, runner.invoke(main, ["digest"], env=env).output


def run(script: Path, export: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), str(export)], capture_output=True, text=True, check=False
    )


def test_the_readme_script_agrees_with_the_tracker_on_an_intact_export(tmp_path):
    export, digest = exported_demo(tmp_path)
    result = run(readme_script(tmp_path), export)
    assert result.returncode == 0, result.stderr
    position, chain_hash = re.search(r"position=(\d+) hash=([0-9a-f]{64})", digest).groups()
    assert f"head position={position} hash={chain_hash}" in result.stdout


def test_the_readme_script_catches_an_altered_event(tmp_path):
    export, _ = exported_demo(tmp_path)
    lines = export.read_text().splitlines()
    event = json.loads(lines[40])
    state = json.loads(event["state"])
    state["actor"] = "someone.else"
    event["state"] = json.dumps(state)
    lines[40] = json.dumps(event)
    export.write_text("\n".join(lines) + "\n")
    result = run(readme_script(tmp_path), export)
    assert result.returncode != 0
    assert "line 41" in result.stderr
