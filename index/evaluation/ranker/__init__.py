"""``quotedesk train-ranker``: the answer ranker's training data, fine-tuning, ONNX export and calibration.

Torch lives here only; the runtime (index/answer/ranker.py) reads the exported ONNX model and
``ranker.json``. Nothing of the held-out test splits or of the newsqa articles is trained on.
"""
