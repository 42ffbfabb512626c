from pipeline.checking.attribution import attribution_status, mentions, name_parts, same_person


def test_transliterations_and_particles_match() -> None:
    assert same_person("Moammar Gadhafi", "Muammar al-Qaddafi")
    assert same_person("Osama bin Laden", "Usama bin Ladin")


def test_titles_are_ignored() -> None:
    assert same_person("Lt. Col. Ahmed Saleh", "Saleh")
    assert name_parts("President Joe Biden") == name_parts("Joe Biden")


def test_different_people_do_not_match() -> None:
    assert not same_person("Joe Biden", "Barack Obama")
    assert not same_person("Anna Keller", "Tom Keller")


def test_mentions_finds_a_surname_in_any_spelling() -> None:
    assert mentions("Libyan leader Muammar al-Qaddafi said on Friday", "Moammar Gadhafi")
    assert not mentions("The minister spoke on Friday", "Moammar Gadhafi")


def test_attribution_status() -> None:
    claim_speaker = "Gen. Ali Hassan"
    supporting = ["Hassan told reporters that 40 villages were evacuated."]
    assert attribution_status(claim_speaker, supporting, supporting) == "confirmed"
    assert attribution_status(claim_speaker, ["Officials said 40 villages were evacuated."], []) == "unconfirmed"
    denial = ["Hassan denied saying that 40 villages were evacuated."]
    assert attribution_status(claim_speaker, [], denial) == "disputed"
    other_figure = ["Hassan later put the number of evacuated villages at 12."]
    assert attribution_status(claim_speaker, [], other_figure) == "disputed"
    assert attribution_status(None, supporting, supporting) == "unconfirmed"
