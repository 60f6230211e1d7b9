"""Restricting retrieval: one filter, as a Chroma ``where`` clause and as a test on a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from index.models import SearchFilters
from index.store.records import ChunkRecord, day_number


@dataclass(frozen=True)
class ChunkFilter:
    """Only chunks of one article, of one outlet, or published within a range of days (YYYYMMDD)."""

    article_id: str | None = None
    outlet: str | None = None
    since_day: int | None = None
    until_day: int | None = None

    @classmethod
    def build(cls, filters: SearchFilters | None, as_of: date | None = None) -> ChunkFilter | None:
        """The filter for the user's restrictions and an "as of" date (later articles out of reach)."""
        filters = filters or SearchFilters()
        until = [day_number(d) for d in (filters.until, as_of) if d is not None]
        built = cls(
            article_id=filters.article_id or None,
            outlet=filters.outlet or None,
            since_day=day_number(filters.since) if filters.since else None,
            until_day=min(until) if until else None,
        )
        return None if built == cls() else built

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause."""
        clauses: list[dict[str, Any]] = []
        if self.article_id:
            clauses.append({"article_id": self.article_id})
        if self.outlet:
            clauses.append({"outlet": self.outlet})
        if self.since_day is not None:
            clauses.append({"published_day": {"$gte": self.since_day}})
        if self.until_day is not None:
            clauses.append({"published_day": {"$lte": self.until_day}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, record: ChunkRecord) -> bool:
        """The same test on a record (for the lexical index, which is not in Chroma)."""
        if self.article_id and record.article_id != self.article_id:
            return False
        if self.outlet and record.meta.outlet != self.outlet:
            return False
        day = record.published_day
        if self.since_day is not None and (day is None or day < self.since_day):
            return False
        return not (self.until_day is not None and (day is None or day > self.until_day))
