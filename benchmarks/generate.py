"""Write a synthetic watchgraph dataset of any size, shaped like the real thing.

Agency hierarchies (departments with units), a few hub vendors with many products, many
small agencies using them under contracts, trials and unauthorized use, interconnects
with members, data flows, people, policies, and several citations per relationship.
The same seed always writes the same files.

    python benchmarks/generate.py --entities 20000 --relationships 200000 -o benchmarks/data/big
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

PER_FILE = 20_000  # relationships per file


def _date(rng: random.Random) -> str:
    y = rng.randint(2010, 2024)
    r = rng.random()
    if r < 0.3:
        return str(y)
    if r < 0.7:
        return f"{y}-{rng.randint(1, 12):02d}"
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(n_entities: int, n_relationships: int, seed: int = 1,
             variety: bool = False) -> dict[str, Any]:
    """The dataset as one mapping of sources, entities and relationships. With `variety`,
    about a tenth more relationships of every other type and status (events, meetings,
    records requests, data collection, objections, disputed and denied claims), for tests
    that need every question to find something; without it, the benchmarks' dataset."""
    rng = random.Random(seed)
    n_sources = max(5, n_relationships // 50)
    sources = [{"id": f"src-{i}", "title": f"Investigation number {i}", "publisher": f"Outlet {i % 97}",
                "published": _date(rng), "kind": rng.choice(["news", "foia", "report", "dataset"]),
                "url": f"https://example.org/stories/{i}"} for i in range(n_sources)]
    # shares of the entity budget
    n_companies = max(3, n_entities // 40)
    n_products = max(3, n_entities // 20)
    n_people = max(3, n_entities // 10)
    n_other = max(4, n_entities // 20)
    n_agencies = max(5, n_entities - n_companies - n_products - n_people - 2 * n_other)
    entities: list[dict[str, Any]] = []
    agencies = [f"agency:a{i}" for i in range(n_agencies)]
    for i, a in enumerate(agencies):
        entities.append({"id": a, "type": "Agency", "name": f"Agency {i} Police Department",
                         "aliases": [f"A{i}PD"], "level": rng.choice(["city", "county", "state", "federal"]),
                         "jurisdiction": f"County {i % 500}"})
    companies = [f"company:c{i}" for i in range(n_companies)]
    entities += [{"id": c, "type": "Company", "name": f"Vendor {i} Inc."} for i, c in enumerate(companies)]
    products = [f"product:p{i}" for i in range(n_products)]
    entities += [{"id": p, "type": "Product", "name": f"Product {i}", "category": "facial-recognition"}
                 for i, p in enumerate(products)]
    people = [f"person:h{i}" for i in range(n_people)]
    entities += [{"id": p, "type": "Person", "name": f"Person {i}"} for i, p in enumerate(people)]
    orgs = [f"org:o{i}" for i in range(n_other)]
    entities += [{"id": o, "type": "Organization", "name": f"Organization {i}", "kind": "ngo"}
                 for i, o in enumerate(orgs)]
    policies = [f"policy:l{i}" for i in range(n_other)]
    entities += [{"id": p, "type": "Policy", "name": f"Policy {i}", "kind": "department-policy"}
                 for i, p in enumerate(policies)]

    hubs = products[: max(1, len(products) // 50)]  # a few products everyone uses
    rels: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, int]] = set()

    def cite() -> list[dict[str, Any]]:
        return [{"source": f"src-{rng.randrange(n_sources)}", "locator": f"para {rng.randint(1, 40)}",
                 "note": "Synthetic evidence for a benchmark relationship."}
                for _ in range(rng.randint(1, 3))]

    def add(kind: str, a: str, b: str, **props: Any) -> None:
        q = 0
        while (kind, a, b, q) in seen:
            q += 1
        seen.add((kind, a, b, q))
        rel = {"type": kind, "from": a, "to": b, "status": rng.choice(
            ["reported", "reported", "confirmed", "alleged"]), **props, "citations": cite()}
        if q:
            rel["qualifier"] = f"q{q}"
        rels.append(rel)

    # hierarchies: every 10th agency is a department with units
    for i, a in enumerate(agencies):
        if len(rels) >= n_relationships:
            break
        if i % 10:
            add("PART_OF", a, agencies[i - i % 10])
    for i, p in enumerate(products):
        add("DEVELOPS", companies[i % len(companies)], p)
    while len(rels) < n_relationships:
        r = rng.random()
        a = rng.choice(agencies)
        if r < 0.45:
            p = rng.choice(hubs) if rng.random() < 0.5 else rng.choice(products)
            mode = rng.choice(["contract", "trial", "unauthorized", "pilot"])
            extra: dict[str, Any] = {"mode": mode, "start": _date(rng)}
            if mode == "unauthorized":
                lo = rng.randint(1, 500)
                extra.update(searchesMin=lo, searchesMax=lo + rng.randint(0, 500))
            add("USES", a, p, **extra)
        elif r < 0.65:
            add("CONTRACTED_WITH", a, rng.choice(companies), amount=rng.randint(1, 500) * 1000,
                currency="USD", seats=rng.randint(1, 200), start=_date(rng))
        elif r < 0.75:
            add("MEMBER_OF", a, rng.choice(hubs))
        elif r < 0.82:
            b = rng.choice(agencies)
            if b != a:
                add("SHARES_DATA_WITH", *sorted((a, b)), dataKind="mugshots")
        elif r < 0.9:
            add("EMPLOYED_BY", rng.choice(people), a, role="officer")
        elif r < 0.95:
            add("MARKETED_TO", rng.choice(companies), a, product=rng.choice(products))
        else:
            add("REGULATES", rng.choice(policies), a)
    data = {"sources": sources, "entities": entities, "relationships": rels}
    if variety:
        _add_variety(data, random.Random(seed + 1), n_relationships // 10, add)
    return data


def _add_variety(data: dict[str, Any], rng: random.Random, n: int, add: Any) -> None:
    """Every relationship type and status the base dataset lacks, with Events and Datasets."""
    ids = {t: [e["id"] for e in data["entities"] if e["type"] == t]
           for t in ("Agency", "Company", "Product", "Person", "Organization", "Policy")}
    n_sources = len(data["sources"])
    events = [f"event:v{i}" for i in range(max(4, n // 20))]
    kinds = ["meeting", "records-request", "letter", "test", "investigation", "workshop"]
    for i, e in enumerate(events):
        data["entities"].append({"id": e, "type": "Event", "name": f"Event {i}",
                                 "kind": kinds[i % len(kinds)], "date": _date(rng),
                                 "location": f"City {i % 30}"})
    datasets = [f"dataset:d{i}" for i in range(max(3, n // 50))]
    data["entities"] += [{"id": d, "type": "Dataset", "name": f"Dataset {i}", "dataKind": "photos"}
                         for i, d in enumerate(datasets)]
    pick = rng.choice
    plans: list[tuple[str, list[str], list[str], dict[str, Any]]] = [
        ("PARTICIPATED_IN", ids["Agency"] + ids["Company"] + ids["Person"], events, {"role": "host"}),
        ("MET_WITH", ids["Agency"], ids["Company"], {"location": "City Hall"}),
        ("COLLECTS_FROM", ids["Company"], ids["Organization"] + datasets,
         {"method": "scraping", "dataKind": "photos", "consent": False}),
        ("OBJECTED_TO", ids["Organization"], ids["Company"] + ids["Product"], {}),
        ("REQUESTED_RECORDS_FROM", ids["Organization"] + ids["Person"], ids["Agency"],
         {"law": "FOIA", "outcome": "Emails released."}),
        ("SUPPLIES_DATA_TO", ids["Agency"] + datasets, ids["Agency"] + ids["Product"],
         {"dataKind": "mugshots"}),
        ("SUBSIDIARY_OF", ids["Company"], ids["Company"], {}),
        ("REFERRED", ids["Agency"], ids["Agency"], {}),
        ("FACILITATED", ids["Company"], events, {}),
        ("TESTED", ids["Organization"], ids["Product"], {"sampleSize": 100, "falseMatches": 3}),
        ("ADOPTED", ids["Agency"], ids["Policy"], {}),
        ("USES", ids["Agency"], ids["Product"], {"mode": "unauthorized", "device": "personal",
                                                 "account": "personal"}),
        ("CONTRACTED_WITH", ids["Agency"], ids["Company"], {"amount": 25000, "currency": "USD",
                                                           "product": ids["Product"][0]}),
    ]
    before = len(data["relationships"])
    for i in range(n):
        kind, froms, tos, props = plans[i % len(plans)]
        a, b = pick(froms), pick(tos)
        if a == b:
            continue
        extra = dict(props)
        if rng.random() < 0.5:
            extra["start"], extra["end"] = sorted((_date(rng)[:4], _date(rng)[:4]))
        add(kind, a, b, **extra)
    for rel in data["relationships"][before:]:
        r = rng.random()
        if r < 0.15 or r > 0.9:
            rel["status"] = "denied" if r < 0.15 else "disputed"
            rel["citations"].append({"source": f"src-{rng.randrange(n_sources)}", "stance": "disputes",
                                     "locator": "para 2", "note": "A party's synthetic denial."})


def write(data: dict[str, Any], out: Path) -> list[Path]:
    """Write the dataset as several YAML files in `out` (replacing earlier ones)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    files = [out / "sources.yaml", out / "entities.yaml"]
    dump = lambda obj, path: path.write_text(  # noqa: E731
        yaml.dump(obj, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), "utf-8")
    dump({"sources": data["sources"]}, files[0])
    dump({"entities": data["entities"]}, files[1])
    rels = data["relationships"]
    for i in range(0, len(rels), PER_FILE):
        path = out / f"relationships-{i // PER_FILE:03d}.yaml"
        dump({"relationships": rels[i:i + PER_FILE]}, path)
        files.append(path)
    return files


def folder(n_entities: int, n_relationships: int) -> Path:
    """benchmarks/data/eN-rM, where the benchmarks' dataset of that size is kept."""
    return Path(__file__).parent / "data" / f"e{n_entities}-r{n_relationships}"


def ensure(n_entities: int, n_relationships: int) -> Path:
    """The benchmarks' dataset of that size (`folder`), generated if missing."""
    out = folder(n_entities, n_relationships)
    if not out.is_dir():
        write(generate(n_entities, n_relationships), out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, default=Path("benchmarks/data/big"))
    args = parser.parse_args()
    data = generate(args.entities, args.relationships, args.seed)
    files = write(data, args.out)
    print(f"wrote {len(data['entities']):,} entities, {len(data['relationships']):,} relationships, "
          f"{len(data['sources']):,} sources in {len(files)} files under {args.out}")


if __name__ == "__main__":
    main()
