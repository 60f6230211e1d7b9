"""Asked what X said: the order of the candidates (X's own quotations first, no one else's)."""

from __future__ import annotations

from index.answer.candidates import Candidate
from index.answer.speaker import asked_speaker
from index.answer.their_words import Scored, theirs_first, whose_words
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


def test_a_sentence_that_carries_no_ones_words_does_not_answer() -> None:
    text = "Commissioner Kevin Bethel visited the hospital on Tuesday.\n\nThe suspect was arrested on Wednesday."
    sentence = "Commissioner Kevin Bethel visited the hospital on Tuesday."
    ranked = [Scored(Candidate("b1", 0, len(sentence), sentence, "", "", 0, 0.5, 0.5), 0.9)]
    assert whose_words("Bethel", ranked, {"b1": Article("b1", text, ArticleMeta(title="Visit"))}, threshold=0.2) == []


def test_reported_speech_that_does_not_name_the_asked_speaker_does_not_answer() -> None:
    text = ("Kelly Trepany covers television for the paper.\n\n"
            "This is Carlson, in an interview over the weekend, saying so himself.")
    sentence = "This is Carlson, in an interview over the weekend, saying so himself."
    start = text.index(sentence)
    ranked = [Scored(Candidate("t1", start, start + len(sentence), sentence, "", "", 0, 0.5, 0.5), 0.9)]
    articles = {"t1": Article("t1", text, ArticleMeta(title="Carlson"))}
    assert whose_words("Trepany", ranked, articles, threshold=0.2) == []  # Carlson's speech, not Trepany's
    assert whose_words("Carlson", ranked, articles, threshold=0.2) == ranked


def test_asked_what_someone_thought_a_sentence_reporting_it_without_words_may_answer() -> None:
    text = "Dalton assumed that atoms combine in simple whole-number ratios.\n\nHis tables were later revised."
    sentence = "Dalton assumed that atoms combine in simple whole-number ratios."
    ranked = [Scored(Candidate("d1", 0, len(sentence), sentence, "", "", 0, 0.5, 0.5), 0.9)]
    articles = {"d1": Article("d1", text, ArticleMeta(title="Atomic theory"))}
    assert whose_words("Dalton", ranked, articles, threshold=0.2, words_only=False) == ranked
    assert whose_words("Dalton", ranked, articles, threshold=0.2) == []  # "what did Dalton say": no words of his


def test_when_nothing_reaches_the_threshold_their_own_words_still_answer_if_likely_enough() -> None:
    parker, shapiro = "“Officer Ramos is a hero,” Parker said.", "“We are praying for him and his family,” Shapiro said."
    lifted = whose_words("Shapiro", [_scored(parker, 0.15), _scored(shapiro, 0.12)], {"a1": ARTICLE}, threshold=0.2)
    assert [(s.candidate.text, s.score) for s in lifted] == [(shapiro, 0.2)]  # Parker's words are gone
    unlikely = whose_words("Shapiro", [_scored(shapiro, 0.05)], {"a1": ARTICLE}, threshold=0.2)
    assert [s.score for s in unlikely] == [0.05]  # under half the threshold: not lifted, the answerer abstains


def test_the_asked_speakers_quotations_are_read_first() -> None:
    candidates = [_scored(s, 0.0).candidate for s in (
        "Governor Josh Shapiro visited the officer in hospital on Wednesday.",
        "“Officer Ramos is a hero,” Parker said.",
        "“We are praying for him and his family,” Shapiro said.")]
    assert [c.text for c in theirs_first("Shapiro", candidates, {"a1": ARTICLE})] == [
        candidates[2].text, candidates[0].text, candidates[1].text]
    assert theirs_first("Bethel", candidates, {"a1": ARTICLE}) == candidates
