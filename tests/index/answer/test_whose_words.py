"""Asked what X said: the order of the candidates (X's own quotations first, no one else's)."""

from __future__ import annotations

from index.answer.candidates import Candidate
from index.answer.extractive import Scored, whose_words
from index.answer.speaker import asked_speaker
from index.models import Article, ArticleMeta

TEXT = ("Mayor Cherelle Parker praised the officer on Tuesday.\n\n"
        "“Officer Ramos is a hero,” Parker said.\n\n"
        "Governor Josh Shapiro visited the officer in hospital on Wednesday.\n\n"
        "“We are praying for him and his family,” Shapiro said.")
ARTICLE = Article("a1", TEXT, ArticleMeta(title="Officer shot"))


def _scored(sentence: str, score: float) -> Scored:
    start = TEXT.index(sentence)
    return Scored(Candidate("a1", start, start + len(sentence), sentence, "", "", 0, 0.5, 0.5), score)


def test_the_asked_speakers_quotation_leads_the_others_go() -> None:
    ranked = [_scored("Governor Josh Shapiro visited the officer in hospital on Wednesday.", 0.6),
              _scored("“Officer Ramos is a hero,” Parker said.", 0.5),
              _scored("“We are praying for him and his family,” Shapiro said.", 0.3)]
    ordered = [s.candidate.text for s in whose_words(asked_speaker("What did Shapiro say about the officer?"), ranked,
                                                       {"a1": ARTICLE}, threshold=0.2)]
    assert ordered == ["“We are praying for him and his family,” Shapiro said.",
                       "Governor Josh Shapiro visited the officer in hospital on Wednesday."]


def test_below_the_threshold_the_asked_speakers_quotation_is_not_promoted() -> None:
    ranked = [_scored("Governor Josh Shapiro visited the officer in hospital on Wednesday.", 0.6),
              _scored("“We are praying for him and his family,” Shapiro said.", 0.1)]
    ordered = whose_words("Shapiro", ranked, {"a1": ARTICLE}, threshold=0.2)
    assert [s.score for s in ordered] == [0.6, 0.1]


def test_other_questions_and_unnamed_speakers_keep_the_order() -> None:
    ranked = [_scored("“Officer Ramos is a hero,” Parker said.", 0.5),
              _scored("“We are praying for him and his family,” Shapiro said.", 0.3)]
    assert whose_words(None, ranked, {"a1": ARTICLE}, threshold=0.2) == ranked  # no one in particular asked
    assert whose_words("the mayor", ranked, {"a1": ARTICLE}, threshold=0.2) == ranked  # a title alone identifies no one
    assert whose_words("Zelensky", ranked, {"a1": ARTICLE}, threshold=0.2) == []  # never mentioned
