"""IGO actor codes are those of the CAMEO actor codebook (checked against it, issue 4)."""

from __future__ import annotations

import pytest

from pipeline.coding.actors import load_actor_dictionary
from tests.coding.coder_fixture import events


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The WTO condemned the new tariffs imposed by Washington.", "IGOBUSWTO"),
        ("The IMF criticised Argentina over its budget.", "IGOBUSIMF"),
        ("The G7 condemned North Korea over the missile launch.", "IGOBUSGOS"),
        ("The OAS condemned the coup in Bolivia.", "IGOOAS"),
        ("IGAD criticised South Sudan over the fighting.", "IGOEAFDEVIAD"),
        ("SADC criticised Zimbabwe over the arrests.", "IGOSAFDEVSAD"),
        ("The Gulf Cooperation Council condemned Iran over the seizure.", "IGOPGSGCC"),
        ("The OSCE criticised Belarus over the election.", "IGOEURSCE"),
    ],
)
def test_igo_source_codes(sentence: str, code: str) -> None:
    sources = [e.source.code for e in events(sentence) if e.source]
    assert code in sources, sources


def test_bodies_with_no_cameo_code_of_their_own_are_plain_igo() -> None:
    dictionary = load_actor_dictionary()

    def code(name: str) -> str | None:
        surface = dictionary.lookup(name)
        assert surface is not None, name
        return dictionary.entry(surface.entry_id).code

    for name in ("G20", "CSTO", "APEC", "OPCW"):
        assert code(name) == "IGO", name
    # the CIS is a bloc of its own, not the CSTO
    assert code("Commonwealth of Independent States") == "IGOCASCIS"
    assert code("World Bank") == "IGOUNODEVWBK"
