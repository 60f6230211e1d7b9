"""The sentence-transformers model run with onnxruntime: the same vectors, no torch at query time.

The model is exported once to ONNX (with torch, on first use) and cached under
``$QUOTEDESK_CACHE_DIR`` (default ``~/.cache/quotedesk``); ``onnx-int8`` is that
export with dynamic int8 quantization (faster, vectors within ~0.99 cosine).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

from index.config import cache_dir

log = logging.getLogger(__name__)

ONNX_BACKENDS = ("onnx", "onnx-int8")


def onnx_cache_dir() -> Path:
    """Where ONNX exports of local models are kept."""
    return cache_dir() / "onnx"


class OnnxSentenceModel:
    """A mean-pooling sentence-transformers model run with onnxruntime (no torch at run time).

    Mirrors what sentence-transformers does for such a model: tokenizer with the
    model's ``max_seq_length`` truncation, transformer, mean pooling over the
    attention mask, then normalisation (done by the caller). Only the subset of
    ``encode`` that ``SentenceEmbedder`` uses is implemented.
    """

    def __init__(self, model_path: str, *, quantized: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(model_path)
        modules = json.loads((folder / "modules.json").read_text())
        pooling = next((m for m in modules if m["type"].endswith("Pooling")), None)
        pooling_config = json.loads((folder / pooling["path"] / "config.json").read_text()) if pooling else {}
        if not pooling_config.get("pooling_mode_mean_tokens") or [m for m in modules if m["type"].endswith("Dense")]:
            raise ValueError(f"The onnx backend supports mean-pooling models only; use backend 'torch' for {model_path}.")
        st_config = json.loads((folder / "sentence_bert_config.json").read_text())
        self.dimension = int(pooling_config["word_embedding_dimension"])
        self.max_seq_length = int(st_config.get("max_seq_length") or 512)
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        pad_id = self._tokenizer.token_to_id("[PAD]")
        self._tokenizer.enable_padding(pad_id=pad_id or 0, pad_token="[PAD]" if pad_id is not None else "<pad>")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_export(model_path, quantized=quantized)), options,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def get_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: list[str], *, batch_size: int = 64, **_ignored: Any) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors (longest texts batched together, as sentence-transformers does)."""
        return self.encode_with_spans(texts, [[] for _ in texts], batch_size=batch_size)[0]

    def encode_with_spans(self, texts: list[str], spans: list[list[tuple[int, int]]], *,
                          batch_size: int = 64) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector, and the vectors of character spans of it (its sentences), from one pass.

        A span's vector is the mean of the token states that fall inside it, in the context of the whole
        text; a span with no token (cut off by the model's length limit) gets a zero row.
        """
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.zeros((len(s), self.dimension), dtype=np.float32) for s in spans]
        for i in range(0, len(texts), batch_size):
            idx = order[i : i + batch_size]
            encodings = self._tokenizer.encode_batch([texts[j] for j in idx])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            weights = mask[..., None].astype(np.float32)
            out[idx] = _normalise((hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9))
            for row, (j, encoding) in enumerate(zip(idx, encodings)):
                if spans[j]:
                    span_vectors[j] = _pool_spans(hidden[row], encoding.offsets, spans[j])
        return out, span_vectors


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


def _pool_spans(hidden: np.ndarray, offsets: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    """Mean of the token states inside each character span (special and padding tokens have empty offsets)."""
    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    real = ends > starts
    pooled = np.zeros((len(spans), hidden.shape[-1]), dtype=np.float32)
    for k, (s, e) in enumerate(spans):
        inside = real & (starts >= s) & (ends <= e)
        if inside.any():
            pooled[k] = hidden[inside].mean(axis=0)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.where(norms > 0, pooled / np.maximum(norms, 1e-12), 0.0).astype(np.float32)


def onnx_export(model_path: str, *, quantized: bool = False) -> Path:
    """The cached ONNX file of a local model (exported with torch on first use; int8 by dynamic quantization)."""
    folder = Path(model_path)
    weights = next((folder / n for n in ("model.safetensors", "pytorch_model.bin") if (folder / n).exists()), None)
    stamp = f"{folder.resolve()}|{weights.stat().st_size if weights else 0}|{(folder / 'config.json').read_text()}"
    target_dir = onnx_cache_dir() / (folder.name + "-" + hashlib.sha256(stamp.encode()).hexdigest()[:12])
    fp32, int8 = target_dir / "model.onnx", target_dir / "model_qint8_per_channel.onnx"
    wanted = int8 if quantized else fp32
    if wanted.exists():
        return wanted
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp_suffix = f".tmp{os.getpid()}"
    if not fp32.exists():
        log.warning("Preparing %s for onnxruntime (once; about 20 s): exporting to %s", folder.name, target_dir)
        _export_fp32(folder, fp32.with_suffix(tmp_suffix))
        os.replace(fp32.with_suffix(tmp_suffix), fp32)
    if quantized and not int8.exists():
        from onnxruntime.quantization import (  # needs the `onnx` package
            QuantType,
            quantize_dynamic,
        )

        # Per-channel weights keep the vectors within ~0.99 cosine of fp32 (per-tensor: ~0.94).
        quantize_dynamic(str(fp32), str(int8.with_suffix(tmp_suffix)), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(int8.with_suffix(tmp_suffix), int8)
    return wanted


def _export_fp32(folder: Path, target: Path) -> None:
    import inspect
    import warnings

    import torch
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(folder)).eval()
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in inspect.signature(base.forward).parameters:
        names.append("token_type_ids")

    class Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs))).last_hidden_state

    sample = tuple(torch.ones(2, 16, dtype=torch.long) if n != "token_type_ids" else torch.zeros(2, 16, dtype=torch.long)
                   for n in names)
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(base), sample, str(target), input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
