"""Words of a quote and of an article, and what kind of word each is (number, negation, name)."""

from __future__ import annotations

from dataclasses import dataclass

from index.models import Article
from index.quotes.normalize import (
    EDGE,
    Norm,
    article_forms,
    loosen,
    strict_form,
    tokens,
)

NUMBER_WORDS = frozenset(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion", "dozen", "dozens", "hundreds", "thousands", "millions", "billions", "half", "quarter", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twice", "thrice"]
)
NEGATIONS = frozenset(
    ["not", "no", "never", "without", "nor", "none", "cannot", "neither", "nobody", "nothing", "nowhere", "n't"]
)
STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "me", "him", "her", "them", "us", "our", "your", "their", "his", "my", "mr", "mrs", "ms", "dr", "said", "says", "say", "will", "would", "can", "could", "should", "may", "might", "has", "have", "had", "do", "does", "did", "so", "than", "then", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "some", "more", "most", "also", "just", "about", "into", "over", "after", "before", "up", "out"]
)


def is_number(key: str) -> bool:
    return any(c.isdigit() for c in key) or any(part in NUMBER_WORDS for part in key.split("-"))


def number_value(key: str) -> str:
    return key.replace(",", "") if any(c.isdigit() for c in key) else key


def is_negation(key: str) -> bool:
    return key in NEGATIONS or key.endswith("n't")


@dataclass
class Words:
    """Tokens of a normalised form with their original, unnormalised text."""

    form: Norm
    toks: list[tuple[int, int, str]]

    @property
    def keys(self) -> list[str]:
        return [k for _, _, k in self.toks]

    def original(self, i: int) -> str:
        s, e = self.form.orig(self.toks[i][0], self.toks[i][1])
        return self.form.raw[s:e]

    def phrase(self, i: int, j: int) -> str:
        return " ".join(self.original(k) for k in range(i, j))


def is_name(original: str, key: str) -> bool:
    word = EDGE.sub("", original)
    return bool(word) and word[0].isupper() and key not in STOPWORDS and not is_number(key) and not is_negation(key)


def prepare_quote(quote: str) -> Words:
    form = loosen(strict_form(quote))
    return Words(form, tokens(form.norm))


def article_words(article: Article) -> Words:
    loose = article_forms(article.text)[1]
    return Words(loose, tokens(loose.norm))
