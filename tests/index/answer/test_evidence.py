"""What a question hinges on (its names and numbers), and whether the articles found mention it."""

from __future__ import annotations

from index.answer.evidence import hinged_names, missing_names, question_names, unmentioned

WAFFLE = ("Waffle House added a 50-cent surcharge on every egg on Monday, citing the avian flu. "
          "The chain, based in Georgia, runs 1,900 restaurants; the surcharge was first reported by Reuters.")


def test_the_names_and_numbers_a_question_hinges_on() -> None:
    assert question_names("Did IHOP add an egg surcharge?") == ["IHOP"]  # capitals open a question and stay a name
    assert question_names("Who won the 2018 World Cup?") == ["2018", "World Cup"]  # a run of capitals is one name
    assert question_names("What did NASA's Bill Nelson say?") == ["NASA", "Bill Nelson"]  # no possessive
    # a capitalised opener is not a name, nor the adjective of a place, nor a lone digit
    assert question_names("Along with trusts, who runs schools in India?") == ["India"]
    assert question_names("What share of Filipino students attend the top 3 schools?") == []
    assert question_names("A cyclone hit Myanmar this week. What was its name?") == ["Myanmar"]
    assert question_names("Are the 46,000-year-old worms still alive?") == ["46,000"]


def test_capitals_mark_nothing_in_a_question_in_title_case_or_shouted() -> None:
    assert question_names("What Did Trump Say About The IHOP Surcharge?") == ["IHOP"]  # acronyms still count
    assert question_names("DID IHOP ADD AN EGG SURCHARGE IN 2023") == ["2023"]
    # one capitalised small word is a title's, not title case
    assert question_names("Who will host Dancing With the Stars on ABC?") == ["Dancing", "Stars", "ABC"]


def test_a_name_no_article_mentions_is_unmentioned() -> None:
    assert unmentioned("Did IHOP add an egg surcharge?", [WAFFLE]) == ["IHOP"]
    assert unmentioned("Did Waffle House add an egg surcharge?", [WAFFLE]) == []
    assert unmentioned("Who won the 2018 World Cup?", [WAFFLE]) == ["2018", "World Cup"]
    assert unmentioned("How many restaurants does IHOP run in Georgia?", ["Georgia", WAFFLE]) == ["IHOP"]


def test_a_misspelt_name_an_adjective_and_a_number_written_otherwise_are_mentioned() -> None:
    assert unmentioned("Did Wafle Huose add a surcharge?", [WAFFLE]) == []
    assert unmentioned("Did Waffle House open in Gerogia or Goergia?", [WAFFLE]) == []
    assert unmentioned("What did the Trmp Organization say?", ["The Trump Organization said nothing."]) == []
    assert unmentioned("What did IHOP say?", ["A shop said nothing."]) == ["IHOP"]  # a letter replaced: another name
    assert unmentioned("What did Georgian diners say about the surcharge?", [WAFFLE]) == []
    assert unmentioned("How many restaurants are in East Georgia?", [WAFFLE]) == []  # a compass word says where
    assert unmentioned("Why did Waffle House's 1900 restaurants add it?", [WAFFLE]) == []  # "1,900"
    assert unmentioned("What did Reuters report?", [WAFFLE]) == []


def test_a_number_is_matched_whole() -> None:
    assert unmentioned("What makes up 28.0% of the atmosphere?", ["Oxygen makes up 20.8% of it."]) == ["28.0"]
    assert unmentioned("What happened in 2019?", ["In 20190 units"]) == ["2019"]
    assert unmentioned("What happened in 2019?", ["In 2019, the plant closed."]) == []


def test_a_candidates_context_is_judged_as_the_articles_are() -> None:
    # the ranker's feature: how many of the names the question hinges on a sentence and its neighbours leave out
    assert missing_names(hinged_names("Did IHOP add an egg surcharge?"), WAFFLE) == 1
    assert missing_names(hinged_names("Did the Wafle House in Gerogia add a surcharge?"), WAFFLE) == 0
    assert hinged_names("Along with eggs, what did Waffle House add in 2018?") == ("Waffle House", "2018")
    assert missing_names(("Waffle House", "2018"), WAFFLE) == 1
    # asked for someone's words, the ranker does not look for their name around a quotation: the speaker rule judges it
    assert hinged_names("What did Shapiro say about the officer from Philadelphia?") == ("Philadelphia",)
    assert hinged_names("What did Australia's environment minister say about UNESCO?") == ("UNESCO",)
