"""Training commands (need the training-only extra: torch, transformers, onnx)."""
