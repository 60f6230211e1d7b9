"""Markdown -> the stored body and its metadata.

Parsed with markdown-it-py (CommonMark); the markup is removed, the text of
paragraphs, headings, list items, quotes and code blocks is kept. The first
``# `` heading is the title (left out of the body). A simple YAML-like front
matter block (``title:``, ``date:``, ``author:``, ``outlet:``/``source:``,
``url:``) fills the metadata and is left out.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from index.errors import BadInput
from index.ingest.dates import parse_date
from index.ingest.textrules import normalize_text, require_text, short_title
from index.models import ArticleMeta, ExtractedDocument

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[m.end():]


def _inline_text(token: Token) -> str:
    """The visible text of a markdown-it inline token (markup removed)."""
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append("".join(c.content for c in child.children or []) or child.content)
        elif kind == "html_inline":
            continue
    return "".join(out)


def extract_markdown(text: str, *, title: str | None = None, url: str | None = None) -> ExtractedDocument:
    """A Markdown document -> stored body + metadata.

    Markup is removed with markdown-it-py (headings, emphasis, links -> their
    text, images -> alt text, inline HTML dropped); each paragraph, heading,
    block quote paragraph and code block is one stored paragraph, and a list is
    one paragraph with one ``- item`` line per item. The first level-1 heading
    is the title and is not part of the body.
    """
    require_text(text, "Markdown text")
    from markdown_it import MarkdownIt

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    fields, text = _front_matter(text)
    tokens = MarkdownIt("commonmark").parse(text)

    blocks: list[str] = []
    list_lines: list[str] = []
    list_depth = 0
    ordered_counters: list[int | None] = []
    heading_level = 0
    md_title: str | None = None
    pending_marker: str | None = None

    for _i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            start = tok.attrGet("start") if kind == "ordered_list_open" else None
            ordered_counters.append(int(start or 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered_counters.pop()
            if list_depth == 0 and list_lines:
                blocks.append("\n".join(list_lines))
                list_lines = []
        elif kind == "list_item_open":
            counter = ordered_counters[-1] if ordered_counters else None
            pending_marker = "-" if counter is None else f"{counter}."
            if counter is not None:
                ordered_counters[-1] = counter + 1
        elif kind == "heading_open":
            heading_level = int(tok.tag[1])
        elif kind == "inline":
            content = _inline_text(tok).strip()
            if heading_level == 1 and md_title is None and not blocks and not list_lines:
                md_title = " ".join(content.split())
            elif list_depth:
                indent = "  " * (list_depth - 1)
                if pending_marker:
                    list_lines.append(f"{indent}{pending_marker} {content}")
                    pending_marker = None
                elif content:
                    list_lines.append(f"{indent}  {content}")
            elif content:
                blocks.append(content)
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if list_depth:
                list_lines.append(code)
            elif code.strip():
                blocks.append(code)
        elif kind == "html_block":
            continue

    body = normalize_text("\n\n".join(blocks))
    if not body:
        raise BadInput("The Markdown text is empty: there is no article body.")
    final_title = (title or "").strip() or fields.get("title") or md_title or short_title(body.split("\n", 1)[0])
    meta = ArticleMeta(
        title=final_title,
        outlet=fields.get("outlet") or fields.get("source") or fields.get("publisher") or fields.get("site") or None,
        author=fields.get("author") or None,
        published=parse_date(fields.get("date") or fields.get("published")),
        url=url or fields.get("url") or None,
    )
    return ExtractedDocument(text=body, meta=meta)
