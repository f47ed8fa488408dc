"""Property types: one class each, in a registry, as followthemoney's `types/` does.

A type knows everything the project does with a value of its kind: parsing and checking
it (`check`), its RDF literals and reading them back (`literals`, `from_literal`), the
column kind of the property-graph view (`column`: "string", "int", "float", "boolean" or
"string[]", which Neo4j, the neo4j-admin bundle and LadybugDB each map to their own type
names), its SHACL constraint (`datatypes`, plus `in`/`pattern` from the spec), and how it
reads in text (`display`, `describe_spec`). schema.yaml names a type by its `name`; adding a
property type is one subclass decorated with `@register`.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple, Protocol

from watchgraph.graph.dates import DateValueError, date_bounds


class PropertySpec(Protocol):
    """What a type reads of a declared property (schema.PropertySpec has it)."""

    @property
    def name(self) -> str: ...
    @property
    def pattern(self) -> str | None: ...
    @property
    def values(self) -> tuple[str, ...]: ...
    @property
    def ref(self) -> tuple[str, ...]: ...

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING, XSD_INTEGER, XSD_DECIMAL = XSD + "string", XSD + "integer", XSD + "decimal"
XSD_DOUBLE, XSD_BOOLEAN, XSD_ANYURI, XSD_DATE = XSD + "double", XSD + "boolean", XSD + "anyURI", XSD + "date"
DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD_DATE}


class Lit(NamedTuple):
    """An RDF literal: its lexical form and datatype IRI (None for a plain xsd:string)."""

    value: str
    datatype: str | None = None


class ValueProblem(ValueError):
    """A value that does not fit its spec; args are (message, hint)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message = message
        self.hint = hint


def describe(value: Any) -> str:
    """How a parsed value reads in a message: `number 6`, `a list`, `'abc'`."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class PropertyType:
    """The base of every property type: a string-valued property unless a subclass says
    otherwise."""

    name: ClassVar[str]
    words: ClassVar[str]  # what a value must be, for messages: "a whole number"
    column: ClassVar[str] = "string"
    datatypes: ClassVar[tuple[str, ...]] = (XSD_STRING,)  # the first is a value's own
    many: ClassVar[bool] = False  # several values (one RDF literal each)
    is_ref: ClassVar[bool] = False  # the value names an entity (an IRI in RDF)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        """The value normalized for this type, or ValueProblem."""
        raise self.unfit(spec, value)

    def unfit(self, spec: PropertySpec, value: Any) -> ValueProblem:
        """The problem of a value of the wrong kind."""
        return ValueProblem(f"{spec.name} must be {self.words}, not {describe(value)}",
                            self.hint(value))

    def hint(self, value: Any) -> str:
        """How to fix a value of the wrong kind."""
        return f"write {self.words}"

    def literals(self, value: Any) -> list[Lit]:
        """The RDF literals of a value."""
        return [Lit(value)]

    def from_literal(self, lit: Lit) -> Any:
        """A literal back as the value the loader reads from YAML."""
        return lit.value

    def display(self, value: Any) -> str:
        """The value as text, for reports and tooltips."""
        return str(value)

    def describe_spec(self, spec: PropertySpec) -> str:
        """The type column of the schema reference."""
        return self.name


_REGISTRY: dict[str, PropertyType] = {}


def register(cls: type[PropertyType]) -> type[PropertyType]:
    """Add a property type to the registry under its `name` (a class decorator)."""
    _REGISTRY[cls.name] = cls()
    return cls


def property_type(name: str) -> PropertyType:
    """The registered type of this name (KeyError if none)."""
    return _REGISTRY[name]


def type_names() -> tuple[str, ...]:
    """Every registered type's name."""
    return tuple(_REGISTRY)


_UNFIT_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""What text may not hold: control characters (tab and line breaks aside) and lone
surrogates, which are not Unicode (they break JSON, RDF and SVG writers downstream)."""

INT64 = (-(2**63), 2**63 - 1)
"""The whole numbers every view can hold (Neo4j, LadybugDB and CSV readers use 64 bits)."""


def bad_char(text: str) -> str | None:
    """The first control character or lone surrogate in `text`, as `U+XXXX`, or None."""
    m = _UNFIT_CHAR.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def text_problem(spec: PropertySpec, value: str) -> ValueProblem | None:
    """The problem of a text value holding a control character or a lone surrogate."""
    bad = bad_char(value)
    if bad is None:
        return None
    what = "a lone surrogate" if bad >= "U+D800" and bad <= "U+DFFF" else "a control character"
    return ValueProblem(f"{spec.name} holds {what} ({bad})", "remove it, or write the character it "
                        "stands for")


def _quote_hint(value: Any) -> str:
    return "put the value in quotes" if isinstance(value, (int, float, bool)) else ""


@register
class Text(PropertyType):
    """Prose in our own words; several lines allowed."""

    name = "text"
    words = "text"

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            problem = text_problem(spec, value)
            if problem:
                raise problem
            return value.strip()
        raise self.unfit(spec, value)

    def hint(self, value: Any) -> str:
        return _quote_hint(value) or f"write {self.words}"


@register
class String(Text):
    """One line of text, optionally matching the spec's `pattern`."""

    name = "string"
    words = "a single line of text"

    def check(self, spec: PropertySpec, value: Any) -> Any:
        stripped = super().check(spec, value)  # text, without control characters
        if "\n" in stripped:
            raise ValueProblem(f"{spec.name} must be a single line", "use a `note` for longer text")
        if spec.pattern and not re.match(spec.pattern, value):
            raise ValueProblem(f"{spec.name} {value!r} does not match {spec.pattern}",
                               "fix the value's form")
        return stripped


@register
class Ref(Text):
    """An entity named by id or name; the loader resolves it to an id."""

    name = "ref"
    words = "an entity id or name"
    is_ref = True

    def describe_spec(self, spec: PropertySpec) -> str:
        return "ref: " + ", ".join(spec.ref)


@register
class Date(PropertyType):
    """A partial ISO date that keeps its precision: `2018`, `2018-12`, `2018-12-05`."""

    name = "date"
    words = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    datatypes: ClassVar[tuple[str, ...]] = tuple(DATE_TYPES.values())

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            problem = _date_problem(value)
            if problem:
                raise ValueProblem(f"{spec.name}: {problem}",
                                   "write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day")
            return value
        raise self.unfit(spec, value)

    def literals(self, value: Any) -> list[Lit]:
        return [Lit(value, DATE_TYPES[len(value)])]


@lru_cache(maxsize=8192)
def _date_problem(value: str) -> str | None:
    try:
        date_bounds(value)
    except DateValueError as exc:
        return str(exc)
    return None


def number_literal(value: int | float) -> Lit:
    """An int as xsd:integer; a float as xsd:decimal (xsd:double for infinities and NaN)."""
    if isinstance(value, int):
        return Lit(str(value), XSD_INTEGER)
    if math.isinf(value) or math.isnan(value):
        return Lit("NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF"), XSD_DOUBLE)
    text = format(Decimal(repr(value)), "f")
    return Lit(text if "." in text else text + ".0", XSD_DECIMAL)


_YAML11_NUMBER = re.compile(r"^[-+]?(?:0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+"
                            r"(?:\.[0-9_]*)?|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$")
"""The number forms YAML 1.1 reads but the data format does not: a leading zero (octal),
0x/0o/0b, colons (base 60), digit-group underscores; they stay text and are reported."""
_YAML11_HINT = "write the number in plain decimal digits (no leading zero, 0x, colons or underscores)"


def _in_range(spec: PropertySpec, value: int | float) -> int | float:
    if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
        raise ValueProblem(f"{spec.name} {value} is too large",
                           f"whole numbers must lie between {INT64[0]:,} and {INT64[1]:,}")
    return value


@register
class Number(PropertyType):
    """A number, whole or not (an amount of money, with its currency beside it)."""

    name = "number"
    words = "a number"
    column = "float"
    datatypes: ClassVar[tuple[str, ...]] = (XSD_INTEGER, XSD_DECIMAL, XSD_DOUBLE)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem(f"{spec.name} must be a finite number, not {value}",
                               "write the amount as a plain decimal number")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _in_range(spec, value)
        raise self.unfit(spec, value)

    def hint(self, value: Any) -> str:
        if isinstance(value, str) and _YAML11_NUMBER.match(value):
            return _YAML11_HINT
        if isinstance(value, str):
            return "write the amount as a plain number and put the currency in `currency`"
        return f"write {self.words}"

    def literals(self, value: Any) -> list[Lit]:
        return [number_literal(value)]

    def from_literal(self, lit: Lit) -> Any:
        return int(lit.value) if lit.datatype == XSD_INTEGER else float(lit.value)

    def display(self, value: Any) -> str:
        if isinstance(value, int):
            return f"{value:,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")


@register
class Integer(Number):
    """A whole number: a count of seats, searches, members."""

    name = "integer"
    words = "a whole number"
    column = "int"
    datatypes = (XSD_INTEGER,)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return _in_range(spec, value)
        raise self.unfit(spec, value)

    def hint(self, value: Any) -> str:
        if isinstance(value, str) and _YAML11_NUMBER.match(value):
            return _YAML11_HINT
        if isinstance(value, str):
            return "write the number without quotes, commas or units"
        return f"write {self.words}"

    def from_literal(self, lit: Lit) -> Any:
        return int(lit.value)


@register
class Boolean(PropertyType):
    """true or false."""

    name = "boolean"
    words = "true or false"
    column = "boolean"
    datatypes = (XSD_BOOLEAN,)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        raise self.unfit(spec, value)

    def hint(self, value: Any) -> str:
        return "write true or false"

    def literals(self, value: Any) -> list[Lit]:
        return [Lit("true" if value else "false", XSD_BOOLEAN)]

    def from_literal(self, lit: Lit) -> Any:
        return lit.value in ("true", "1")

    def display(self, value: Any) -> str:
        return "yes" if value else "no"


_URL = re.compile(r"^https?://[^\s]+$")


def is_url(value: str) -> bool:
    """Whether text is an http(s) address the url type takes."""
    return bool(_URL.fullmatch(value)) and bad_char(value) is None


@register
class Url(PropertyType):
    """An http(s) address."""

    name = "url"
    words = "a URL"
    datatypes = (XSD_ANYURI,)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, str) and is_url(value):
            return value
        raise self.unfit(spec, value)

    def hint(self, value: Any) -> str:
        return "write a full http:// or https:// address"

    def literals(self, value: Any) -> list[Lit]:
        return [Lit(value, XSD_ANYURI)]


_CURRENCY = re.compile(r"^[A-Z]{3}$")


@register
class Currency(PropertyType):
    """An ISO 4217 currency code."""

    name = "currency"
    words = "an ISO 4217 currency code such as USD"

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, str) and _CURRENCY.fullmatch(value):
            return value
        raise self.unfit(spec, value)


@register
class Enum(PropertyType):
    """One of the spec's `values`."""

    name = "enum"
    words = "one of the listed values"

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, str) and value in spec.values:
            return value
        raise ValueProblem(f"{spec.name} {describe(value)} is not allowed",
                           "use one of " + ", ".join(spec.values))

    def describe_spec(self, spec: PropertySpec) -> str:
        return "enum: " + ", ".join(f"`{v}`" for v in spec.values)


@register
class List(PropertyType):
    """A list of one-line strings (aliases, authors)."""

    name = "list"
    words = "a list of strings"
    column = "string[]"
    many = True

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            for v in value:
                problem = text_problem(spec, v)
                if problem:
                    raise problem
            return tuple(v.strip() for v in value)
        if isinstance(value, str):
            raise ValueProblem(f"{spec.name} must be a list", f"write [{value}]")
        raise self.unfit(spec, value)

    def literals(self, value: Any) -> list[Lit]:
        return [Lit(str(v)) for v in value]

    def display(self, value: Any) -> str:
        return ", ".join(map(str, value))
