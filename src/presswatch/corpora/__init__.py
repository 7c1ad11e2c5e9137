"""Dataset readers only: they read a research corpus from its folder into plain Python objects.

No scoring, no fitting and no writing here; :mod:`presswatch.eval` (scorers) and :mod:`presswatch.train`
(fitters) both read their data through these modules, so that neither has to import the other for it.

* :mod:`presswatch.corpora.semeval2023`: SemEval-2023 Task 3 (genre, framing, persuasion techniques).
* :mod:`presswatch.corpora.ptc`: the Propaganda Techniques Corpus (SemEval-2020 Task 11).
* :mod:`presswatch.corpora.fnc1`: FNC-1 headline / body stance pairs.
* :mod:`presswatch.corpora.polnear`: PolNeAR attribution relations (source, cue, content).
* :mod:`presswatch.corpora.geo`: the geoparsing corpora LGL, TR-News and GeoVirus.
* :mod:`presswatch.corpora.trafilatura_eval`: trafilatura's article-extraction evaluation corpus.
"""
