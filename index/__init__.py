"""QuoteDesk's knowledge engine: articles in, verbatim cited quotes out. Knows nothing of Discord."""

from index import offline as _offline  # noqa: F401  (sets HF/Chroma offline switches first)
