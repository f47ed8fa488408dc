"""docs/spreadsheets.md: the spreadsheet format's columns, generated from the schema (by
`python -m watchgraph.docs`, like the schema reference), so that it cannot drift."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from watchgraph.graph.schema import PropertySpec, Schema
from watchgraph.loaders.registry import Loader
from watchgraph.loaders.spreadsheet import (
    LIST_SEPARATOR,
    SheetCitations,
    SheetEntities,
    SheetRelationships,
    SheetSources,
)

_INTRO = f"""\
# Spreadsheets

A newsroom can keep its records in a shared spreadsheet instead of YAML: four sheets,
downloaded as CSV into one folder and given to `--data` (the folder, or each file). The
template in [`spreadsheet-template/`](spreadsheet-template/) has the four with a few
example rows that load (`watchgraph validate --no-bundled --data docs/spreadsheet-template`):
copy them into a shared sheet (one tab each), and download each tab as CSV when done.

- Each file is recognized by its header row: the required columns below must be there; any
  other column is a property named as in the [schema](schema.md), in any order. The file
  names are a convention (a downloaded tab may be called `Sheet1 - entities.csv`).
- One row is one record; an empty cell is a property not given; spaces around a cell are
  dropped. Empty rows are skipped.
- Lists (`aliases`, `author`, `hotlists`, `prohibitedUses`, ...): one cell, items separated
  by `{LIST_SEPARATOR}` (`ECSO{LIST_SEPARATOR} Example County SO`). An item cannot hold a `{LIST_SEPARATOR}`.
- Numbers: plain decimal digits, a `.` for decimals (`12000`, `0.5`), no thousands
  separators, currency signs or units (format number columns as plain numbers). Booleans:
  `true` or `false` (any case, so a sheet's `TRUE` works). Dates: `2018`, `2018-12` or
  `2018-12-05` (format date columns as plain text, so the sheet keeps the precision).
- Entities and sources are named by id, entities also by name or alias, as in YAML.
- `relationships.csv` has an `id` column: a key unique in the folder (`r1`, `r2`, ... or
  the graph's own relationship ids, as `export csv` writes them). `citations.csv` names it
  in its `relationship` column, one row per citation, in order. The key only links the two
  files: the graph derives a relationship's id from its type, endpoints and `qualifier`,
  as for YAML, so loading the sheet again updates the same relationships.
- Files are UTF-8 (a byte-order mark is fine) with commas between the columns, as Google
  Sheets downloads them and Excel saves "CSV UTF-8".

The files are checked as YAML files are, with the same messages; each names the file and
the row (the header is row 1; the line follows it). A problem with a citation names the
citations file and its row:

```
sheet/relationships.csv:3: row 3: unknown status 'reportd' (did you mean 'reported'?); use one of reported, confirmed, alleged, disputed, denied
sheet/citations.csv:4: row 4: stance 'support' is not allowed; use one of supports, disputes
```

A file separated by semicolons or tabs, one that is not UTF-8, one cut off in the middle of
a row, one with a header and no rows, and a CSV whose header is none of the kinds below
each get a message of their own saying so.
"""


Column = tuple[str, PropertySpec, str]  # (name, spec, the types it is for: "" for all)


def _table(first: Iterable[tuple[str, str]], columns: Iterable[Column], what: str = "for") -> list[str]:
    out = [f"| column | type | {what} | description |", "|---|---|---|---|"]
    out += [f"| `{c}` | required | all | {d} |" for c, d in first]
    for name, spec, types in columns:
        kind = spec.kind.describe_spec(spec)
        if spec.type == "list":
            kind += f" (items separated by `{LIST_SEPARATOR}`)"
        desc = spec.description.replace("|", "\\|")
        out.append(f"| `{name}` | {kind} | {types or 'all'} | {desc} |")
    return out + [""]


def _common(props: Mapping[str, PropertySpec]) -> list[Column]:
    return [(name, spec, "") for name, spec in props.items()]


def _by_type(groups: Mapping[str, Mapping[str, PropertySpec]]) -> list[Column]:
    """One column per property name and spec (a name two types declare alike is one row)."""
    used: dict[tuple[str, PropertySpec], list[str]] = defaultdict(list)
    for type_name, props in groups.items():
        for name, spec in props.items():
            used[(name, spec)].append(type_name)
    return [(name, spec, ", ".join(types)) for (name, spec), types in used.items()]


def _heading(kind: type[Loader], file: str, note: str) -> list[str]:
    required = ", ".join(f"`{c}`" for c in sorted(kind.columns))
    return [f"## {file} (`{kind.name}`)", "", f"Required: {required}. {note}".rstrip(), ""]


_OWN_TYPE = "A row fills in the columns of its own type; the others stay empty."


def spreadsheet_reference(schema: Schema) -> str:
    """docs/spreadsheets.md: how to keep data in a spreadsheet, and every column."""
    out = ["<!-- generated by `python -m watchgraph.docs`; do not edit by hand -->", "", _INTRO]
    req = {k: v for k, v in schema.source_properties.items() if v.required}
    out += _heading(SheetSources, "sources.csv", "")
    out += _table([("id", "The source's id, a lowercase slug: `example-gazette-2024`.")],
                  _common({**req, **schema.source_properties}))
    out += _heading(SheetEntities, "entities.csv", _OWN_TYPE)
    out += _table([("id", "`prefix:slug`, the prefix of its type: " +
                    ", ".join(f"`{e.prefix}:`" for e in schema.entities.values()) + "."),
                   ("type", "One of " + ", ".join(schema.entities) + ".")],
                  _common(schema.entity_properties) +
                  _by_type({t: e.properties for t, e in schema.entities.items()}), "for types")
    out += _heading(SheetRelationships, "relationships.csv", _OWN_TYPE)
    out += _table([("id", "The row's key, unique in the folder, that citations.csv names."),
                   ("type", "One of " + ", ".join(schema.relationships) + "."),
                   ("from", "An entity's id, name or alias."),
                   ("to", "An entity's id, name or alias."),
                   ("status", "One of " + ", ".join(schema.statuses) + ".")],
                  _common(schema.relationship_properties) +
                  _by_type({t: r.properties for t, r in schema.relationships.items()}), "for types")
    out += _heading(SheetCitations, "citations.csv",
                    "Every relationship needs at least one citation.")
    out += _table([("relationship", "The `id` of the relationships.csv row it cites for.")],
                  _common(schema.citation_properties))
    return "\n".join(out).rstrip() + "\n"
