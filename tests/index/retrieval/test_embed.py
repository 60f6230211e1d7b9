"""The bundled model through ONNX: passage vectors and their sentences' vectors from one pass."""

from __future__ import annotations

import numpy as np

from index.ingest.segment import sentences
from index.retrieval.embed import SentenceEmbedder
from tests.support.data import SEED_FILE


def test_passage_vectors_are_the_plain_vectors_and_sentences_get_their_own(embedder: SentenceEmbedder) -> None:
    text = SEED_FILE.read_text(encoding="utf-8").split("\n\n", 3)[3][:900]
    spans = sentences(text)
    assert len(spans) >= 3
    vectors, span_vectors = embedder.encode_passages([text], [spans])
    assert np.allclose(vectors, embedder.encode([text]), atol=1e-5)
    assert span_vectors[0].shape == (len(spans), embedder.dimension)
    assert np.allclose(np.linalg.norm(span_vectors[0], axis=1), 1.0, atol=1e-4)
    alone = embedder.encode([text[s:e] for s, e in spans])
    agreement = (span_vectors[0] * alone).sum(axis=1)
    assert agreement.mean() > 0.65 and agreement.min() > 0.5  # the same sentence, read in its passage
    # they answer questions as the stand-alone ones do: the sentence a question is about comes first
    for question, needle in (("Which air base in western Iraq was bombarded?", "Ain al-Asad air base"),
                             ("Did the attacks cause casualties?", "did not cause casualties"),
                             ("Does the Pentagon report deaths among its troops?", "delays reporting")):
        best = int(np.argmax(span_vectors[0] @ embedder.encode([question])[0]))
        assert needle in text[spans[best][0] : spans[best][1]], question


def test_sentences_past_the_length_limit_are_encoded_on_their_own(embedder: SentenceEmbedder) -> None:
    filler = "The committee met again on Tuesday to discuss the budget for the coming year. " * 60
    last = "Officials finally approved a new harbour bridge on Friday."
    text = filler + last
    start = text.index(last)
    _, span_vectors = embedder.encode_passages([text], [[(0, 78), (start, len(text))]])
    tail = span_vectors[0][1]
    assert np.isclose(np.linalg.norm(tail), 1.0, atol=1e-4)
    assert float(tail @ embedder.encode([last])[0]) > 0.999  # cut off by the model: encoded alone
