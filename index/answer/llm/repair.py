"""Check and repair every quote of a model-written answer before anyone sees it.

Each quote the model gives goes through the engine's quote checker
(:func:`index.quotes.check_quote`) against the stored articles of the passages
the model was shown, the passage it names first:

* **exact** → shown as is (the text is sliced from the store, never the model's);
* **elided / near miss** → replaced by the real span, ``Quote.corrected=True``;
* **stitched / paraphrase / not found / too short** → removed; the claim it
  supported is removed from the prose and a notice says so.
* asked what someone said, **a quotation the article gives to someone else** →
  removed the same way ("Parker's words, not the person asked about").

The prose keeps only sentences that cite at least one verified quote: a sentence
with no marker (or only markers of dropped quotes) is left out, with a notice —
so text the model was tricked into writing cannot ride along uncited.

A quote found in another passage's article than the one the model named is cited
to the article it really comes from. Citations are renumbered by first use in the
prose: every ``[n]`` left in the prose names a source in the footer, and every
quote's citation is the number of its source. Text the model put in quotation
marks inside the prose is checked too: replaced by the store's words when it is
in an article, otherwise the sentence goes (or, for one or two words, the
quotation marks do), so no unverified words are ever shown as a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.answer.citations import Citations, LoadArticle, Pick
from index.answer.llm.output import ModelOutput, ModelQuote
from index.answer.speaker import someone_elses
from index.ingest.attribution import at_span
from index.ingest.segment import sentences
from index.models import Answer, Article, Span, VerdictKind
from index.quotes.checker import check_quote
from index.quotes.locate import locate
from index.quotes.misattribution import computed_quotations

EXACT, CORRECTED, DROPPED = "exact", "corrected", "dropped"

# [1]  [1, 2]  [Passage 3]  [passage 1; 2]
MARKER = re.compile(r"\[\s*(?:passages?\s*)?(\d{1,3}(?:\s*[,;]\s*(?:passage\s*)?\d{1,3})*)\s*\]", re.IGNORECASE)
_INLINE_QUOTATION = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")


@dataclass(frozen=True)
class Passage:
    """A numbered passage as shown to the model: chunk ``text`` of ``article_id``."""

    number: int
    article_id: str
    title: str
    text: str
    start: int = 0
    end: int = 0


@dataclass
class QuoteOutcome:
    """What happened to one model quote."""

    model: ModelQuote
    status: str  # EXACT | CORRECTED | DROPPED
    verdict: VerdictKind | None
    span: Span | None = None
    similarity: float | None = None
    reattributed: bool = False  # found in another passage's article than the one the model named
    critical: tuple[str, ...] = ()  # kinds of meaning-changing edits the model made ("number", ...)
    spoken_by: str | None = None  # dropped: asked what X said, the article gives these words to this someone else

    @property
    def verified(self) -> Span:
        """The real span of a quote that was not dropped."""
        if self.span is None:
            raise ValueError("a dropped quote has no span")
        return self.span


@dataclass
class Repair:
    """The verified answer plus what was done to get there."""

    answer: Answer
    outcomes: list[QuoteOutcome]
    dropped_sentences: int = 0
    prose_quotations_fixed: int = 0
    notices: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def verify_quote(quote: ModelQuote, passages: Sequence[Passage], load_article: LoadArticle) -> QuoteOutcome:
    """Run the quote checker on one model quote, the article of its claimed passage first."""
    by_number = {p.number: p for p in passages}
    claimed = by_number.get(quote.passage) if quote.passage is not None else None
    if claimed is None and quote.passage is None:
        claimed = by_number.get(quote.marker)
    order = ([claimed.article_id] if claimed else []) + [p.article_id for p in passages]
    articles = [load_article(aid) for aid in dict.fromkeys(order)]
    verdict = check_quote(quote.text, articles)  # no `embed`: a paraphrase is dropped like a miss
    kind = verdict.kind
    if kind in (VerdictKind.EXACT, VerdictKind.ELIDED, VerdictKind.NEAR_MISS) and verdict.spans:
        first, last = verdict.spans[0], verdict.spans[-1]
        article = next(a for a in articles if a.id == first.article_id)
        start, end = _balance(article.text, first.start, max(last.end, first.end))
        span = Span(article.id, start, end, article.text[start:end])
        return QuoteOutcome(
            model=quote,
            status=EXACT if kind is VerdictKind.EXACT else CORRECTED,
            verdict=kind,
            span=span,
            similarity=verdict.similarity,
            reattributed=claimed is not None and claimed.article_id != article.id,
            critical=tuple(dict.fromkeys(c.kind for c in verdict.critical)),
        )
    return QuoteOutcome(model=quote, status=DROPPED, verdict=kind, similarity=verdict.similarity)


def repair_answer(
    question: str,
    output: ModelOutput,
    passages: Sequence[Passage],
    load_article: LoadArticle,
    *,
    asked: str | None = None,
) -> Repair:
    """Verify every quote of ``output``, rewrite its prose, and build the :class:`Answer`.

    ``asked``: the question asks what this person said (index/answer/speaker.py); a verified quote
    that the article attributes to someone else is dropped like an unverifiable one.
    The answer may come back with no quotes (everything dropped); the caller decides
    what to do then (the LLM answerer falls back to the extractive answer).
    """
    citations = Citations(load_article)
    outcomes = [verify_quote(q, passages, citations.article) for q in output.quotes]
    if asked is not None:
        outcomes = [_not_someone_elses(o, asked, citations.article) for o in outcomes]

    kept: dict[int, list[QuoteOutcome]] = {}
    for o in outcomes:
        if o.status != DROPPED:
            kept.setdefault(o.model.marker, []).append(o)

    # pass 1: which prose sentences survive, and the order markers are first used in
    pieces = _prose_pieces(output.answer)
    keep_piece: list[bool] = []
    unsupported = uncited = 0
    marker_order: list[int] = []
    for piece in pieces:
        markers = [n for m in MARKER.finditer(piece) for n in _marker_numbers(m)]
        if not any(n in kept for n in markers):
            keep_piece.append(False)
            if markers:
                unsupported += 1
            else:
                uncited += 1
            continue
        keep_piece.append(True)
        marker_order.extend(n for n in markers if n in kept)

    # numbering by first use: prose markers first, then quotes the prose never cites
    ordered: list[QuoteOutcome] = []
    for marker in list(dict.fromkeys(marker_order)) + [m for m in kept if m not in marker_order]:
        for o in kept[marker]:
            citations.number(o.verified.article_id)
            if o not in ordered:
                ordered.append(o)
    numbers = {o.verified.article_id: citations.number(o.verified.article_id) for o in ordered}

    # pass 2: rewrite the prose with the new numbers; check quotations inside it
    candidate_articles = [citations.article(aid) for aid in dict.fromkeys(p.article_id for p in passages)]
    notices: list[str] = []
    fixed_quotations = 0
    out_pieces: list[str] = []
    for piece, keep in zip(pieces, keep_piece):
        if not keep:
            continue
        rewritten = MARKER.sub(lambda m: _renumber(m, kept, numbers), piece)
        checked = _check_prose_quotations(rewritten, candidate_articles)
        if checked is None:
            unsupported += 1
            continue
        rewritten, fixed = checked
        fixed_quotations += fixed
        out_pieces.append(rewritten)
    prose = _tidy(" ".join(p.strip() for p in out_pieces if p.strip()))

    # the quotes, sliced from the store, overlapping repeats removed
    for o in ordered:
        citations.add(Pick(o.verified.article_id, o.verified.start, o.verified.end, score=float(o.similarity or 0.0),
                           corrected=o.status == CORRECTED, with_context=False))

    notices.extend(_notices(outcomes, numbers, unsupported, uncited, fixed_quotations))
    answer = Answer(
        question=question,
        quotes=tuple(citations.quotes),
        sources=citations.sources(),
        prose=prose or None,
        notices=tuple(notices),
    )
    return Repair(answer, outcomes, unsupported + uncited, fixed_quotations, notices)


def _not_someone_elses(outcome: QuoteOutcome, asked: str, load_article: LoadArticle) -> QuoteOutcome:
    """The outcome, or a drop when the verified words are a quotation the article gives to someone other than
    ``asked``."""
    if outcome.span is None:
        return outcome
    span = outcome.span
    quotation = at_span(computed_quotations(load_article(span.article_id)), span.start, span.end)
    if quotation is None or not someone_elses(asked, quotation):
        return outcome
    return replace(outcome, status=DROPPED, span=None, spoken_by=quotation.speaker or quotation.mention)


_OPENERS, _CLOSERS = "“‘«", "”’»"


def _balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a repaired span so it does not stop just short of a closing quotation mark.

    A span that opens a quotation (“) but ends before its closing mark would show
    a lopsided quote; take the closing mark (and the punctuation before it) when it
    is at most a few characters away. The span stays a verbatim slice of the text.
    """
    piece = text[start:end]
    opened = sum(piece.count(c) for c in _OPENERS) + piece.count('"') % 2
    closed = sum(piece.count(c) for c in _CLOSERS if c != "’")
    if opened <= closed:
        return start, end
    m = re.match(r"[.,;:!?]{0,3}[”\"»]", text[end : end + 4])
    return (start, end + m.end()) if m else (start, end)


def _marker_numbers(match: re.Match) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", match.group(1))]


def _renumber(match: re.Match, kept: dict[int, list[QuoteOutcome]], numbers: dict[str, int]) -> str:
    new: list[int] = []
    for n in _marker_numbers(match):
        for o in kept.get(n, []):
            number = numbers[o.verified.article_id]
            if number not in new:
                new.append(number)
    return "".join(f"[{n}]" for n in new)


def _prose_pieces(prose: str) -> list[str]:
    """The prose cut into sentences; a sentence that is only markers joins the one before it."""
    if not prose.strip():
        return []
    pieces: list[str] = []
    for start, end in sentences(prose):
        piece = prose[start:end]
        if pieces and not MARKER.sub("", piece).strip(" .,;:!?"):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def _tidy(text: str) -> str:
    text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", text)  # [1] [1] -> [1]
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)  # "claim ." after a removed marker
    text = re.sub(r"\(\s*\)", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _check_prose_quotations(piece: str, articles: Sequence[Article]) -> tuple[str, int] | None:
    """Quotations inside the prose: store words when found, else drop the sentence (None).

    One- or two-word quotations that are not found lose their quotation marks instead.
    """
    fixed = 0
    out: list[str] = []
    cursor = 0
    for m in _INLINE_QUOTATION.finditer(piece):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        open_q, close_q = ("“", "”") if m.group(1) is not None else ('"', '"')
        out.append(piece[cursor : m.start()])
        cursor = m.end()
        found = next(((a, hit) for a in articles for hit in locate(inner, a.text)[:1]), None)
        if found:
            a, (s, e) = found
            out.append(open_q + a.text[s:e] + close_q)
            continue
        words = len(re.findall(r"\w+", inner))
        if words <= 2:
            out.append(inner)  # not found, too short to verify: not shown as a quotation
            continue
        verdict = check_quote(inner, articles)
        if verdict.kind in (VerdictKind.NEAR_MISS, VerdictKind.ELIDED) and verdict.spans:
            first, last = verdict.spans[0], verdict.spans[-1]
            a = next(x for x in articles if x.id == first.article_id)
            out.append(open_q + a.text[first.start : last.end] + close_q)
            fixed += 1
            continue
        return None
    out.append(piece[cursor:])
    return "".join(out), fixed


def _notices(outcomes: Sequence[QuoteOutcome], numbers: dict[str, int], unsupported: int, uncited: int,
             fixed_quotations: int) -> list[str]:
    notices: list[str] = []
    dropped = [o for o in outcomes if o.status == DROPPED]
    if dropped:
        why = {
            VerdictKind.NOT_FOUND: "not in the articles",
            VerdictKind.PARAPHRASE: "a paraphrase, not the articles' words",
            VerdictKind.STITCHED: "words joined from different places",
            VerdictKind.TOO_SHORT: "too short to verify",
        }
        reasons = sorted({f"{o.spoken_by}'s words, not the person asked about" if o.spoken_by
                          else why.get(o.verdict, "not verifiable") if o.verdict else "not verifiable" for o in dropped})
        n = len(dropped)
        notices.append(
            f"{n} quote{'s' if n != 1 else ''} from the language model "
            f"{'could not be used' if any(o.spoken_by for o in dropped) else 'could not be verified'} "
            f"({'; '.join(reasons)}) and {'were' if n != 1 else 'was'} removed; "
            + ("the claims they supported were" if n != 1 else "the claim it supported was")
            + " dropped as unsupported."
        )
    elif unsupported:
        n = unsupported
        notices.append(
            f"{n} sentence{'s' if n != 1 else ''} of the language model's answer cited nothing that could be "
            "verified and " + ("were" if n != 1 else "was") + " dropped as unsupported."
        )
    if uncited:
        n = uncited
        notices.append(
            f"{n} sentence{'s' if n != 1 else ''} of the language model's answer cited no quote and "
            + ("were" if n != 1 else "was") + " left out."
        )
    corrected = [o for o in outcomes if o.status == CORRECTED]
    if corrected:
        n = len(corrected)
        critical = sorted({k for o in corrected for k in o.critical})
        extra = f" — the model had changed {', '.join('a ' + k for k in critical)}" if critical else ""
        notices.append(
            f"{n} quote{'s' if n != 1 else ''} corrected to the article's exact words{extra}."
        )
    if fixed_quotations:
        notices.append("Quoted words in the answer text were corrected to the article's exact words.")
    moved = sorted({numbers[o.verified.article_id] for o in outcomes if o.reattributed and o.status != DROPPED
                    and o.verified.article_id in numbers})
    if moved:
        notices.append(
            "The language model cited the wrong passage for a quote; it is cited to the article it comes from "
            f"({', '.join(f'[{n}]' for n in moved)})."
        )
    return notices
