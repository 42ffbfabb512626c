"""An in-memory Corpus for unit tests of pipeline/corpus.py and pipeline/facts.py."""

from __future__ import annotations

from pipeline.checking.lexical import stem, tokens
from pipeline.corpus import CorpusEntry
from pipeline.discovery import DateWindow


class MemoryCorpus:
    """Word-overlap search over a dict: enough to exercise the rules without a database."""

    def __init__(self) -> None:
        self.entries: dict[str, CorpusEntry] = {}

    def entry(self, url: str) -> CorpusEntry | None:
        return self.entries.get(url)

    def put(self, entry: CorpusEntry) -> bool:
        assert entry.doc.url
        fresh = self.entries.get(entry.doc.url) != entry
        self.entries[entry.doc.url] = entry
        return fresh

    def search_entries(self, query: str, window: DateWindow | None, *, limit: int) -> list[CorpusEntry]:
        terms = {stem(t) for t in tokens(query)}
        scored = []
        for e in self.entries.values():
            if window is not None and not window.contains(e.doc.published):
                continue
            overlap = len(terms & {stem(t) for t in tokens(e.doc.text)})
            if overlap:
                scored.append((-overlap, e.doc.url or "", e))
        return [e for _, _, e in sorted(scored, key=lambda x: x[:2])[:limit]]
