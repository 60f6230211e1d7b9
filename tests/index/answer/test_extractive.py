"""The extractive answerer through the real library: what a "what did X say" question gets."""

from __future__ import annotations

from index.library import Library
from index.models import ArticleMeta
from tests.support.checks import assert_verbatim

SNOW = (
    "The Winter Olympics in Beijing rely almost entirely on artificial snow, a report said on Tuesday.\n\n"
    "Snow machines ran day and night on the slopes of Yanqing, using millions of litres of water.\n\n"
    "Laura Donaldson, a freestyle skier from Scotland who competed in Salt Lake City in 2002, was extremely "
    "critical of artificial snow.\n\n"
    "“If super pipes are formed from snow-making machines, the pipe floor is solid ice,” Donaldson told the "
    "researchers. “This is dangerous for athletes, some have died.”\n\n"
    "The organisers said the snow was safe and that the courses had been inspected by the ski federation."
)


def test_asked_what_someone_said_the_quote_brings_her_words(library: Library) -> None:
    library.add_text("default", SNOW, meta=ArticleMeta(title="Olympics on fake snow", outlet="Example News"))
    answer = library.ask("default", "what did laura donaldson say about artifical snow")
    assert not answer.abstained
    first = answer.quotes[0].text
    assert "This is dangerous for athletes" in first  # her words, not only the sentence reporting them
    assert_verbatim(library, "default", answer)


SHOOTING = (
    "A police officer was shot during a traffic stop in Philadelphia on Monday night.\n\n"
    "Mayor Cherelle Parker praised the officer at a news conference on Tuesday.\n\n"
    "“Officer Ramos is a hero who ran toward danger to protect this city,” Parker said.\n\n"
    "Governor Josh Shapiro and Police Commissioner Kevin Bethel visited the hospital where the officer is treated.\n\n"
    "“The officer showed the courage every Pennsylvanian can be proud of, and we are praying for him,” Shapiro said.\n\n"
    "The suspect was arrested on Wednesday."
)


def test_asked_what_someone_said_another_speakers_quotation_is_never_the_answer(library: Library) -> None:
    library.add_text("default", SHOOTING, meta=ArticleMeta(title="Officer shot in Philadelphia", outlet="Example"))
    shapiro = library.ask("default", "What did Shapiro say about the officer?")
    assert not shapiro.abstained and "Shapiro said" in shapiro.quotes[0].text
    assert not any("Parker said" in q.text for q in shapiro.quotes)
    assert_verbatim(library, "default", shapiro)
    # Bethel is named but never quoted: the mayor's and the governor's words are not his, nor is his visit
    bethel = library.ask("default", "what did bethel say about the officer")
    assert bethel.abstained and not bethel.quotes
    assert bethel.reason == ("The stored articles do not answer this question: they mention bethel but give no words "
                             "of theirs on this.")
    # von der Leyen appears in no article: nothing here can be her words
    absent = library.ask("default", "What did von der Leyen say about the officer?")
    assert absent.abstained and not absent.quotes
    assert absent.reason == ("The stored articles do not answer this question: none of the articles on this mentions "
                             "von der Leyen.")


VISIT = (
    "Governor Josh Shapiro met the wounded officer's family at the hospital on Monday.\n\n"
    "On Tuesday, Shapiro spoke at the state capitol. He boasted that the officer would make a full recovery.\n\n"
    "Mayor Cherelle Parker promised that the city would pay the officer's medical bills.\n\n"
    "“The Eagles are going to win the Super Bowl this season,” Josh Shapiro joked at the end.\n\n"
    "The suspect was arrested on Wednesday."
)


def test_asked_by_first_name_what_the_article_reports_under_the_surname_answers(library: Library) -> None:
    library.add_text("default", VISIT, meta=ArticleMeta(title="Governor visits officer", outlet="Example"))
    josh = library.ask("default", "what did josh say about the officer's recovery")  # the article reports what "Shapiro" said
    assert not josh.abstained and "He boasted that the officer" in josh.quotes[0].text
    assert not any("Parker" in q.text for q in josh.quotes)
    assert_verbatim(library, "default", josh)


PAPERS = ("Boris Johnson attended his final Prime Minister's Questions on Wednesday.\n\n"
          "What did the papers say?\n\n"
          "The Times called the session rowdy, and the Guardian said the mood in the chamber was sad.\n\n"
          "More: What did Keir Starmer say about the cost of living?\n\n"
          "Johnson is expected to leave Downing Street next month.")


def test_no_answer_never_offers_a_heading_that_asks_or_a_link_line_as_related(library: Library) -> None:
    library.add_text("default", PAPERS, meta=ArticleMeta(title="Johnson's last PMQs", outlet="Example"))
    for question in ("What did the papers say about the football?", "what did the papers say about the royal wedding",
                     "What did Keir Starmer say about the cost of living?"):
        answer = library.ask("default", question)
        assert answer.abstained and not answer.quotes, question
        assert answer.related is None or "?" not in answer.related.text, (question, answer.related)


BRIDGE = ("The Harbour Bridge has been closed since a barge struck one of its piers in January.",
          "The repair cost 14 million euros, paid by the barge owner's insurer, the transport ministry said.")
BRIDGE_LOCAL = ("Commuters have spent two months on a ferry that takes forty minutes each way.",
                "Shops near the bridge say they lost a third of their customers over the winter.")
BRIDGE_WIRE = ("Engineers replaced two steel beams and tested the deck with loaded lorries last week.",
               "The bridge will reopen to traffic on March 3.")


def test_the_same_sentence_in_two_outlets_is_one_quote_citing_both(library: Library) -> None:
    library.add_text("default", "\n\n".join((BRIDGE[0], BRIDGE_LOCAL[0], BRIDGE[1], BRIDGE_LOCAL[1])),
                     meta=ArticleMeta(title="Harbour Bridge to reopen", outlet="City Gazette"))
    library.add_text("default", "\n\n".join((BRIDGE_WIRE[0], BRIDGE[1], BRIDGE_WIRE[1])),
                     meta=ArticleMeta(title="Bridge repairs finished", outlet="Wire Service"))
    answer = library.ask("default", "how much did fixing the harbour bridge cost")
    assert not answer.abstained
    assert [q.text for q in answer.quotes] == [BRIDGE[1]]  # once, not once per article
    quote = answer.quotes[0]
    assert len(quote.also) == 1 and quote.also[0][1].text == BRIDGE[1]
    assert quote.also[0][1].article_id != quote.span.article_id
    assert {s.number for s in answer.sources} == {quote.citation, quote.also[0][0]}
    assert_verbatim(library, "default", answer)


REOPENING = (
    "The city council voted on Tuesday to spend $4 million repairing the Harbour Bridge.\n\n"
    "It will reopen to traffic on March 3, the council's engineers said.\n\n"
    "Ferries will run every ten minutes until then."
)


def test_a_one_sentence_paragraph_that_says_it_is_quoted_with_what_it_refers_to(library: Library) -> None:
    library.add_text("default", REOPENING, meta=ArticleMeta(title="Harbour Bridge repairs", outlet="Example"))
    answer = library.ask("default", "when will the harbour bridge reopen to traffic?")
    assert not answer.abstained
    first = answer.quotes[0].text
    assert "reopen to traffic on March 3" in first
    assert first.startswith("The city council voted")  # "It" alone would not say which bridge
    assert_verbatim(library, "default", answer)


SURCHARGE = (
    "Waffle House added a 50-cent surcharge on every egg on Monday, citing the avian flu.\n\n"
    "The chain, based in Georgia, runs about 1,900 restaurants across 25 states.\n\n"
    "Egg prices have risen 37% over the past year, according to the Labor Department."
)


def test_a_question_about_someone_no_article_mentions_gets_no_answer_and_says_why(library: Library) -> None:
    library.add_text("default", SURCHARGE, meta=ArticleMeta(title="Waffle House adds egg surcharge", outlet="Example"))
    ihop = library.ask("default", "Did IHOP add an egg surcharge?")
    assert ihop.abstained and not ihop.quotes  # the Waffle House sentence is close in meaning and does not answer
    assert ihop.reason == "The stored articles do not answer this question: none of the articles on this mentions IHOP."
    assert ihop.related is not None and ihop.related.text.startswith("Waffle House added")  # offered as related only
    # the same question about the chain the article names, misspelt, is answered
    waffle = library.ask("default", "did wafle House add a surcharge on eggs?")
    assert not waffle.abstained and waffle.quotes[0].text.startswith("Waffle House added a 50-cent surcharge")
    assert_verbatim(library, "default", waffle)
