"""Check a FollowTheMoney JSON-lines file with the `followthemoney` package itself.

    .venv-ftm/bin/python tools/ftm_check.py FILE.ftm.json

Runs in its own environment (`make ftm-venv` makes `.venv-ftm`): followthemoney 4.x
needs Python 3.11 or later and networkx below 3.7, which watchgraph's own environment
need not share. For every line: the schema exists and is not abstract; every property
exists in that schema; `Schema.validate` accepts the values; every required property is
present; the id is a valid FtM entity id; values survive followthemoney's cleaning
(a proxy built with `cleaned=False` holds the same values); and every entity-valued
property names an entity of the file whose schema is in the property's range. Prints one
line per problem and a summary; exits 1 when anything is wrong.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def check(path: str) -> list[str]:
    """Every problem found in the file, as `FILE:LINE: message`."""
    from followthemoney import model
    from followthemoney.exc import InvalidData
    from followthemoney.types import registry

    problems: list[str] = []
    schemata: dict[str, Any] = {}
    refs: list[tuple[int, str, Any, str]] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{path}:{n}"
            data = json.loads(line)
            schema = model.get(data.get("schema", ""))
            if schema is None or schema.abstract:
                problems.append(f"{where}: no concrete FtM schema {data.get('schema')!r}")
                continue
            eid = data.get("id", "")
            if registry.entity.clean(eid) != eid:
                problems.append(f"{where}: {eid!r} is not a valid FtM entity id")
            if eid in schemata:
                problems.append(f"{where}: the id {eid!r} is used twice")
            schemata[eid] = schema
            props = data.get("properties", {})
            for name in props:
                if name not in schema.properties:
                    problems.append(f"{where}: {schema.name} has no property {name!r}")
            for name in schema.required:
                if not props.get(name):
                    problems.append(f"{where}: {schema.name} requires {name!r}")
            try:
                schema.validate(data)
            except InvalidData as exc:
                problems.append(f"{where}: {exc.errors}")
            proxy = model.get_proxy(data, cleaned=False)
            for name, values in props.items():
                prop = schema.properties.get(name)
                if prop is None:
                    continue
                kept = proxy.get(name)
                if sorted(kept) != sorted(prop.type.clean(v) for v in values) or len(kept) != len(values):
                    problems.append(f"{where}: {name} {values!r} cleaned to {kept!r}")
                if prop.type == registry.entity:
                    refs += [(n, v, prop, name) for v in values]
    for n, value, prop, name in refs:
        target = schemata.get(value)
        if target is None:
            problems.append(f"{path}:{n}: {name} names {value!r}, which is not in the file")
        elif prop.range is not None and not target.is_a(prop.range):
            problems.append(f"{path}:{n}: {name} names a {target.name}, "
                            f"not a {prop.range.name}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: ftm_check.py FILE.ftm.json", file=sys.stderr)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    import followthemoney

    lines = sum(1 for _ in open(argv[1], encoding="utf-8"))
    print(f"followthemoney {followthemoney.__version__}: {lines} entities, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
