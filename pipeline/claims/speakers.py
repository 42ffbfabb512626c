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



def speaker_kind(head: Token) -> str:
    """person, group, organisation, document, anonymous or pronoun, from the head token."""
    lower = head.lower_
    if head.pos_ == "PRON":
        return "pronoun"
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
