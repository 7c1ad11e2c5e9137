"""Learning helpers shared by training and evaluation (imported on first use).

* :mod:`presswatch.learn.linear`: every linear model's fit (scikit-learn, the ``train`` extra; scipy's L-BFGS for
  the places ranker's conditional logit) and the character n-gram TF-IDF they read; the analyzers apply the saved
  weights with numpy.
* :mod:`presswatch.learn.calibration`: held-out article samples and decision thresholds fitted on them.
* :mod:`presswatch.learn.metrics`: confusion matrix, per-class and macro F1, the FNC-1 stance score.
* :mod:`presswatch.learn.mlp`: a small numpy MLP (training and inference), used by the stance model.
"""
