"""A small multi-layer perceptron in numpy: standardised inputs, one ReLU hidden layer (or none: softmax
regression), softmax output. Training (minibatch Adam, class weights, dropout, early stopping on a validation
set) and inference (:func:`predict_proba`) need nothing but numpy; the weights are a dict of arrays, saved with
``numpy.savez`` under a prefix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KEYS = ("mean", "scale", "W1", "b1", "W2", "b2")


def predict_proba(params: dict[str, Any], X: Any) -> Any:
    """Class probabilities, one row per row of ``X``."""
    import numpy as np

    Z = (np.asarray(X, dtype=np.float32) - params["mean"]) / params["scale"]
    if params["W1"].size:
        Z = np.maximum(Z @ params["W1"].astype(np.float32) + params["b1"], 0.0)
    Z = Z @ params["W2"].astype(np.float32) + params["b2"]
    Z = Z - Z.max(1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(1, keepdims=True)


def class_weights(y: Any, n_classes: int, power: float = 1.0) -> Any:
    """Weights ``(n / (k * count)) ** power`` per class: 1 balances the classes fully, 0 leaves them as they are."""
    import numpy as np

    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    return ((len(y) / (n_classes * np.maximum(counts, 1))) ** power).astype(np.float32)


def fit(
    X: Any,
    y: Any,
    n_classes: int,
    *,
    hidden: int = 64,
    epochs: int = 40,
    batch_size: int = 128,
    lr: float = 1e-3,
    l2: float = 1e-4,
    dropout: float = 0.2,
    weights: Any = None,
    seed: int = 13,
    X_val: Any = None,
    y_val: Any = None,
    score: Callable[[Any, Any], float] | None = None,
    patience: int = 8,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit the network; returns (params, log). With a validation set, the epoch with the highest
    ``score(y_val, probabilities)`` (default: minus the mean log loss) is kept, and training stops after
    ``patience`` epochs without improvement. ``weights``: one weight per class (see :func:`class_weights`)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    n, d = X.shape
    mean = X.mean(0)
    scale = X.std(0)
    scale[scale < 1e-6] = 1.0
    Xs = (X - mean) / scale
    cw = np.ones(n_classes, dtype=np.float32) if weights is None else np.asarray(weights, dtype=np.float32)
    Y = np.eye(n_classes, dtype=np.float32)[y]
    h = hidden
    params = {
        "mean": mean.astype(np.float32),
        "scale": scale.astype(np.float32),
        "W1": (rng.normal(0, np.sqrt(2.0 / d), (d, h)) if h else np.zeros((0, 0))).astype(np.float32),
        "b1": np.zeros(h, dtype=np.float32),
        "W2": rng.normal(0, np.sqrt(1.0 / (h or d)), (h or d, n_classes)).astype(np.float32),
        "b2": np.zeros(n_classes, dtype=np.float32),
    }
    trainable = ["W1", "b1", "W2", "b2"] if h else ["W2", "b2"]
    m = {k: np.zeros_like(params[k]) for k in trainable}
    v = {k: np.zeros_like(params[k]) for k in trainable}

    def val_score(p: dict[str, Any]) -> float:
        P = predict_proba(p, X_val)
        if score is not None:
            return float(score(y_val, P))
        return float(np.log(P[np.arange(len(y_val)), y_val] + 1e-9).mean())

    best = (-np.inf, params, 0)
    log: dict[str, Any] = {"epochs": []}
    t = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        for b in range(0, n, batch_size):
            idx = order[b : b + batch_size]
            x, yy = Xs[idx], Y[idx]
            sw = cw[y[idx]]
            if h:
                a = x @ params["W1"] + params["b1"]
                r = np.maximum(a, 0.0)
                if dropout:
                    mask = (rng.random(r.shape) >= dropout).astype(np.float32) / (1.0 - dropout)
                    r = r * mask
                z = r @ params["W2"] + params["b2"]
            else:
                z = x @ params["W2"] + params["b2"]
            z = z - z.max(1, keepdims=True)
            P = np.exp(z)
            P /= P.sum(1, keepdims=True)
            G = (P - yy) * sw[:, None] / sw.sum()
            grads = {}
            if h:
                grads["W2"] = r.T @ G + l2 * params["W2"]
                grads["b2"] = G.sum(0)
                dr = G @ params["W2"].T
                if dropout:
                    dr = dr * mask
                da = dr * (a > 0)
                grads["W1"] = x.T @ da + l2 * params["W1"]
                grads["b1"] = da.sum(0)
            else:
                grads["W2"] = x.T @ G + l2 * params["W2"]
                grads["b2"] = G.sum(0)
            t += 1
            for k in trainable:
                g = grads[k]
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                params[k] -= lr * (m[k] / (1 - 0.9**t)) / (np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)
        if X_val is not None:
            sc = val_score(params)
            log["epochs"].append(round(sc, 4))
            if sc > best[0]:
                best = (sc, {k: a.copy() for k, a in params.items()}, epoch)
            elif epoch - best[2] >= patience:
                break
    if X_val is not None:
        params = best[1]
        log["best_epoch"], log["best_score"] = best[2], round(best[0], 4)
    return params, log
