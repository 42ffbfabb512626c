"""The domain: pure functions and frozen records. Adapters (I/O) live in pipeline.adapters."""
