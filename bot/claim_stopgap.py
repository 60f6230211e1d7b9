"""STOPGAP — who the user says said a pasted quote: ``Reuters said "…"`` -> (``…``, ``Reuters``).

Until the claim parser (index/quotes/claims.py, branch ``claims``) is merged; then the CLI and
/check take ``attributed_to`` from it and this module is deleted. Only one quotation, in one of
``X said "…"``, ``"…," X said``, ``According to X, "…"``, ``"…" — X``; otherwise the text is
returned as it is, with no name.
"""

from __future__ import annotations

import re

_Q = r"[\"“”«»]"
_VERB = r"(?:said|says|told|wrote|writes|tweeted|added|stated|claimed|declared|announced)"
_NAME = r"(?P<name>[^\"“”«»\n]{2,80}?)"
_BODY = rf"{_Q}(?P<quote>[^\"“”«»]{{3,}}){_Q}"
_FORMS = (
    re.compile(rf"^\s*{_NAME}\s+{_VERB}(?:\s+that)?[\s,:]*{_BODY}[\s.]*$", re.IGNORECASE),
    re.compile(rf"^\s*according to\s+{_NAME},?\s*{_BODY}[\s.]*$", re.IGNORECASE),
    re.compile(rf"^\s*{_BODY}[\s,]*{_VERB}\s+{_NAME}[\s.]*$", re.IGNORECASE),
    re.compile(rf"^\s*{_BODY}[\s,]*{_NAME}\s+{_VERB}[\s.]*$", re.IGNORECASE),
    re.compile(rf"^\s*{_BODY}\s*[—–-]+\s*{_NAME}[\s.]*$", re.IGNORECASE),
)


def split_claim(text: str) -> tuple[str, str | None]:
    """``(quote, attributed_to)`` from a pasted claim; ``(text, None)`` when it names no one."""
    for form in _FORMS:
        m = form.match(text)
        if m:
            return m.group("quote").strip(), m.group("name").strip(" ,:")
    return text, None
