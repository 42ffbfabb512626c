from pipeline.checking.lexical import content_terms, term_weights
from pipeline.checking.passages import rank_passages, select_passages, split_passages

TEXT = (
    "Lt. Col. Omar Haddad said 40 rockets hit the depot on Tuesday. The U.S. embassy was closed.\n"
    "How many people were hurt? Twelve, according to the hospital. It reopened on Friday."
)


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    passages = split_passages(TEXT)
    assert passages[0].text == "Lt. Col. Omar Haddad said 40 rockets hit the depot on Tuesday."
    for p in passages:
        assert TEXT[p.start : p.end] == p.text
    assert [p.index for p in passages] == list(range(len(passages)))


def test_answers_and_pronoun_sentences_carry_their_lead() -> None:
    passages = {p.text: p for p in split_passages(TEXT)}
    assert passages["How many people were hurt?"].question
    assert passages["Twelve, according to the hospital."].lead == "How many people were hurt?"
    assert passages["It reopened on Friday."].lead == "Twelve, according to the hospital."
    assert passages["The U.S. embassy was closed."].lead == ""


def test_questions_are_never_ranked_but_their_answers_are() -> None:
    ranked = rank_passages(content_terms("people hurt"), split_passages(TEXT))
    texts = [r.passage.text for r in ranked]
    assert "How many people were hurt?" not in texts
    assert texts[0] == "Twelve, according to the hospital."


def test_overlong_sentences_are_cut() -> None:
    long = "word, " * 400 + "end."
    assert all(len(p.text) <= 600 for p in split_passages(long))


def test_selection_prefers_passages_that_add_missing_claim_words() -> None:
    claim = "The regional council approved the harbour budget in 2019"
    text = (
        "The regional council approved the harbour plan. "
        "The regional council approved the harbour plan again. "
        "The vote on the budget took place in 2019."
    )
    weights = term_weights(claim)
    ranked = rank_passages(list(weights), split_passages(text))
    chosen = select_passages(ranked, weights, k=2)
    assert "The vote on the budget took place in 2019." in [r.passage.text for r in chosen]
