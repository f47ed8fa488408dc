"""Agency names on Flock Safety's transparency portals, as The News & Observer's "Private
Eyes" data spells them: ids, states and jurisdictions parsed from the naming pattern
("Sylvania OH PD", "Gaston County NC SO", "Hamlet PD (NC)", "TX - Lakeway PD")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from watchgraph.graph.identity import slugify

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

_PATTERN = re.compile(r"^(?P<place>.+?) (?P<state>[A-Z]{2}) (?P<kind>PD|SO)$")
_STATE_AT_END = re.compile(r"(?:[ -]+|\()(?P<state>[A-Z]{2})\)?$")
_STATE_FIRST = re.compile(r"^(?P<state>[A-Z]{2}) - ")
_INSTITUTION = re.compile(
    r"\b(?:University|College|School|Schools|Campus|Hospital|Medical|Airport|Port|Transit|"
    r"Authority|Parks?|Tribal|Tribe|Housing|Task|TF|Railroad|Capitol|Zoo|Mall|District)\b")
_CODE = re.compile(r"\b[A-Z]{2}\b")
_CODES = {name: code for code, name in STATES.items()}
_STATE_BODY = re.compile(r"^(?P<state>" + "|".join(STATES.values()) + r") (?:State Police|"
                         r"(?:State )?Highway Patrol|Department|Dept|Bureau|Division|"
                         r"Attorney General)\b")
_NOT_AGENCY = re.compile(r"\bdemo\b|^flock\b", re.I)


@lru_cache(maxsize=65536)
def agency_id(name: str) -> str:
    """The id of the agency (or account) a portal names: `agency:` and the name's slug."""
    prefix = "org" if _NOT_AGENCY.search(name) else "agency"
    return f"{prefix}:{slugify(name)}"


def agency_entity(name: str) -> dict[str, Any]:
    """The entity record for a portal name: an Agency with what its name tells (state,
    jurisdiction, level), or an Organization for a demonstration or vendor account."""
    if _NOT_AGENCY.search(name):
        return {"id": agency_id(name), "type": "Organization", "name": name, "kind": "other",
                "description": "An account on Flock Safety's portals that is not a law-"
                               "enforcement agency (a demonstration or vendor account)."}
    entity: dict[str, Any] = {"id": agency_id(name), "type": "Agency", "name": name}
    m = _PATTERN.match(name)
    if m and m["state"] in STATES:
        place, state = m["place"], m["state"]
        entity.update(state=state, country="US",
                      jurisdiction=f"{place}, {STATES[state]}")
        if m["kind"] == "SO" or re.search(r"\b(?:County|Co\.?)$", place):
            entity["level"] = "county"
        elif not _INSTITUTION.search(place):
            entity["level"] = "city"
        return entity
    m = _STATE_AT_END.search(name) or _STATE_FIRST.match(name)
    if m and m["state"] in STATES:
        entity.update(state=m["state"], country="US")
        return entity
    codes = {code for code in _CODE.findall(name) if code in STATES}
    if len(codes) == 1:  # one state code elsewhere: "Fort Bend County Const TX Pct 4"
        entity.update(state=codes.pop(), country="US")
        return entity
    m = _STATE_BODY.match(name)
    if m:  # "Michigan State Police", "Texas Department of Public Safety"
        entity.update(state=_CODES[m["state"]], country="US", level="state",
                      jurisdiction=m["state"])
    return entity
