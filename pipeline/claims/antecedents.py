"""Who a third-person pronoun stands for: a small, explicit antecedent resolver.

Rules, in order (all read from the parse of the text before the pronoun):
1. candidates are noun phrases that can speak: persons (a PERSON name, a role noun such as
   "the minister"), organisations (an ORG or GPE name, an institution noun) and documents
   ("the report"). "a press conference", "public opinion" or "his determination" never are;
2. they must agree with the pronoun: he/she a single person whose gender, where the text
   tells it (Mr./Ms., "spokeswoman", a pronoun already resolved to the same name), is not the
   other one; "it" an organisation or document; "they" a plural group or an organisation;
3. candidates inside a quotation are skipped (names a speaker quotes are rarely the speaker);
4. the nearest sentence wins, and within it a subject wins over other mentions (the subject of
   the previous sentence over a name in its object), then the mention nearest the pronoun;
5. nothing compatible within :data:`WINDOW` sentences: the pronoun stays unresolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.claims import lexicon
from pipeline.claims.parse import SUBJ, doc_text, speaker_range

WINDOW = 4
_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
_HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
               "madam": "f", "dame": "f", "lady": "f", "lord": "m"}
_GENDERED_NOUNS = {
    **dict.fromkeys("""man boy father son husband brother uncle king prince spokesman chairman
        congressman businessman sportsman councilman policeman fireman grandfather nephew""".split(), "m"),
    **dict.fromkeys("""woman girl mother daughter wife sister aunt queen princess spokeswoman chairwoman
        congresswoman businesswoman sportswoman councilwoman policewoman actress grandmother niece""".split(), "f"),
}
_ORG_ENTS = frozenset({"ORG", "GPE", "NORP"})
_MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "poss", "attr", "npadvmod", "ROOT"})

InQuote = Callable[[int], bool]


@dataclass(frozen=True)
class Antecedent:
    """What a pronoun was resolved to: the name shown and its kind."""

    name: str
    kind: str  # person, organisation, document, group


def _name_of(head: Token) -> str:
    """The mention's name: its own phrase ("Mr. Obama", "Sen. Jeff Sessions"), the name in
    apposition to a role ("the mayor, Ana Petrov"), or the entity of a long phrase."""
    doc = head.doc
    for child in head.rights:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return _name_of(child)
    first, last = speaker_range(head)
    phrase = doc_text(doc)[first:last].strip(" ,")
    if head.tag_ == "POS" or len(phrase.split()) > 6 or phrase.endswith(("'s", "’s")):
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            return ent.text
    return phrase.removesuffix("'s").removesuffix("’s")


def _person_names(doc: Doc) -> frozenset[str]:
    """Last words of the names the text calls persons somewhere ("Donald Trump" makes a bare
    "Trump" a person even where the tagger calls it an organisation); memoised per document."""
    cached = doc.user_data.get("person_names")
    if isinstance(cached, frozenset):
        return cached
    names = frozenset(e[-1].lower_ for e in doc.ents if e.label_ == "PERSON") | frozenset(_surname_genders(doc))
    doc.user_data["person_names"] = names
    return names


def _given_name_gender(words: list[str]) -> str | None:
    """m or f when the first given name of ``words`` tells (honorifics and titles skipped)."""
    for word in words:
        w = word.lower().strip(".,")
        if w in _HONORIFICS:
            return _HONORIFICS[w]
        if w in lexicon.FEMALE_NAMES:
            return "f"
        if w in lexicon.MALE_NAMES:
            return "m"
        if word[:1].isupper() and w not in lexicon.ROLE_TITLES:
            return None  # the first name is not one we know
    return None


def _surname_genders(doc: Doc) -> dict[str, str]:
    """Genders the text itself tells of a surname: "Mr. Velk", "Ms. Marr", "Jane Sanders"; a
    surname two genders share ("Jane Sanders", "Bernie Sanders") tells nothing (memoised)."""
    cached = doc.user_data.get("surname_genders")
    if isinstance(cached, dict):
        return cached
    seen: dict[str, set[str]] = {}
    for tok in doc[:-1]:
        gender = _HONORIFICS.get(tok.lower_)
        if gender and doc[tok.i + 1].pos_ == "PROPN":
            name = doc[tok.i + 1]
            while name.i + 1 < len(doc) and doc[name.i + 1].pos_ == "PROPN" and doc[name.i + 1].dep_ in ("compound", "flat"):
                name = doc[name.i + 1]
            seen.setdefault(name.lower_, set()).add(gender)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            g = _given_name_gender([t.text for t in ent[:-1]])
            if g is not None:
                seen.setdefault(ent[-1].lower_, set()).add(g)
    out = {name: next(iter(gs)) for name, gs in seen.items() if len(gs) == 1}
    doc.user_data["surname_genders"] = out
    return out


def _gender(head: Token, name: str) -> str | None:
    """m, f or None (not told) for a person mention."""
    for tok in [*head.subtree, head]:
        if tok.i > head.i + 4:
            break
        g = _HONORIFICS.get(tok.lower_) or _GENDERED_NOUNS.get(tok.lemma_.lower())
        if g:
            return g
    words = name.split()
    if len(words) > 1:
        told = _given_name_gender(words[:-1])
        if told is not None:
            return told
    return _surname_genders(head.doc).get(words[-1].lower().removesuffix("'s")) if words else None


def _named_person(head: Token) -> bool:
    """A name the text calls a person's elsewhere, or whose given name is a known one."""
    return head.lower_ in _person_names(head.doc) or any(
        c.dep_ == "compound" and (c.lower_ in lexicon.FEMALE_NAMES or c.lower_ in lexicon.MALE_NAMES) for c in head.lefts)


def _kind(head: Token) -> str | None:
    """person, organisation, document or group, or None for a mention that cannot speak."""
    lemma = head.lemma_.lower()
    plural = head.tag_ in ("NNS", "NNPS")
    if lemma not in lexicon.ORG_NOUNS and (head.ent_type_ == "PERSON" or head.pos_ == "PROPN" and _named_person(head)):
        return "person"
    if head.ent_type_ in _ORG_ENTS:
        return "group" if plural or head.ent_type_ == "NORP" else "organisation"
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    if lemma in lexicon.DOCUMENT_NOUNS:
        return None if plural else "document"
    if lemma in lexicon.ORG_NOUNS:
        return "group" if plural and lemma not in ("authority",) else "organisation"
    if lemma in lexicon.ROLE_NOUNS or lemma in _GENDERED_NOUNS:
        return "group" if plural else "person"
    return None


def _agrees(pronoun: str, kind: str, gender: str | None) -> bool:
    want = _GENDER.get(pronoun)
    if want is not None:
        return kind == "person" and gender in (None, want)
    if pronoun in ("it", "its", "itself"):
        return kind in ("organisation", "document")
    if pronoun in ("they", "them", "their", "themselves"):
        return kind in ("group", "organisation")
    return False


def _mentions(sent: Span, before: int) -> list[Token]:
    """Heads of the noun phrases of ``sent`` that end before token ``before``, nearest first."""
    heads = [t for t in sent if t.i < before and t.dep_ in _MENTION_DEPS and t.pos_ in ("NOUN", "PROPN", "PRON")
             and not (t.dep_ == "compound")]
    return sorted(heads, key=lambda t: -t.i)


_CLASSES = ({"he", "him", "his", "himself"}, {"she", "her", "hers", "herself"}, {"it", "its", "itself"},
            {"they", "them", "their", "themselves"})


def _rank(tok: Token, sent: Span) -> int:
    """0 for the subject of the sentence's main verb, 1 for another subject or a subject's
    possessor ("Ban's term"), 2 otherwise."""
    if tok.dep_ == "poss" and tok.head.dep_ in SUBJ:
        return 1
    if tok.pos_ == "PRON" and tok.dep_ in SUBJ:
        return 0  # "she issued a plan: Obama adopted it. She has ...": the pronoun carries the topic
    if tok.dep_ not in SUBJ:
        return 2
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return 0 if verb.i == sent.root.i else 1


def _same_referent_class(a: str, b: str) -> bool:
    return any(a in c and b in c for c in _CLASSES)


def _quoted_before(text: str, cand: Token, pronoun: Token) -> bool:
    """A quotation closes between the candidate and the pronoun: the candidate was quoted
    (also when the quotation opened paragraphs earlier, where the quote finder cannot see it)."""
    between = text[cand.idx : pronoun.idx]
    closer, opener = between.find("\u201d"), between.find("\u201c")
    return closer >= 0 and (opener < 0 or closer < opener)


def resolve(pronoun: Token, in_quote: InQuote | None = None, _depth: int = 0) -> Antecedent | None:
    """The person, organisation or document ``pronoun`` stands for, or None when unsure."""
    lower = pronoun.lower_
    if lower not in _GENDER and lower not in ("it", "its", "itself", "they", "them", "their", "themselves"):
        return None
    doc = pronoun.doc
    sents = doc.user_data.get("sents_list")
    if not isinstance(sents, list):
        sents = doc.user_data["sents_list"] = list(doc.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= pronoun.i < s.end)
    for back in range(0, WINDOW + 1):
        if here - back < 0:
            break
        sent = sents[here - back]
        before = pronoun.i if back == 0 else sent.end
        # within a rank, a name before a bare role ("Ban ... as U.N. chief"), then the nearest
        ranked = sorted(_mentions(sent, before), key=lambda t: (_rank(t, sent), t.ent_type_ != "PERSON", -t.i))
        for cand in ranked:
            if in_quote is not None and in_quote(cand.idx) and not in_quote(pronoun.idx) or _quoted_before(doc_text(doc), cand, pronoun):
                continue
            if cand.pos_ == "PRON":
                if _depth < 3 and _same_referent_class(cand.lower_, lower):
                    return resolve(cand, in_quote, _depth + 1)  # "He ... he said": follow the chain
                continue
            kind = _kind(cand)
            if kind is None:
                continue
            name = _name_of(cand)
            conjuncts = [c for c in cand.children if c.dep_ == "conj" and _kind(c) is not None]
            if conjuncts:
                # "The union and the company met. They said ...": the pair is one plural antecedent
                kind, name = "group", doc_text(doc)[cand.left_edge.idx : conjuncts[-1].right_edge.idx + len(conjuncts[-1].right_edge.text)]
            if _agrees(lower, kind, _gender(cand, name) if kind == "person" else None):
                return Antecedent(name, kind)
    return None
