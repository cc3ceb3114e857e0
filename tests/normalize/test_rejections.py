"""Every reason code the normaliser returns, each from the input that earns it."""

from __future__ import annotations

import pytest

from pipeline.errors import Rejected
from pipeline.normalize import core, normalize
from tests.normalize.cases import FIXTURES, make_raw, raw_article

ENGLISH = "Rebels shelled the town of Kafr Nabudah on Monday, killing three people, monitors said."


def _rejected(result: object) -> Rejected:
    assert isinstance(result, Rejected), result
    assert result.stage == "normalize"
    return result


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t \n", "\u200b\u200b", "\ufeff \u00ad"])
def test_empty_or_invisible_body_is_empty(body: str) -> None:
    assert _rejected(normalize(make_raw(body))).reason == "empty"


def test_body_over_the_limit_is_too_large() -> None:
    body = (ENGLISH + "\n") * 200
    rejected = _rejected(normalize(make_raw(body), max_bytes=10_000))
    assert rejected.reason == "too_large"
    assert "limit 10000" in rejected.message
    assert isinstance(normalize(make_raw(body), max_bytes=100_000), list)


def test_multibyte_body_is_measured_in_utf8_bytes() -> None:
    body = "é" * 3_000  # 3,000 characters, 6,000 bytes
    assert _rejected(normalize(make_raw(body), max_bytes=5_000)).reason == "too_large"


@pytest.mark.parametrize(
    "body",
    [
        bytes(range(256)).decode("latin-1") * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00".decode("utf-8", "replace") * 20,
        (b"\xff\xfe\x00\x01" * 200).decode("utf-8", "replace"),
        "text\x00with\x00nul\x00bytes\x00everywhere\x00" * 10,
    ],
)
def test_binary_body_is_binary(body: str) -> None:
    assert _rejected(normalize(make_raw(body))).reason == "binary"


def test_a_few_stray_control_characters_are_cleaned_not_rejected() -> None:
    result = normalize(make_raw(ENGLISH.replace(" ", " \x07", 1)))
    assert isinstance(result, list)
    assert result[0].paragraphs == (ENGLISH,)


def test_html_page_without_text_is_no_text() -> None:
    rejected = _rejected(normalize(raw_article(FIXTURES, "html_empty.html")))
    assert rejected.reason == "no_text"


@pytest.mark.parametrize(
    "body",
    [
        "<html><body><script>alert(1)</script></body></html>",
        "<!doctype html><html><body><nav>Home News</nav></body></html>",
    ],
)
def test_sniffed_html_without_text_is_no_text(body: str) -> None:
    assert _rejected(normalize(make_raw(body))).reason == "no_text"


def test_plain_body_of_boilerplate_only_is_no_text() -> None:
    assert _rejected(normalize(make_raw("Page 12\n\nRelated Story\n\nAdvertisement"))).reason == (
        "no_text"
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("Russian jets strike rebel towns in Idlib", "text/plain"),
        ("Russian jets strike rebel towns in Idlib\n\nAFP\n\n", "text/plain"),
        ("<html><body><h1>Russian jets strike rebel towns</h1></body></html>", "text/html"),
    ],
)
def test_text_that_is_only_a_headline_is_headline_only(body: str, content_type: str) -> None:
    rejected = _rejected(normalize(make_raw(body, content_type=content_type)))
    assert rejected.reason == "headline_only"


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (
            "Le gouvernement a annoncé mercredi une série de mesures pour soutenir les "
            "agriculteurs touchés par la sécheresse dans le sud du pays.",
            "fr",
        ),
        (
            "Die Regierung hat am Mittwoch neue Hilfen für die von der Dürre betroffenen "
            "Landwirte im Süden des Landes beschlossen.",
            "de",
        ),
    ],
)
def test_other_languages_are_not_english_with_the_detected_language(
    body: str, language: str
) -> None:
    rejected = _rejected(normalize(make_raw(body)))
    assert rejected.reason == "not_english"
    assert rejected.message.startswith(f"detected language: {language} (")


def test_french_wire_fixture_is_not_english() -> None:
    rejected = _rejected(normalize(raw_article(FIXTURES, "french_wire.txt")))
    assert (rejected.reason, rejected.message) == ("not_english", "detected language: fr (1.00)")


def test_declared_language_other_than_english_is_not_english() -> None:
    rejected = _rejected(normalize(make_raw(ENGLISH, language="es")))
    assert (rejected.reason, rejected.message) == ("not_english", "declared language: es")


def test_english_story_with_foreign_page_furniture_is_english() -> None:
    body = (
        "<html><body><nav>Accueil | Monde | Économie | Politique | Société | Culture</nav>"
        "<div class='cookie-banner'><p>Nous utilisons des cookies pour améliorer votre "
        "expérience sur notre site et mesurer l'audience.</p></div>"
        f"<article><p>{ENGLISH}</p></article></body></html>"
    )
    result = normalize(make_raw(body, content_type="text/html"))
    assert isinstance(result, list)
    assert result[0].paragraphs == (ENGLISH,)


def test_a_bug_becomes_internal_error_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "read_page", broken)
    rejected = _rejected(normalize(make_raw(ENGLISH)))
    assert (rejected.reason, rejected.message, rejected.error_class) == (
        "internal_error", "boom", "RuntimeError",
    )  # fmt: skip


def test_html_nested_thousands_deep_is_too_deep() -> None:
    body = "<div>" * 5_000 + ENGLISH + "</div>" * 5_000
    rejected = _rejected(normalize(make_raw(body, content_type="text/html")))
    assert rejected.reason == "too_deep"
    shallow = "<div>" * 50 + ENGLISH + "</div>" * 50
    result = normalize(make_raw(shallow, content_type="text/html"))
    assert isinstance(result, list)
    assert result[0].paragraphs == (ENGLISH,)


def test_short_english_full_of_foreign_names_is_english() -> None:
    # the classifier puts most of the weight of such a line on Nigerian Pidgin
    body = "Taliban fighters captured Kabul on September 27."
    result = normalize(make_raw(body))
    assert isinstance(result, list), result
    assert result[0].paragraphs == (body,)
