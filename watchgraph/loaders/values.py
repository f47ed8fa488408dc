"""Checking one property value against its PropertySpec."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from watchgraph.graph.model import DateValueError, date_bounds
from watchgraph.graph.schema import PropertySpec

_URL = re.compile(r"^https?://[^\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

_KIND_WORDS = {
    "string": "a single line of text", "text": "text", "integer": "a whole number",
    "number": "a number", "boolean": "true or false", "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "url": "a URL", "currency": "an ISO 4217 currency code such as USD", "enum": "one of the listed values",
    "ref": "an entity id or name", "list": "a list of strings",
}


def describe(value: Any) -> str:
    """How a YAML value reads in a message: `number 6`, `a list`, `'abc'`."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class ValueProblem(ValueError):
    """A value that does not fit its spec; args are (message, hint)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message = message
        self.hint = hint


def check_value(spec: PropertySpec, value: Any) -> Any:
    """Return the value normalised for its type, or raise ValueProblem."""
    t = spec.type
    if value.__class__ is str and (t == "text" or t == "ref" or (
            t == "string" and spec.pattern is None and "\n" not in value)):
        stripped = value.strip()
        if stripped:
            return stripped
    if t in ("string", "text", "ref"):
        if isinstance(value, str) and value.strip():
            if t == "string" and "\n" in value.strip():
                raise ValueProblem(f"{spec.name} must be a single line",
                                   "use a `note` for longer text")
            if spec.pattern and not re.match(spec.pattern, value):
                raise ValueProblem(f"{spec.name} {value!r} does not match {spec.pattern}",
                                   "fix the value's form")
            return value.strip()
    elif t == "date":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            problem = _date_problem(value)
            if problem:
                raise ValueProblem(f"{spec.name}: {problem}",
                                   "write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day")
            return value
    elif t == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif t == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif t == "boolean":
        if isinstance(value, bool):
            return value
    elif t == "url":
        if isinstance(value, str) and _URL.match(value):
            return value
    elif t == "currency":
        if isinstance(value, str) and _CURRENCY.match(value):
            return value
    elif t == "enum":
        if isinstance(value, str) and value in spec.values:
            return value
        raise ValueProblem(f"{spec.name} {describe(value)} is not allowed",
                           "use one of " + ", ".join(spec.values))
    elif t == "list":
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        if isinstance(value, str):
            raise ValueProblem(f"{spec.name} must be a list", f"write [{value}]")
    raise ValueProblem(f"{spec.name} must be {_KIND_WORDS[t]}, not {describe(value)}",
                       _hint_for(t, value))


@lru_cache(maxsize=8192)
def _date_problem(value: str) -> str | None:
    try:
        date_bounds(value)
    except DateValueError as exc:
        return str(exc)
    return None


def _hint_for(t: str, value: Any) -> str:
    if t in ("string", "text", "ref") and isinstance(value, (int, float, bool)):
        return "put the value in quotes"
    if t == "integer" and isinstance(value, str):
        return "write the number without quotes, commas or units"
    if t == "number" and isinstance(value, str):
        return "write the amount as a plain number and put the currency in `currency`"
    if t == "url":
        return "write a full http:// or https:// address"
    if t == "boolean":
        return "write true or false"
    return f"write {_KIND_WORDS[t]}"
