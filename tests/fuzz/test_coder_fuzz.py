"""Fuzzing the coder through the stream's pure step, with the real spaCy model.

Random short texts and bytes go through ``extract_records``: each record gives its
Articles and Events, or a typed ``Rejected``, never an exception. The coder is slow,
so fewer cases with short texts; several records per case, as the agent batches them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_case
from hypothesis import strategies as st

from pipeline.codec import encode
from pipeline.errors import Rejected
from pipeline.models import Article, Event, RawArticle
from pipeline.stream.steps import Extracted, extract_records

RECEIVED = dt.datetime(2021, 3, 2, 8, tzinfo=dt.UTC)
MAX_BYTES = 64 * 1024
SLOW = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that make the coder's patterns fire, so fuzzing reaches the event code too.
WORDS = [
    "Russia", "Turkey", "Syria", "rebels", "police", "troops", "the", "army", "government",
    "bombed", "shelled", "accused", "arrested", "met", "killed", "attacked", "protesters",
    "in", "Aleppo", "Idlib", "on", "Monday", "yesterday", "of", "violating", "airspace",
    "said", "not", "would", "3", "dozens", ",", ".", "\"", "(", ")", "-", "\u2019s",
    "United Nations", "President", "minister", "who", "and", "after", "before", "\n\n",
]  # fmt: skip

SUBJECTS = ["Russian warplanes", "Government troops", "Police", "Turkey", "Rebels", "Israel"]
VERBS = ["bombed", "shelled", "arrested", "accused", "attacked", "met", "threatened"]
OBJECTS = ["rebel positions", "protesters", "Russia", "a market", "the army", "Iran"]
sentences = st.builds(
    "{} {} {} in {} on {}, {} said.".format,
    st.sampled_from(SUBJECTS),
    st.sampled_from(VERBS),
    st.sampled_from(OBJECTS),
    st.sampled_from(["Aleppo", "Idlib", "Gaza", "Kabul", "Donetsk", ""]),
    st.sampled_from(["Monday", "Sunday", "yesterday", "31 February", ""]),
    st.sampled_from(["officials", "a monitoring group", "", "\u00ad"]),
)
# A sentence with random words or characters spliced in, to break the patterns.
spliced = st.builds(
    lambda s, cut, noise: s[:cut] + noise + s[cut:],
    sentences,
    st.integers(0, 80),
    st.text(max_size=12) | st.sampled_from(WORDS),
)
texts = st.one_of(
    st.lists(sentences | spliced, min_size=1, max_size=3).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(max_size=200),
)


def _record(text: str, index: int, html: bool) -> bytes:
    raw = RawArticle(
        id=f"fuzz-{index}",
        source="Reuters",
        received_at=RECEIVED,
        content_type="text/html" if html else "text/plain",
        body=text or "-",
    )
    return encode(raw)


records = st.one_of(
    st.builds(_record, texts, st.integers(0, 9), st.booleans()),
    st.binary(max_size=200),
    st.none(),
)


@SLOW
@given(values=st.lists(records, min_size=1, max_size=4))
def test_extract_records_gives_events_or_a_rejection_for_any_input(
    coder: object, values: list[bytes | None]
) -> None:
    outcomes = extract_records(values, coder, max_bytes=MAX_BYTES)  # type: ignore[arg-type]
    assert len(outcomes) == len(values)
    for outcome in outcomes:
        if isinstance(outcome, Rejected):
            assert outcome.stage in {"decode", "validate", "normalize", "extract"}
            assert outcome.reason
            continue
        assert isinstance(outcome, Extracted)
        note_case("coded to events" if outcome.events else "coded, no event")
        assert all(isinstance(a, Article) for a in outcome.articles)
        ids = {a.article_id for a in outcome.articles}
        for event in outcome.events:
            assert isinstance(event, Event)
            assert event.article_id in ids
