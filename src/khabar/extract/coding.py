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


def acled_for(ptype: str, mode: str | None, actors: list[ActorRef], recipients: list[ActorRef]) -> tuple[str, str] | None:
    """ACLED (event type, sub-type) for a PLOVER event, or None where ACLED has no category."""
    table = _tables()["acled"].get(ptype)
    if not table:
        return None
    if ptype == "ASSAULT" and mode in (None, "occupy", "small-arms", "kill", "physical", "assassinate", "torture", "massacre"):
        actor_sectors, target_sectors = _sectors(actors), _sectors(recipients)
        if mode == "occupy" and actor_sectors:
            if actor_sectors & _STATE_SECTORS:
                return ("Battles", "Government regains territory")
            return ("Battles", "Non-state actor overtakes territory")
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
                          "base", "post", "patrol", "camp", "convoy", "outpost", "barracks", "gendarmes", "personnel"})


def _armed_words(refs: list[ActorRef]) -> bool:
    return any(r.text and r.text.split()[-1].lower() in _ARMED_WORDS for r in refs)


def code(ptype: str, mode: str | None = None, actors: list[ActorRef] | None = None,
         recipients: list[ActorRef] | None = None) -> Coding:
    """CAMEO root, quad class and ACLED categories of a PLOVER type with its mode."""
    row = _tables()["types"].get(ptype)
    if row is None:
        return Coding(None, None, None, None)
    cameo = row.get("modes", {}).get(mode or "", row["cameo"])
    acled = acled_for(ptype, mode, actors or [], recipients or [])
    return Coding(cameo, quad_of(cameo), acled[0] if acled else None, acled[1] if acled else None)


_MODE_CUES = (  # (mode, lemmas) tried in order on the trigger's clause; first hit refines ASSAULT's mode
    ("suicide-attack", {"suicide", "bomber", "self-immolation"}),
    ("cbrn", {"chemical", "chlorine", "sarin", "mustard", "toxic", "poison", "poisonous", "novichok", "nerve-agent"}),
    ("aerial", {"air", "airstrike", "air-strike", "drone", "warplane", "jet", "aircraft", "helicopter", "aerial",
                "bomber", "airforce", "plane", "uav"}),
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
        if lemmas & cues and (mode in REFINABLE or (cue_mode in STRONG_MODES and mode not in STRONG_MODES)):
            return cue_mode
    return mode


_PROTESTERS = frozenset({"protester", "protesters", "demonstrator", "demonstrators", "crowd", "crowds", "marcher",
                         "marchers", "rally", "students", "workers", "mob", "mobs", "rioters", "rioter", "strikers"})


def acled_of_report(events: list) -> tuple[str, str] | None:
    """ACLED (event type, sub-type) of a short report holding several khabar events.

    ACLED codes one event per report, combining what khabar keeps apart: protesters who riot, clash or
    destroy make a "Violent demonstration"; a peaceful protest met by force is "Protest with
    intervention", or "Excessive force against protesters" when the force kills or is an assault;
    otherwise the most confident event with an ACLED category wins.
    """
    live = [e for e in events if e.modality != "negated"]

    def by_protesters(e) -> bool:
        return any(a.text and a.text.split()[-1].lower() in _PROTESTERS for a in e.actors)

    def on_protesters(e) -> bool:
        return any(r.text and r.text.split()[-1].lower() in _PROTESTERS for r in e.recipients)

    protest = [e for e in live if e.type == "PROTEST"]
    if any(e.type == "PROTEST" and e.mode == "riot" for e in live) or any(
            by_protesters(e) and (e.type == "ASSAULT" or (e.type == "COERCE" and e.mode == "destroy")) for e in live):
        return ("Riots", "Violent demonstration")
    force = [e for e in live if (e.type == "COERCE" and e.mode in ("force", "disperse", "detain", "repress")
                                 and (protest or on_protesters(e))) or (e.type == "ASSAULT" and on_protesters(e))]
    if force:
        lethal = any(e.type == "ASSAULT" or e.magnitude.get("killed") for e in force)
        return ("Protests", "Excessive force against protesters") if lethal else ("Protests", "Protest with intervention")
    ranked = sorted((e for e in live if e.acled_subtype), key=lambda e: -e.confidence)
    return (ranked[0].acled_type, ranked[0].acled_subtype) if ranked else None
