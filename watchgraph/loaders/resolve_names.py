"""What entity resolution matches entities by: a name's normalized key, the US state an
entity is in, and its identifiers.

A key is the name folded to plain words ("Dallas TX PD", "Dallas Police Department" and
"City of Dallas Police Dept." all give `dallas police department`): case, accents and
punctuation dropped, `&` read as `and`, a leading "The" and "City of" / "Town of" /
"Village of" dropped, the entity's own state code ("TX", "(NC)", "TX - ") and a trailing
state name (", Texas") dropped. Agencies also read "PD" and "Police Dept." as "police
department", "SO", "Sheriff's Department" and "Sheriff Office" as "sheriffs office",
"Co." and "Cnty" as "county", "Dept" as "department", "Twp" as "township"; companies drop
their legal form ("Inc.", "LLC", "Corp.", "Co.", "Ltd").

The state is the `state` property, else the two letters an ORI starts with, else the state
that ends the `jurisdiction` ("Dallas, Texas"), else a state code where a portal name
puts it ("Dallas TX PD", "Hamlet PD (NC)", "TX - Lakeway PD").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from watchgraph.loaders.private_eyes_names import STATES

BY_NAME = {name.casefold(): code for code, name in STATES.items()}
BY_NAME.update({"d c": "DC", "washington d c": "DC"})

NAME_RULE_TYPES = frozenset({"Agency", "Company", "Organization", "Product"})
"""The entity types merged by name; people, policies, events and datasets are merged only
by id, identifier or the crosswalk (two people may share a name; "Flock portal policy" is
no one thing)."""

IDENTIFIERS = {"Agency": ("ori",), "Company": ("uei",)}
"""Identifiers besides `wikidata` (every type), by entity type."""

_CODE_SPOT = re.compile(r"(?:^|\s)([A-Z]{2})\s+(?:PD|SO)\b|\(([A-Z]{2})\)|^([A-Z]{2})\s+-\s"
                        r"|[\s,-]([A-Z]{2})$")
_WORD = re.compile(r"[a-z0-9]+")
_LEADING = (("the",), ("city", "of"), ("town", "of"), ("village", "of"))
_AGENCY_WORDS = {"pd": ("police", "department"), "so": ("sheriffs", "office"),
                 "dept": ("department",), "dep": ("department",), "co": ("county",),
                 "cnty": ("county",), "twp": ("township",), "sheriff": ("sheriffs",)}
_AGENCY_PAIRS = {("sheriffs", "department"): ("sheriffs", "office")}
_LEGAL_FORMS = frozenset({"inc", "incorporated", "llc", "l", "c", "corp", "corporation", "co",
                          "company", "ltd", "limited", "lp", "llp", "plc"})


def _ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ").replace("'", "")
    return _WORD.findall(text)


def state_code(text: Any) -> str | None:
    """The USPS code of a state named or coded (`Texas`, `TX`, `tx`), else None."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if stripped.upper() in STATES and len(stripped) == 2:
        return stripped.upper()
    return BY_NAME.get(" ".join(_ascii_words(stripped)))


def state_of(entity_type: str, name: Any, props: Mapping[str, Any]) -> str | None:
    """The US state an entity is in, as far as its record tells (see the module's text)."""
    found = state_code(props.get("state"))
    if found:
        return found
    ori = props.get("ori")
    if isinstance(ori, str) and ori[:2].upper() in STATES:
        return ori[:2].upper()
    jurisdiction = props.get("jurisdiction")
    if isinstance(jurisdiction, str) and jurisdiction.strip():
        found = state_code(jurisdiction.rsplit(",", 1)[-1])
        if found:
            return found
    if entity_type in ("Agency", "Organization") and isinstance(name, str):
        m = _CODE_SPOT.search(name)
        code = m and next(g for g in m.groups() if g)
        if code and code in STATES:
            return code
    return None


@cache
def _state_mention(state: str) -> re.Pattern[str]:
    """Where a name mentions its state: the code as a word in capitals, "TX - " first,
    "(TX)", or the state's name after a comma at the end or in parentheses."""
    full = STATES[state]
    return re.compile(rf"^{state}\s+-\s+|\({state}\)|(?<![A-Za-z]){state}(?![A-Za-z])"
                      rf"|,\s*{full}\s*$|\(\s*{full}\s*\)")


def name_key(entity_type: str, name: Any, state: str | None) -> str:
    """A name's key for matching (see the module's text); "" for a name with no words."""
    if not isinstance(name, str):
        return ""
    words = _ascii_words(_state_mention(state).sub(" ", name) if state else name)
    for lead in _LEADING:
        if tuple(words[:len(lead)]) == lead and len(words) > len(lead):
            words = words[len(lead):]
    if entity_type == "Agency":
        expanded: list[str] = []
        for w in words:
            expanded += _AGENCY_WORDS.get(w, (w,))
        for pair, into in _AGENCY_PAIRS.items():
            for i in range(len(expanded) - 1):
                if (expanded[i], expanded[i + 1]) == pair:
                    expanded[i:i + 2] = into
        words = expanded
    elif entity_type == "Company":
        while len(words) > 1 and words[-1] in _LEGAL_FORMS:
            words.pop()
    return " ".join(words)


def is_acronym(alias: str) -> bool:
    """An alias that is one short word in capitals (`DPD`, `ICE`, `BSO`): many bodies share
    such abbreviations, so they never merge entities by themselves."""
    stripped = alias.replace(".", "").strip()
    return " " not in stripped and len(stripped) <= 6 and stripped.upper() == stripped


def match_keys(entity_type: str, name: Any, aliases: Iterable[Any], state: str | None) -> list[str]:
    """The keys an entity is matched by: its name's and each alias's but acronyms'."""
    keys = [name_key(entity_type, name, state)]
    keys += [name_key(entity_type, a, state) for a in aliases
             if isinstance(a, str) and not is_acronym(a)]
    return [k for k in dict.fromkeys(keys) if k]


def identifiers(entity_type: str, props: Mapping[str, Any]) -> dict[str, str]:
    """The entity's identifiers by kind (`ori`, `uei`, `wikidata`), normalized: an ORI of
    nine characters ending in `00` is its seven-character ORI."""
    out: dict[str, str] = {}
    for kind in (*IDENTIFIERS.get(entity_type, ()), "wikidata"):
        value = props.get(kind)
        if isinstance(value, str) and value.strip():
            value = value.strip().upper()
            if kind == "ori" and len(value) == 9 and value.endswith("00"):
                value = value[:7]
            out[kind] = value
    return out
