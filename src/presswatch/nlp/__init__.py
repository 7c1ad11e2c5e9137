"""Language identification and the NLP pipelines, each loaded once per process on first use; the helpers
the models share (the ONNX encoder, character n-gram features)."""
