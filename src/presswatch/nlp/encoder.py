"""ONNX encoder helpers shared by the transformer models (the persuasion classifier and the span tagger):
a WordPiece tokenizer with an onnxruntime CPU session, the padded feed for a batch of token ids, and
:func:`run_alone`, which reads each sequence on its own.

The shipped models are dynamically quantised (int8): onnxruntime computes each activation's scale over the
whole input tensor, so in a batch one sequence's scores depend on the other sequences and on the padding
(logits moved by up to 1.5 for the same sentence, even in batches of equal-length sentences without
padding). The analyzers therefore read every window alone, which is also not slower than sorted batches
of a document's sentences (a third of whose tokens were padding).
Only onnxruntime, tokenizers and numpy, each imported on first use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError
from presswatch.settings import current as current_settings

# intra-op threads of a session unless PRESSWATCH_ONNX_THREADS says otherwise. The windows are short (a sentence),
# and a second thread cost more than it gave: the techniques analyzer on 50 English pages, 1 and 2 threads alternating
# page by page on the 2-core machine (load 4), 0.153 against 0.171 CPU s and 0.188 against 0.208 wall s a page, the
# same output (benchmarks/bench_analyzers.py --mode threads). One thread is also what a batch engine wants, with one
# worker per core already.
DEFAULT_THREADS = 1


def default_threads() -> int:
    """PRESSWATCH_ONNX_THREADS, else :data:`DEFAULT_THREADS`."""
    env = (current_settings().onnx_threads or "").strip()
    if not env:
        return DEFAULT_THREADS
    try:
        n = int(env)
    except ValueError:
        raise ConfigError(f"PRESSWATCH_ONNX_THREADS must be a whole number of threads, not {env!r}") from None
    if n < 1:
        raise ConfigError("PRESSWATCH_ONNX_THREADS must be positive")
    return n


def open_encoder(model_file: Path, tokenizer_file: Path, threads: int) -> tuple[Any, Any, set[str]]:
    """A WordPiece tokenizer (no padding, no truncation: windows are made by the caller) and an
    onnxruntime CPU session with ``threads`` intra-op threads, and the session's input names."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.no_truncation()
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    # idle intra-op threads sleep instead of spinning: on a shared or busy machine spinning burns CPU time
    # for nothing (one sentence batch: 1.9 s of CPU instead of 3.1 s with 2 threads, wall not slower)
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(model_file), so, providers=["CPUExecutionProvider"])
    return tok, session, {i.name for i in session.get_inputs()}


def encoder_feed(seqs: Sequence[Sequence[int]], inputs: set[str]) -> dict[str, Any]:
    """The onnxruntime feed for a batch of token-id sequences: ids and attention mask padded to the
    longest, and zero token types when the model takes them."""
    import numpy as np

    L = max(len(x) for x in seqs)
    a = np.zeros((len(seqs), L), dtype=np.int64)
    m = np.zeros((len(seqs), L), dtype=np.int64)
    for r, x in enumerate(seqs):
        a[r, : len(x)] = x
        m[r, : len(x)] = 1
    feed = {"input_ids": a, "attention_mask": m}
    if "token_type_ids" in inputs:
        feed["token_type_ids"] = np.zeros_like(a)
    return feed


def run_alone(session: Any, names: list[str] | None, seqs: Sequence[Sequence[int]],
              inputs: set[str]) -> Iterator[list[Any]]:
    """Per token-id sequence, in order: the session's outputs ``names`` (None: all) for that sequence
    read on its own (a batch of one, no padding), the batch axis dropped. A sequence's outputs thus do
    not depend on which other sequences are read with it (see the module note on int8 activations)."""
    for x in seqs:
        yield [o[0] for o in session.run(names, encoder_feed([x], inputs))]
