"""Article text made safe for Discord: markdown and mentions neutralised, split at sentence/word boundaries.

Escaping is *character-local* (unlike ``discord.utils.escape_markdown``, whose escapes depend on
what follows later in the string), so text can be escaped piece by piece and the pieces joined or
spread across pages without markdown leaking from one piece into the next. Backslash escapes and
zero-width spaces are invisible in Discord, so what a reader sees is still the verbatim text.
"""

from __future__ import annotations

import re

import discord

_URL = re.compile(r"https?://[^\s<>\"']+")
_MARKDOWN_CHAR = re.compile(r"([\\*_`~|\[\]<>])")
# Line-start syntax: headings, block quotes, lists, subtext ("-# "), numbered lists ("1. ").
_LINE_START = re.compile(r"^([ \t]*)(?:([#+-])|(\d+)([.)]))", re.MULTILINE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*")
_WORD_BREAK = re.compile(r"\s+")


def _escape_plain(text: str) -> str:
    text = _MARKDOWN_CHAR.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    if m.group(2):  # "# heading", "- item", "+ item"
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"  # "1. item" -> "1\. item" (a backslash before a digit is no escape)


def escape(text: str) -> str:
    """Escape Discord markdown and neutralise @everyone/@here/user/role mentions; links stay clickable."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        out.append(_escape_plain(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_plain(text[pos:]))
    return discord.utils.escape_mentions("".join(out))


def bold(text: str) -> str:
    """``**text**`` around the escaped core of ``text``, keeping its outer whitespace outside the markers."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}**{escape(core)}**{trail}"


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split ``text`` after each match of ``pattern``; the pieces concatenate back to ``text``."""
    pieces, pos = [], 0
    for match in pattern.finditer(text):
        if match.end() > pos:
            pieces.append(text[pos : match.end()])
            pos = match.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def _group(parts: list[str], max_len: int) -> list[str]:
    """Greedily join consecutive parts while the escaped result stays within ``max_len``."""
    groups: list[str] = []
    for part in parts:
        if groups and len(escape(groups[-1] + part)) <= max_len:
            groups[-1] += part
        else:
            groups.append(part)
    return groups


def atoms(text: str, max_len: int = 900) -> list[str]:
    """Split raw text into sentences (words when a sentence is too long, characters as a last resort).

    The pieces concatenate back to ``text`` exactly and each escapes to at most ``max_len`` characters,
    so a page break may fall only between them.
    """
    out: list[str] = []
    for sentence in _cut(text, _SENTENCE_BREAK):
        if len(escape(sentence)) <= max_len:
            out.append(sentence)
            continue
        words: list[str] = []
        for word in _cut(sentence, _WORD_BREAK):
            if len(escape(word)) <= max_len:
                words.append(word)
            else:  # one enormous token (a URL, a run of symbols): split it; the page shows "(continued)"
                step = max(max_len // 4, 1)
                words.extend(word[i : i + step] for i in range(0, len(word), step))
        out.extend(_group(words, max_len))
    return out


def shorten(text: str, limit: int) -> str:
    """Escaped ``text`` cut to ``limit`` characters at a word boundary, with "…" (for titles and labels only)."""
    text = " ".join(text.split())
    if len(escape(text)) <= limit:
        return escape(text)
    words = text.split(" ")
    while words and len(escape(" ".join(words))) + 1 > limit:
        words.pop()
    if not words:  # a single giant word
        head = text
        while head and len(escape(head)) + 1 > limit:
            head = head[: max(len(head) - max(len(head) // 4, 1), 0)]
        return escape(head) + "…"
    return escape(" ".join(words)) + "…"


def plain_shorten(text: str, limit: int) -> str:
    """Unescaped ``text`` cut to ``limit`` characters with "…" (for select/autocomplete labels and thread names)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
