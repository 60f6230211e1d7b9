"""Did the articles really say this? The quote checker: one verdict per quote.

Pure and Discord-free. The one rule: every :class:`~index.models.Span` returned
satisfies ``span.text == article.text[span.start:span.end]`` — offsets always
point into the ORIGINAL article text, never into a normalised copy.

How a quote is checked (:func:`check_quote`), in order:

1. **too short** — one or two words, or fewer than 12 letters: nothing is claimed.
2. **exact** — the normalised quote (case, whitespace, quote marks, dashes, the
   ellipsis character) occurs at word boundaries; outer quote marks/punctuation
   of the user's quote are tolerated, and so is a change of quotation-mark style
   inside it (nested quotes).
3. **elided** — the quote has ``...`` / ``…`` / ``[...]``; every piece occurs in
   order, close together, in one article. Pieces found but far apart or out of
   order → **stitched**.
4. **stitched** (no ellipsis) — the quote splits into ≥ 3-word pieces that each
   occur exactly but in separate places (other paragraph, far apart, out of order
   or another article).
5. **near miss** — a fuzzy alignment (rapidfuzz) finds an almost-verbatim span; a
   word-level diff with number / negation / name changes called out.
6. **paraphrase** — a sentence with the same meaning (embedding cosine plus some
   lexical overlap); shown, and clearly NOT a quote.
7. **not found**.

With ``named_article_id``, a quote found (exact / elided / near-miss quality)
only in another article is reported as **other article**, with where it was found.

Then who said it: the verdict carries the article's speaker of the words, and is **misattributed**
when the user named someone else (index/quotes/misattribution.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.ingest.segment import paragraph_number
from index.models import Article, Source, Span, Verdict, VerdictKind
from index.quotes.found import Found
from index.quotes.locate import elided_chain, ellipsis_pieces, locate
from index.quotes.messages import finish, verdict
from index.quotes.misattribution import QuotationsOf, attribute
from index.quotes.nearmiss import near_miss
from index.quotes.normalize import normalize, tokens
from index.quotes.paraphrase import paraphrase
from index.quotes.stitch import place_pieces, split_into_found_pieces, stitched
from index.quotes.words import prepare_quote

TOO_SHORT_MAX_WORDS = 2
TOO_SHORT_MIN_LETTERS = 12
STITCH_WORDS_PER_JOIN = 2  # a near miss differing in <= this many words per join is preferred to a stitch


def _default_cite(article: Article) -> Source:
    return Source(number=1, article_id=article.id, meta=article.meta)


def _is_too_short(quote: str) -> bool:
    words = [k for _, _, k in tokens(normalize(quote)) if any(c.isalnum() for c in k)]
    letters = sum(c.isalpha() for c in quote)
    return len(words) <= TOO_SHORT_MAX_WORDS or letters < TOO_SHORT_MIN_LETTERS


def _first_found(fn: Callable[[Article], Found | None], ordered: Sequence[Article]) -> Found | None:
    for a in ordered:
        f = fn(a)
        if f:
            return f
    return None


def check_quote(
    quote: str,
    articles: Sequence[Article],
    *,
    named_article_id: str | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    cite: Callable[[Article], Source] | None = None,
    attributed_to: str | None = None,
    quotations_of: QuotationsOf | None = None,
) -> Verdict:
    """Did these articles (or the named one) really say ``quote`` (and did ``attributed_to`` say it)?

    ``articles`` are the candidates (full exact text). ``embed`` maps texts to unit vectors and
    enables the paraphrase check; ``cite`` builds the Source for an article. Every verdict carries
    the article's ``speaker`` for the words found; ``attributed_to`` (who the user says said them)
    can make it **misattributed** (index/quotes/misattribution.py). ``quotations_of`` gives an
    article's stored quotations (computed from its text by default).
    """
    words = _check_words(quote, articles, named_article_id=named_article_id, embed=embed, cite=cite)
    return attribute(words, articles, attributed_to, quotations_of)


def _check_words(
    quote: str,
    articles: Sequence[Article],
    *,
    named_article_id: str | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    cite: Callable[[Article], Source] | None = None,
) -> Verdict:
    """The verdict on the words alone (the module doc's order of checks)."""
    cite = cite or _default_cite
    named = next((a for a in articles if a.id == named_article_id), None) if named_article_id else None
    ordered = ([named] if named else []) + [a for a in articles if named is None or a.id != named.id]
    quote_text = quote.strip()

    # 1. too short
    if _is_too_short(quote_text):
        where = _first_found(lambda a: exact(quote_text, a), ordered)
        return verdict(
            quote, VerdictKind.TOO_SHORT, where, cite,
            "Too short to verify — a quote of one or two words could come from almost anywhere."
            + (" (It does occur in the articles.)" if where else ""),
        )

    # 2. exact
    found = _first_found(lambda a: exact(quote_text, a), ordered)
    if found:
        return finish(quote, found, named_article_id, cite)

    # 3. ellipsis: elided, or stitched when the pieces are far apart
    pieces = ellipsis_pieces(quote_text)
    if len(pieces) >= 2:
        found = None
        for a in ordered:
            chain = elided_chain(pieces, a)
            if chain:
                found = Found(VerdictKind.ELIDED, a, chain, similarity=1.0)
                break
        if found:
            return finish(quote, found, named_article_id, cite)
        placement, close = place_pieces(pieces, ordered, named_article_id)
        if len(placement) == len(pieces) and not close:
            return finish(quote, stitched(placement), named_article_id, cite)

    # 4. stitched without an ellipsis: pieces that each match exactly, in separate places
    q = prepare_quote(" ".join(pieces) if len(pieces) >= 2 else quote_text)
    misses = [m for m in (near_miss(q, a) for a in ordered) if m]
    split = split_into_found_pieces(q, ordered)
    gapped: Found | None = None
    if split:
        placement, close = place_pieces(split, ordered, named_article_id)
        # a stitch must explain the quote better than a near miss: a near miss that differs in at most
        # two words per join (e.g. 'the' -> 'a' with a common phrase after it) is the simpler story
        closest = min((m.distance for m in misses), default=None)
        if len(placement) == len(split) and not close and (
            closest is None or closest > STITCH_WORDS_PER_JOIN * (len(split) - 1)
        ):
            return finish(quote, stitched(placement), named_article_id, cite)
        if close:  # every piece verbatim, close together: words were left out (or added) in between
            art = placement[0][0]
            gapped = near_miss(q, art, window=(placement[0][1][0], placement[-1][1][1]))

    # 5. near miss: the best alignment, in the named article if it has one
    if gapped:
        misses = [gapped] + [m for m in misses if m.article.id != gapped.article.id]
    if misses:
        in_named = [m for m in misses if named and m.article.id == named.id]
        best = in_named[0] if in_named else (gapped or max(misses, key=lambda m: m.similarity or 0.0))
        return finish(quote, best, named_article_id, cite)

    # 6. paraphrase
    if embed is not None:
        found = paraphrase(q, ordered, embed)
        if found and found.kind == VerdictKind.NOT_FOUND:
            a, (s, e) = found.article, found.spans[0]
            return Verdict(
                VerdictKind.NOT_FOUND, quote,
                f"Not found — no passage says this; the closest sentence, in “{a.meta.title}”, paragraph "
                f"{paragraph_number(a.text, s)}, says the opposite (negation).",
                source=cite(a), paragraph=paragraph_number(a.text, s), context=Span(a.id, s, e, a.text[s:e]),
                critical=found.critical, similarity=found.similarity,
            )
        if found:
            return finish(quote, found, named_article_id, cite)

    # 7. not found
    scope = f"“{named.meta.title}” or the other candidate articles" if named else "the articles"
    return Verdict(VerdictKind.NOT_FOUND, quote, f"Not found — nothing in {scope} comes close to this quote.")


def exact(quote: str, article: Article) -> Found | None:
    """The first verbatim occurrence of ``quote`` in ``article`` (and how many there are)."""
    hits = locate(quote, article.text)
    if not hits:
        return None
    detail = f" (it appears {len(hits)} times)" if len(hits) > 1 else ""
    return Found(VerdictKind.EXACT, article, [hits[0]], similarity=1.0, detail=detail)
