"""Asked what someone said: their words, never someone else's, and "no answer" when they said nothing here.

"What did Shapiro say about the officer?" is answered by a quotation the article attributes to
Shapiro, or by a sentence reporting his speech; never by the mayor's quotation, however close in
meaning, nor by a sentence that only names him ("Shapiro visited the hospital"). Who is asked and
whether a quotation is theirs: index/answer/speaker.py. What a quote brings along: index/answer/context.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.answer.answer_type import asks_for_words
from index.answer.candidates import Candidate
from index.answer.context import ATTRIBUTION, QUOTATION_MARK, with_context
from index.answer.speaker import (
    as_named,
    asked_speaker,
    is_description,
    is_speaker,
    named_in,
    named_nowhere,
    names_head,
    someone_elses,
)
from index.ingest.attribution import at_span
from index.models import Article
from index.quotes.misattribution import computed_quotations

THEIRS_READ = 3  # of the asked speaker's quotations in the retrieved passages, how many the ranker reads first
OWN_WORDS_RELIEF = 0.5  # when nothing reaches the threshold, their own quotation answers from this share of it


@dataclass(frozen=True)
class Scored:
    """A candidate and the probability (or, without the ranker, the relevance) that it answers."""

    candidate: Candidate
    score: float


def asked_person(question: str, articles: dict[str, Article], *, speaker: str | None = None) -> str | None:
    """Whose words ``question`` asks for (None: no one's in particular), as the articles name them: a first name
    alone becomes the full name they use ("boris" -> "boris Johnson"); ``speaker``: whom a follow-up's "he" means."""
    asked = (asked_speaker(question) or speaker) if asks_for_words(question) else None
    if asked is None:
        return None
    # texts and speakers are read only when a first name alone is asked
    return as_named(asked, (a.text for a in articles.values()),
                    (q.speaker for a in articles.values() for q in computed_quotations(a) if q.speaker))


def theirs_first(asked: str, candidates: list[Candidate], articles: dict[str, Article],
                 limit: int = THEIRS_READ) -> list[Candidate]:
    """Up to ``limit`` of ``asked``'s own quotations moved to the front, so that the ranker reads them: "what did
    Lapointe say?" is closer in meaning to every sentence about saying than to Lapointe's words."""
    first = [c for c in candidates if is_theirs(asked, c, articles[c.article_id])][:limit]
    return first + [c for c in candidates if c not in first]


def whose_words(asked: str | None, ranked: list[Scored], articles: dict[str, Article],
                threshold: float, *, words_only: bool = True) -> list[Scored]:
    """The candidates that may answer what ``asked`` said, in the order to quote them.

    Someone else's quotation is dropped, and (``words_only``: the question asks what they said, not
    what they thought) so is a sentence that carries no one's words; ``asked``'s own
    quotations that reach the threshold lead. When nothing reaches it, their own quotations that reach
    :data:`OWN_WORDS_RELIEF` of it answer. Nothing, when the articles never mention them.
    """
    if asked is None:
        return ranked
    texts = [a.text for a in articles.values()]
    if named_nowhere(asked, texts):
        return []
    if not named_in(asked, texts):
        return ranked
    own: list[Scored] = []
    rest: list[Scored] = []
    theirs_below: list[Scored] = []  # their own quotations under the threshold
    for scored in ranked:
        c = scored.candidate
        article = articles[c.article_id]
        quotation = at_span(computed_quotations(article), c.start, c.end)
        if someone_elses(asked, quotation) or (words_only and not carries_speech(asked, c, article)):
            continue
        theirs = quotation is not None and is_speaker(asked, quotation)
        if words_only and not theirs and not is_description(asked) and not names_head(asked, f"{c.previous} {c.text}"):
            continue  # someone's words, but nothing says they are X's ("This is Carlson, saying so himself")
        if theirs and scored.score >= threshold:
            own.append(scored)
        else:
            rest.append(scored)
            if theirs:
                theirs_below.append(scored)
    if own or any(s.score >= threshold for s in rest):
        return own + rest
    weak = [s for s in theirs_below if s.score >= threshold * OWN_WORDS_RELIEF]
    return [Scored(s.candidate, threshold) for s in weak] + [s for s in rest if s not in weak]


def no_words_reason(asked: str | None, articles: dict[str, Article], *, shown: str | None = None) -> str | None:
    """Why there is no answer to what ``asked`` said, for the user: the articles at hand never mention them, or
    mention them without their words; None when no one in particular was asked. ``shown``: the name as the user
    wrote it (``asked`` may be spelling-corrected)."""
    if asked is None:
        return None
    texts = [a.text for a in articles.values()]
    name = shown or asked
    if named_nowhere(asked, texts):
        return f"none of the articles on this mentions {name}."
    return f"they mention {name} but give no words of theirs on this." if named_in(asked, texts) else None


def is_theirs(asked: str, candidate: Candidate, article: Article) -> bool:
    """Whether the candidate sentence is a quotation the article attributes to ``asked``."""
    quotation = at_span(computed_quotations(article), candidate.start, candidate.end)
    return quotation is not None and is_speaker(asked, quotation)


def carries_speech(asked: str, candidate: Candidate, article: Article) -> bool:
    """Whether the quote carries someone's words: a quotation mark or a speech verb in the sentence, or the
    quotation it brings along when that is not someone else's."""
    if QUOTATION_MARK.search(candidate.text) or ATTRIBUTION.search(candidate.text):
        return True
    end = _brought_end(candidate, article)
    return end > candidate.end and not _others_words_until(asked, candidate, article, end)


def brings_others_words(asked: str, candidate: Candidate, article: Article) -> bool:
    """Whether the quotation the quote would bring along (index/answer/context.py) is someone else's:
    "Shapiro and Bethel visited the hospital." must not bring Shapiro's words to "what did Bethel say"."""
    return _others_words_until(asked, candidate, article, _brought_end(candidate, article))


def _brought_end(candidate: Candidate, article: Article) -> int:
    """Where the quote ends once it brings the quotation a reporting sentence introduces."""
    return with_context(article.text, candidate.start, candidate.end, words_asked=True)[1]


def _others_words_until(asked: str, candidate: Candidate, article: Article, end: int) -> bool:
    return any(q.start < end and q.end > candidate.end and someone_elses(asked, q)
               for q in computed_quotations(article))
