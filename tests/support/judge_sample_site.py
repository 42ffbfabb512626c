"""Print the sample site's claims and verdicts as JSON, from the files (no network, no clock).

Run by tests/unit/test_determinism.py under different PYTHONHASHSEEDs: worker processes and
the in-process path must agree, so nothing may depend on set or dict-of-set iteration order.
"""

from __future__ import annotations

import json

from newscheck.sample_site import load_manifest, page_file
from pipeline import flow
from pipeline.extraction import extract_document
from pipeline.models import to_dict

manifest = load_manifest()
article = extract_document(page_file(manifest["article_page"]["file"]).read_text(), "https://article.example/a",
                           sha256="0", fetched_at="t")
sources = [
    extract_document(page_file(page["file"]).read_text(), f"https://source.example{path}", sha256="0", fetched_at="t")
    for path, page in manifest["pages"].items() if page.get("file") and not page.get("status")
]
claims = flow.extract(article, "a_det", max_claims=200)
print(json.dumps([{"claim": to_dict(c), "verdict": to_dict(flow.judge(c, article, sources, []))} for c in claims]))
