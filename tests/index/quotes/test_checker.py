"""The quote checker (index/quotes.py) on the seed article and a few Wikinews articles (CC BY 2.5)."""

from __future__ import annotations

import json

import pytest

from index.ingest.segment import paragraph_number
from index.models import Article, ArticleMeta, Source, Verdict, VerdictKind
from index.quotes.checker import check_quote
from index.quotes.locate import locate, sentence_around
from index.quotes.normalize import normalize, normalize_with_map
from tests.support.data import SHARED_DATA

DATA = SHARED_DATA
if not (DATA / "seed-article.txt").exists():  # pragma: no cover
    pytest.skip("shared data folder not available", allow_module_level=True)

# Wikinews articles (CC BY 2.5): "At least 107 killed in Mecca crane collapse", "Hundreds dead in Hajj
# stampede", "North Korea puts military in 'quasi-state of war'" — https://en.wikinews.org
WIKINEWS_IDS = ("gum-news-crane", "gum-news-stampede", "gum-news-korea")


def _load_articles() -> dict[str, Article]:
    seed = (DATA / "seed-article.txt").read_text(encoding="utf-8")
    articles = {"seed": Article("seed", seed, ArticleMeta(title="Airstrikes Pummel US Bases In Iraq And Syria",
                                                          outlet="Orinoco Tribune"))}
    with open(DATA / "wikinews" / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in WIKINEWS_IDS:
                articles[d["id"]] = Article(d["id"], d["text"], ArticleMeta(title=d["title"], outlet="Wikinews",
                                                                            url=d["url"], license=d["license"]))
    assert set(articles) == {"seed", *WIKINEWS_IDS}
    return articles


ARTICLES = _load_articles()
ALL = list(ARTICLES.values())
SEED = ARTICLES["seed"]
CRANE = ARTICLES["gum-news-crane"]


@pytest.fixture(scope="session")
def embed(embedder):
    return embedder.encode


def check(quote: str, articles=None, **kw) -> Verdict:
    """check_quote + the one promise: every span / context is a real slice of its article."""
    verdict = check_quote(quote, ALL if articles is None else articles, **kw)
    for span in verdict.spans:
        assert span.text == ARTICLES[span.article_id].text[span.start:span.end]
        assert span.text.strip(), "empty span"
    if verdict.context is not None:
        ctx = verdict.context
        assert ctx.text == ARTICLES[ctx.article_id].text[ctx.start:ctx.end]
    if verdict.spans:
        first = verdict.spans[0]
        assert verdict.source is not None and verdict.source.article_id == first.article_id
        assert verdict.paragraph == paragraph_number(ARTICLES[first.article_id].text, first.start)
        assert (verdict.context.start <= first.start and first.end <= verdict.context.end) or verdict.kind in (
            VerdictKind.STITCHED,
        )
    assert verdict.message
    return verdict


# --- normalisation -----------------------------------------------------------------------


def test_normalize_folds_only_meaning_preserving_differences():
    assert normalize("Tuesday’s  “Attacks”\u00a0— did\u2009NOT…") == "tuesday's \"attacks\" - did not..."
    assert normalize("«oui» ‘a’ „b‟ x‐y x–y x−y") == '"oui" \'a\' "b" x-y x-y x-y'
    assert normalize("colour") != normalize("color")  # spelling is not normalised
    assert normalize("damage,") != normalize("damage.")  # nor punctuation


def test_normalize_with_map_points_back_into_the_original():
    text = "A\u00a0\u00a0“Big” day…  Done—now"
    norm, index_map = normalize_with_map(text)
    assert len(index_map) == len(norm) + 1 and index_map[-1] == len(text)
    assert norm == 'a "big" day... done-now'
    i = norm.index("big")
    assert text[index_map[i]:index_map[i + 2] + 1] == "Big"
    assert text[index_map[norm.index("...")]] == "…"
    assert all(index_map[k] <= index_map[k + 1] for k in range(len(index_map) - 1))


def test_locate_returns_original_offsets_of_every_occurrence():
    text = "He said “no comment.” Later he said \u201cNo  comment.\u201d"
    hits = locate('"no comment."', text)
    assert [text[s:e] for s, e in hits] == ["“no comment.”", "“No  comment.”"]
    assert locate("he sai", text) == []  # never a partial word


def test_paragraph_and_sentence_helpers():
    text = SEED.text
    start = text.index("did not cause")
    assert paragraph_number(text, start) == 5
    assert paragraph_number(text, 0) == 1
    s, e = sentence_around(text, start, start + 13)
    assert text[s:e].startswith("Reuters cites") and text[s:e].endswith("damage.”")


# --- verdicts: the acceptance examples ---------------------------------------------------


def test_acceptance_exact_with_straight_quotes_and_apostrophe():
    quote = 'Reuters cites security and government sources saying Tuesday\'s attacks "did not cause casualties or damage."'
    v = check(quote)
    assert v.kind is VerdictKind.EXACT
    (span,) = v.spans
    assert span.article_id == "seed"
    assert span.text == "Reuters cites security and government sources saying Tuesday’s attacks “did not cause casualties or damage.”"
    assert v.paragraph == 5
    assert "word for word" in v.message and "paragraph 5" in v.message


def test_acceptance_negation_dropped_is_a_near_miss_that_says_the_opposite():
    v = check('Tuesday\'s attacks "did cause casualties or damage."')
    assert v.kind is VerdictKind.NEAR_MISS
    assert [(c.kind, c.actual, c.quoted) for c in v.critical] == [("negation", "did not", "did")]
    assert "opposite" in v.message and "'did not' → 'did'" in v.message
    assert v.spans[0].article_id == "seed" and "did not cause casualties or damage" in v.spans[0].text
    assert any(d.op == "insert" and d.actual == "not" for d in v.diff)


def test_acceptance_sentence_from_another_article_when_the_seed_is_named():
    quote = "There are no casualties left at the location."
    v = check(quote, named_article_id="seed")
    assert v.kind is VerdictKind.OTHER_ARTICLE
    assert v.spans[0].article_id == "gum-news-crane" and v.source.article_id == "gum-news-crane"
    assert "not in the article you named" in v.message and CRANE.meta.title in v.message
    # without naming an article, the same quote is simply exact
    assert check(quote).kind is VerdictKind.EXACT


# --- each verdict kind --------------------------------------------------------------------


def test_exact_in_the_named_article_is_exact():
    v = check("Iraq is preparing for possible Israeli attacks on its territory", named_article_id="seed")
    assert v.kind is VerdictKind.EXACT and v.spans[0].article_id == "seed"


def test_exact_tolerates_case_whitespace_dashes_and_nested_quote_style():
    # nested “…” typed as '…', an em dash typed as " - "-less hyphen, odd spacing and case
    v = check("tuesday's ATTACKS   'did not cause casualties or damage.'")
    assert v.kind is VerdictKind.EXACT
    assert v.spans[0].text == "Tuesday’s attacks “did not cause casualties or damage."
    v = check("Orinoco Tribune, November 1, 2023 -")
    assert v.kind is VerdictKind.EXACT and v.spans[0].text == "Orinoco Tribune, November 1, 2023 —"


def test_a_cut_word_is_not_exact():
    v = check("did not cause casualties or dam")
    assert v.kind is not VerdictKind.EXACT


def test_number_change_is_flagged():
    v = check("killing 170 or more and wounding 238, according to Saudi Arabia's Civil Defense Authority")
    assert v.kind is VerdictKind.NEAR_MISS
    assert [(c.kind, c.actual, c.quoted) for c in v.critical] == [("number", "107", "170")]
    assert "number" in v.message
    v = check("Had it happened five hours earlier or three hours earlier, I think the death toll would have been more")
    assert v.kind is VerdictKind.NEAR_MISS and [c.kind for c in v.critical] == ["number"]


def test_name_change_is_flagged():
    v = check("Civil Defense Authority director General Abdullah al-Amr, in remarks to al-Ikhbariya television")
    assert v.kind is VerdictKind.NEAR_MISS
    assert [(c.kind, c.actual, c.quoted) for c in v.critical] == [("name", "Suleiman", "Abdullah")]


def test_changed_and_dropped_words_are_a_near_miss_with_a_word_diff():
    v = check("The accident, which occurred yesterday evening, was caused by strong winds and rain that led the crane to fall.")
    assert v.kind is VerdictKind.NEAR_MISS and v.critical == ()
    changes = [(d.op, d.quoted, d.actual) for d in v.diff if d.op != "equal"]
    assert changes == [("replace", "evening", "afternoon"), ("insert", "", "heavy")]
    assert v.spans[0].text.startswith("The accident, which occurred yesterday afternoon")
    assert 0.7 < v.similarity < 1.0


def test_elided_quote_with_brackets():
    quote = "A storm yesterday caused a crane to fall into Mecca's Grand Mosque [...] according to Saudi Arabia's Civil Defense Authority."
    v = check(quote)
    assert v.kind is VerdictKind.ELIDED
    assert [s.text for s in v.spans] == ["A storm yesterday caused a crane to fall into Mecca's Grand Mosque",
                                         "according to Saudi Arabia's Civil Defense Authority."]
    assert v.spans[0].end < v.spans[1].start


def test_elided_quote_across_a_paragraph_with_unicode_ellipsis():
    quote = "There are no casualties left at the location.… The accident, which occurred yesterday afternoon"
    v = check(quote)
    assert v.kind is VerdictKind.ELIDED and len(v.spans) == 2


def test_pieces_from_separate_paragraphs_are_stitched():
    quote = ("The Pentagon has deployed a large number of reinforcements to the region. "
             "On Monday morning, US jets hit several civilian trucks")
    v = check(quote)
    assert v.kind is VerdictKind.STITCHED
    assert [s.article_id for s in v.spans] == ["seed", "seed"]
    pars = [paragraph_number(SEED.text, s.start) for s in v.spans]
    assert pars == [9, 10]
    assert "not one continuous passage" in v.message


def test_out_of_order_pieces_with_an_ellipsis_are_stitched():
    quote = "Photos released of the scene showed numerous bloodied bodies ... A storm yesterday caused a crane to fall"
    v = check(quote)
    assert v.kind is VerdictKind.STITCHED and "different order" in v.message
    assert v.spans[0].start > v.spans[1].start


def test_pieces_from_two_articles_are_stitched():
    quote = "A storm yesterday caused a crane to fall into Mecca's Grand Mosque during the annual Hajj pilgrimage near Mecca"
    v = check(quote)
    assert v.kind is VerdictKind.STITCHED
    assert {s.article_id for s in v.spans} == {"gum-news-crane", "gum-news-stampede"}


@pytest.mark.parametrize("quote", ["did not", "Iraq", "“no casualties”", "US jets hit", "  ", "a b c d"])
def test_too_short_to_verify(quote):
    v = check(quote)
    assert v.kind is VerdictKind.TOO_SHORT
    assert "too short" in v.message.lower()


def test_not_found():
    v = check("The minister promised that new hospitals would open in every province by next spring.")
    assert v.kind is VerdictKind.NOT_FOUND and v.spans == ()


def test_paraphrase_is_shown_and_clearly_not_a_quote(embed):
    v = check("A crane fell into the Grand Mosque in Mecca during a storm, killing more than 100 people.", embed=embed)
    assert v.kind is VerdictKind.PARAPHRASE
    assert "NOT a quote" in v.message
    assert v.spans[0].article_id == "gum-news-crane" and v.spans[0].text.startswith("A storm yesterday caused a crane")
    assert v.similarity >= 0.72


def test_a_rewording_that_flips_the_meaning_is_not_a_paraphrase(embed):
    v = check("Reuters sources said Tuesday's attacks caused casualties and damage", embed=embed)
    assert v.kind is VerdictKind.NOT_FOUND
    assert "opposite" in v.message and v.critical and v.critical[0].kind == "negation"


def test_unrelated_text_is_not_a_paraphrase(embed):
    v = check("Bananas are an excellent source of potassium for long-distance runners.", embed=embed)
    assert v.kind is VerdictKind.NOT_FOUND


def test_cite_builds_the_source():
    v = check("There are no casualties left at the location.",
              cite=lambda a: Source(number=3, article_id=a.id, meta=a.meta))
    assert v.source.number == 3 and v.source.meta.title == CRANE.meta.title


def test_named_article_near_miss_is_preferred_over_an_exact_elsewhere_only_when_nothing_exact():
    # exact in the seed only; named the crane article -> other article, with where it was found
    v = check("US warplanes have also been conducting airstrikes on several locations inside Syria.",
              named_article_id="gum-news-crane")
    assert v.kind is VerdictKind.OTHER_ARTICLE and v.spans[0].article_id == "seed" and "paragraph 9" in v.message
