"""The stance model's weights: load, save, predict (numpy only).

Two stages (``models/stance/stance.npz`` + ``stance.json``):

1. **related**: is the text about the claim at all? A small MLP on the pair's scalar features
   (:data:`presswatch.stances.features.SCALAR_NAMES`) gives P(related); below :attr:`StanceModel.threshold` the
   pair is ``unrelated``.
2. **stance**: for a related pair, an MLP on the scalar features and the e5 vector blocks gives P(agree),
   P(disagree), P(discuss); each is multiplied by a per-class factor (:attr:`StanceModel.priors`, tuned on
   held-out training bodies) before the largest is taken.

The scores returned are ``1 - P(related)`` for ``unrelated`` and ``P(related) * P(class | related)`` for the
others (they sum to one); the label is decided as above, so it is not always the highest score.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.stances.features import VECTOR_BLOCKS, Idf

RELATED = ("agree", "disagree", "discuss")
LABELS = (*RELATED, "unrelated")
FILE = "stance.npz"
META = "stance.json"
ENV = "PRESSWATCH_STANCE_MODEL"


def select_blocks(V: Any, blocks: Sequence[str]) -> Any:
    """The columns of the e5 blocks ``blocks`` (names of :data:`VECTOR_BLOCKS`) of rows of all blocks."""
    import numpy as np

    dim = V.shape[1] // len(VECTOR_BLOCKS)
    cols = [np.arange(VECTOR_BLOCKS.index(b) * dim, (VECTOR_BLOCKS.index(b) + 1) * dim) for b in blocks]
    return V[:, np.concatenate(cols)] if cols else V[:, :0]


@dataclass
class StanceModel:
    idf: Idf
    stage1: dict[str, Any]
    stage2: dict[str, Any]
    threshold: float = 0.5
    priors: list[float] = field(default_factory=lambda: [1.0, 1.0, 1.0])
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> list[str]:
        """The e5 blocks the second stage reads (:data:`presswatch.stances.features.VECTOR_BLOCKS`)."""
        return list(self.meta.get("vector_blocks", VECTOR_BLOCKS))

    @property
    def related_blocks(self) -> list[str]:
        """The e5 blocks the first stage reads."""
        return list(self.meta.get("related_blocks", []))

    # ------------------------------------------------------------------------------------------- inference

    def probabilities(self, scalars: Any, vectors: Any) -> tuple[Any, Any]:
        """P(related) (n,) and P(agree, disagree, discuss | related) (n, 3) of feature rows."""
        import numpy as np

        from presswatch.learn.mlp import predict_proba

        S = np.asarray(scalars, dtype=np.float32).reshape(len(scalars), -1)
        V = np.asarray(vectors, dtype=np.float32).reshape(len(scalars), -1)
        p1 = predict_proba(self.stage1, np.hstack([S, select_blocks(V, self.related_blocks)]))[:, 1]
        p2 = predict_proba(self.stage2, np.hstack([S, select_blocks(V, self.blocks)]))
        return p1, p2

    def decide(self, p1: Any, p2: Any) -> list[str]:
        """Labels of pairs from their two stages' probabilities."""
        import numpy as np

        best = np.argmax(np.asarray(p2) * np.asarray(self.priors, dtype=np.float32), axis=1)
        return [RELATED[int(b)] if r >= self.threshold else "unrelated" for r, b in zip(p1, best, strict=True)]

    # ------------------------------------------------------------------------------------------- files

    def save(self, folder: Path, meta: dict[str, Any] | None = None) -> None:
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        words = sorted(self.idf.weights)
        arrays = {
            "idf_words": np.array(words),
            "idf_values": np.array([self.idf.weights[w] for w in words], dtype=np.float32),
        }
        for prefix, params in (("s1_", self.stage1), ("s2_", self.stage2)):
            for k, a in params.items():
                arrays[prefix + k] = a.astype(np.float16) if k.startswith("W") else a.astype(np.float32)
        np.savez_compressed(folder / FILE, **arrays)
        info = {
            **self.meta,
            **(meta or {}),
            "vector_blocks": self.blocks,
            "related_blocks": self.related_blocks,
            "labels": list(LABELS),
            "threshold": self.threshold,
            "priors": [round(float(x), 4) for x in self.priors],
            "idf_unseen": self.idf.unseen,
        }
        (folder / META).write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> StanceModel:
        """The model in ``path`` (a folder or its ``stance.npz``), by default the shipped one
        (``$PRESSWATCH_STANCE_MODEL`` overrides it)."""
        import numpy as np

        from presswatch.errors import ConfigError
        from presswatch.resources import find_model

        npz = find_model("stance", FILE, env=ENV) if path is None else (path / FILE if path.is_dir() else path)
        meta_file = npz.with_name(META)
        if not npz.is_file() or not meta_file.is_file():
            raise ConfigError(f"stance model not found: {npz} (train it with `presswatch train stance`)")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        z = np.load(npz)
        idf = Idf(
            {str(w): float(v) for w, v in zip(z["idf_words"], z["idf_values"], strict=True)}, float(meta["idf_unseen"])
        )
        stage = [{k[3:]: z[k].astype(np.float32) for k in z.files if k.startswith(p)} for p in ("s1_", "s2_")]
        return cls(idf, stage[0], stage[1], float(meta["threshold"]), list(meta["priors"]), meta)
