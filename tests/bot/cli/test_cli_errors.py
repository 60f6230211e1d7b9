"""CLI failure paths (issue 11): the store down, errors as JSON, hostile text printed verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.chroma_server import free_port
from tests.support.data import SEED_FILE

runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # no stray .env or data folder from the repo

    def invoke(*args: str):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "store"), *args])
        result.flat = " ".join(result.output.split())
        return result

    return invoke


def test_add_with_the_store_down_says_so_and_exits_3(cli) -> None:
    down = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    result = cli("--chroma-url", down, "add", str(SEED_FILE))
    assert result.exit_code == 3, result.output
    assert "Cannot open the Chroma store" in result.flat
    assert result.exception is None or isinstance(result.exception, SystemExit)
