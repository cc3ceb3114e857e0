"""The column scans find exactly the tokens a loop over Token objects finds."""

from __future__ import annotations

from pipeline.coding.actors import _atoms, doc_dictionary
from pipeline.coding.coref import atoms_with_anaphora
from pipeline.coding.relevance import GROUP_PRONOUNS, PERSON_PRONOUNS
from pipeline.doc_columns import columns, keys_of
from pipeline.geo.mentions import _entities
from tests.coding.coder_fixture import coder

TEXT = (
    "Turkish Prime Minister Ahmet Davutoglu said on Tuesday that Russian jets had "
    "violated its airspace twice near Hatay. Davutoglu told reporters in Ankara that "
    "they would answer. The alliance said it stood with Turkey, and NATO envoys met in "
    "Brussels."
)


def test_the_columns_are_the_tokens_own_attributes() -> None:
    doc = coder().nlp(TEXT)
    found = columns(doc)
    assert len(found.pos) == len(found.lower) == len(doc)
    assert found.proper_nouns(0, len(doc)) == [t.i for t in doc if t.pos_ == "PROPN"]
    sentence = list(doc.sents)[1]
    assert found.proper_nouns(sentence.start, sentence.end) == [
        t.i for t in sentence if t.pos_ == "PROPN"
    ]
    pronouns = PERSON_PRONOUNS | GROUP_PRONOUNS
    assert found.spelled(keys_of(pronouns)) == [t.i for t in doc if t.lower_ in pronouns]
    assert found.spelled(keys_of(pronouns)), "the text has pronouns to find"


def test_columns_are_read_again_for_a_doc_of_another_length() -> None:
    nlp = coder().nlp
    doc = nlp(TEXT)
    other = nlp("Russia struck Idlib.")
    # A value left in user data by another Doc (as after copying user data over) is
    # not taken for this one's.
    columns(doc)
    other.user_data.update(doc.user_data)
    assert len(columns(other).pos) == len(other)


def test_a_region_gets_only_the_entities_wholly_inside_it() -> None:
    doc = coder().nlp(TEXT)
    for sentence in doc.sents:
        expected = [
            (e.start, e.end, e.label_)
            for e in doc.ents
            if sentence.start <= e.start and e.end <= sentence.end
        ]
        assert [(e.start, e.end, e.label_) for e in _entities(sentence)] == expected
    middle = doc[3:12]  # starts and ends inside names
    expected = [(e.start, e.end) for e in doc.ents if e.start >= 3 and e.end <= 12]
    assert [(e.start, e.end) for e in _entities(middle)] == expected


def test_anaphora_are_found_from_the_columns() -> None:
    doc = coder().nlp(TEXT + " Foreign Minister Walid Qarsoum flew in, and Qarsoum spoke first.")
    dictionary = doc_dictionary(doc)
    found = atoms_with_anaphora(doc, _atoms(doc, dictionary, None), dictionary)
    anaphora = [(doc[a.start].text, a.role) for a in found if a.kind in ("pronoun", "definite")]
    assert anaphora == [
        ("its", "pronoun"),
        ("they", "pronoun"),
        ("alliance", "definite"),
        ("it", "pronoun"),
        ("Qarsoum", "surname"),
    ]
    assert [a.start for a in found if a.role == "surname"] == [
        t.i for t in doc if t.text == "Qarsoum"
    ][1:]


def test_a_stretch_of_words_has_the_text_of_its_span() -> None:
    doc = coder().nlp("  Russian jets\tstruck  Idlib ,\nkilling nine . ")
    found = columns(doc)
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert found.span_text(start, end) == doc[start:end].text


def test_lemmas_are_found_from_the_columns() -> None:
    doc = coder().nlp(
        "Nine people were killed and two died later; the killings went on. Kill them."
    )
    found = columns(doc)
    kill = keys_of(["kill", "die", "Kill"])
    assert found.lemmatised(0, len(doc), kill) == [
        t.i for t in doc if t.lemma_ in ("kill", "die", "Kill")
    ]
    assert [doc[i].text for i in found.lemmatised(0, len(doc), kill)][:2] == ["killed", "died"]
    second = list(doc.sents)[1]
    assert found.lemmatised(second.start, second.end, kill) == [
        t.i for t in second if t.lemma_ in ("kill", "die", "Kill")
    ]
