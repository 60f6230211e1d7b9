"""Publication dates and datelines ("Orinoco Tribune, November 1, 2023 —") in article text."""

from __future__ import annotations

import re
from datetime import date

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|21\d\d)\b")
_DASHES = " \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015|:·•"


def parse_date(value: str | None) -> date | None:
    """A calendar date from ISO strings and common written forms, or None.

    Only strings that contain a four-digit year are accepted, so words such as
    an outlet's name never turn into a date.
    """
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if not _YEAR.search(value):
        return None
    try:
        from dateutil import parser as date_parser

        parsed = date_parser.parse(value, fuzzy=False, default=None)
    except (ValueError, OverflowError, TypeError, ImportError):
        return None
    return parsed.date() if parsed else None


_BY = re.compile(r"^\s*(?:by|von|par|por)\s+(.+)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^\s*(?:published|posted|updated|date)\s*(?:on|:)?\s*", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?$", re.IGNORECASE
)


def parse_dateline(line: str) -> tuple[str | None, str | None, date | None] | None:
    """``(outlet, author, published)`` when ``line`` is only a dateline, else None.

    Recognised: ``"Orinoco Tribune, November 1, 2023 —"``, ``"By Jane Doe, Reuters, 1 Nov 2023"``,
    ``"Published: 2023-11-01"``, ``"Wednesday, November 1, 2023"``.
    """
    line = " ".join(line.split())
    if not line or len(line) > 160 or "\n" in line:
        return None
    core = line.strip(_DASHES)
    core = _PUBLISHED.sub("", core).strip(_DASHES)
    if not _YEAR.search(core):
        return None
    parts = [p.strip() for p in core.split(",")]
    for i in range(len(parts)):
        when = ", ".join(parts[i:]).strip(_DASHES)
        published = parse_date(when)
        if published is None:
            continue
        names = [p for p in parts[:i] if p and not _WEEKDAY.match(p)]
        author = None
        outlet = None
        if names:
            by = _BY.match(names[0])
            if by:
                author = by.group(1).strip()
                names = names[1:]
        if names:
            outlet = ", ".join(names)
        if outlet and (len(outlet) > 80 or outlet.endswith(".")):
            return None
        return outlet, author, published
    return None


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """``(author, outlet)`` when ``line`` is only a byline without a date (``"By Jane Doe"``,
    ``"By Jane Doe, Reuters"``), else None."""
    line = " ".join(line.split()).strip(_DASHES)
    by = _BY.match(line)
    if not by or len(line) > 100 or line.endswith((".", "!", "?", ":", ";")):
        return None
    parts = [p.strip() for p in by.group(1).split(",")]
    if len(parts) > 2 or not all(parts) or any(len(p.split()) > 6 for p in parts):
        return None
    return parts[0], parts[1] if len(parts) == 2 else None
