"""``presswatch train ner_hy``: the Armenian entity model (PER, LOC, ORG), a small spaCy NER over presswatch's own
Armenian tokens (:mod:`presswatch.nlp.hy`).

Training data: pioNER's silver train set (Armenian Wikipedia, entities from links) and the training part of
ArmTDP-NER's dev documents (news; PERSON -> PER, GPE and LOCATION -> LOC, ORGANIZATION -> ORG, the other types left
out). ArmTDP's dev documents are split by document, never by sentence (:func:`armtdp_parts`): 70 % train, 30 %
held out for ``presswatch eval ner --corpus armtdp``. pioNER's dev set is never trained on. The model and its
figures go to ``models/ner-hy`` (see its MODEL_CARD.md).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from presswatch.eval.ner import ARMTDP_TYPES, PIONER_TYPES, armtdp_parts, mapped, read_jsonl, score
from presswatch.nlp.hy import token_spans as hy_tokens

NER_DATA = Path("../shared/data/ner")


def sentence_examples(nlp: Any, docs: list[dict[str, Any]]) -> list[Any]:
    """spaCy ``Example``s, one per sentence (presswatch's Armenian sentences and tokens); an entity that does not
    fall on token boundaries is widened to them."""
    from spacy.training import Example

    from presswatch.nlp import hy
    from presswatch.nlp.light import LightParse

    out = []
    for d in docs:
        text = d["text"]
        p = hy.parse(text)
        for a, b in p.sents:
            sub = LightParse(text, "hy", p.tokens[a:b])
            lo, hi = sub.tokens[0].start, sub.tokens[-1].end
            doc = hy.doc_of(nlp, sub)
            offsets = [sub.tokens[k].start for k in range(len(sub.tokens))]
            spans = []
            for e in d["entities"]:
                if e["start"] < lo or e["end"] > hi:
                    continue
                first = next((k for k, t in enumerate(sub.tokens) if t.end > e["start"]), None)
                last = next((k for k in range(len(sub.tokens) - 1, -1, -1) if offsets[k] < e["end"]), None)
                if first is None or last is None or last < first:
                    continue
                spans.append((first, last + 1, e["type"]))
            spans.sort()
            kept, end = [], -1
            for s in spans:
                if s[0] >= end:
                    kept.append(s)
                    end = s[1]
            from spacy.tokens import Span

            pred = doc
            ref = hy.doc_of(nlp, sub)
            ref.ents = [Span(ref, s, e, label=lab) for s, e, lab in kept]
            out.append(Example(pred, ref))
    return out


def run(
    *,
    data: Path = NER_DATA,
    out: Path = Path("models/ner-hy"),
    epochs: int = 12,
    width: int = 96,
    seed: int = 13,
    max_minutes: float = 12.0,
) -> int:
    """Train the model and write it (with its dev figures) to ``out``."""
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    from presswatch.nlp import hy

    fix_random_seed(seed)
    random.seed(seed)
    pioner = [mapped(d, PIONER_TYPES) for d in read_jsonl(data / "pioner" / "train.jsonl")]
    armtdp_train, armtdp_held = armtdp_parts(read_jsonl(data / "armtdp-ner" / "dev.jsonl"))
    armtdp_train = [mapped(d, ARMTDP_TYPES) for d in armtdp_train]
    nlp = spacy.blank("hy")
    ner = nlp.add_pipe(
        "ner",
        config={
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "extra_state_tokens": False,
                "hidden_width": 64,
                "maxout_pieces": 2,
                "use_upper": True,
                "tok2vec": {
                    "@architectures": "spacy.HashEmbedCNN.v2",
                    "pretrained_vectors": None,
                    "width": width,
                    "depth": 4,
                    "embed_size": 3000,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "subword_features": True,
                },
            }
        },
    )
    for label in ("PER", "LOC", "ORG"):
        ner.add_label(label)
    train = sentence_examples(nlp, pioner) + sentence_examples(nlp, armtdp_train)
    print(f"{len(train):,} training sentences", file=sys.stderr)
    optimizer = nlp.initialize(lambda: train[:2000])
    t0 = time.time()
    history = []
    for epoch in range(epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=compounding(8.0, 64.0, 1.05)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        minutes = (time.time() - t0) / 60
        history.append(
            {"epoch": epoch + 1, "loss": round(float(losses.get("ner", 0.0)), 1), "minutes": round(minutes, 2)}
        )
        print(f"epoch {epoch + 1}: loss {losses.get('ner', 0.0):.1f} ({minutes:.1f} min)", file=sys.stderr)
        if minutes > max_minutes:
            break
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    # the string store would list every word form of the training texts; the model reads hashed features only,
    # and needs no string but its labels (checked: the same entities on pioNER dev either way)
    (out / "vocab" / "strings.json").write_text(json.dumps(sorted(ner.labels)), encoding="utf-8")
    figures = {
        "pioner_dev": score(read_jsonl(data / "pioner" / "dev.jsonl"), lambda t: hy.entities(t, nlp), hy_tokens),
        "armtdp_held_out": score(
            [mapped(d, ARMTDP_TYPES) for d in armtdp_held], lambda t: hy.entities(t, nlp), hy_tokens
        ),
        "training": {
            "sentences": len(train),
            "pioner_train_sentences": len(pioner),
            "armtdp_train_documents": len(armtdp_train),
            "armtdp_held_out_documents": len(armtdp_held),
            "epochs": history,
            "seed": seed,
            "width": width,
        },
    }
    (out / "figures.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    for name in ("pioner_dev", "armtdp_held_out"):
        tok = figures[name]["token"]
        print(
            f"{name}: token micro-F1 {tok['micro']['f1']:.3f} (PER {tok['PER']['f1']:.3f}, LOC {tok['LOC']['f1']:.3f},"
            f" ORG {tok['ORG']['f1']:.3f})",
            file=sys.stderr,
        )
    return 0
