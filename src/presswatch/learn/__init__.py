"""Learning helpers shared by training and evaluation (numpy only, imported on first use).

* :mod:`presswatch.learn.calibration`: held-out article samples and decision thresholds fitted on them.
"""
