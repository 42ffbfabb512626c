"""The benchmark suite (``python -m bench [--quick] [--json]``): speed, headroom and scaling of newscheck."""
