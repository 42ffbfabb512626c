"""Who says what: attribution relations read from the dependency parse and the quote marks.

Patterns, in the order they are tried for each sentence:
1. a cue verb with a subject and a clausal complement: ``X said/told Reuters (that) ...``,
   ``X plans to ...`` (infinitive complement), ``X called it "a disgrace"`` (object cues);
2. a cue verb with no complement of its own next to a quotation: ``"...," he said.``;
3. a cue clause ending in a colon: the content is what follows (``Rasoul told Reuters: "..."``);
4. ``according to X``: the content is the rest of the clause;
5. a headline colon: ``Pence: ...`` at the start of a paragraph;
6. a quotation with no cue in its sentence continues the last direct quote of the same or the
   previous paragraph (same speaker and cue).

Spans are character offsets into the parsed text. Speaker kinds and pronoun resolution live in
:mod:`pipeline.claims.speakers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.claims import lexicon
from pipeline.claims.quotes import QuoteIndex, QuoteSpan

_SUBJ = ("nsubj", "nsubjpass")
_SPEAKER_TRIM = frozenset({"relcl", "acl", "appos", "punct", "cc", "advcl", "prep"})
_EDGE_PUNCT = frozenset(",;:-–—()")


@dataclass(frozen=True)
class Found:
    """One attribution relation, as offsets; ``speaker_tok`` is the speaker's head token."""

    speaker: tuple[int, int] | None
    speaker_tok: Token | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    content_root: Token | None
    quote: str  # direct / indirect / mixed

    @property
    def start(self) -> int:
        return min(x[0] for x in (self.speaker, self.cue, self.content) if x is not None)

    @property
    def end(self) -> int:
        return max(x[1] for x in (self.speaker, self.cue, self.content) if x is not None)


def _tok_range(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [start, end) without edge punctuation, as characters."""
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT or doc[start].lower_ == "that" and doc[start].dep_ == "mark"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_punct and doc[end - 1].text not in "\"\u201d"):
        end -= 1
    if start >= end:
        return None
    return _tok_range(doc[start], doc[end - 1])


def speaker_range(subj: Token) -> tuple[int, int]:
    """The subject's own phrase: its left part and name, without relative clauses or appositions."""
    right = subj.i
    for t in subj.rights:
        if t.dep_ in _SPEAKER_TRIM:
            break
        right = t.right_edge.i
    left = subj.left_edge.i
    doc = subj.doc
    while left < subj.i and (doc[left].is_punct or doc[left].dep_ in ("cc", "prep")):
        left += 1
    return _tok_range(doc[left], doc[right])


def _cue_range(verb: Token) -> tuple[int, int]:
    """The cue verb with its auxiliaries, negation and particles ("did not say", "points out")."""
    first = verb
    for t in verb.lefts:
        if t.dep_ in ("aux", "auxpass", "neg") and t.i >= first.i - 3:
            first = t if t.i < first.i else first
    last = verb
    for t in verb.rights:
        if t.dep_ == "prt" and t.i == last.i + 1:
            last = t
    return _tok_range(first, last)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares ("..., adding that ...", "said and added")."""
    v: Token | None = verb
    for _ in range(3):
        if v is None:
            break
        for c in v.children:
            if c.dep_ in _SUBJ:
                return _antecedent_of_relative(c)
        for c in v.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
        if v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i:
            v = v.head
        else:
            break
    return None


def _antecedent_of_relative(subj: Token) -> Token:
    """"who"/"which" as a subject stands for the noun its relative clause modifies."""
    if subj.tag_ in ("WP", "WDT") and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


def _is_cue(verb: Token, complement: Token | None) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in lexicon.CUE_VERBS:
        return True
    if complement is not None and (lemma in lexicon.DOBJ_CUES or lemma in lexicon.PREP_CUES):
        return True
    if complement is None or lemma in lexicon.NON_CUES or complement.dep_ != "ccomp":
        return False
    # an unknown verb with a "that"-clause or a full clause as complement reports content
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in complement.children) or any(
        c.dep_ in _SUBJ for c in complement.children
    )


def _complement(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    for c in verb.rights:
        if c.dep_ == "ccomp":
            return c
    for c in verb.children:
        if c.dep_ == "ccomp":
            return c
    if lemma in lexicon.XCOMP_CUES:
        for c in verb.rights:
            if c.dep_ == "xcomp":
                return c
    if lemma in lexicon.OBJECT_CUES:
        for c in verb.rights:
            if c.dep_ in ("oprd", "xcomp", "ccomp"):
                return c
    if lemma in lexicon.PREP_CUES:
        for c in verb.rights:
            if c.dep_ == "prep" and c.lower_ == lexicon.PREP_CUES[lemma]:
                for o in c.rights:
                    if o.dep_ in ("pobj", "pcomp"):
                        return o
    if lemma in lexicon.DOBJ_CUES:
        for c in verb.rights:
            if c.dep_ == "dobj":
                return c
    return None


class _Context:
    """What the rules share while they walk one document."""

    def __init__(self, doc: Doc, quotes: QuoteIndex) -> None:
        self.doc = doc
        self.quotes = quotes
        self.found: list[Found] = []
        self.used_quotes: set[int] = set()

    def quote_kind(self, start: int, end: int) -> str:
        inside = self.quotes.within(start, end)
        if not inside:
            return "indirect"
        q = inside[0]
        if len(inside) == 1 and q.start <= start + 1 and end <= q.end:
            return "direct"
        return "mixed"

    def content_for(self, comp: Token) -> tuple[int, int] | None:
        """The complement's subtree, widened to a whole quotation when it lies inside one."""
        rng = _trim(self.doc, comp.left_edge.i, comp.right_edge.i + 1)
        if rng is None:
            return None
        q = self.quotes.at(rng[0])
        if q is not None and rng[1] <= q.end + 1:
            self.used_quotes.add(q.start)
            return q.start, q.end
        return rng

    def add(self, speaker: Token | None, cue: tuple[int, int] | None, content: tuple[int, int],
            root: Token | None, quote: str | None = None) -> None:
        spk = speaker_range(speaker) if speaker is not None else None
        if spk is not None and spk[0] < content[1] and content[0] < spk[1]:
            return  # the speaker inside its own content: a misparse
        for q in self.quotes.within(*content):
            if q.start >= content[0] and q.end <= content[1]:
                self.used_quotes.add(q.start)
        self.found.append(Found(spk, speaker, cue, content, root, quote or self.quote_kind(*content)))


def _quote_near(ctx: _Context, sent: Span, verb: Token) -> QuoteSpan | None:
    """A quotation in the cue's sentence (or right after a colon) that the cue introduces."""
    quotes = [q for q in ctx.quotes.within(sent.start_char, sent.end_char) if not q.contains(verb.idx, verb.idx + 1)]
    before = [q for q in quotes if q.end <= verb.idx]
    after = [q for q in quotes if q.start > verb.idx]
    if before:
        return before[-1]
    if after:
        return after[0]
    return None


def _after_colon(ctx: _Context, sent: Span) -> tuple[int, int] | None:
    """What follows a cue sentence ending in ':' (a quote, or the rest of the paragraph)."""
    text = ctx.doc.text
    last = sent[-1] if not sent[-1].is_space else sent[-2]
    if last.text != ":":
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None:
            return None
        start = colon.idx + 1
    else:
        start = last.idx + 1
    while start < len(text) and text[start].isspace():
        start += 1
    q = ctx.quotes.at(start)
    if q is not None:
        return q.start, q.end
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return (start, end) if end > start else None


def _to_sentence_end(ctx: _Context, sent: Span, verb: Token, content: tuple[int, int]) -> tuple[int, int]:
    """Content after its cue runs to the sentence end unless the cue verb governs what follows
    ("..., adding that ...", "... in a statement"): the parser often cuts long lists short."""
    tail = [t for t in sent if t.idx >= content[1] and not t.is_space]
    if not tail:
        return content
    if any(t.head.i == verb.i or t.dep_ in ("advcl",) and t.head.i <= verb.i for t in tail):
        return content
    end = _trim(ctx.doc, tail[0].i, tail[-1].i + 1)
    return (content[0], end[1]) if end is not None else content


def _verb_rules(ctx: _Context, sent: Span) -> None:
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "compound"):
            continue
        comp = _complement(verb)
        if not _is_cue(verb, comp):
            continue
        subj = _subject(verb)
        if verb.lemma_.lower() in lexicon.OBJECT_CUES and not any(c.dep_ in _SUBJ for c in verb.children):
            continue  # "a campaign called X" names, it does not attribute
        content: tuple[int, int] | None = None
        if comp is not None and comp.i > verb.i - 40:
            content = ctx.content_for(comp)
            if content is not None and comp.i > verb.i:
                content = _to_sentence_end(ctx, sent, verb, content)
            if comp.i < verb.i and content is not None:
                q = _quote_near(ctx, sent, verb)
                if q is not None and q.end <= verb.idx and q.start <= content[0]:
                    content = (q.start, q.end)
        if content is None and verb.lemma_.lower() in lexicon.SPEECH_VERBS:
            q = _quote_near(ctx, sent, verb)
            if q is not None:
                content = (q.start, q.end)
            else:
                content = _after_colon(ctx, sent) if verb.lemma_.lower() in lexicon.SPEECH_VERBS else None
        if content is None or (subj is None and verb.lemma_.lower() not in lexicon.SPEECH_VERBS):
            continue
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "what", "which") and verb.lemma_.lower() not in lexicon.EVIDENCE_VERBS:
            subj = None
        ctx.add(subj, _cue_range(verb), content, comp)


def _according_to(ctx: _Context, sent: Span) -> None:
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= len(ctx.doc) or ctx.doc[tok.i + 1].lower_ != "to":
            continue
        to = ctx.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
        if not objs:
            continue
        source = objs[0]
        pp_first, pp_last = tok.i, max(to.right_edge.i, source.right_edge.i)
        before = _trim(ctx.doc, sent.start, pp_first)
        after = _trim(ctx.doc, pp_last + 1, sent.end)
        sizes = [(r[1] - r[0], r) for r in (before, after) if r is not None]
        if not sizes:
            continue
        content = max(sizes)[1]
        ctx.add(source, _tok_range(tok, to), content, None)


def _headline_colon(ctx: _Context, sent: Span) -> None:
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    if colon is None or colon.i == sent.start:
        return
    head = ctx.doc[sent.start : colon.i]
    if len(head) > 5 or not any(t.pos_ in ("PROPN", "NOUN") for t in head) or any(t.pos_ == "VERB" for t in head):
        return
    if sent.start > 0 and "\n" not in ctx.doc[sent.start - 1].text_with_ws + ctx.doc[sent.start - 1].text:
        return
    content = _trim(ctx.doc, colon.i + 1, sent.end)
    if content is None:
        return
    ctx.add(head.root, _tok_range(colon, colon), content, None)


def _continued_quotes(ctx: _Context) -> None:
    """Quotations with no cue of their own continue the previous direct quote's speaker."""
    text = ctx.doc.text
    by_start = sorted(ctx.found, key=lambda f: f.content[0])
    for q in ctx.quotes.spans:
        if q.start in ctx.used_quotes or any(f.content[0] <= q.start < f.content[1] for f in ctx.found):
            continue
        prev = [f for f in by_start if f.content[1] <= q.start and f.quote in ("direct", "mixed")]
        if not prev:
            continue
        last = prev[-1]
        gap = text[last.end : q.start]
        if gap.count("\n") > 2 or len(gap) > 400 or len(text[q.start : q.end].split()) < 4:
            continue
        ctx.found.append(Found(last.speaker, last.speaker_tok, last.cue, (q.start, q.end), None, "direct"))


def find_attributions(doc: Doc, quotes: QuoteIndex) -> list[Found]:
    """Every attribution relation in ``doc``, in text order."""
    ctx = _Context(doc, quotes)
    for sent in doc.sents:
        n_before = len(ctx.found)
        _verb_rules(ctx, sent)
        _according_to(ctx, sent)
        if len(ctx.found) == n_before:
            _headline_colon(ctx, sent)
    _continued_quotes(ctx)
    return sorted(_dedupe(ctx.found), key=lambda f: (f.content[0], f.content[1]))


def _dedupe(found: list[Found]) -> list[Found]:
    """One relation per content span; nested cues keep the outermost content."""
    best: dict[tuple[int, int], Found] = {}
    for f in found:
        key = f.content
        if key not in best or (best[key].speaker is None and f.speaker is not None):
            best[key] = f
    return list(best.values())
