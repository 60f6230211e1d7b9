"""The sentences a user reads: a verdict's message, and the summary of a word diff."""

from __future__ import annotations

from collections.abc import Callable

from index.ingest.segment import paragraph_number
from index.models import Article, Source, Span, Verdict, VerdictKind
from index.quotes.found import Found
from index.quotes.locate import sentence_around

Cite = Callable[[Article], Source]


def diff_summary(found: Found) -> str:
    crit = found.critical
    if crit:
        order = {"negation": 0, "number": 1, "name": 2}
        c = sorted(crit, key=lambda c: order.get(c.kind, 3))[0]
        lead = {
            "negation": "the article says the opposite: negation",
            "number": "a number is different:",
            "name": "a name is different:",
        }[c.kind]
        more = f" (and {len(crit) - 1} more critical change{'s' if len(crit) > 2 else ''})" if len(crit) > 1 else ""
        return f"{lead} '{c.actual}' → '{c.quoted}' (article → your quote){more}"
    changes = [d for d in found.diff if d.op != "equal"]
    if not changes:
        return "same words, but the punctuation differs"
    shown = []
    for d in changes[:3]:
        if d.op == "replace":
            shown.append(f"'{d.actual}' → '{d.quoted}'")
        elif d.op == "insert":
            shown.append(f"left out '{d.actual}'")
        else:
            shown.append(f"added '{d.quoted}'")
    more = f", and {len(changes) - 3} more" if len(changes) > 3 else ""
    n = sum(max(len(d.quoted.split()), len(d.actual.split())) for d in changes)
    return f"not word for word ({n} word{'s' if n != 1 else ''} differ: {'; '.join(shown)}{more})"


# paraphrase ---------------------------------------------------------------------------


def _where(found: Found) -> str:
    a = found.article
    s = found.spans[0][0]
    return f"in “{a.meta.title}”, paragraph {paragraph_number(a.text, s)}"


def finish(quote: str, found: Found, named_article_id: str | None, cite: Cite) -> Verdict:
    """The verdict for a finding, with its message (and "other article" when another one was named)."""
    kind = found.kind
    if kind == VerdictKind.EXACT:
        msg = f"Exact — the article says this word for word, {_where(found)}{found.detail}."
    elif kind == VerdictKind.ELIDED:
        a = found.article
        pars = sorted({paragraph_number(a.text, s) for s, _ in found.spans})
        p = f"paragraph {pars[0]}" if len(pars) == 1 else f"paragraphs {pars[0]}–{pars[-1]}"
        msg = (
            f"Elided — every piece is in the article, in this order and close together, in “{a.meta.title}”, {p}; "
            "the quote leaves out the text between them."
        )
    elif kind == VerdictKind.NEAR_MISS:
        msg = f"Near miss — {diff_summary(found)}; {_where(found)}."
    elif kind == VerdictKind.STITCHED:
        msg = f"Stitched — {found.detail}"
    elif kind == VerdictKind.PARAPHRASE:
        msg = (
            "Paraphrase — this is NOT a quote: no passage says it word for word, but a sentence "
            f"{_where(found)} says something similar (similarity {found.similarity:.2f})."
        )
    elif kind == VerdictKind.UNSUPPORTED:
        msg = (
            "Unsupported — this is NOT what the article says: a sentence "
            f"{_where(found)} is close (similarity {found.similarity:.2f}), but it does not say "
            + ", ".join(f"‘{w}’" for w in found.unsupported) + "."
        )
    else:  # pragma: no cover - not produced here
        msg = kind.value

    if (
        named_article_id
        and found.article.id != named_article_id
        and kind in (VerdictKind.EXACT, VerdictKind.ELIDED, VerdictKind.NEAR_MISS)
    ):
        quality = {
            VerdictKind.EXACT: "word for word",
            VerdictKind.ELIDED: "with parts left out (elided)",
            VerdictKind.NEAR_MISS: "almost word for word (" + diff_summary(found) + ")",
        }[kind]
        msg = f"Other article — not in the article you named, but found {quality} {_where(found)}."
        kind = VerdictKind.OTHER_ARTICLE
    return verdict(quote, kind, found, cite, msg)


def verdict(quote: str, kind: VerdictKind, found: Found | None, cite: Cite, message: str) -> Verdict:
    """A verdict with the spans, citation, paragraph and sentence of a finding (none without one)."""
    if found is None:
        return Verdict(kind, quote, message)
    arts = found.span_articles or tuple(found.article for _ in found.spans)
    spans = tuple(Span(a.id, s, e, a.text[s:e]) for a, (s, e) in zip(arts, found.spans))
    a = found.article
    first = found.spans[0]
    cs, ce = sentence_around(a.text, first[0], first[1])
    return Verdict(
        kind=kind,
        quote=quote,
        message=message,
        spans=spans,
        source=cite(a),
        paragraph=paragraph_number(a.text, first[0]),
        context=Span(a.id, cs, ce, a.text[cs:ce]),
        diff=found.diff,
        critical=found.critical,
        similarity=found.similarity,
        unsupported=found.unsupported,
    )
