"""Genre: is a document an opinion piece, a news report, satire, or an official body's own statement?

Two parts, reported together in ``summaries["genre"]``:

* a **trained model** (opinion / reporting / satire, the SemEval-2023 Task 3 subtask-1 classes): one small
  linear model per language (en, fr, de, it, pl, ru) over the multilingual-e5 vector of the document's title and
  first :data:`STORY_WORDS` (60) words (the story text :func:`presswatch.similarity` embeds, shorter) and a few
  register features
  (:func:`register_features`: quoting, first and second person outside quotes, attribution, questions, figures,
  ...), with per-class decision offsets fitted by cross-validation on the training articles. Trained by
  ``presswatch train genre`` (``models/genre/genre-<lang>.json``), scored by ``presswatch eval genre``;
* a **rule** for ``official`` (bulletins, statements, press releases), a class the training data does not have:
  the publisher (source, author or web domain) is an official body, not a media outlet, *and* the text speaks
  as that body (its title opens as a bulletin or statement of someone, or it uses the first person plural or
  the publisher's own name outside quotations). See :func:`official_evidence`. When the rule fires, the label is
  ``official``, ``method`` is ``"rule"`` with the evidence, and the model's scores are still given.

A language without a model is reported as not analysed unless the rule fires.
"""

from __future__ import annotations

import json
import math
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from presswatch.analyzers import DocumentAnalyzer
from presswatch.model import Document

GENRES = ("opinion", "reporting", "satire")
OFFICIAL = "official"
LANGUAGES = ("en", "fr", "de", "it", "pl", "ru")
# Words of the story text (title and lead) the genre models embed. Story similarity embeds 200; at 60 the analyzer
# costs about a quarter of the CPU and scored as well by nested cross-validation (models/genre/MODEL_CARD.md). A
# model file records its own (``story_words``; files without it were fitted on 200).
STORY_WORDS = 60

# --- register features -----------------------------------------------------------------------------

# Per language: first person singular and plural, second person, attribution cues, modal verbs of obligation,
# day words. Small closed lists, written for this module.
LEXICONS: dict[str, dict[str, str]] = {
    "en": {
        "p1s": "i me my mine myself",
        "p1p": "we us our ours ourselves",
        "p2": "you your yours yourself yourselves",
        "cue": "said says say told tells according reported reports announced stated confirmed added spokesman "
        "spokeswoman spokesperson",
        "modal": "should must ought shouldn't mustn't needs",
        "time": "monday tuesday wednesday thursday friday saturday sunday yesterday today",
    },
    "fr": {
        "p1s": "je j me m moi mon ma mes",
        "p1p": "nous notre nos",
        "p2": "vous votre vos tu te toi ton ta tes",
        "cue": "dit déclaré selon affirmé annoncé indiqué précisé ajouté confirmé expliqué porte-parole",
        "modal": "doit doivent devrait devraient faut",
        "time": "lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui",
    },
    "de": {
        "p1s": "ich mich mir mein meine meinen meinem meiner",
        "p1p": "wir uns unser unsere unseren unserem",
        "p2": "du dich dir dein deine ihr euch euer",
        "cue": "sagte sagt erklärte laut berichtete mitteilte bestätigte betonte sprecher sprecherin",
        "modal": "sollte sollten muss müssen soll",
        "time": "montag dienstag mittwoch donnerstag freitag samstag sonntag gestern heute",
    },
    "it": {
        "p1s": "io mi me mio mia miei mie",
        "p1p": "noi ci nostro nostra nostri nostre",
        "p2": "tu ti te tuo tua voi vi vostro",
        "cue": "detto dichiarato secondo affermato annunciato spiegato riferito confermato aggiunto portavoce",
        "modal": "deve devono dovrebbe dovrebbero bisogna",
        "time": "lunedì martedì mercoledì giovedì venerdì sabato domenica ieri oggi",
    },
    "pl": {
        "p1s": "ja mnie mi mój moja moje mojego",
        "p1p": "my nas nam nasz nasza nasze naszych",
        "p2": "ty ciebie tobie twój wy was wasz",
        "cue": "powiedział powiedziała poinformował poinformowała według przekazał oświadczył stwierdził dodał "
        "rzecznik",
        "modal": "powinien powinna powinni trzeba musi muszą należy",
        "time": "poniedziałek wtorek środa środę czwartek piątek sobota sobotę niedziela niedzielę wczoraj dzisiaj",
    },
    "ru": {
        "p1s": "я меня мне мой моя моё мои",
        "p1p": "мы нас нам наш наша наше наши",
        "p2": "ты тебя тебе твой вы вас вам ваш",
        "cue": "сказал сказала заявил заявила сообщил сообщила словам согласно отметил подчеркнул добавил",
        "modal": "должен должна должны следует надо нужно",
        "time": "понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье вчера сегодня",
    },
}
_SETS = {lang: {k: frozenset(v.split()) for k, v in lex.items()} for lang, lex in LEXICONS.items()}

REGISTER_FEATURES = (
    "quoted_share",  # share of the words inside quotation marks
    "first_person_singular",  # per 100 words outside quotations
    "first_person_plural",
    "second_person",
    "attribution_sentences",  # share of sentences (outside quotations) with an attribution cue
    "questions",  # per sentence outside quotations
    "exclamations",
    "figures",  # words with a digit, per 100 words
    "capitalised",  # capitalised words after the first of a sentence (names), per 100 words outside quotations
    "log_words",
    "log_words_per_paragraph",
    "sentence_length",  # words per sentence outside quotations
    "day_sentences",  # share of sentences naming a day (news timing)
    "obligation",  # modal verbs of obligation per 100 words outside quotations
)

_QUOTED = re.compile(r"\"[^\"\n]{0,600}\"|“[^”\n]{0,600}”|«[^»\n]{0,600}»|„[^“”\n]{0,600}[“”]")
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
_WORD = re.compile(r"\w+")


def outside_quotes(text: str) -> str:
    """``text`` with what stands between quotation marks (straight, curly, guillemets, low-high) blanked."""
    return _QUOTED.sub(" ", text)


def register_features(text: str, lang: str = "en") -> list[float]:
    """The register features of :data:`REGISTER_FEATURES` for ``text``, in that order. Word lists of ``lang``
    (English ones for a language without its own)."""
    lex = _SETS.get(lang, _SETS["en"])
    words = _WORD.findall(text)
    n = max(len(words), 1)
    outside = outside_quotes(text)
    ow = [w.lower() for w in _WORD.findall(outside)]
    no = max(len(ow), 1)
    sentences = [s for s in _SENTENCE.findall(outside) if _WORD.search(s)]
    ns = max(len(sentences), 1)
    sw = [[w.lower() for w in _WORD.findall(s)] for s in sentences]
    paragraphs = max(sum(1 for p in text.split("\n") if p.strip()), 1)

    def rate(key: str) -> float:
        return 100.0 * sum(1 for w in ow if w in lex[key]) / no

    def share(key: str) -> float:
        return sum(1 for s in sw if any(w in lex[key] for w in s)) / ns

    capitalised = sum(1 for s in sentences for w in _WORD.findall(s)[1:] if w[:1].isupper())
    return [
        1.0 - min(len(ow) / n, 1.0),
        rate("p1s"),
        rate("p1p"),
        rate("p2"),
        share("cue"),
        sum(s.count("?") for s in sentences) / ns,
        sum(s.count("!") for s in sentences) / ns,
        100.0 * sum(1 for w in words if any(c.isdigit() for c in w)) / n,
        100.0 * capitalised / no,
        math.log1p(len(words)),
        math.log1p(len(words) / paragraphs),
        sum(len(s) for s in sw) / ns,
        share("time"),
        rate("modal"),
    ]


def story_vector(
    texts: list[str],
    titles: list[str | None] | None = None,
    *,
    max_words: int = STORY_WORDS,
    disk_cache: bool | Path = False,
) -> Any:
    """The e5 vectors of the story texts of ``texts`` (title and first ``max_words`` words,
    :func:`presswatch.comparison.similarity.story_text`), embedded as story similarity embeds its own (same
    in-process memo, shared with it where ``max_words`` is its 200). The costly part of the genre analyzer:
    about 0.1-0.2 CPU s a document at 60 words, 0.45-0.5 at 200 (more on a loaded machine)."""
    from presswatch.comparison.similarity import embed, story_text

    titles = titles or [None] * len(texts)
    return embed(
        [story_text(t, h, max_words=max_words) for t, h in zip(texts, titles, strict=True)], disk_cache=disk_cache
    )


# --- the official-statement rule ----------------------------------------------------------------------

# An official body named as publisher or author (en, fr, de, it, pl, ru words).
_OFFICIAL_BODY = re.compile(
    r"\b(?:ministry|minister|ministère|ministerium|ministero|ministerstwo|министерств\w*|минобороны|мид|"
    r"government|gouvernement|regierung|bundesregierung|governo|rząd|правительств\w*|"
    r"press office|press service|press secretary|пресс-служба|"
    r"mission|contingent|embassy|consulate|ambassade|botschaft|ambasciata|ambasada|посольств\w*|"
    r"armed forces|army|defen[cs]e forces|general staff|police|polizei|polizia|policja|полиция|"
    r"presidency|president's office|office of the|kremlin|кремль|"
    r"council|parliament|senate|duma|дума|sejm|department|commission|committee|headquarters|command|"
    r"administration|secretariat|municipality|city hall|prefecture|préfecture|mairie|"
    r"united nations|osce|nato|european union)\b",
    re.IGNORECASE,
)
# Words that make a publisher a media outlet ("press office" is taken out first).
_MEDIA = re.compile(
    r"\b(?:times|news|press|dispatch|daily|gazette|post|herald|tribune|journal|wire|radio|tv|television|media|"
    r"magazine|review|chronicle|telegraph|express|agency|reuters|zeitung|giornale|gazeta|газета|"
    r"новости|вести|blog)\b",
    re.IGNORECASE,
)
_OFFICIAL_DOMAIN = re.compile(r"(?:^|\.)(?:gov|mil|gouv|gob|govt|int)(?:\.[a-z]{2})?$")
# A title that opens as an official communication of someone: "Bulletin of the ...", "Statement by ...",
# "Communiqué du ...", "Erklärung des ...", "Comunicato della ...", or, where a genitive needs no preposition,
# "Бюллетень миссии ...", "Komunikat ministerstwa ...".
_OFFICIAL_TITLE = re.compile(
    r"^\s*(?:(?:daily|information|official|joint|press|информационный|ежедневный)\s+)?"
    r"(?:(?:bulletin|statement|communiqu[eé]|press release|announcement|briefing|notice|déclaration|erklärung|"
    r"pressemitteilung|mitteilung|comunicato|dichiarazione|bollettino)"
    r"(?:\s+(?:of|by|from|de|du|des|der|von|di|del|della|dello|dei)\b|\s*[,:\-–]|\s*$)"
    r"|(?:бюллетень|сводка|заявление|сообщение|пресс-релиз|komunikat|oświadczenie|biuletyn)\b)",
    re.IGNORECASE,
)
_GENERIC_WORDS = (
    "the of and for a an in on at to by de la le du des der die das und di del della press office service "
    "bulletin official joint information statement national state republic"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())


def _publisher_is_official(name: str) -> bool:
    cleaned = re.sub(r"\bpress (?:office|service|secretary)\b", " ", name, flags=re.IGNORECASE)
    return bool(_OFFICIAL_BODY.search(name)) and not _MEDIA.search(cleaned)


def official_evidence(doc: Document) -> dict[str, Any] | None:
    """Why ``doc`` is an official body's own communication, or None.

    Both must hold: (1) its publisher is an official body: the source or an author names one (ministry,
    government, mission, embassy, armed forces, police, council, ...) and no media outlet (times, news, press,
    agency, ...), or its web domain is a government one (``.gov``, ``.gouv.fr``, ``.mil``, ``.int``, ...); and
    (2) it speaks as that body: the title opens as a bulletin, statement, communiqué or press release (of
    someone), or, outside quotations, the text uses the first person plural or a distinctive word of the
    publisher's name ("the Ministry of Defence reiterates ...").
    """
    publishers = [p for p in [doc.source, *doc.authors] if p]
    named = [p for p in publishers if _publisher_is_official(p)]
    hosts = [h for h in (doc.source_domain, urlparse(doc.url or "").hostname) if h]
    domains = [h for h in hosts if _OFFICIAL_DOMAIN.search(h.lower().rstrip("."))]
    if not named and not domains:
        return None
    signals: list[str] = []
    if doc.title and _OFFICIAL_TITLE.search(doc.title):
        signals.append(f"title: {doc.title.strip()[:80]}")
    outside = [w.lower() for w in _WORD.findall(outside_quotes(doc.text))]
    present = set(outside)
    plural = sorted(present & _SETS.get(doc.language or "en", _SETS["en"])["p1p"])
    if plural:
        signals.append("first person plural: " + ", ".join(plural))
    own = sorted(
        {w.lower() for p in named for w in _WORD.findall(p) if len(w) > 3 and w.lower() not in _GENERIC} & present
    )
    if own:
        signals.append("publisher named in the text: " + ", ".join(own))
    if not signals:
        return None
    return {"publisher": (named or domains)[0], "signals": signals}


# --- the trained model ------------------------------------------------------------------------------------


class GenreModel:
    """One language's genre model: ``models/genre/genre-<lang>.json`` (weights over the standardised register
    features and the e5 story vector, intercepts, per-class decision offsets, the story text's length in words),
    loaded once per file."""

    _cache: dict[str, GenreModel] = {}
    _lock = threading.Lock()

    def __init__(self, meta: dict[str, Any]) -> None:
        import numpy as np

        self.meta = meta
        self.lang: str = meta["lang"]
        self.classes: list[str] = list(meta["classes"])
        self.register_weight = float(meta["register_weight"])
        self.mean = np.asarray(meta["register_mean"], dtype=np.float32)
        self.sd = np.asarray(meta["register_sd"], dtype=np.float32)
        self.coef = np.asarray(meta["coef"], dtype=np.float32)  # (register features + 384, classes)
        self.intercept = np.asarray(meta["intercept"], dtype=np.float32)
        self.offsets = np.asarray([meta["offsets"][c] for c in self.classes], dtype=np.float32)
        self.story_words = int(meta.get("story_words", 200))

    @classmethod
    def load(cls, lang: str, model_dir: Path | None = None) -> GenreModel | None:
        """The model for ``lang`` (from ``model_dir`` or the shipped ``models/genre/``), or None."""
        from presswatch.resources import find_model

        mf = model_dir / f"genre-{lang}.json" if model_dir else find_model("genre", f"genre-{lang}.json")
        if not mf.is_file():
            return None
        key = str(mf.resolve())
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(json.loads(mf.read_text(encoding="utf-8")))
            return cls._cache[key]

    def design(self, register: Any, vectors: Any) -> Any:
        """The model's input rows from register features (rows of :func:`register_features`) and e5 vectors."""
        import numpy as np

        r = (np.asarray(register, dtype=np.float32) - self.mean) / self.sd * self.register_weight
        return np.hstack([r, np.asarray(vectors, dtype=np.float32)])

    def predict(self, text: str, title: str | None = None) -> dict[str, Any]:
        """Label, its probability, every class's probability (softmax of the logits plus the fitted offsets)."""
        import numpy as np

        x = self.design([register_features(text, self.lang)], story_vector([text], [title], max_words=self.story_words))
        z = (x @ self.coef + self.intercept + self.offsets)[0]
        p = np.exp(z - z.max())
        p /= p.sum()
        k = int(p.argmax())
        return {
            "label": self.classes[k],
            "confidence": round(float(p[k]), 4),
            "scores": {c: round(float(v), 4) for c, v in zip(self.classes, p, strict=True)},
            "model": f"genre-{self.lang}",
        }


class GenreAnalyzer(DocumentAnalyzer):
    name = "genre"
    version = "1.1.0"

    def summarize(self, doc: Document) -> dict[str, Any]:
        return classify(doc, self._model_dir)


def classify(doc: Document, model_dir: Path | None = None) -> dict[str, Any]:
    """``doc``'s genre summary: ``analysed``, ``label`` (opinion, reporting, satire or official), ``confidence``
    (the model's probability; None when the rule decides), ``scores`` (the model's class probabilities),
    ``model``, ``method`` ("model" or "rule"), ``rule`` (the official-statement evidence, when it fired) and
    ``labels`` (the label again, as the text report shows document-level analyzers)."""
    lang = doc.language or "en"
    if not _WORD.search(doc.text):
        return {"analysed": False, "reason": "empty text"}
    model = GenreModel.load(lang, model_dir) if lang in LANGUAGES else None
    evidence = official_evidence(doc)
    if model is None and evidence is None:
        return {"analysed": False, "reason": f"no genre model for language {lang!r}"}
    out: dict[str, Any] = {"analysed": True}
    if model is not None:
        out.update(model.predict(doc.text, doc.title))
        out["method"] = "model"
    if evidence is not None:
        out.update({"label": OFFICIAL, "confidence": None, "method": "rule", "rule": evidence})
        out.setdefault("scores", {})
        out.setdefault("model", None)
    out["labels"] = out["label"]
    return out
