"""Training commands (``presswatch train NAME``). They need the ``[train]`` extra (torch, transformers)."""
