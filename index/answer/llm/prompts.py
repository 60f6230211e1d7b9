"""Prompt templates, kept as plain text files in ``prompts/`` and loaded by name.

No prompt text lives in code. ``load_prompt("system")`` reads ``system.txt``.
Templates use ``$name`` placeholders (:class:`string.Template`), so JSON examples
with braces need no escaping. Substitution is one pass: a ``$question`` inside an
inserted passage is never expanded again.

Where the files are found, first match wins:

1. ``QUOTEDESK_PROMPTS_DIR`` (a folder of ``*.txt``), to customise prompts
   without editing the install;
2. ``prompts/`` next to the ``index`` package (a source checkout or an editable
   install: the repository root);
3. the installed ``prompts`` package data (``importlib.resources``), when the
   distribution ships the folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from string import Template

PROMPTS_ENV = "QUOTEDESK_PROMPTS_DIR"
_REPO_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


class PromptNotFound(FileNotFoundError):
    pass


def _candidates(name: str) -> Iterator[Path | Traversable]:
    custom = os.environ.get(PROMPTS_ENV)
    if custom:
        yield Path(custom) / f"{name}.txt"
    yield _REPO_PROMPTS / f"{name}.txt"
    try:
        yield resources.files("prompts").joinpath(f"{name}.txt")
    except (ModuleNotFoundError, TypeError):
        return


@lru_cache(maxsize=32)
def load_prompt(name: str) -> str:
    """The text of prompt ``name`` (``prompts/<name>.txt``), trailing whitespace removed."""
    if not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"Bad prompt name: {name!r}")
    for path in _candidates(name):
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8").rstrip()
        except OSError:
            continue
    raise PromptNotFound(f"Prompt {name!r} not found (looked in ${PROMPTS_ENV}, {_REPO_PROMPTS}, package 'prompts').")


def render_prompt(name: str, **values: str) -> str:
    """Prompt ``name`` with its ``$placeholders`` filled in (every placeholder must be given)."""
    return Template(load_prompt(name)).substitute(values)
