"""The fast node-to-data path builds exactly what PyYAML's constructor builds."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from watchgraph.loaders.yaml_parse import DataLoader, _construct

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.floats(allow_nan=False), st.sampled_from(["2018-12", "2019-02-30", "NO", "yes"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


@given(doc=documents, flow=st.booleans())
def test_same_as_pyyaml(doc: object, flow: bool) -> None:
    text = yaml.dump({"root": doc}, default_flow_style=flow, allow_unicode=True)
    assert _construct(text) == yaml.load(text, Loader=DataLoader)


def test_merge_keys_fall_back_to_pyyaml() -> None:
    text = "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n"
    assert _construct(text) == {"a": {"b": 1}, "c": {"b": 1, "d": 2}}


def test_dates_stay_strings_and_only_true_false_are_booleans() -> None:
    assert _construct("a: 2018-12-05\nb: yes\nc: NO\nd: true\n") == {
        "a": "2018-12-05", "b": "yes", "c": "NO", "d": True}
