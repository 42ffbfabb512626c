"""Word lists the attribution rules read: cue verbs, source nouns, pronouns.

Kept in one place so the rules stay readable and the lists can grow without touching logic.
Written from general knowledge of English reporting style (verbs of saying, believing,
intending and showing), not from any evaluation text.
"""

from __future__ import annotations

# Verbs whose subject is the source of the clause they govern.
SPEECH_VERBS = frozenset(
    """say tell add state claim report announce explain note argue insist warn write estimate
    acknowledge admit confirm deny predict promise vow pledge accuse declare assert contend maintain
    reply respond recall testify allege reveal disclose concede emphasize emphasise stress mention
    tweet post complain question demand propose recommend forecast project caution boast brag
    remark comment observe counter suggest indicate conclude agree disagree threaten urge ask
    announce repeat reiterate predict signal hint lament joke quip concede declare affirm swear
    charge blast slam criticize criticise praise tout insist dismiss rule acknowledge""".split()
)
COGNITION_VERBS = frozenset(
    """believe think feel hope expect fear worry know understand doubt suspect assume guess
    reckon wonder consider figure imagine suppose anticipate realize realise recognize recognise
    want plan intend wish prefer""".split()
)
EVIDENCE_VERBS = frozenset("""show find suggest indicate reveal demonstrate conclude prove estimate""".split())
# Cues by which the source rejects the content rather than states it ("denied targeting
# civilians", "dismissed reports that ...", "his denial that ...").
DENIAL_VERBS = frozenset("""deny reject dispute dismiss refute rebut repudiate disavow contest contradict""".split())
DENIAL_NOUNS = frozenset("""denial rejection refutation rebuttal repudiation""".split())
# Verbs that take an infinitive content ("plans to", "promised to").
XCOMP_CUES = frozenset(
    """promise vow pledge plan intend want hope expect threaten agree refuse decline
    offer urge ask call tell warn""".split()
)
# Verbs whose object (often quoted) is the content: "called it 'a disgrace'".
OBJECT_CUES = frozenset("""call describe label dub brand term""".split())
# Verbs of stance and reporting whose noun object is what the source says or backs
# ("mentions the wall", "endorsed the senator", "a poll shows Sanders leading").
DOBJ_CUES = frozenset(
    """mention denounce endorse back support oppose express address discuss criticize criticise
    praise slam blast reject dismiss condemn welcome applaud attack defend show cite highlight
    tout echo recount describe decry question dispute predict promise propose refute rebut
    repudiate disavow announce unveil report confirm estimate""".split()
)

# Stance verbs that also name a physical act ("attacked the town", "forces backed by jets"):
# they report a stance only when neither the doer is armed nor the object a place.
PHYSICAL_DOBJ_CUES = frozenset("""attack back support defend blast slam hit strike target""".split())
ARMED_NOUNS = frozenset(
    """force forces troop troops army armies soldier soldiers fighter fighters militant militants
    rebel rebels insurgent insurgents militia militias gunman gunmen jet jets aircraft warplane
    warplanes drone drones artillery tank tanks peshmerga navy airstrike airstrikes unit units
    battalion brigade division""".split()
)
PLACE_NOUNS = frozenset(
    """town towns village villages city cities base bases position positions convoy convoys
    building buildings area areas region district neighbourhood neighborhood airport border camp
    camps checkpoint checkpoints stronghold outpost hospital school bridge port road highway
    territory front line lines ship ships vessel vessels""".split()
)


def _with_preps(*pairs: tuple[str, str]) -> dict[str, frozenset[str]]:
    """``("talk", "about/of")`` pairs as a lemma -> prepositions map."""
    return {lemma: frozenset(preps.split("/")) for lemma, preps in pairs}


# Verbs whose prepositional object is the topic of the statement ("talks about immigration").
PREP_CUES = _with_preps(
    ("talk", "about/of"), ("speak", "about/of/on"), ("write", "about/on/of"), ("lie", "about"),
    ("complain", "about/of"), ("refer", "to"), ("comment", "on"), ("joke", "about"),
    ("boast", "about/of"), ("brag", "about"), ("worry", "about"), ("warn", "about/of/against"),
    ("testify", "about/on"), ("tweet", "about"), ("respond", "to"), ("reply", "to"), ("call", "for"),
    ("argue", "for/against"), ("rail", "against"), ("campaign", "for/against"), ("vote", "for/against"),
    ("touch", "on"), ("remark", "on"), ("insist", "on"), ("push", "for"), ("advocate", "for"),
    ("lobby", "for/against"), ("apologize", "for"), ("apologise", "for"), ("criticize", "for"),
)
# "respond/reply to X" reports speech only when X is something said or asked, or someone who
# spoke ("responded to questions", "replied to the senator"), not an event ("responding to a blaze").
ANSWERABLE_NOUNS = frozenset(
    """question questions query queries request requests inquiry inquiries criticism criticisms
    critic critics comment comments remark remarks letter letters email emails message messages
    accusation accusations allegation allegations charge charges claim claims statement
    statements report reports tweet tweets post posts speech speeches call calls demand demands
    challenge proposal offer invitation ultimatum appeal petition complaint complaints concern
    concerns suggestion suggestions interview reporter reporters journalist journalists""".split()
)
# Verbs of foreseeing that, under an ability modal ("could predict", "can't foresee"), say what
# someone is able to know, not what they claim.
FORESEE_VERBS = frozenset("""predict foresee forecast anticipate guess know""".split())
ABILITY_MODALS = frozenset({"can", "could", "ca", "cannot"})
CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS | EVIDENCE_VERBS | OBJECT_CUES

# Verbs that take clausal complements but never attribute ("make sure that", "be that").
NON_CUES = frozenset(
    """be have do make ensure see let help get keep mean seem appear go come become try need use
    take give put look turn allow cause require lead prevent stop start begin continue
    leave render drive send watch""".split()
)

# Nouns of stance whose prepositional object is what the stance is about ("his endorsement of
# Clinton", "voiced support for Trump", "concern about the deal").
STANCE_NOUNS = _with_preps(
    ("support", "for/of"), ("opposition", "to"), ("endorsement", "of"), ("criticism", "of"),
    ("praise", "for/of"), ("backing", "of/for"), ("concern", "about/over"), ("call", "for"),
    ("skepticism", "about/of"), ("doubt", "about"), ("objection", "to"), ("attack", "on"),
    ("assessment", "of"), ("defense", "of"), ("defence", "of"), ("condemnation", "of"),
    ("reference", "to"), ("speech", "about/on"), ("denial", "of"), ("rejection", "of"),
    ("repudiation", "of"),
)
# What a statement is about: "made comments about the vote", "his remarks on trade".
TOPIC_PREPS = frozenset({"about", "on", "regarding", "concerning", "over"})

# Head nouns of sources that are documents rather than people.
DOCUMENT_NOUNS = frozenset(
    """statement report study survey memo letter document release poll filing complaint lawsuit
    indictment ruling analysis paper data figures record records email tweet post article bill order
    transcript website book census estimate estimates assessment review audit investigation inquiry
    testimony affidavit communique declaration notice announcement video footage interview
    research budget forecast projection polls""".split()
)
# Head nouns of sources that are institutions.
ORG_NOUNS = frozenset(
    """ministry government army police department agency company party committee council military
    court campaign administration office commission authority authorities bank firm group
    organisation organization union coalition alliance network newspaper agency board senate
    house congress parliament cabinet command force forces embassy regime service team
    corporation institute university""".split()
)
# Singular role nouns: a person we are not told the name of ("a senior official").
ROLE_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson officer commander source aide adviser advisor
    minister diplomat analyst expert witness resident lawyer attorney member leader director
    executive chief secretary representative senator lawmaker politician activist observer
    researcher scientist doctor official investigator prosecutor judge general colonel captain
    soldier fighter worker employee staffer strategist consultant economist mayor president
    governor candidate nominee premier chancellor envoy ambassador negotiator manager founder
    owner chairman chairwoman ceo commissioner congressman congresswoman councillor councilor
    pollster professor teacher student farmer voter supporter critic opponent rival""".split()
)
# Titles that stand before a name ("Sen. Jeff Sessions", "President Obama") and say no gender.
ROLE_TITLES = frozenset(
    """president sen senator rep representative gov governor mayor gen general col colonel lt
    lieutenant capt captain sgt sergeant dr prof professor judge justice secretary minister
    prime chancellor former the a an late vice deputy chief commander spokesperson""".split()
)
# Common given names whose bearers are, in news text, nearly always women / men: a pronoun
# agrees with a name only where the name tells (an unlisted name agrees with he and she).
FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
    nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
    diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
    megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
    janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
    isabella theresa diana natalie brittany charlotte marie kayla alexis lori hillary nikki
    condoleezza nancy elizabeth kamala michele sonia ruth angela theresa marine ursula christine
    jacinda nicola kirsten tulsi ilhan alexandria susana jane carly sheryl huma donna debbie
    kellyanne sarah ivanka melania chelsea jill laura hope omarosa ana ines ilse mara ellen
    fatima aisha leila yulia svetlana olga natalia irina tatiana ingrid greta""".split()
)
MALE_NAMES = frozenset(
    """james robert john michael david william richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
    brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
    jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
    roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe
    bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby mason philip louis barack bernie mitt marco ted jeb rand ben chris mike mitch
    bill newt rudy reince rick lindsey tim hillel vladimir xi emmanuel boris angus recep benjamin
    narendra justin shinzo moon kim ali mohammed muhammad ahmed omar hassan hussein abdul ibrahim
    mahmoud tomas jonas sergei dmitry igor viktor francois jean-claude pierre jacques helmut
    gerhard olaf wolfgang hans klaus silvio matteo giuseppe pedro carlos luis miguel felipe
    enrique jorge fernando javier andres ricardo nicolas""".split()
)
# Subjects that name no one: "Nobody could predict ..." attributes nothing to anybody.
NOBODY = frozenset({"nobody", "none", "nothing", "noone", "neither"})
FIRST_SECOND = frozenset({"i", "you", "we", "me", "us"})

# Openers of quotations, and the closer each expects.
QUOTE_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "\u00ab": "\u00bb"}

# Nouns that name what someone says, believes or wants; with a "that"-clause they attribute
# it ("his claim that ...", "the party's position is that ...").
NOUN_CUES = frozenset(
    """claim assertion statement belief view hope fear promise pledge warning argument idea
    assurance suggestion demand position concern remark comment accusation allegation charge
    insistence contention announcement prediction expectation vow threat proposal admission
    denial rejection notion opinion conviction suspicion assumption point message assessment
    estimate complaint confidence worry doubt theory thesis report reminder recognition""".split()
)
# Verbs that report speech only beside a quotation ("..., he continued.", "Stone echoed: ...").
QUOTE_CUES = frozenset("""continue echo retort exclaim scoff snap shoot fire chime interject muse sigh""".split())
