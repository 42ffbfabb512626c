from pipeline.checking.lexical import content_terms, term_weights
from pipeline.checking.passages import coverage_window, page_passages, rank_passages, select_passages, shape, split_passages

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


def test_a_heading_repeated_as_title_takes_one_slot() -> None:
    text = "# Harbour budget approved\nHarbour budget approved | City News\nThe council approved the harbour budget in 2019."
    weights = term_weights("The council approved the harbour budget")
    chosen = select_passages(rank_passages(list(weights), split_passages(text)), weights, k=3)
    shown = [shape(r.passage.text) for r in chosen]
    assert sum(" harbour budget approved " in s for s in shown) == 1
    assert len(chosen) == 2


def test_coverage_comes_from_one_place_of_the_page_not_scattered_words() -> None:
    weights = term_weights("The mayor opened the new ferry terminal in Dunmore")
    together = split_passages("Filler about weather. The mayor opened the new ferry terminal in Dunmore. More filler.")
    scattered = split_passages(
        "The mayor spoke. " + "Filler sentence here. " * 4 + "A ferry sank. " + "Filler sentence here. " * 4
        + "The terminal closed. " + "Filler sentence here. " * 4 + "Dunmore is small."
    )
    near = coverage_window(together, weights)
    far = coverage_window(scattered, weights)
    assert near.share > 0.9 and far.share < 0.6
    assert [together[i].text for i in near.indices] == ["The mayor opened the new ferry terminal in Dunmore."]


def test_the_title_frames_every_sentence_and_questions_state_nothing() -> None:
    weights = term_weights("Dunmore opened a ferry terminal")
    passages = split_passages("Dunmore news\n" + "Filler sentence here. " * 5 + "A new ferry terminal opened.\nDid Dunmore open a ferry terminal?")
    assert coverage_window(passages, weights).share < 0.9  # only the question names Dunmore with the ferry
    framed = coverage_window(passages, weights, context=(0,))
    assert framed.share > 0.9 and 0 in framed.indices


def test_the_page_title_and_date_line_are_found_as_framing_passages() -> None:
    text = "City News\nBy Jo Smith\nSat 23 Sep 2017 04.00 EDT\nThe council met. It approved the budget, which was signed on 3 May 2016 by the mayor."
    passages, frame = page_passages(text, "Council approves budget")
    assert passages[frame[0]].text == "Council approves budget"  # not in the text: added first
    assert passages[frame[1]].text == "Sat 23 Sep 2017 04.00 EDT"  # the date line, not the long sentence
    passages, frame = page_passages("# Council approves budget\nThe council met.", "Council approves budget")
    assert [passages[i].text for i in frame] == ["# Council approves budget"]
    assert page_passages("The council met on Monday.")[1] == ()
