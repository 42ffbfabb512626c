"""An invented local story and one outlet's report of it, shared by the discovery tests: the
report is the only page that corroborates the story's claims, and no article cites it."""

from __future__ import annotations

import json

from newscheck.localserver import Route

ARTICLE = ("Marlow Ford, June 14 (Local Wire) - The river authority said the old stone bridge at Marlow Ford "
           "will close for repairs for eight months. Engineers found cracks in three of the bridge's five arches, "
           "the authority's chief engineer, Ruth Callow, told reporters.")
REPORT = ("<html><head><title>Stone bridge to shut</title></head><body><article><h1>Stone bridge to shut</h1>"
          "<p>The old stone bridge at Marlow Ford will close for eight months of repairs, the river authority "
          "announced on Friday.</p><p>Chief engineer Ruth Callow said inspectors had found cracks in three of the "
          "five arches.</p><p>Drivers will be diverted through Nettlebed.</p></article></body></html>")
NO_ROBOTS = Route(body="", status=404, content_type="text/plain")


def searxng_route(urls: list[str]) -> Route:
    """A SearXNG JSON answer (``/search?format=json``) listing ``urls`` in rank order."""
    answer = {"query": "q", "number_of_results": len(urls), "answers": [], "infoboxes": [], "suggestions": [],
              "results": [{"url": u, "title": "t", "content": "c", "engine": "e"} for u in urls]}
    return Route(body=json.dumps(answer), content_type="application/json")
