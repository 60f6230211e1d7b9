"""Checking a pasted claim: each quoted fragment verbatim, the framing as a paraphrase, the whole for stitching.

The fragments come from :func:`~index.quotes.claims.parse_claim`; each is checked by ``check`` (the
library's candidates + :func:`~index.quotes.editorial.check_fragment`). The framing — the words
outside the marks, minus the attribution — is never aligned word by word: its content words are
looked for in the paragraph the quote comes from, and the ones missing are named
(``framing_unsupported``). Fragments that are each real but come from different articles or distant
paragraphs make a *frankenquote*: the claim is reported as stitched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from index.ingest.segment import paragraph_around
from index.models import Article, ClaimCheck, FragmentCheck, Verdict, VerdictKind
from index.quotes.claims import Claim, Fragment, parse_claim, words_outside
from index.quotes.details import SWEEPING
from index.quotes.normalize import normalize, tokens
from index.quotes.words import STOPWORDS, is_number, number_value

MAX_FRAGMENTS = 10  # checked per claim; more are counted and named, never dropped silently
WHOLE_MAX_CHARS = 1000  # a claim up to this long is also tried as one verbatim passage (with its inner quotes)
WHOLE_MIN_SIMILARITY = 0.85
FRANKEN_PARAGRAPHS = 1  # fragments more than this many paragraphs apart are "from different places"

# worst first: the overall verdict of a claim is its worst fragment's
SEVERITY = (
    VerdictKind.NOT_FOUND, VerdictKind.STITCHED, VerdictKind.NEAR_MISS, VerdictKind.UNSUPPORTED,
    VerdictKind.PARAPHRASE, VerdictKind.OTHER_ARTICLE, VerdictKind.ELIDED, VerdictKind.EXACT, VerdictKind.TOO_SHORT,
)
_FOUND = (VerdictKind.EXACT, VerdictKind.ELIDED)

CheckFragment = Callable[[str, "str | None"], Verdict]
LoadArticle = Callable[[str], Article]


def _rank(kind: VerdictKind) -> int:
    return SEVERITY.index(kind) if kind in SEVERITY else 0  # a kind unknown here (e.g. misattributed) is serious


def check_claim(text: str, check: CheckFragment, load: LoadArticle, *, max_fragments: int = MAX_FRAGMENTS) -> ClaimCheck:
    """Check every quoted fragment of ``text`` (the whole text when it has no quotation marks)."""
    claim = parse_claim(text)
    tried: Verdict | None = None  # the whole text checked as one quote (when it may be one passage)
    if claim.quoted and (_mostly_outside(claim) or (claim.framing.replace("“…”", "").strip()
                                                    and len(text) <= WHOLE_MAX_CHARS)):
        # a passage that itself contains a quotation ("… prepare a “quasi-state of war”") is one quote: when it
        # is verbatim, or when nobody is named and it lines up with one place almost word for word
        tried = check(text.strip(), None)
    if not claim.quoted or (tried is not None and (tried.kind in _FOUND or _reads_as_one_passage(claim, tried))):
        verdict = tried or check(text.strip(), None)
        one = FragmentCheck(text.strip(), 0, len(text), None, verdict)
        return ClaimCheck(text, verdict.kind, verdict.message, (one,), framing="", attributed_to=None)
    checked = claim.fragments[:max_fragments]
    extra = claim.fragments[max_fragments:]
    results = []
    for f in checked:
        verdict = replace(check(f.text, f.attributed_to), attributed_to=f.attributed_to)
        results.append(FragmentCheck(f.text, f.start, f.end, f.attributed_to, verdict))
    verdicts = [r.verdict for r in results]
    if (tried is not None and claim.attributed_to is None and tried.kind is not VerdictKind.TOO_SHORT
            and all(v.kind is VerdictKind.TOO_SHORT for v in verdicts)):
        one = FragmentCheck(text.strip(), 0, len(text), None, tried)  # only short quotations, nobody named: the text
        return ClaimCheck(text, tried.kind, tried.message, (one,), framing="", attributed_to=None)
    meaningful = [v for v in verdicts if v.kind is not VerdictKind.TOO_SHORT] or verdicts
    kind = min((v.kind for v in meaningful), key=_rank)
    stitched = _stitched(results)
    if stitched and all(v.kind in _FOUND or v.kind is VerdictKind.TOO_SHORT for v in verdicts):
        kind = VerdictKind.STITCHED
    unsupported = _framing_unsupported(claim, verdicts, load)
    if kind in _FOUND and any(_decisive(w, claim.framing) for w in unsupported):
        kind = VerdictKind.UNSUPPORTED  # the quoted words are real, but the framing adds a number or a name
    message = _message(claim, results, kind, stitched, unsupported, extra)
    return ClaimCheck(text, kind, message, tuple(results), framing=claim.framing, attributed_to=claim.attributed_to,
                      framing_unsupported=unsupported, stitched=stitched, more=len(extra))


def _word_counts(claim: Claim) -> tuple[int, int]:
    """Words inside the quotation marks, and outside them."""
    inside = sum(len(re.findall(r"\w+", f.text)) for f in claim.fragments)
    return inside, len(re.findall(r"\w+", claim.framing))


def _mostly_outside(claim: Claim) -> bool:
    """More than twice as many words outside the marks as inside (four times when a speaker is named):
    a passage with a short quotation in it, more likely pasted from an article than written as a claim."""
    inside, outside = _word_counts(claim)
    return outside > (4 if any(f.attributed_to for f in claim.fragments) else 2) * inside


def _reads_as_one_passage(claim: Claim, whole: Verdict) -> bool:
    """No speaker named, and the whole text lines up with one place almost word for word, the words outside
    the marks being a good part of it: a quotation pasted with its inner quotation, not a claim about it."""
    if _mostly_outside(claim):
        return whole.kind is not VerdictKind.NOT_FOUND
    if any(f.attributed_to for f in claim.fragments):
        return False
    if whole.kind is VerdictKind.STITCHED:  # real pieces of separate passages, joined: that is the finding
        return True
    inside, outside = _word_counts(claim)
    close = whole.kind in (VerdictKind.NEAR_MISS, VerdictKind.STITCHED) and (whole.similarity or 1.0) >= WHOLE_MIN_SIMILARITY
    # the words outside the marks change a number, a negation or a name of that place: that is the finding
    return close and (outside * 3 >= inside + outside or bool(whole.critical))


def _stitched(results: Sequence[FragmentCheck]) -> str | None:
    """Where the fragments of one speaker come from, when that is different articles or distant paragraphs."""
    by_speaker: dict[str | None, list[Verdict]] = {}
    for r in results:
        by_speaker.setdefault(r.attributed_to, []).append(r.verdict)
    for verdicts in by_speaker.values():
        found = _stitched_one(verdicts)
        if found:
            return found
    return None


def _stitched_one(verdicts: Sequence[Verdict]) -> str | None:
    placed = [(v.spans[0].article_id, v.paragraph or 0, v.spans[0].start, v.source.meta.title if v.source else "")
              for v in verdicts if v.kind in _FOUND and v.spans]
    if len(placed) < 2:
        return None
    if len({p[0] for p in placed}) > 1:
        where = "; ".join(f"“{title}”, paragraph {par}" for _, par, _, title in placed)
        return f"the quoted fragments come from different articles ({where})"
    pars = [p[1] for p in placed]
    if max(pars) - min(pars) > FRANKEN_PARAGRAPHS:
        order = "" if pars == sorted(pars) else ", in a different order"
        return f"the quoted fragments come from different places in the article (paragraphs {', '.join(map(str, pars))}{order})"
    return None


def _decisive(word: str, framing: str) -> bool:
    """A number, a name (capitalised, not first in a sentence) or a sweeping word: a detail that matters."""
    key = word.casefold()
    first = re.search(r"(?:^|[.!?:]\s+|“…”\s*)" + re.escape(word) + r"\b", framing) is not None
    return is_number(key) or (word[:1].isupper() and not first) or key in SWEEPING


def _stem(key: str) -> str:
    key = re.sub(r"'s$", "", key)
    return number_value(key) if is_number(key) else key[:5]


def _framing_unsupported(claim: Claim, verdicts: Sequence[Verdict], load: LoadArticle) -> tuple[str, ...]:
    """Content words of the framing (attribution left out) that the quoted paragraph does not contain."""
    rest = words_outside(claim)
    found = [v for v in verdicts if v.kind in _FOUND and v.spans]
    if not rest or not found:
        return ()
    passage: set[str] = set()
    for v in found:  # the paragraph of each quoted fragment, the one before it, and the title
        article = load(v.spans[0].article_id)
        ps, pe = paragraph_around(article.text, v.spans[0].start, v.spans[-1].end)
        ps = paragraph_around(article.text, max(0, ps - 2), max(0, ps - 1))[0] if ps > 1 else ps
        passage |= {_stem(k) for _, _, k in tokens(normalize(article.text[ps:pe] + " " + article.meta.title))}
    missing: list[str] = []
    for word in rest.split():
        key = re.sub(r"^\W+|\W+$", "", word).casefold()
        if not key or key in STOPWORDS or (len(key) < 3 and not is_number(key)):
            continue
        if _stem(key) not in passage and word not in missing:
            missing.append(re.sub(r"^\W+|\W+$", "", word))
    return tuple(missing)


def _message(claim: Claim, results: Sequence[FragmentCheck], kind: VerdictKind, stitched: str | None,
             unsupported: Sequence[str], extra: Sequence[Fragment]) -> str:
    if len(results) == 1:
        parts = [results[0].verdict.message]
    else:
        counts: dict[str, int] = {}
        for r in results:
            label = r.verdict.kind.value.replace("_", " ")
            counts[label] = counts.get(label, 0) + 1
        parts = [f"{len(results)} quoted passages: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + "."]
    if stitched:
        parts.append(f"Stitched — each fragment is real, but {stitched}: not one continuous statement.")
    if kind is VerdictKind.UNSUPPORTED and all(r.verdict.kind in _FOUND for r in results):
        parts.insert(0, "Unsupported — the quoted words are real, but the sentence around them adds what the "
                        f"passage does not say: {', '.join(unsupported)}.")
    elif claim.framing and results and all(r.verdict.kind in _FOUND for r in results):
        parts.append("The words outside the quotation marks are the writer’s framing, not checked word for word"
                     + (f"; not in the quoted passage: {', '.join(unsupported)}." if unsupported else "."))
    if extra:
        named = ", ".join(f"“{_short(f.text)}”" for f in extra)
        parts.append(f"{len(extra)} more quoted passage{'s' if len(extra) != 1 else ''} not checked: {named}.")
    return " ".join(parts)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
