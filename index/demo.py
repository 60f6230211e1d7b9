"""The bundled demo collection: Wikinews articles (CC BY 2.5) and the seed article."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources

from index.ingest.plaintext import extract_text
from index.models import ArticleMeta, ExtractedDocument

DEMO_QUESTIONS = (
    "Which bases came under attack?",
    "Did the attacks cause casualties?",
    "Who claimed responsibility for the attacks?",
    "What did the government official say about Israel?",
    "How many people were killed when the crane collapsed in Mecca?",
    "Who won the 2018 World Cup?",
)

DEMO_QUOTES = (
    "Reuters cites security and government sources saying Tuesday's attacks \"did not cause casualties or damage.\"",
    "Tuesday's attacks \"did cause casualties or damage.\"",
    "The Pentagon has deployed a large number of reinforcements to protect Israel.",
    'Reuters said "Iraq is preparing for possible Israeli attacks on its territory if the current confrontation '
    'widens."',
    '"[Iraqi officials] do not want to become a new version of Syria, subject to repeated Israeli strikes without a '
    'response," a government official said.',
)


@dataclass(frozen=True)
class DemoArticle:
    """A bundled article ready to store."""

    name: str
    document: ExtractedDocument


def demo_articles() -> list[DemoArticle]:
    """The seed article and the Wikinews articles shipped with QuoteDesk."""
    folder = resources.files("index") / "data" / "demo"
    seed = extract_text((folder / "seed-article.txt").read_text(encoding="utf-8"))
    articles = [DemoArticle("seed-article.txt", seed)]
    for line in (folder / "wikinews.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        meta = ArticleMeta(
            title=row["title"],
            outlet=row["source"],
            published=date.fromisoformat(row["published"]),
            url=row["url"],
            license=row["license"],
        )
        articles.append(DemoArticle(row["id"], ExtractedDocument(row["text"], meta)))
    return articles
