"""Attributed claims from article text: who says what, with the figures in it.

Public entry points:
- :func:`extract_claims`: every checkable claim of an article, as exact spans of its text;
- :func:`standalone_claim`: a Claim for one bare statement (the checker and the CLI's
  ``check --claim`` use it).

One spaCy pass per text; the rules then read the parse (see the modules of this package).
The parser reads :func:`text_for_parser`: the text with soft line breaks of hard-wrapped copy read
as spaces (:mod:`linebreaks`) and datelines, labels and promos blanked (:mod:`pipeline.furniture`),
all of the same length; the claims' strings are then cut from the text as given, so offsets and
texts index the input.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span as TokSpan, Token

from pipeline.claims.attribution import Found, find_attributions
from pipeline.claims.checkworthiness import classify
from pipeline.claims.counted import describe, without_verb_hedge
from pipeline.claims.guard import MAX_CHARS, check_text
from pipeline.claims.linebreaks import unwrap
from pipeline.furniture import find_furniture, masked
from pipeline.claims.narration import is_narrated_fact
from pipeline.claims.parse import KEEP_AT_END, doc_text
from pipeline.claims.polarity import cue_polarity
from pipeline.claims.quotes import QuoteIndex, find_quotes
from pipeline.claims.segmentation import split_content
from pipeline.claims.speakers import make_speaker
from pipeline.claims.timeexpr import parse_published, resolve
from pipeline.ids import claim_id
from pipeline.models import Claim, Quantity, Span, Speaker
from pipeline.nlp import get_nlp
from pipeline.quantities import find_quantities

__all__ = ["MAX_CHARS", "extract_claims", "extract_claims_from_doc", "standalone_claim", "text_for_parser"]


def text_for_parser(text: str) -> str:
    """What the parser reads of ``text``: soft line breaks unwrapped, datelines, labels and
    promos blanked; same length, so every offset indexes ``text``."""
    return masked(unwrap(text))

# A speaker this far (characters) from its content is shown only by reference, not included
# in the claim's own text (a quote paragraph continuing an earlier one).
_NEAR = 300
_DATE_LABELS = frozenset({"DATE"})


def _span(text: str, rng: tuple[int, int]) -> Span:
    return Span(text=text[rng[0] : rng[1]], start=rng[0], end=rng[1])


def _in(q: Quantity, start: int, end: int) -> bool:
    return start <= q.start and q.end <= end


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "going"})
_NOUN_MODIFIERS = frozenset({"compound", "nmod", "amod", "nummod"})


def _governing_verb(tok: Token) -> Token:
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return tok


def _is_future(ent: TokSpan) -> bool:
    """The date belongs to a clause about what is still to come: "will leave by Friday",
    "expect 2,000 more to leave by Friday", "said it would finish next month"."""
    verb = _governing_verb(ent.root)
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return True
    return verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes)


def _dates_the_claim(ent: TokSpan) -> bool:
    """A date expression that can date the claim: not an age the tagger read as a date
    ("Montoya-Lewis, 51,"), not a year naming a thing ("the 2010 nominee", "its 2019 budget")."""
    bare = ent.text.strip()
    if bare.isdigit() and len(bare) < 4:
        return False
    root = ent.root
    return not (root.dep_ in _NOUN_MODIFIERS and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= ent.end)


def _cue_verb(doc: Doc, cue: tuple[int, int] | None) -> Token | None:
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand") if cue is not None else None
    return span.root if span is not None and len(span) and span.root.pos_ in ("VERB", "AUX") else None


def _time_of(doc: Doc, start: int, end: int, published: str | None,
             content: tuple[int, int] | None = None, cue: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """When the claim's event happened: the first date expression of its content (else of the
    whole claim), resolved against the publication date."""
    pub = parse_published(published)
    cue_verb = _cue_verb(doc, cue)
    dates = [e for e in doc.ents if e.label_ in _DATE_LABELS and _dates_the_claim(e) and (
        start <= e.start_char and e.end_char <= end
        # "Last week, the mayor said ...": a date fronted before the speaker still modifies the cue
        or cue_verb is not None and e.end_char <= start and e.sent == cue_verb.sent and _governing_verb(e.root) == cue_verb)]
    if content is not None:
        dates.sort(key=lambda e: not (content[0] <= e.start_char and e.end_char <= content[1]))
    for ent in dates:
        return resolve(ent.text, pub, future=_is_future(ent)), ent.text
    return None, None


def _content_tokens(doc: Doc, start: int, end: int) -> TokSpan:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else doc[0:1]


def _claim(doc: Doc, article_id: str, published: str | None, speaker: Speaker | None,
           cue: tuple[int, int] | None, content: tuple[int, int], quote: str,
           quantities: list[Quantity]) -> Claim:
    text = doc_text(doc)
    bounds = [content]
    if cue is not None and abs(cue[0] - content[0]) < _NEAR:
        bounds.append(cue)
    if speaker is not None and abs(speaker.start - content[0]) < _NEAR:
        bounds.append((speaker.start, speaker.end))
    start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
    mine = [q for q in quantities if _in(q, *content)]
    claim_type, score = classify(_content_tokens(doc, *content), mine, speaker, quote)
    time, time_text = _time_of(doc, start, end, published, content, cue)
    return Claim(
        id=claim_id(article_id, text[content[0]:content[1]], content[0]),
        text=text[start:end],
        start=start,
        end=end,
        speaker=speaker,
        cue=_span(text, cue) if cue is not None else None,
        content=_span(text, content),
        quote=quote,  # type: ignore[arg-type]
        quantities=tuple(mine),
        checkworthy=score,
        claim_type=claim_type,
        time=time,
        time_text=time_text,
        polarity=cue_polarity(doc, cue),
    )


def _speakers(found: list[Found], quotes: QuoteIndex) -> dict[int, Speaker | None]:
    """Speaker records in text order, so a bare role resolves against earlier speakers."""
    out: dict[int, Speaker | None] = {}
    earlier: list[Speaker] = []
    for i, f in sorted(enumerate(found), key=lambda p: p[1].speaker[0] if p[1].speaker else p[1].content[0]):
        if f.speaker is None or f.speaker_tok is None:
            out[i] = None
            continue
        spk = make_speaker(f.speaker_tok, f.speaker, earlier, lambda at: quotes.at(at) is not None)
        out[i] = spk
        earlier.append(spk)
    return out


def _as_given(claim: Claim, given: str) -> Claim:
    """The claim with every string cut from ``given`` (the parsed text differs only at soft
    line breaks, so the offsets are the same)."""
    def cut(span: Span) -> Span:
        return Span(text=given[span.start : span.end], start=span.start, end=span.end)

    spk = claim.speaker
    if spk is not None and spk.end > spk.start:
        spk = dataclasses.replace(spk, text=given[spk.start : spk.end])
    return dataclasses.replace(
        claim, text=given[claim.start : claim.end], speaker=spk, cue=None if claim.cue is None else cut(claim.cue), content=cut(claim.content),
        quantities=tuple(dataclasses.replace(q, text=given[q.start : q.end]) for q in claim.quantities))


def _claims_of(doc: Doc, article_id: str, published: str | None, given: str | None = None) -> list[Claim]:
    claims = _parsed_claims(doc, article_id, published)
    if given is None or given == doc_text(doc):
        return claims
    if len(given) != len(doc_text(doc)):
        raise ValueError("the parsed text must be text_for_parser(given)")
    return [_as_given(c, given) for c in claims]


def _parsed_claims(doc: Doc, article_id: str, published: str | None) -> list[Claim]:
    text = doc_text(doc)
    quantities = without_verb_hedge(doc, describe(doc, find_quantities(text)))
    quotes = QuoteIndex(find_quotes(text))
    found = find_attributions(doc, quotes)
    speakers = _speakers(found, quotes)
    claims: list[Claim] = []
    covered: list[tuple[int, int]] = []
    for i, f in enumerate(found):
        for part in split_content(doc, f.content[0], f.content[1], quantities):
            claims.append(_claim(doc, article_id, published, speakers[i], f.cue, part, f.quote, quantities))
        covered.append((f.start, f.end))
    covered.sort()
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if any(a < e and s < b for a, b in covered):
            continue
        figures = [q for q in quantities if _in(q, s, e) and q.unit != "year-date"]
        if not is_narrated_fact(sent, bool(figures)):
            continue
        rng = _trimmed(sent)
        for part in split_content(doc, rng[0], rng[1], quantities):
            claims.append(_claim(doc, article_id, published, None, None, part, "none", quantities))
    headings = [(f.start, f.end) for f in find_furniture(text) if f.kind == "heading"]
    claims = [c for c in claims if c.speaker is not None or c.cue is not None
              or not any(a <= c.content.start and c.content.end <= b for a, b in headings)]
    claims.sort(key=lambda c: (c.content.start, c.content.end))
    return claims


def _trimmed(sent: TokSpan) -> tuple[int, int]:
    toks = [t for t in sent if not t.is_space]
    while len(toks) > 1 and toks[-1].is_punct and toks[-1].text not in KEEP_AT_END:
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def extract_claims(text: str, *, article_id: str = "a_local", published: str | None = None) -> list[Claim]:
    """Every checkable claim of ``text``; offsets index ``text`` exactly.

    Raises ``EmptyInput``/``UnsupportedInput`` for text it cannot read (see ``guard``).
    """
    check_text(text)
    return _claims_of(get_nlp()(text_for_parser(text)), article_id, published, text)


def extract_claims_from_doc(doc: Doc, *, article_id: str = "a_local", published: str | None = None,
                            given: str | None = None) -> list[Claim]:
    """As :func:`extract_claims` on an already parsed text (for ``nlp.pipe`` batches).

    Parse ``text_for_parser(text)`` and pass ``given=text`` (hard-wrapped copy, datelines).
    """
    check_text(doc_text(doc))
    return _claims_of(doc, article_id, published, given)


def standalone_claim(text: str, *, speaker: str | None = None, date: str | None = None,
                     claim_id: str | None = None) -> Claim:
    """A Claim for one bare statement: the content without a leading "X said", its figures
    with what they count, the speaker given (else the one the statement names)."""
    from pipeline.ids import article_id as _article_id, claim_id as _claim_id

    check_text(text)
    doc = get_nlp()(text)
    quantities = without_verb_hedge(doc, describe(doc, find_quantities(text)))
    found = [f for f in find_attributions(doc, QuoteIndex(find_quotes(text))) if f.cue is not None]
    whole = _trimmed(doc[:])
    best = max(found, key=lambda f: f.content[1] - f.content[0], default=None)
    if best is not None and (best.end - best.start) * 2 < whole[1] - whole[0]:
        best = None  # an attribution nested in a small part: the statement is the whole text
    if best is not None:
        spk = make_speaker(best.speaker_tok, best.speaker, []) if best.speaker and best.speaker_tok is not None else None
        content, cue, quote = best.content, best.cue, best.quote
    else:
        spk, content, cue, quote = None, whole, None, "none"
    if speaker:
        spk = Speaker(text=speaker, start=0, end=0, kind="unknown", resolved=None) if spk is None else Speaker(
            text=spk.text, start=spk.start, end=spk.end, kind=spk.kind, resolved=speaker)
    aid = _article_id(content=text)
    claim = _claim(doc, aid, date, spk, cue, content, quote, quantities)
    cid = claim_id or _claim_id(aid, text, 0)
    return Claim(**{**claim.__dict__, "id": cid, "text": text, "start": 0, "end": len(text)}) if best is None else Claim(**{**claim.__dict__, "id": cid})
