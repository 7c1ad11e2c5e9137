"""Learning helpers shared by training and evaluation (numpy only, imported on first use).

* :mod:`presswatch.learn.calibration`: held-out article samples and decision thresholds fitted on them.
* :mod:`presswatch.learn.metrics`: confusion matrix, per-class and macro F1, the FNC-1 stance score.
* :mod:`presswatch.learn.mlp`: a small numpy MLP (training and inference), used by the stance model.
"""
