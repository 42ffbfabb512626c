"""What kind of source a speaker is, and who a pronoun or "the spokesman" stands for.

Resolution is deliberately simple and explainable: a pronoun goes to the antecedent resolver
(:mod:`pipeline.claims.antecedents`: persons and organisations that agree with it, else
nothing); a bare definite role ("the spokesman") takes the nearest earlier speaker introduced
in that role. Both the mention and the resolved name are kept on the claim, so a reader can
see and overrule the guess.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims import lexicon
from pipeline.claims.antecedents import InQuote, resolve
from pipeline.claims.parse import doc_text, relative_antecedent, speaker_range
from pipeline.models import Speaker



_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "rev", "father", "sheikh", "imam"})
_GENDERED = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLACE_PREPS = frozenset({"in", "to", "from", "at", "near", "outside", "around", "across", "into"})


def _doc_names(head: Token) -> tuple[frozenset[str], frozenset[str]]:
    """Words of the document's multi-word person names ("Abu Bakr al-Baghdadi" makes a later
    bare "Baghdadi" a person) and words used as places ("in Phoenix"); cached on the doc."""
    doc = head.doc
    cached = doc.user_data.get("_speaker_names")
    if cached is None:
        persons = frozenset(t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.is_alpha)
        places = frozenset(t.lower_ for t in doc if t.ent_type_ in ("GPE", "LOC") and t.head.dep_ == "pobj"
                           and t.head.head.lower_ in _PLACE_PREPS and t.head.i == t.i)
        places |= frozenset(t.lower_ for t in doc if t.ent_type_ in ("GPE", "LOC") and t.dep_ == "pobj"
                            and t.head.lower_ in _PLACE_PREPS)
        cached = doc.user_data["_speaker_names"] = (persons, places)
    return cached


def _pronoun_back(head: Token) -> str | None:
    """ "X said he ...", "X said its ...": the gender of the first pronoun of the cue's complement
    or object that can refer back to the subject (``"person"``/``"organisation"``)."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return None
    for c in verb.rights:
        if c.dep_ not in ("ccomp", "xcomp", "dobj"):
            continue
        for t in c.subtree:
            if t.lower_ in _GENDERED and t.pos_ == "PRON":
                return "person"
            if t.lower_ in _NEUTER and t.pos_ == "PRON":
                return "organisation"
    return None


def _name_kind(head: Token) -> str | None:
    """Person or organisation for a proper-name head, from the context rather than the tagger's
    label alone: a title ("Mr.", "Sen."), a known given name, an apposed role ("Phoenix, a
    spokeswoman"), the same word in a full person name elsewhere, a pronoun referring back
    ("Baghdadi said he ..."); a word of an institution ("Ministry", "Council") or a "the" before it
    makes an organisation. None when nothing in the context tells."""
    words = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "det", "amod", "nmod") or t.i == head.i]
    lowers = {t.lower_.rstrip(".") for t in words}
    if lowers & lexicon.ORG_NOUNS or any(t.lower_ == "the" and t.dep_ == "det" for t in words):
        return "organisation"
    if lowers & (_PERSON_TITLES | lexicon.ROLE_TITLES - {"the", "a", "an", "former", "late"}) \
            or lowers & (lexicon.MALE_NAMES | lexicon.FEMALE_NAMES):
        return "person"
    if any(c.dep_ == "appos" and c.lemma_.lower() in lexicon.ROLE_NOUNS for c in head.rights):
        return "person"
    persons, places = _doc_names(head)
    back = _pronoun_back(head)
    if back == "organisation":
        return "organisation"
    if head.lower_ in persons:
        return "person"
    if back == "person" and head.lower_ not in places:
        return "person"
    return None


def speaker_kind(head: Token) -> str:
    """person, group, organisation, document, anonymous or pronoun, from the head token and
    its context (see :func:`_name_kind` for names)."""
    lower = head.lower_
    if head.pos_ == "PRON":
        return "pronoun"
    proper = head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    if proper and head.tag_ not in ("NNS",) and head.ent_type_ != "NORP" and (named := _name_kind(head)) is not None:
        return named
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in ("ORG", "GPE", "NORP") and head.tag_ not in ("NNS",):
        return "organisation"
    lemma = head.lemma_.lower()
    if lemma in lexicon.DOCUMENT_NOUNS:
        return "document"
    if head.pos_ == "PROPN":
        return "person" if not any(t.ent_type_ in ("ORG", "GPE") for t in head.subtree) else "organisation"
    if lemma in lexicon.ORG_NOUNS or lower in lexicon.ORG_NOUNS:
        return "group" if head.tag_ in ("NNS", "NNPS") and lemma not in ("authority",) else "organisation"
    if head.tag_ in ("NNS", "NNPS"):
        return "group"
    return "anonymous"


def _needs_resolution(head: Token, kind: str) -> bool:
    if kind == "pronoun":
        return head.lower_ not in lexicon.FIRST_SECOND
    # "the spokesman": a definite singular role with no name is someone named earlier
    return kind == "anonymous" and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _same_role(mention: Token, candidate: Speaker) -> bool:
    """ "the spokesman" is someone earlier introduced as a spokesman, not just anyone."""
    window = doc_text(mention.doc)[max(0, candidate.start - 80) : candidate.end + 80].lower()
    return candidate.kind == "person" and mention.lemma_.lower() in window


def _appositive_name(head: Token) -> str | None:
    """A person's name standing in apposition to a role noun ("the harbour master, Mara Velk,")."""
    for child in head.rights:
        if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
            first, last = speaker_range(child)
            name = doc_text(head.doc)[first:last].strip(" ,")
            return name or None
    return None


def make_speaker(head: Token, span: tuple[int, int], earlier: list[Speaker], in_quote: InQuote | None = None) -> Speaker:
    """A Speaker for the mention at ``span``; ``earlier`` are the speakers before it, in order
    (a bare role, "the spokesman", resolves against them; a pronoun by :mod:`antecedents`)."""
    text = doc_text(head.doc)
    antecedent = relative_antecedent(head)
    if antecedent is not None:
        # "an investor who backed ...": the mention is "who", the source the noun it stands for
        first, last = speaker_range(antecedent)
        return Speaker(text=text[span[0] : span[1]], start=span[0], end=span[1],
                       kind=speaker_kind(antecedent), resolved=text[first:last])
    kind = speaker_kind(head)
    resolved: str | None = None
    named = _appositive_name(head)
    if named is not None and kind in ("anonymous", "group"):
        # "the mayor, Ana Petrov, said": the role is the mention, the name is who it is
        return Speaker(text=text[span[0] : span[1]], start=span[0], end=span[1], kind="person", resolved=named)
    if kind == "pronoun":
        found = resolve(head, in_quote) if _needs_resolution(head, kind) else None
        return Speaker(text=text[span[0] : span[1]], start=span[0], end=span[1], kind=kind,
                       resolved=found.name if found is not None else None)
    if _needs_resolution(head, kind):
        for cand in reversed(earlier):
            if cand.end <= span[0] and _same_role(head, cand):
                resolved, kind = cand.name, "person"
                break
    return Speaker(text=text[span[0] : span[1]], start=span[0], end=span[1], kind=kind, resolved=resolved)
