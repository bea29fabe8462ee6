"""The layers of docs/architecture-layers.md hold, and breaking one is reported: the
contracts in pyproject.toml, checked by lint-imports on the real tree and on a copy
with one forbidden import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(ROOT / "pyproject.toml")],
        cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "alliance", tmp_path / "alliance",
                    ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__", "data"))
    return tmp_path


def add_line(module: Path, line: str) -> None:
    module.write_text(module.read_text() + f"\n\ndef _added():\n    {line}\n")


def test_the_code_base_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_meetings_importing_minutes_even_inside_a_function_is_reported(tree_copy):
    add_line(tree_copy / "alliance/meetings/actions.py", "from alliance.minutes.actions import draft_minutes")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "alliance.meetings is not allowed to import alliance.minutes" in result.stdout
    assert "alliance.meetings.actions -> alliance.minutes.actions" in result.stdout


def test_a_pure_core_importing_django_is_reported(tree_copy):
    add_line(tree_copy / "alliance/minutes/draft.py", "from django.utils import timezone")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "alliance.minutes.draft is not allowed to import django" in result.stdout


def test_a_pure_core_reaching_django_through_an_app_module_is_reported(tree_copy):
    add_line(tree_copy / "alliance/meetings/floor.py", "from alliance.meetings import models")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "alliance.meetings.floor is not allowed to import django" in result.stdout


def test_lib_importing_a_domain_app_is_reported(tree_copy):
    add_line(tree_copy / "alliance/lib/zones.py", "from alliance.community.models import Person")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "alliance.lib is not allowed to import alliance.community" in result.stdout
