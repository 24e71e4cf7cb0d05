"""PLOVER 2.0 type (+ mode) -> CAMEO root, quad class and ACLED event type / sub-type.

The tables live in `data/event_coding.json` so that a coder can read and change them without Python.
ACLED sub-types that depend on who fought whom (armed clash vs attack on civilians, government
regains vs non-state actor overtakes territory) are decided here from the actors' sectors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from khabar.records import ActorRef

DATA = Path(__file__).resolve().parents[1] / "data"

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: types whose action is cooperative: a promise of one is AGREE, a refusal REJECT
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
#: types whose action is hostile: announcing one for later is THREATEN
HOSTILE = frozenset({"ACCUSE", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

#: old GSR / CAMEO-era labels -> PLOVER 2.0
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

_ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY", "INS", "MIL-REB", "PMC"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})


@dataclass(frozen=True, slots=True)
class Coding:
    cameo: str | None
    quad_class: int | None
    acled_type: str | None
    acled_subtype: str | None


@lru_cache(maxsize=1)
def _tables() -> dict:
    return json.loads((DATA / "event_coding.json").read_text(encoding="utf-8"))


def _sectors(refs: list[ActorRef]) -> set[str]:
    return {r.sector for r in refs if r.sector}


#: verbs whose doers are demonstrating: "students who were protesting", "people marching to the palace"
PROTEST_VERBS = frozenset({"protest", "demonstrate", "march", "rally", "picket"})


def acled_for(ptype: str, mode: str | None, actors: list[ActorRef], recipients: list[ActorRef],
              protesters: bool = False) -> tuple[str, str] | None:
    """ACLED (event type, sub-type) for a PLOVER event, or None where ACLED has no category; `protesters`:
    the parse shows the recipients demonstrating, whatever they are called ("students who were protesting")."""
    table = _tables()["acled"].get(ptype)
    if not table:
        return None
    if ptype == "ASSAULT" and mode in (None, "occupy", "small-arms", "kill", "physical", "assassinate", "torture", "massacre"):
        actor_sectors, target_sectors = _sectors(actors), _sectors(recipients)
        if mode == "occupy" and not actor_sectors:
            # "Troopers captured two camps", "militants gained control of the base": the words say the side
            actor_sectors = {"REB"} if _words_in(actors, _NONSTATE_WORDS) else {"MIL"} if _words_in(actors, _STATE_WORDS) else set()
        if mode == "occupy" and actor_sectors:
            if actor_sectors & _STATE_SECTORS:
                return ("Battles", "Government regains territory")
            return ("Battles", "Non-state actor overtakes territory")
        # ACLED: lethal or injuring force on people demonstrating is "Excessive force against protesters",
        # whoever used it ("a police crackdown killed 20 protesters"); rioters fighting back are a riot
        if mode != "occupy" and (protesters or _last_word(recipients, _DEMONSTRATORS)):
            return ("Protests", "Excessive force against protesters")
        # ACLED: violence between two armed, organised sides is a battle; against civilians an attack
        if mode in ("occupy", "clash") or target_sectors & _ARMED_SECTORS or _armed_words(recipients):
            return ("Battles", "Armed clash")
    pair = table.get(mode or "*") or table.get("*")
    return (pair[0], pair[1]) if pair else None


def quad_of(cameo: str) -> int:
    """CAMEO quad class from the root: 01-05 verbal coop, 06-08 material coop, 09-13 verbal conflict, 14-20."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


_ARMED_WORDS = frozenset({"soldier", "soldiers", "troops", "troop", "militants", "militant", "fighters", "fighter",
                          "rebels", "rebel", "insurgents", "insurgent", "forces", "army", "police", "policemen",
                          "gunmen", "jihadists", "militia", "militiamen", "terrorists", "positions", "guerrillas", "checkpoint",
                          "base", "post", "patrol", "convoy", "outpost", "barracks", "gendarmes", "personnel"})


_STATE_WORDS = frozenset({"army", "troops", "troopers", "soldiers", "military", "government", "regime", "forces",
                          "police", "marines", "commandos", "gendarmes", "peshmerga"})
_NONSTATE_WORDS = frozenset({"militants", "rebels", "fighters", "insurgents", "jihadists", "militia", "militias",
                             "terrorists", "guerrillas", "taliban", "is", "isis", "isil", "daesh", "shabaab", "al-shabaab",
                             "houthis", "houthi", "gunmen", "group", "separatists", "extremists", "rebel", "militant",
                             "insurgent", "jihadist", "opposition", "militiamen"})


def _words_in(refs: list[ActorRef], words: frozenset[str]) -> bool:
    return any(w in words for r in refs if r.text for w in r.text.lower().replace("(", " ").split())


def _armed_words(refs: list[ActorRef]) -> bool:
    # "two military bases", "army posts": a plural target counts as its singular
    return any(r.text and (r.text.split()[-1].lower() in _ARMED_WORDS or r.text.split()[-1].lower().rstrip("s") in _ARMED_WORDS)
               for r in refs)


def code(ptype: str, mode: str | None = None, actors: list[ActorRef] | None = None,
         recipients: list[ActorRef] | None = None, protesters: bool = False) -> Coding:
    """CAMEO root, quad class and ACLED categories of a PLOVER type with its mode."""
    row = _tables()["types"].get(ptype)
    if row is None:
        return Coding(None, None, None, None)
    cameo = row.get("modes", {}).get(mode or "", row["cameo"])
    acled = acled_for(ptype, mode, actors or [], recipients or [], protesters)
    return Coding(cameo, quad_of(cameo), acled[0] if acled else None, acled[1] if acled else None)


_MODE_CUES = (  # (mode, lemmas) tried in order on the trigger's clause; first hit refines ASSAULT's mode
    ("suicide-attack", {"suicide", "bomber", "self-immolation"}),
    ("cbrn", {"chemical", "chlorine", "sarin", "mustard", "toxic", "poison", "poisonous", "novichok", "nerve-agent"}),
    ("aerial", {"air", "airstrike", "air-strike", "drone", "warplane", "jet", "aircraft", "helicopter", "aerial",
                "bomber", "airforce", "plane", "uav", "chopper", "gunship", "warplanes", "helicopters", "choppers"}),
    ("grenade", {"grenade", "grenades"}),
    ("explosives", {"ied", "bomb", "landmine", "mine", "explosive", "roadside", "blast", "explosion", "device"}),
    ("heavy-weapons", {"shell", "shelling", "artillery", "mortar", "rocket", "missile", "tank", "howitzer",
                       "shelled", "bombardment"}),
    ("small-arms", {"gun", "gunman", "gunmen", "rifle", "shoot", "shot", "bullet", "gunfire", "fire", "sniper"}),
)
REFINABLE = frozenset({None, "kill", "physical", "clash", "occupy"})
#: modes specific enough to override what the trigger alone said ("suicide bombing" beats "bombing")
STRONG_MODES = frozenset({"suicide-attack", "cbrn", "grenade"})
_RIOT_CUES = frozenset({"violent", "violence", "stone", "stones", "stone-pelting", "torch", "torched", "vandalize",
                        "vandalise", "loot", "looted", "molotov", "petrol", "arson", "riot", "rioter", "rioters",
                        "clash", "clashed", "burn", "burned", "burnt", "smash", "smashed"})

def refine_mode(ptype: str, mode: str | None, lemmas: set[str]) -> str | None:
    """Weapon cues among a sentence's lemmas refine ASSAULT's mode; violence cues make a protest a riot."""
    if ptype == "PROTEST":
        return "riot" if mode in ("demo", "march", None) and lemmas & _RIOT_CUES else mode
    if ptype != "ASSAULT":
        return mode
    if "tear" in lemmas:  # tear gas is no chemical weapon
        lemmas = lemmas - {"gas", "toxic"}
    for cue_mode, cues in _MODE_CUES:
        if cue_mode == "small-arms" and mode == "clash":
            continue  # gunfire in a clash says nothing new, and "clash" keeps it a battle
        if lemmas & cues and (mode in REFINABLE or (cue_mode in STRONG_MODES and mode not in STRONG_MODES)):
            return cue_mode
    return mode


_PROTESTERS = frozenset({"protester", "protesters", "demonstrator", "demonstrators", "crowd", "crowds", "marcher",
                         "marchers", "rally", "students", "workers", "rioters", "rioter", "strikers", "agitators",
                         "youths"})
#: what a protest is called: force against one is force against its protesters ("suppress a peaceful protest")
_PROTEST_NOUNS = frozenset({"protest", "protests", "demonstration", "demonstrations", "rally", "rallies", "sit-in",
                            "march", "marches", "gathering", "procession"})
#: people shown by the word to be demonstrating: the protest words less those who may be anywhere ("students",
#: "youths", "a crowd") and rioters
_DEMONSTRATORS = ((_PROTESTERS | _PROTEST_NOUNS | {"protestor", "protestors"})
                  - {"crowd", "crowds", "marcher", "students", "workers", "rioters", "rioter", "agitators", "youths",
                     "marches", "gathering", "procession"})
_CROWDS = frozenset({"crowd", "crowds", "marchers", "demonstrations", "protests", "rallies", "walkouts"})
_ROWDY = frozenset({"rioters", "rioter", "mob", "mobs"})
#: a crowd with no protest behind it: ACLED's "Mob violence" (lynchings, vigilantes, looters)
_MOB = frozenset({"mob", "mobs", "vigilantes", "vigilante", "looters", "villagers"})
_STATE_FORCE = frozenset({"police", "policemen", "forces", "troops", "soldiers", "army", "guards", "gendarmes"})
#: casualty words say what violence did, not how: ACLED codes the means ("shelling ... six killed" is shelling)
_GENERIC_ASSAULT = frozenset({None, "kill", "physical"})
#: words that say the demonstrators were violent too ("riot police" says nothing about them)
_UNRULY = frozenset({"violence", "violent", "clash", "clashes", "clashed", "stones", "stone-pelting", "rioters",
                     "rioting", "looting", "looted", "molotov", "firebombs", "vandalism", "torched", "arson"})
_TAKEOVER = frozenset({("ASSAULT", "occupy"), ("COERCE", "seize"), ("COERCE", "confiscate")})
#: attacks from afar (air/drone strikes, shelling, missiles, bombs): ACLED's Explosions/Remote violence whoever
#: the victims are ("warplanes fired a missile at a group of youths" is an air strike, not crowd control)
_REMOTE_MODES = frozenset({"aerial", "heavy-weapons", "explosives", "suicide-attack"})


def _last_word(refs, words: frozenset[str]) -> bool:
    return any(r.text and r.text.split()[-1].lower() in words for r in refs)


def _sentence_words(e) -> set[str]:
    return set(e.sentence.text.lower().replace(",", " ").replace(".", " ").split())


def _by_protesters(e) -> bool:
    return _last_word(e.actors, _PROTESTERS)


def _on_protesters(e) -> bool:
    return _last_word(e.recipients, _PROTESTERS | _PROTEST_NOUNS)


def _state_at_protest(e) -> bool:
    """'Security forces opened fire on protesters, killing six': the sentence names the protesters."""
    return _words_in(e.actors, _STATE_FORCE) and bool(_sentence_words(e) & (_PROTESTERS | _PROTEST_NOUNS))


def _crowd_report(live: list, protest: list) -> tuple[str, str] | None:
    """Mobs, rioters, protests met by force, crowds in the street: the ACLED Riots and Protests sub-types."""
    if not protest and any(_last_word(e.actors, _MOB) and e.type in ("ASSAULT", "COERCE") for e in live):
        return ("Riots", "Mob violence")
    if any(e.type == "PROTEST" and e.mode == "riot" for e in live) or any(
            _by_protesters(e) and (e.type == "ASSAULT" or (e.type == "COERCE" and e.mode == "destroy")) for e in live) or any(
            e.type == "ASSAULT" and e.mode == "clash" and _on_protesters(e) for e in live) or any(
            e.type == "COERCE" and _last_word(e.recipients, _ROWDY) for e in live):
        return ("Riots", "Violent demonstration")  # protesters fighting the police are rioting, whoever began
    # arrests at a protest are an intervention; arresting an activist for organising one is an arrest
    force = [e for e in live if (e.type == "COERCE" and e.mode in ("force", "disperse", "repress") and (protest or _on_protesters(e)))
             or (e.type == "COERCE" and e.mode == "detain" and _on_protesters(e))
             or (e.type == "ASSAULT" and e.mode not in _REMOTE_MODES and (_on_protesters(e) or _state_at_protest(e)))]
    if force and any(_UNRULY & _sentence_words(e) for e in live):
        return ("Riots", "Violent demonstration")  # force met by stones and clashes: the demonstration was violent
    if force:
        lethal = any(e.type == "ASSAULT" or e.magnitude.get("killed") for e in force)
        return ("Protests", "Excessive force against protesters") if lethal else ("Protests", "Protest with intervention")
    if not protest and any(e.type in ("REQUEST", "ACCUSE", "REJECT") and (_by_protesters(e) or _last_word(e.actors, _CROWDS))
                           for e in live):
        return ("Protests", "Peaceful protest")  # crowds demanding or denouncing in the street
    return None


def acled_of_report(events: list) -> tuple[str, str] | None:
    """ACLED (event type, sub-type) of a short report holding several khabar events.

    ACLED codes one event per report, combining what khabar keeps apart: protesters who riot, clash or
    destroy make a "Violent demonstration", a mob with no protest "Mob violence"; a peaceful protest met
    by force is "Protest with intervention", or "Excessive force against protesters" when the force kills
    or is an assault (not an air strike, shelling or bombing: remote violence whoever it hits); a handover,
    or a force withdrawing while another takes the place with no fighting, is a "Non-violent transfer of
    territory"; otherwise the most confident event with an ACLED category
    wins, an attack known only from its casualties ("six people were killed") yielding to one that says
    how it was done.
    """
    live = [e for e in events if e.modality != "negated"]
    crowd = _crowd_report(live, [e for e in live if e.type == "PROTEST"])
    if crowd is not None:
        return crowd
    if any(e.type == "RETREAT" and e.mode == "cede" for e in live):
        return ("Strategic developments", "Non-violent transfer of territory")
    withdrawn = any(e.type == "RETREAT" and e.mode not in ("surrender", "resign", "defect") for e in live)
    taken = any((e.type, e.mode) in _TAKEOVER for e in live)
    fought = any(e.type == "ASSAULT" and e.mode != "occupy" for e in live)
    if withdrawn and taken and not fought:
        return ("Strategic developments", "Non-violent transfer of territory")
    ranked = sorted((e for e in live if e.acled_subtype),
                    key=lambda e: (e.type == "ASSAULT" and e.mode in _GENERIC_ASSAULT, -e.confidence))
    return (ranked[0].acled_type, ranked[0].acled_subtype) if ranked else None
