"""Answer-type match: the question's wanted type (number, date, name) against the sentence."""

from __future__ import annotations

from index.answer.answer_type import (
    answer_type_match,
    asks_for_words,
    has_kind,
    has_money,
    has_share,
    lacks_asked_amount,
    wanted_kind,
    wants_money,
    wants_share,
)


def test_answer_type_match() -> None:
    question = "How many people were wounded when the crane fell?"
    assert answer_type_match(question, "It killed 107 or more and wounded 238.") == 1.0
    assert answer_type_match(question, "The accident was caused by strong winds.") == 0.0
    assert answer_type_match("When did the embargo begin?", "It began in October.") == 1.0
    assert answer_type_match("Who leads the party?", "It is led by Friedrich Merz.") == 1.0
    assert answer_type_match("Who leads the party?", "it is led by nobody at all.") == 0.0
    assert answer_type_match("Is the bridge open?", "Anything.") == 0.5  # a yes/no question asks for no type


def test_conjunction_when_asks_for_nothing() -> None:
    assert wanted_kind("What did the mayor say when the crane fell?") is None
    assert wanted_kind("and when did it start?") == "time"
    assert wanted_kind("Who won, and when was the final?") == "name"
    assert wanted_kind("The votes were counted, when was that?") == "time"
    assert wanted_kind("What did the man who won the race say?") is None
    assert wanted_kind("so who is the new mayor") == "name"
    assert wanted_kind("Which year did the bridge open?") == "time"


def test_has_kind() -> None:
    assert has_kind("There were 149 concerts.", "number")
    assert has_kind("It began last October.", "time")
    assert not has_kind("the crowd cheered.", "name")
    assert has_kind("The crowd cheered for Swift.", "name")


def test_asks_for_words() -> None:
    assert asks_for_words("what did laura donaldson say about artifical snow")
    assert asks_for_words("What did Sotomayor write in her dissent?")
    assert asks_for_words("how did the white house react to the lawsuit")
    assert asks_for_words("What was Zuckerberg's reaction?")
    assert not asks_for_words("how many people died in the heatwave")
    assert not asks_for_words("When did Biden say he would run?")


def test_asked_for_words_a_quotation_or_a_speech_verb_matches() -> None:
    question = "what did laura donaldson say about artificial snow"
    assert answer_type_match(question, "“This is dangerous for athletes,” Donaldson told researchers.") == 1.0
    assert answer_type_match(question, "The report said artificial snow is used everywhere.") == 1.0
    assert answer_type_match(question, "Laura Donaldson was extremely critical of artificial snow.") == 0.0


def test_questions_about_money_and_sentences_with_an_amount() -> None:
    for question in ("how much did china spend on fake snow for the olympics", "How much is the cheese danish?",
                     "how much r wendys french toast stiks", "What was the price of a ticket?",
                     "how much severance are the laid off employees getting", "How much did the film gross?"):
        assert wants_money(question), question
    for question in ("How much rain fell on Sunday?", "How much of the budget went to schools?",
                     "How much is the sieve method of gas production used?", "How many people died?",
                     "Roughly, how much oxygen makes up the Earth's crust?",
                     "How much time remained on the clock when the Broncos made the interception?"):
        assert not wants_money(question), question
    assert has_money("It cost $4.99.") and has_money("a £2bn deal") and has_money("3 million euros")
    assert not has_money("The cheese Danish joins its bakery lineup, introduced in 2020.")
    assert has_money("It cost 3 billion to build.") and has_money("The bid was worth 1.2 billion.")
    # a count is not an amount of money
    assert not has_money("Millions of people hunkered down and 15 million trees were blown down.")
    assert not has_money("The album sold 2 million copies.")


def test_questions_about_a_share_need_a_sentence_with_a_percentage_or_fraction() -> None:
    for question in ("wat percent of babies in england n wales were born outside marrige last year",
                     "in that jfk poll what % of voters think oswald was the lone gunman",
                     "What proportion of the population did Genghis Khan kill?", "How many per cent voted yes?"):
        assert wants_share(question), question
    for question in ("How many people voted?", "What share price did the company reach?", "Who won the vote?"):
        assert not wants_share(question), question
    for sentence in ("51.3% of babies were born outside marriage.", "Nine per cent attend fee-paying schools.",
                     "up to three-fourths of the population", "one in five voters", "It fell 4 percent."):
        assert has_share(sentence), sentence
    majority = "The majority of babies were born out of wedlock last year, for the first time since records began in 1845."
    assert lacks_asked_amount("wat percent of babies were born outside marriage", majority)
    assert not lacks_asked_amount("wat percent of babies were born outside marriage", "It was 51.3%, up from 49%.")
    assert not lacks_asked_amount("When did records begin?", majority)  # no amount asked for
