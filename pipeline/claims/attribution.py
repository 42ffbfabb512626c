"""Who says what: attribution relations read from the dependency parse and the quote marks.

Patterns, in the order they are tried for each sentence:
1. a cue verb with a subject and a clausal complement: ``X said/told Reuters (that) ...``,
   ``X plans to ...`` (infinitive complement), ``X called it "a disgrace"`` (object cues),
   ``X reported raising ...`` (gerund), ``X talked about ...`` (topic preposition);
2. a cue verb with no complement of its own next to a quotation: ``"...," he said.``, also
   when the splitter made the cue a sentence of its own, and verbs that report speech only
   beside a quote (``"...," he continued.``);
3. a parenthetical cue: ``The plan, he said, will fail.``;
4. a cue clause ending in a colon: the content is what follows (``Rasoul told Reuters: "..."``);
5. speech nouns and attitude adjectives (:mod:`pipeline.claims.nominal`): ``his claim that ...``,
   ``voiced support for X``, ``are worried that ...``;
6. ``according to X``: the content is the rest of the clause it modifies;
7. a headline colon: ``Pence: ...`` at the start of a paragraph (not interview labels);
8. a quotation with no cue in its sentence continues the last direct quote of the same or the
   previous paragraph (same speaker and cue).

A cue inside a quotation is the quoted speaker's wording and never starts a relation; a thought
or stance nested in another relation's content is part of that relation (verbs of saying nested
in a statement still count: "officers say ... what the spokesman called ...").

Spans are character offsets into the parsed text. Speaker kinds and pronoun resolution live in
:mod:`pipeline.claims.speakers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.claims import lexicon
from pipeline.claims.nominal import adjective_cues, noun_cues, stance_nouns, that_clause
from pipeline.claims.antecedents import resolve
from pipeline.claims.polarity import is_denial
from pipeline.claims.parse import NOT_AGENTS, agent, doc_text, SUBJ as _SUBJ, cue_range as _cue_range, relative_antecedent, subject as _subject, speaker_range, tok_range as _tok_range, trim as _trim
from pipeline.claims.quotes import QuoteIndex, QuoteSpan



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


def _is_cue(verb: Token, complement: Token | None) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in lexicon.CUE_VERBS:
        return True
    if complement is not None and (lemma in lexicon.DOBJ_CUES or lemma in lexicon.PREP_CUES):
        return True
    if complement is None or lemma in lexicon.NON_CUES or complement.dep_ != "ccomp" or complement.i < verb.i:
        return False  # (a clause before an unknown verb is the parser gluing "X: Y costs ..." together)
    # an unknown verb with a "that"-clause or a full clause as complement reports content
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in complement.children) or any(
        c.dep_ in _SUBJ for c in complement.children
    )


def _physical_act(verb: Token, obj: Token, subj: Token | None) -> bool:
    """ "Troops attacked the town": an armed doer or a place as object is an act, not a stance."""
    if verb.lemma_.lower() not in lexicon.PHYSICAL_DOBJ_CUES:
        return False
    if subj is not None and subj.lemma_.lower() in lexicon.ARMED_NOUNS:
        return True
    return obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.lemma_.lower() in lexicon.PLACE_NOUNS


def _denied_clause(ctx: _Context, obj: Token) -> tuple[int, int] | None:
    """ "rejected claims that the bridge was unsafe": what is denied is the clause, not the noun."""
    if obj.lemma_.lower() not in lexicon.NOUN_CUES:
        return None
    clause = next((c for c in obj.children if c.dep_ in ("acl", "relcl", "ccomp", "appos") and that_clause(c)), None)
    return _trim(ctx.doc, clause.left_edge.i, clause.right_edge.i + 1) if clause is not None else None


def _complement(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    if lemma in lexicon.DOBJ_CUES and any(c.dep_ == "agent" for c in verb.children):
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive  # "The plan is criticized by environmentalists": the plan is the content
    for c in verb.rights:
        if c.dep_ == "ccomp":
            return c
    for c in verb.children:
        if c.dep_ == "ccomp":
            return c
    if lemma in lexicon.SPEECH_VERBS or lemma in lexicon.COGNITION_VERBS:
        for c in verb.rights:
            if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG":
                return c  # "reported raising $9 million", "denied taking the money"
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
            if c.dep_ == "prep" and c.lower_ in lexicon.PREP_CUES[lemma]:
                for o in c.rights:
                    if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in NOT_AGENTS:  # not "wrote on Sunday"
                        if lemma in ("respond", "reply") and not _answerable(o):
                            return None  # "were responding to a blaze": an act, not an answer
                        return o
    if lemma in lexicon.DOBJ_CUES:
        for c in verb.rights:
            if c.dep_ == "dobj":
                return c
    return None


def _answerable(obj: Token) -> bool:
    """Something one answers in words: a question, a statement, a person or institution."""
    return (obj.lemma_.lower() in lexicon.ANSWERABLE_NOUNS or obj.lower_ in lexicon.ANSWERABLE_NOUNS
            or obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ in ("PERSON", "ORG", "NORP")
            or obj.lemma_.lower() in lexicon.ROLE_NOUNS or obj.lemma_.lower() in lexicon.ORG_NOUNS)


def _ability(verb: Token) -> bool:
    """ "could predict", "can't foresee": what someone is able to know, not a claim."""
    return verb.lemma_.lower() in lexicon.FORESEE_VERBS and any(
        c.dep_ == "aux" and c.lower_ in lexicon.ABILITY_MODALS for c in verb.children)


class _Context:
    """What the rules share while they walk one document."""

    def __init__(self, doc: Doc, quotes: QuoteIndex) -> None:
        self.doc = doc
        self.quotes = quotes
        self.found: list[Found] = []
        self.used_quotes: set[int] = set()

    def in_quote(self, offset: int) -> bool:
        return self.quotes.at(offset) is not None

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

    def _with_closing_quote(self, content: tuple[int, int]) -> tuple[int, int]:
        """ 'said the plan was "a disgrace."': a quote opened inside the content closes just
        after it (past the full stop the parse leaves out); the closing mark belongs to it."""
        for q in self.quotes.within(*content):
            tail = doc_text(self.doc)[content[1] : q.end]
            if content[0] <= q.start and content[1] < q.end and len(tail) <= 3 and not any(ch.isalnum() for ch in tail):
                return content[0], q.end
        return content

    def add(self, speaker: Token | None, cue: tuple[int, int] | None, content: tuple[int, int],
            root: Token | None, quote: str | None = None, *, parenthetical: bool = False) -> None:
        spk = speaker_range(speaker) if speaker is not None else None
        if spk is not None and spk[0] < content[1] and content[0] < spk[1] and not parenthetical:
            return  # the speaker inside its own content: a misparse
        content = self._with_closing_quote(content)
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
    # '"... A pathetic figure!" he wrote.': the splitter leaves the cue a sentence of its own
    prev = ctx.quotes.at(max(0, sent.start_char - 1)) or ctx.quotes.at(max(0, sent.start_char - 2))
    if prev is not None and not doc_text(ctx.doc)[prev.end : sent.start_char].strip() and verb.i - sent.start < 6 and verb.dep_ == "ROOT":
        return prev
    return None


def _parenthetical_content(ctx: _Context, verb: Token) -> tuple[int, int] | None:
    """'The years that followed, he said, brought a shift': the cue interrupts the clause it
    reports; the content is that clause without the cue when the cue sits at one of its ends."""
    head = verb.head
    first, last = head.left_edge.i, head.right_edge.i + 1
    if verb.left_edge.i <= first:
        first = verb.right_edge.i + 1
    elif verb.right_edge.i + 1 >= last:
        last = verb.left_edge.i
    return _trim(ctx.doc, first, last)


def _after_colon(ctx: _Context, sent: Span) -> tuple[int, int] | None:
    """What follows a cue sentence ending in ':' (a quote, or the rest of the paragraph)."""
    text = doc_text(ctx.doc)
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


def _quote_cue(ctx: _Context, sent: Span, verb: Token) -> None:
    """ "..., he continued." / "Stone echoed: ...": a verb that reports speech only beside a quote."""
    subj = _subject(verb)
    if subj is None or subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "which"):
        return
    q = _quote_near(ctx, sent, verb)
    content = (q.start, q.end) if q is not None else None
    if content is None and (sent[-1].text == ":" or any(t.text == ":" and t.i == verb.i + 1 for t in sent)):
        content = _after_colon(ctx, sent)
    if content is not None:
        ctx.add(subj, _cue_range(verb), content, None, "direct" if q is not None else None)


def _postposed_source(sent: Span, verb: Token) -> Token | None:
    """ "..., disclosures filed on Sunday revealed.": the parser often loses a subject that comes
    after the content; take the noun phrase between the last comma and the cue verb."""
    doc = sent.doc
    comma = next((t for t in reversed(doc[sent.start : verb.i]) if t.text == ","), None)
    if comma is None or verb.i - comma.i > 9:
        return None
    nouns = [t for t in doc[comma.i + 1 : verb.i] if t.pos_ in ("NOUN", "PROPN", "PRON") and t.ent_type_ not in NOT_AGENTS]
    if not nouns:
        return None
    head = nouns[0]
    while head.head.i != head.i and comma.i < head.head.i < verb.i and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    return head


def _cut_before(doc: Doc, content: tuple[int, int], source: Token) -> tuple[int, int]:
    """The content without the misparsed source phrase it swallowed."""
    first = doc.char_span(content[0], content[1], alignment_mode="expand")
    if first is None:
        return content
    return _trim(doc, first.start, source.left_edge.i) or content


def _inverted_source(verb: Token, comp: Token | None) -> Token | None:
    """ "The dam, said the chief engineer, will hold": a cue between commas whose clause's
    subject starts right after it and is closed by a comma is that clause's source."""
    doc = verb.doc
    if comp is None or comp.dep_ != "ccomp" or verb.i == 0 or doc[verb.i - 1].text != "," \
            or verb.lemma_.lower() not in lexicon.SPEECH_VERBS:
        return None
    subj = next((c for c in comp.children if c.dep_ in _SUBJ and c.left_edge.i == verb.i + 1), None)
    if subj is None or subj.right_edge.i + 1 >= len(doc):
        return None
    closed = doc[subj.right_edge.i].text == "," or doc[subj.right_edge.i + 1].text == ","
    return subj if closed and subj.right_edge.i + 1 < comp.right_edge.i else None


def _without_nested_source(doc: Doc, content: tuple[int, int], comp: Token) -> tuple[int, int]:
    """ "said, according to the observers' report, that ...": the nested source is a relation of
    its own (found by :func:`_according_to`), not the start of this content."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or len(span) < 3 or span[0].lower_ != "according" or span[1].lower_ != "to":
        return content
    pp_end = span[0].right_edge.i if span[0].right_edge.i > span[1].i else span[1].right_edge.i
    return _trim(doc, pp_end + 1, span.end) or content


def _verb_rules(ctx: _Context, sent: Span) -> None:
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "compound"):
            continue
        if ctx.quotes.at(verb.idx) is not None and ctx.quotes.at(verb.idx + len(verb.text) - 1) is not None:
            continue  # "I believe ..." inside a quotation is the quoted speaker's wording, not a new source
        comp = _complement(verb)
        if verb.lemma_.lower() in lexicon.QUOTE_CUES and (comp is None or comp.i < verb.i):
            _quote_cue(ctx, sent, verb)
            continue
        if not _is_cue(verb, comp) or _ability(verb):
            continue
        inverted = _inverted_source(verb, comp)
        if inverted is not None:
            # "The dam, said the engineer, will hold": the source is the phrase after the cue
            whole = _trim(ctx.doc, sent.start, sent.end)
            if whole is not None:
                ctx.add(inverted, _cue_range(verb), whole, comp, parenthetical=True)
            continue
        subj = agent(verb) if comp is not None and comp.dep_ == "nsubjpass" else _subject(verb)
        if comp is not None and comp.dep_ == "dobj" and _physical_act(verb, comp, subj):
            continue
        if verb.lemma_.lower() in lexicon.OBJECT_CUES and (verb.dep_ == "acl" or verb.tag_ == "VBN") and not any(c.dep_ in _SUBJ for c in verb.children):
            continue  # "a campaign called X" names, it does not attribute
        content: tuple[int, int] | None = None
        if comp is not None and comp.i > verb.i - 40:
            content = ctx.content_for(comp)
            if content is not None and comp.i > verb.i and comp.dep_ in ("ccomp", "xcomp"):
                content = _to_sentence_end(ctx, sent, verb, content)
            if comp.i < verb.i and content is not None:
                q = _quote_near(ctx, sent, verb)
                if q is not None and q.end <= verb.idx and q.start <= content[0]:
                    content = (q.start, q.end)
        if content is not None and comp is not None and comp.i > verb.i:
            content = _without_nested_source(ctx.doc, content, comp)
        if content is not None and comp is not None and comp.dep_ == "dobj" and is_denial(verb):
            content = _denied_clause(ctx, comp) or content
        if content is not None and comp is not None and verb.lemma_.lower() in lexicon.OBJECT_CUES:
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and c.i < comp.i), None)
            if obj is not None and obj.i > verb.i:  # "called the plan 'a disgrace'": object and predicate
                content = _trim(ctx.doc, obj.left_edge.i, comp.right_edge.i + 1) or content
        parenthetical = False
        if content is None and verb.dep_ == "parataxis" and verb.head.i != verb.i and _quote_near(ctx, sent, verb) is None:
            content = _parenthetical_content(ctx, verb)
            parenthetical = content is not None
        if content is None and verb.lemma_.lower() in lexicon.SPEECH_VERBS:
            q = _quote_near(ctx, sent, verb)
            if q is not None:
                content = (q.start, q.end)
            else:
                content = _after_colon(ctx, sent) if verb.lemma_.lower() in lexicon.SPEECH_VERBS else None
        if subj is None and content is not None and content[1] <= verb.idx:
            subj = _postposed_source(sent, verb)
            if subj is not None and content[0] < subj.idx < content[1]:
                content = _cut_before(ctx.doc, content, subj)
        if subj is not None and (subj.lower_ in lexicon.NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children)):
            continue  # "Nobody could predict the outcome", "No official said ...": no one is the source
        if content is None or (subj is None and verb.lemma_.lower() not in lexicon.SPEECH_VERBS):
            continue
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "what", "which") and verb.lemma_.lower() not in lexicon.EVIDENCE_VERBS and relative_antecedent(subj) is None \
                and not (subj.lower_ == "it" and verb.lemma_.lower() in lexicon.SPEECH_VERBS and resolve(subj, ctx.in_quote) is not None):
            subj = None  # "it is said", "this means": no source; "it said" is the body or document named before
        cue = _cue_range(verb)
        if comp is not None and comp.head.dep_ == "prep" and comp.head.head.i == verb.i and comp.head.i > verb.i:
            cue = (cue[0], comp.head.idx + len(comp.head.text))  # "talking about", "called for"
        ctx.add(subj, cue, content, comp, parenthetical=parenthetical)


def _clause_of(according: Token, sent: Span) -> tuple[int, int]:
    """Token range of the clause "according to" modifies, without clauses coordinated with it
    ("X leads by 271 delegates according to a count, but Y has vowed ...": only the first)."""
    head = according.head
    if head.i == according.i or not (sent.start <= head.i < sent.end) or head.pos_ not in ("VERB", "AUX"):
        return sent.start, sent.end
    while head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # the parser often coordinates a participle ("pledged") by mistake
    first, last = head.left_edge.i, head.right_edge.i + 1
    for c in head.rights:
        if c.dep_ == "conj" and c.i > according.i:
            cc = [k.i for k in head.rights if k.dep_ in ("cc", "punct") and k.i < c.left_edge.i]
            last = min([c.left_edge.i, *[i for i in cc if i > according.i]])
            break
    return max(first, sent.start), min(last, sent.end)


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
        first, last = _clause_of(tok, sent)
        before = _trim(ctx.doc, first, pp_first)
        after = _trim(ctx.doc, pp_last + 1, last)
        sizes = [(r[1] - r[0], r) for r in (before, after) if r is not None]
        if not sizes:
            continue
        content = max(sizes)[1]
        ctx.add(source, _tok_range(tok, to), content, None)


def _could_speak(tok: Token) -> bool:
    """A name, or a noun for a person, an institution or a document."""
    lemma = tok.lemma_.lower()
    return (tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.pos_ == "PROPN"
            or lemma in lexicon.ROLE_NOUNS or lemma in lexicon.ORG_NOUNS or lemma in lexicon.DOCUMENT_NOUNS)


def _headline_colon(ctx: _Context, sent: Span) -> None:
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    if colon is None or colon.i == sent.start:
        return
    head = ctx.doc[sent.start : colon.i]
    if len(head) > 5 or not any(t.pos_ in ("PROPN", "NOUN") for t in head) or any(t.pos_ == "VERB" for t in head):
        return
    # "EXCLUSIVE – Roger Stone: ...": the speaker is the name right before the colon
    cut = max((t.i + 1 for t in head if t.is_punct), default=head.start)
    head = ctx.doc[cut : colon.i]
    if not len(head) or not _could_speak(head.root) or len(head.text) < 2:
        return  # "Q:", "One conclusion:" are labels, not speakers
    if sent.start > 0 and "\n" not in ctx.doc[sent.start - 1].text_with_ws + ctx.doc[sent.start - 1].text:
        return
    if head[0].lower_ in ("our", "your", "my"):
        return  # "Our Standards: ...": the page labelling itself
    content = _trim(ctx.doc, colon.i + 1, sent.end)
    if content is None or _verbless(ctx.doc[colon.i + 1 : sent.end]):
        return  # "Guide: The ten best ferries" names a page, it states nothing
    ctx.add(head.root, _tok_range(colon, colon), content, None)


def _verbless(span: Span) -> bool:
    """No verb in ``span``; a Title Case headline is given the benefit of the doubt (its verbs
    are tagged as names: "Sanders Burns Clinton")."""
    words = [t for t in span if t.is_alpha]
    title_case = len(words) > 2 and sum(t.text[0].isupper() for t in words) > 0.7 * len(words)
    return not title_case and not any(t.pos_ in ("VERB", "AUX") for t in span)


def _continued_quotes(ctx: _Context) -> None:
    """Quotations with no cue of their own continue the previous direct quote's speaker."""
    text = doc_text(ctx.doc)
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


def _quote_before_cue(ctx: _Context) -> None:
    """ '"The ferry will not sail," the captain said, "until the storm has passed."': the
    quotation before an interrupting cue is the same speaker's, like the one after it."""
    text = doc_text(ctx.doc)
    for q in ctx.quotes.spans:
        if q.start in ctx.used_quotes or any(f.content[0] <= q.start < f.content[1] for f in ctx.found):
            continue
        after = [f for f in ctx.found if f.quote == "direct" and f.cue is not None and f.speaker is not None
                 and q.end <= min(f.speaker[0], f.cue[0]) and max(f.speaker[1], f.cue[1]) <= f.content[0]]
        near = [f for f in after if len(text[q.end : f.content[0]]) < 80 and "\n" not in text[q.end : f.content[0]]]
        if near:
            f = min(near, key=lambda g: g.content[0])
            ctx.used_quotes.add(q.start)
            ctx.found.append(Found(f.speaker, f.speaker_tok, f.cue, (q.start, q.end), None, "direct"))


def find_attributions(doc: Doc, quotes: QuoteIndex) -> list[Found]:
    """Every attribution relation in ``doc``, in text order."""
    ctx = _Context(doc, quotes)
    for sent in doc.sents:
        n_before = len(ctx.found)
        _verb_rules(ctx, sent)
        noun_cues(ctx, sent)
        stance_nouns(ctx, sent)
        adjective_cues(ctx, sent)
        _according_to(ctx, sent)
        if len(ctx.found) == n_before:
            _headline_colon(ctx, sent)
    _quote_before_cue(ctx)
    _continued_quotes(ctx)
    return sorted(_dedupe(doc, ctx.found), key=lambda f: (f.content[0], f.content[1]))


def _rank(doc: Doc, f: Found) -> int:
    """Which of several cues claiming one content wins: a named source over none, and a verb of
    saying over a verb of showing or thinking ("Polling shows that '...,' said Tempel")."""
    if f.speaker is None:
        return 0
    cue = doc.char_span(*f.cue, alignment_mode="expand") if f.cue is not None else None
    return 2 if cue is not None and cue.root.lemma_.lower() in lexicon.SPEECH_VERBS | lexicon.OBJECT_CUES else 1


def _dedupe(doc: Doc, found: list[Found]) -> list[Found]:
    """One relation per content span; nested cues of one source keep the outermost content."""
    best: dict[tuple[int, int, bool], Found] = {}
    for f in found:
        # "The statement said, according to the report, that X": two sources of one content
        nested = f.cue is not None and doc_text(doc)[f.cue[0] : f.cue[1]].lower().startswith("according")
        key = (*f.content, nested)
        if key not in best or _rank(doc, f) > _rank(doc, best[key]):
            best[key] = f
    kept = list(best.values())
    # a thought or stance reported inside someone else's statement ("she acknowledged that even
    # she found it confusing") is part of that statement, not a second source
    kept = [f for f in kept if _rank(doc, f) == 2 or not any(
        g is not f and g.content[0] <= f.start and f.end <= g.content[1] and g.content != f.content for g in kept)]
    # the same source twice over nested contents ("responded, calling it 'pathetic'"): keep the outer
    return [f for f in kept if not any(
        g is not f and g.speaker == f.speaker and f.speaker is not None
        and g.content[0] <= f.content[0] and f.content[1] <= g.content[1] for g in kept)]
