"""What quotes are made of: attribution cue lexicons and medium words (quotation-mark pairing is in
quote_marks.py).

The lexicons are hand-written on purpose: reporting verbs are a small closed class, and a list beats a
model trained on another style guide.
"""

from __future__ import annotations

from khabar.extract import learned_cues

# Verbs that attribute a proposition to a source (speech, writing, reporting, stance). The lemma is enough:
# "said", "says", "saying" and "has said" all count.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell announce state declare note add explain affirm reaffirm confirm stress emphasize emphasise underline
    insist argue claim assert maintain contend allege charge accuse warn caution threaten promise pledge vow
    predict reveal disclose report write tweet post comment remark reply respond answer ask urge demand
    suggest acknowledge admit concede deny agree disagree recall mention describe indicate point observe
    testify quote cite complain lament boast joke tout brag concede reiterate repeat continue conclude
    estimate forecast believe think feel know expect hope fear worry doubt hint signal imply acknowledge
    announce proclaim pronounce inform assure notify brief advise recommend propose criticize criticise
    blast slam decry condemn praise welcome question wonder speculate counter rebut retort protest
    find show suggest document reckon muse shout yell chant scream whisper exclaim recount narrate
    """.split()
)

# Verbs that take a position on a thing or a plan; their content is a noun phrase or an infinitive
# ("urged voters to stay home", "called for a ceasefire", "criticized the ruling"): a quote of kind "stance".
STANCE_VERBS: frozenset[str] = frozenset(
    """
    urge call demand propose suggest recommend promise pledge vow threaten refuse decline agree seek
    want plan intend oppose endorse favor favour reject deny dismiss criticize criticise
    blast slam condemn denounce decry praise hail welcome applaud dispute blame
    accuse thank cite echo describe liken compare mention discuss announce unveil acknowledge admit
    predict warn insist ask request reveal portray characterize characterise label brand dub deem
    mock ridicule scorn trash lambaste chide scold rebuke congratulate remind disavow repudiate renounce
    downplay champion invoke reference
    """.split()
)

# Speech verbs whose direct object is what was said ("noted her years as senator", "repeated his promise",
# "tweeted a photo", "recalled an incident", "the poll showed Trump leading"): a noun-phrase content, kind
# "stance". Left out: verbs whose object is the hearer ("told reporters") or a state of mind ("knew him").
NP_SPEECH_VERBS: frozenset[str] = (
    SPEECH_VERBS
    - frozenset("tell inform assure notify brief advise answer continue know feel find think wonder".split())
    # material senses: "maintains a lead", "claimed a victory", "posted a win", "conceded the race"
    - frozenset("maintain claim post concede add signal boast quote chant".split())
) | frozenset("list detail outline recount relay highlight express voice offer".split())

# Hedges that attribute a clause to nobody in particular: "the plan seems to work", "she is expected to
# attend", "it appears that ...". "seem" and "appear" with a predicate too ("the race appears closer": PolNeAR
# marks it; stances._LOOKS); "expect" only with a verbal complement.
HEDGE_VERBS: frozenset[str] = frozenset("seem appear expect".split())

# Verbs of backing that are stances only when people hold them ("voters prefer Clinton", "who support
# Sanders", "a group backing Bush"); "the air force supported the offensive" is material.
ENDORSE_VERBS: frozenset[str] = frozenset("support back prefer defend".split())

# Adjectives of attitude that attribute what their clause or phrase holds: "was critical of the plan",
# "is confident that ...", "made clear that ...", "was reluctant to endorse", "it is unclear whether ...".
ATTITUDE_ADJS: frozenset[str] = frozenset(
    """
    critical supportive skeptical sceptical optimistic pessimistic confident worried concerned angry upset
    furious happy pleased proud wary fond opposed hopeful doubtful unhappy frustrated disappointed sure
    certain convinced adamant clear upbeat uncomfortable impressed unclear aware eager willing reluctant
    outspoken vocal enthusiastic grateful dismissive afraid nervous sympathetic hostile unsure uncertain
    outraged unapologetic tepid cagey enamored hesitant scared loyal ambivalent dismayed alarmed troubled
    appalled disgusted thrilled delighted excited satisfied dissatisfied cautious receptive keen resistant averse
    """.split()
)

# Manner-of-speaking verbs: a cue only right beside a quotation (“This is fantastic!” beamed the delegate).
MANNER_VERBS: frozenset[str] = frozenset(
    """
    beam shoot fire snap quip laugh sigh chuckle jeer cry roar thunder gush rage fume sneer scoff mutter
    murmur interject interrupt groan grumble marvel smile shrug exult plead mock taunt chime
    """.split()
)

# Stances clear enough to count when the subject is a relative pronoun ("Sanders, who endorsed Clinton").
EVALUATIVE_VERBS: frozenset[str] = frozenset(
    """
    endorse criticize criticise condemn denounce praise hail applaud blast slam decry oppose reject urge
    demand accuse blame dismiss support back prefer defend
    """.split()
)

# Verbs of opinion that take a position only in the "X as Y" shape ("they see their party as too timid",
# "regarded the deal as a betrayal"); "saw the tanks" is not a stance.
OPINION_VERBS: frozenset[str] = frozenset("see view regard consider cast paint frame depict".split())
# Verbs that attribute only a whole clause ("the court ruled that ...", "The Post has learned that ...",
# "aides concede privately that ..."): without a that-clause they are other verbs ("ruled the country").
CLAUSE_VERBS: frozenset[str] = frozenset(
    """
    learn understand rule determine conclude prove demonstrate establish recognize recognise realize realise
    suspect assume suppose guess bet figure foresee envision calculate project allege insist maintain
    acknowledge concur contend posit theorize surmise grumble quip gripe opine reason stipulate guarantee
    swear testify certify declare hear read
    """.split()
)

# Nouns that attribute the that-clause they take: "Trump's claim that ...", "the warning by the ministry
# that ...". A possessor or a by/from phrase is the source.
CLAIM_NOUNS: frozenset[str] = frozenset(
    """
    claim statement assertion allegation argument insistence warning suggestion belief promise pledge
    contention charge accusation denial admission remark comment announcement prediction assurance
    insinuation complaint report declaration testimony view message acknowledgment acknowledgement
    confirmation position argument boast vow threat estimate conclusion finding assessment
    call demand plea appeal criticism condemnation praise endorsement rejection denunciation
    question concern point critique case shot swipe jab potshot
    """.split()
)
# Nouns that frame a clause as someone's finding or view through "in": "In a CNN poll, Clinton led by 24
# points", "she leads in the latest poll", "in his words, ...", "in Forbes' view, ..." (cue_nouns.from_frame).
# The poll is the source (a plural "polls" only set off by a comma); a view, word or eye counts only with
# its owner, fronted ("In his eyes, ...").
POLL_NOUNS: frozenset[str] = frozenset("poll survey".split())
VIEW_NOUNS: frozenset[str] = frozenset("view word opinion eye estimation judgment judgement mind".split())
CLAIM_NOUNS = CLAIM_NOUNS | POLL_NOUNS | VIEW_NOUNS
# Nouns of a standing position whose of/for phrase is its content, said of a person through a copula or
# an apposition: "Clinton is an outspoken supporter of Roe v. Wade", "Adelson, a fierce critic of the deal"
# (cue_nouns.from_role). The preposition each takes: ROLE_PREPS.
ROLE_PREPS: dict[str, frozenset[str]] = {
    **{noun: frozenset({"of"}) for noun in
       "supporter critic defender backer opponent proponent foe detractor booster admirer fan".split()},
    **{noun: frozenset({"of", "for"}) for noun in "advocate champion cheerleader".split()},
    "campaigner": frozenset({"for", "against"}),
}
ROLE_NOUNS: frozenset[str] = frozenset(ROLE_PREPS)

# Nouns of an attitude held by the subject of "have" (or "hold", "take", "share", "show") towards what
# their preposition introduces: "voters have mixed feelings about her", "had misgivings about the deal",
# "has little confidence in the courts" (cue_nouns.from_noun, as NOUN_PREPS with its light verbs).
HELD_PREPS: dict[str, frozenset[str]] = {
    "feeling": frozenset({"about", "toward", "towards", "on"}),
    "misgiving": frozenset({"about", "over"}),
    "doubt": frozenset({"about", "over"}),
    "reservation": frozenset({"about"}),
    "impression": frozenset({"of"}),
    "opinion": frozenset({"of", "on", "about"}),
    "interest": frozenset({"in"}),
    "confidence": frozenset({"in"}),
    "faith": frozenset({"in"}),
    "trust": frozenset({"in"}),
    "sympathy": frozenset({"for"}),
    "respect": frozenset({"for"}),
    "contempt": frozenset({"for"}),
    "disdain": frozenset({"for"}),
    "affinity": frozenset({"for"}),
    "hostility": frozenset({"toward", "towards"}),
    "skepticism": frozenset({"about", "of", "toward", "towards"}),
    "enthusiasm": frozenset({"for", "about"}),
    # taken rather than had: "took issue with the ruling", "took aim at the banks", "taken a stance against"
    "issue": frozenset({"with"}),
    "aim": frozenset({"at"}),
    "stance": frozenset({"on", "against", "toward", "towards"}),
    "exception": frozenset({"to"}),
    "umbrage": frozenset({"at"}),
}

# Nouns of a position somebody receives from a source ("faced criticism from Democrats over the deal", "won
# the endorsement of the union"): the object of a verb of receiving (cue_nouns.from_received).
RECEIVED_NOUNS: frozenset[str] = frozenset(
    "criticism opposition endorsement support backing praise condemnation rebuke pushback backlash blessing".split()
)

# Nouns strong enough to count without a named source ("the claim that the vote was rigged").
SOURCELESS_NOUNS: frozenset[str] = frozenset("claim assertion allegation statement report announcement".split())

# Finite forms of cue verbs that the tagger, thrown by headline casing, reads as nouns ("Trump/NOUN
# calls/NOUN for ..."): after a bare noun phrase opening the sentence they are still the cue.
MISTAGGED_CUES: dict[str, str] = {
    form: kind
    for kind, forms in (
        ("speech", "says said tells told warns warned claims claimed insists insisted denies denied admits "
                   "argues argued suggests suggested reveals revealed vows vowed pledges pledged promises"),
        ("stance", "calls urges urged slams slammed blasts blasted rejects rejected demands demanded"),
    )
    for form in forms.split()
}

# Left out on purpose: verbs that in event data are mostly material (attack, support, back, defend, offer,
# question, find, show) -- "the army attacked the town" must not become somebody's stance.

# Prepositions that introduce a stance verb's content: "called for talks", "warned of a crisis".
CONTENT_PREPS: dict[str, frozenset[str]] = {
    "call": frozenset({"for"}),
    "ask": frozenset({"for", "about"}),
    "argue": frozenset({"for", "against"}),
    "warn": frozenset({"of", "about", "against"}),
    "complain": frozenset({"about", "of"}),
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of"}),
    "point": frozenset({"to"}),
    "comment": frozenset({"on"}),
    "insist": frozenset({"on"}),
    "agree": frozenset({"on", "with"}),
    "accuse": frozenset({"of"}),
    "caution": frozenset({"against", "about"}),
    "joke": frozenset({"about"}),
    "boast": frozenset({"about", "of"}),
    "brag": frozenset({"about"}),
    "worry": frozenset({"about"}),
    "write": frozenset({"about"}),
    "testify": frozenset({"about"}),
    "rail": frozenset({"against"}),
    "refer": frozenset({"to"}),  # "referred to Rubio as a bright leader"
    "focus": frozenset({"on"}),
    "weigh": frozenset({"on"}),  # "weighed in on the allegations"
    "open": frozenset({"about"}),  # "opened up about her insecurities"
    "advocate": frozenset({"for", "against"}),
    "campaign": frozenset({"for", "against"}),
    "lobby": frozenset({"for", "against"}),
    "swipe": frozenset({"at"}),  # "swiped at the governor"
    "lash": frozenset({"at"}),  # "lashed out at the press"
    "apologize": frozenset({"for"}),
    "apologise": frozenset({"for"}),
    "push": frozenset({"for", "against"}),  # "pushed for a ban on assault weapons"
}

# Nouns that take a position on what their preposition introduces: "Pence's call for a special prosecutor".
NOUN_PREPS: dict[str, frozenset[str]] = {
    "call": frozenset({"for"}),
    "demand": frozenset({"for"}),
    "plea": frozenset({"for"}),
    "appeal": frozenset({"for"}),
    "criticism": frozenset({"of"}),
    "condemnation": frozenset({"of"}),
    "praise": frozenset({"for", "of"}),
    "warning": frozenset({"about", "against", "of"}),
    "complaint": frozenset({"about"}),
    "endorsement": frozenset({"of"}),
    "rejection": frozenset({"of"}),
    "denunciation": frozenset({"of"}),
    "comment": frozenset({"about", "on"}),  # "made comments about voter fraud"
    "remark": frozenset({"about", "on"}),
    "question": frozenset({"about", "over"}),  # "has raised questions about his birthplace"
    "concern": frozenset({"about", "over"}),
    "argument": frozenset({"for", "against", "about"}),
    "allegation": frozenset({"against", "about"}),  # "made the same allegations against the NRA"
    "accusation": frozenset({"against"}),
    "critique": frozenset({"of"}),
    "case": frozenset({"for", "against"}),  # "made the case for a ban"
    "shot": frozenset({"at"}),  # "took a shot at Clinton"
    "swipe": frozenset({"at"}),
    "jab": frozenset({"at"}),
    "potshot": frozenset({"at"}),
}

# The hand-written tables above, plus the cue words learned from PolNeAR's train split (learned_cues.py,
# data/quote_cues.tsv) in the frame they were learned in: "derided the plan", "voted for Sanders".
HAND: dict[str, frozenset[str] | dict[str, frozenset[str]]] = {
    "clause": CLAUSE_VERBS, "stance": STANCE_VERBS, "noun": CLAIM_NOUNS, "adj": ATTITUDE_ADJS,
    "verb_prep": CONTENT_PREPS, "noun_prep": NOUN_PREPS,
}
LEARNED: dict[str, frozenset[str]] = learned_cues.load()
CLAUSE_VERBS = CLAUSE_VERBS | LEARNED["clause"]
STANCE_VERBS = STANCE_VERBS | LEARNED["stance"]
CLAIM_NOUNS = CLAIM_NOUNS | learned_cues.nouns(LEARNED)
ATTITUDE_ADJS = ATTITUDE_ADJS | LEARNED["adj"]
CONTENT_PREPS = learned_cues.with_pairs(CONTENT_PREPS, LEARNED["verb_prep"])
NOUN_PREPS = learned_cues.with_pairs(NOUN_PREPS, LEARNED["noun_prep"])

# Verbs whose object is the addressee rather than the content ("told Lebanese officials that ...").
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    "tell inform assure notify brief warn advise remind ask urge caution promise".split()
)

# Noun cues: "the statement from X said", "according to a report by X".
MEDIUM_NOUNS: dict[str, str] = {
    "statement": "statement",
    "communique": "statement",
    "communiqué": "statement",
    "release": "statement",
    "tweet": "twitter",
    "twitter": "twitter",
    "post": "social media",
    "facebook": "facebook",
    "instagram": "instagram",
    "telegram": "telegram",
    "interview": "interview",
    "conference": "press conference",
    "briefing": "press conference",
    "presser": "press conference",
    "television": "television",
    "tv": "television",
    "broadcast": "television",
    "radio": "radio",
    "letter": "letter",
    "speech": "speech",
    "email": "email",
    "report": "report",
    "op-ed": "op-ed",
    "column": "op-ed",
}

# Verb lemmas that fix the medium by themselves.
MEDIUM_VERBS: dict[str, str] = {
    "tweet": "twitter",
    "retweet": "twitter",
    "post": "social media",
    "televise": "television",
}

# Words before a colon that label a block rather than name a speaker ("Update: ...", "Photo: ...").
LABEL_WORDS: frozenset[str] = frozenset(
    "update updated photo photos video watch note editor read related source sources breaking live exclusive "
    "analysis opinion correction q&a caption credit file image images getty reuters ap afp latest "
    "name age city job pay occupation title".split()
)

# Pronouns whose antecedent is a person.
PERSON_PRONOUNS: frozenset[str] = frozenset("he she him her his hers i".split())

def medium_of_words(lemmas: list[str]) -> str | None:
    """The medium named by a clause's words (lower-cased lemmas), if any."""
    for lemma in lemmas:
        if lemma in MEDIUM_VERBS:
            return MEDIUM_VERBS[lemma]
    for lemma in lemmas:
        if lemma in MEDIUM_NOUNS:
            return MEDIUM_NOUNS[lemma]
    return None
