"""Follow-up questions: read with the question before them, the articles already cited first."""

from __future__ import annotations

from index.answer.followup import Conversation, Turn, contextual_query, earlier_speaker, is_follow_up
from index.library import Library
from index.models import ArticleMeta
from tests.support.checks import assert_verbatim
from tests.support.data import add_wikinews

OTHER_ARTICLES = ("gum-news-nasa", "gum-news-expo", "gum-news-soccer", "gum-news-warhol")


def test_follow_ups_are_recognised() -> None:
    assert is_follow_up("and when did it start?")
    assert is_follow_up("what about the second one?")
    assert is_follow_up("who founded it?")
    assert not is_follow_up("Which bases came under attack in Syria on Monday?")


def test_a_follow_up_is_searched_with_the_subject_of_the_question_before() -> None:
    conversation = Conversation().then(Turn("What medal did the Afghan robotics team win?", ("a1",)))
    query = contextual_query("who founded it?", conversation)
    assert query.startswith("who founded it?") and "Afghan" in query and "robotics" in query
    assert contextual_query("Which bases came under attack in Syria on Monday?", conversation).endswith("Monday?")
    assert contextual_query("who founded it?", None) == "who founded it?"


def test_a_conversation_keeps_the_last_turns_and_cites_the_latest_first() -> None:
    conversation = Conversation()
    for i in range(5):
        conversation = conversation.then(Turn(f"q{i}", (f"a{i}", "shared")))
    assert [t.question for t in conversation.turns] == ["q2", "q3", "q4"]
    assert conversation.cited == ("a4", "shared", "a3", "a2")



def test_a_follow_up_is_answered_from_the_conversation(library: Library) -> None:
    ids = add_wikinews(library, "ns", "gum-news-afghan", *OTHER_ARTICLES)
    first = library.ask("ns", "What medal did the Afghan girls robotics team win?")
    assert not first.abstained and first.sources[0].article_id == ids["gum-news-afghan"]
    conversation = Conversation().then(Turn.of(first))
    follow_up = library.ask("ns", "who founded it?", conversation=conversation)
    assert not follow_up.abstained and "Dean Kamen" in follow_up.quotes[0].text
    assert follow_up.sources[0].article_id == ids["gum-news-afghan"]
    assert_verbatim(library, "ns", follow_up)


SPEAKERS = (
    "A police officer was shot during a traffic stop in Philadelphia on Monday night.\n\n"
    "Mayor Cherelle Parker praised the officer at a news conference on Tuesday.\n\n"
    "“Officer Ramos is a hero who ran toward danger to protect this city,” Parker said.\n\n"
    "“The suspect, a 19-year-old man, is in custody and will be charged with attempted murder,” Parker said of the "
    "suspect.\n\n"
    "Governor Josh Shapiro visited the hospital where the officer is treated.\n\n"
    "“The officer showed the courage every Pennsylvanian can be proud of,” Shapiro said.\n\n"
    "“Whoever did this will be held to account,” Shapiro added.\n\n"
    "The suspect was arrested on Wednesday."
)


def test_he_or_she_in_a_follow_up_is_the_person_asked_about_before() -> None:
    conversation = Conversation().then(Turn("What did Shapiro say about the officer?", ("a1",)))
    assert earlier_speaker("and what did he say about the suspect?", conversation) == "Shapiro"
    assert earlier_speaker("what did he say about the suspect?", None) is None  # no conversation
    assert earlier_speaker("and when was the suspect arrested?", conversation) is None  # no one's words asked


def test_a_follow_up_asking_what_he_said_quotes_the_person_asked_about(library: Library) -> None:
    library.add_text("ns", SPEAKERS, meta=ArticleMeta(title="Officer shot in Philadelphia", outlet="Example"))
    first = library.ask("ns", "What did Shapiro say about the officer?")
    assert first.quotes and "Shapiro" in first.quotes[0].text
    follow_up = library.ask("ns", "and what did he say about the suspect?", conversation=Conversation().then(Turn.of(first)))
    assert follow_up.quotes and "Shapiro added" in follow_up.quotes[0].text  # his words, not the mayor's
    assert not any("Parker said" in q.text for q in follow_up.quotes)
    assert_verbatim(library, "ns", follow_up)
