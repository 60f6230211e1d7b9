"""Who said it, in a verdict: the article's speaker for the words found, and "misattributed".

A verdict whose words were found (exact, elided, near miss, paraphrase, …) carries the speaker the
article gives that passage (index/ingest/attribution.py), or None when the words are the article's
own or unattributed. When the user named someone (``attributed_to``) and the article attributes
the words (exact, elided or near miss) to someone else, the verdict is **misattributed**; names
are compared by index/quotes/names.py (titles, first names and surnames tolerated).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace

from index.ingest.attribution import Quotation, at_span, quotations
from index.models import Article, Verdict, VerdictKind
from index.quotes.names import PRONOUNS, name_words, same_speaker

QuotationsOf = Callable[[Article], Sequence[Quotation]]
"""The quotations of an article (stored with it, or computed from its text)."""

CHECKED = frozenset({VerdictKind.EXACT, VerdictKind.ELIDED, VerdictKind.NEAR_MISS})


CACHED_ARTICLES = 4096
PRONOUN_WINDOW = 1500  # characters before a "he said" in which the person named may be who "he" is
_cache: OrderedDict[str, tuple[Quotation, ...]] = OrderedDict()
_cache_lock = threading.Lock()


def known_quotations(article_id: str) -> tuple[Quotation, ...] | None:
    """The quotations computed earlier in this process for an article id (ids are content-addressed)."""
    with _cache_lock:
        found = _cache.get(article_id)
        if found is not None:
            _cache.move_to_end(article_id)
        return found


def computed_quotations(article: Article) -> Sequence[Quotation]:
    """The quotations of an article, computed from its text once per process (articles stored before ingest did it)."""
    found = known_quotations(article.id)
    if found is None:
        found = tuple(quotations(article.text))
        with _cache_lock:
            _cache[article.id] = found
            while len(_cache) > CACHED_ARTICLES:
                _cache.popitem(last=False)
    return found


def quotation_of(verdict: Verdict, articles: Sequence[Article], quotations_of: QuotationsOf) -> Quotation | None:
    """The article's quotation that holds the (first) span of the verdict, if any."""
    if not verdict.spans:
        return None
    span = verdict.spans[0]
    article = next((a for a in articles if a.id == span.article_id), None)
    if article is None:
        return None
    return at_span(list(quotations_of(article)), span.start, span.end)


def attribute(verdict: Verdict, articles: Sequence[Article], attributed_to: str | None,
              quotations_of: QuotationsOf | None = None) -> Verdict:
    """The verdict with ``speaker`` and ``attributed_to``, and **misattributed** when they differ."""
    named = (attributed_to or "").strip() or None
    quotation = quotation_of(verdict, articles, quotations_of or computed_quotations)
    speaker = quotation.speaker if quotation else None
    result = replace(verdict, speaker=speaker, attributed_to=named)
    if named is None or verdict.kind not in CHECKED or named.lower() in PRONOUNS:
        return result  # nothing to compare ("he said …" names no one)
    outlet = verdict.source.meta.outlet if verdict.source else None
    if (quotation is None or speaker is None) and outlet and same_speaker(named, outlet):
        return replace(result, message=result.message + f" They are the article's own words, written by {outlet}, "
                                                        f"as you say.")
    if quotation is None or speaker is None:
        return replace(result, message=result.message + f" The article does not attribute these words to anyone "
                                                        f"(it does not quote them as {named}'s).")
    if same_speaker(named, speaker) or same_speaker(named, quotation.mention):
        return replace(result, message=result.message + f" The article attributes them to {speaker}, as you say.")
    article = next(a for a in articles if verdict.spans and a.id == verdict.spans[0].article_id)
    if _maybe_the_pronoun(article, quotation, named):
        return replace(result, message=result.message + f" The article attributes them to “{quotation.mention}” — "
                                                        f"most likely {speaker}, though it names {named} just before.")
    where = f"in “{verdict.source.meta.title}”, paragraph {verdict.paragraph}" if verdict.source else "in the article"
    message = f"Misattributed — the words are {where}, but the article attributes them to {speaker}, not {named}."
    if verdict.kind is not VerdictKind.EXACT:
        message += f" The words themselves: {verdict.message}"
    return replace(result, kind=VerdictKind.MISATTRIBUTED, message=message)


def _maybe_the_pronoun(article: Article, quotation: Quotation, named: str) -> bool:
    """"…," he said — and the person the user named is named just before: "he" may well be them."""
    if (quotation.mention or "").lower() not in PRONOUNS:
        return False
    before = article.text[max(0, quotation.start - PRONOUN_WINDOW):quotation.start]
    words = set(name_words(" ".join(re.findall(r"\b[A-Z][\w’'-]+", before))))
    wanted = name_words(named)
    return bool(wanted) and wanted <= words
