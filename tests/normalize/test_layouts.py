"""What the coder must and must not read, layout by layout (seed and our fixtures)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.models import Article
from pipeline.normalize import normalize
from tests.normalize.cases import FIXTURES, raw_article, seed


def _articles(name: str | None) -> list[Article]:
    result = normalize(seed() if name is None else raw_article(FIXTURES, name))
    assert isinstance(result, list), result
    return result


def _all_text(articles: list[Article]) -> str:
    return "\n".join(a.text for a in articles)


def test_seed_is_a_story_and_a_sidebar_with_captions_apart() -> None:
    story, sidebar = _articles(None)
    assert (story.article_id, story.kind, story.parent_id) == ("0f3fda6538e218d8", "story", None)
    assert (sidebar.article_id, sidebar.kind) == ("0f3fda6538e218d8#s1", "sidebar")
    assert sidebar.parent_id == "0f3fda6538e218d8"
    assert sidebar.headline == "90% of Russian strikes not targeting IS, says US"
    assert story.agency == "AFP"
    assert story.dateline is not None
    assert story.dateline.place == "Beirut"
    assert len(story.captions) == 2
    assert story.captions[0].startswith("Smoke rising after what activists said")
    assert story.captions[1].startswith("Turkey's Prime Minister Ahmet Davutoglu says")
    assert story.paragraphs[0].startswith("Russia dramatically escalated its air war")
    assert story.paragraphs[-1].endswith("severely tested over Syria.")
    assert sidebar.paragraphs[0].startswith("A large majority of Russia's military strikes")


def test_seed_keeps_no_boilerplate_caption_or_masthead_in_the_body() -> None:
    articles = _articles(None)
    text = _all_text(articles)
    for furniture in ("Page 12", "Related Story", "Smoke rising", "says that just two out of 57"):
        assert furniture not in text
    paragraphs = [p for a in articles for p in a.paragraphs]
    assert "AFP" not in paragraphs
    assert "Beirut" not in paragraphs
    assert "\u2019" not in text
    assert "\u201c" not in text
    assert "\xa0" not in text
    assert "90% of Russian strikes" not in articles[0].text


def test_seed_without_feed_metadata_still_finds_agency_and_dateline() -> None:
    raw = seed().model_copy(update={"dateline": None, "source": "Paper"})
    story = _articles_of(raw)[0]
    assert story.agency == "AFP"
    assert story.dateline is not None
    assert story.dateline.place == "Beirut"


def _articles_of(raw: object) -> list[Article]:
    result = normalize(raw)  # type: ignore[arg-type]
    assert isinstance(result, list), result
    return result


def test_wrapped_wire_copy_joins_lines_and_broken_words() -> None:
    (story,) = _articles("wire_wrapped_reuters.txt")
    assert story.headline == "Sudan army says it retook river crossing near Kosti"
    assert story.byline == "Amira Haddad"
    assert story.agency == "Reuters"
    assert story.dateline is not None
    assert (story.dateline.place, story.dateline.date) == ("Khartoum", dt.date(2026, 3, 3))
    assert len(story.paragraphs) == 6
    assert story.paragraphs[0].startswith("Sudan's army said on Tuesday it had retaken")
    text = story.text
    assert "residential districts" in text
    assert "by telephone, asking" in text
    assert "hospital" in text
    assert "\xad" not in text
    assert "\u200b" not in text
    assert "Reporting by" not in text
    assert "Editing by" not in text
    assert "(Reuters)" not in text
    assert "KHARTOUM" not in text


def test_reuters_dash_without_place_and_updated_stamp() -> None:
    (story,) = _articles("reuters_updated.txt")
    assert story.agency == "Reuters"
    assert story.dateline is None
    assert story.published_at == dt.datetime(2024, 6, 13, 10, 32, tzinfo=dt.UTC)
    assert story.paragraphs[0].startswith("Ukrainian drones hit a fuel storage site")
    assert "Updated" not in story.text


def test_afp_caps_dateline_caption_crosshead_jump_sidebar_related() -> None:
    story, sidebar = _articles("afp_caps_dash.txt")
    assert story.headline == "Al-Shabaab attack on Somali base kills seven"
    assert story.dateline is not None
    assert story.dateline.place == "Mogadishu"
    assert story.captions == (
        "Somali troops patrol a market street in Mogadishu's Hodan district on Wednesday.",
    )
    assert sidebar.headline == "African Union mission hands over two bases"
    text = _all_text([story, sidebar])
    for furniture in ("AFP Photo", "Share this", "Residents flee", "Page 4", "Related", "Drought"):
        assert furniture not in text
    assert story.paragraphs[-1].endswith("a figure AFP could not verify.")
    assert len(sidebar.paragraphs) == 3


def test_ap_capital_byline_with_agency_and_zoned_stamp() -> None:
    (story,) = _articles("ap_byline_stamp.txt")
    assert story.byline == "Jane Doe"
    assert story.agency == "AP"
    assert story.dateline is not None
    assert story.dateline.place == "Washington"
    edt = dt.timezone(dt.timedelta(hours=-4))
    assert story.published_at == dt.datetime(2015, 10, 8, 10, 32, tzinfo=edt)
    assert "\x07" not in story.text
    assert "\ufeff" not in story.text
    assert '"step back from the brink"' in story.text


def test_html_page_keeps_the_story_and_drops_page_furniture() -> None:
    story, sidebar = _articles("html_article.html")
    assert story.headline == "Floods cut off villages in northern Nigeria"
    assert story.byline == "Musa Bello"
    assert story.agency == "AFP"
    assert story.dateline is not None
    assert story.dateline.place == "Maiduguri, Nigeria"
    assert story.published_at == dt.datetime(2024, 9, 12, 6, 45, tzinfo=dt.UTC)
    assert story.captions == ("Residents wade through a flooded street in Maiduguri on Wednesday.",)
    assert len(story.paragraphs) == 5
    assert sidebar.headline == "Why the Alau dam matters"
    assert len(sidebar.paragraphs) == 2
    text = _all_text([story, sidebar])
    for furniture in (
        "tracking pixel", "ld json", "cookies", "World", "Facebook", "Editor's note",
        "Advertisement", "Aid stretched", "Dam warnings", "JavaScript", "comment",
        "All rights reserved", "Subscribe", "font-family", "Photo:",
    ):  # fmt: skip
        assert furniture not in text, furniture


def test_html_page_without_article_uses_main_and_judges_language_on_the_body() -> None:
    (story,) = _articles("html_no_article.html")
    assert story.headline == "Clashes on Armenia-Azerbaijan border kill three"
    assert story.agency == "Reuters"
    assert story.dateline is not None
    assert story.dateline.place == "Yerevan"
    assert story.published_at == dt.datetime(2023, 5, 14, 10, 32, tzinfo=dt.UTC)
    assert len(story.paragraphs) == 4
    for furniture in (
        "cookies",
        "Accueil",
        "Share",
        "newsletter",
        "Related",
        "Peace talks",
        "script",
    ):
        assert furniture not in story.text, furniture


@pytest.mark.parametrize(
    ("body", "place", "agency"),
    [
        ("BEIRUT (AFP) - Rebels shelled the town on Monday, monitors said.", "Beirut", "AFP"),
        ("(Reuters) - Rebels shelled the town on Monday, monitors said.", None, "Reuters"),
        ("KABUL -- Rebels shelled the town on Monday, monitors said.", "Kabul", "AFP"),
        (
            "NEW YORK, Oct 7 (AP) — Rebels shelled the town on Monday, monitors said.",
            "New York",
            "AP",
        ),
    ],
)
def test_inline_datelines(body: str, place: str | None, agency: str) -> None:
    (story,) = _articles_of(_raw(body))
    assert story.paragraphs == ("Rebels shelled the town on Monday, monitors said.",)
    assert (story.dateline.place if story.dateline else None) == place
    assert story.agency == agency


def _raw(body: str, **fields: object) -> object:
    from tests.normalize.cases import make_raw

    return make_raw(body, **fields)


def test_dateline_with_a_date_resolves_the_year_from_the_publication() -> None:
    raw = _raw(
        "NEW YORK, Dec 30 (AP) — Rebels shelled the town on Monday, monitors said.",
        published_at=dt.datetime(2016, 1, 2, tzinfo=dt.UTC),
    )
    (story,) = _articles_of(raw)
    assert story.dateline is not None
    assert story.dateline.date == dt.date(2015, 12, 30)


def test_html_line_breaks_inside_a_paragraph_do_not_cut_sentences() -> None:
    body = (
        "<html><body><article><p>Rebels shelled the town\n of Kafr Nabudah<br>on Monday, "
        "killing three people, monitors said.<br><br>The army said it had repelled the "
        "attack and killed several of the attackers.</p></article></body></html>"
    )
    (story,) = _articles_of(_raw(body, content_type="text/html"))
    assert story.paragraphs == (
        "Rebels shelled the town of Kafr Nabudah on Monday, killing three people, monitors said.",
        "The army said it had repelled the attack and killed several of the attackers.",
    )


def test_sidebar_in_another_language_is_left_out() -> None:
    body = (
        "BEIRUT (AFP) - Rebels shelled the town of Kafr Nabudah on Monday, killing three "
        "people and wounding a dozen more, a monitoring group said in a statement.\n"
        "The army said it had repelled an attack on its positions north of the town.\n\n"
        "Le point sur la situation dans le nord du pays\n"
        "Les combats se poursuivent depuis plusieurs semaines dans la province, selon des "
        "habitants qui ont fui vers la frontière avec leurs familles.\n"
    )
    articles = _articles_of(_raw(body))
    assert [a.kind for a in articles] == ["story"]
    assert "Les combats" not in articles[0].text


def test_feed_headline_repeated_at_the_top_of_the_body_is_not_a_paragraph() -> None:
    headline = "Rebels shell Kafr Nabudah, killing three, monitors say."
    body = f"{headline}\n\nRebels shelled the town of Kafr Nabudah on Monday, monitors said."
    (story,) = _articles_of(_raw(body, headline=headline))
    assert story.headline == headline
    assert story.paragraphs == (
        "Rebels shelled the town of Kafr Nabudah on Monday, monitors said.",
    )


def test_agency_sign_off_at_the_end_of_a_short_story_is_not_a_masthead() -> None:
    body = (
        "Rebels shelled the town of Kafr Nabudah on Monday, killing three people.\n"
        "The army said it had repelled the attack.\n"
        "AFP"
    )
    (story,) = _articles_of(_raw(body))
    assert story.paragraphs == (
        "Rebels shelled the town of Kafr Nabudah on Monday, killing three people.",
        "The army said it had repelled the attack.",
    )
    assert story.captions == ()


def test_sidebar_id_stays_valid_for_the_longest_parent_id() -> None:
    long_id = "a" * 200
    body = (
        "Rebels shelled the town of Kafr Nabudah on Monday, killing three people.\n\n"
        "Aid agencies warn of hunger in the north\n"
        "Aid agencies said food was running out in camps across the northern province."
    )
    story, sidebar = _articles_of(_raw(body, id=long_id))
    assert story.article_id == long_id
    assert sidebar.parent_id == long_id
    assert len(sidebar.article_id) == 200
    assert sidebar.article_id.endswith("#s1")


def test_section_label_and_read_time_above_the_headline_are_not_the_headline() -> None:
    body = (
        "World News | 3 min read\n\n"
        "Israeli strikes hit southern Lebanon as border clashes widen\n\n"
        "By Omar Khalil, Reuters\n"
        "March 5, 2024 10:32 AM GMT\n\n"
        "BEIRUT, March 5 (Reuters) - Israeli jets struck several villages in southern "
        "Lebanon on Tuesday, security sources said.\n"
        "Hezbollah said it had fired rockets at an Israeli army post in response.\n\n"
        "Reporting by Omar Khalil; Editing by Alex Richardson\n"
    )
    (story,) = _articles_of(_raw(body))
    assert story.headline == "Israeli strikes hit southern Lebanon as border clashes widen"
    assert story.byline == "Omar Khalil"
    assert story.agency == "Reuters"
    assert story.published_at == dt.datetime(2024, 3, 5, 10, 32, tzinfo=dt.UTC)
    assert story.dateline is not None
    assert (story.dateline.place, story.dateline.date) == ("Beirut", dt.date(2015, 3, 5))
    assert story.paragraphs == (
        "Israeli jets struck several villages in southern Lebanon on Tuesday, security "
        "sources said.",
        "Hezbollah said it had fired rockets at an Israeli army post in response.",
    )


def test_agency_tag_and_contributor_line_leave_the_body() -> None:
    body = (
        "Police fired tear gas at thousands of protesters in Dhaka on Sunday, witnesses "
        "said. (AFP)\n\n"
        "Some 20 people were injured in the clashes near the campus, a hospital official "
        "said.\n\n"
        "Associated Press writer Jane Roe contributed from London.\n"
    )
    (story,) = _articles_of(_raw(body, source="Feed"))
    assert story.agency == "AFP"
    assert story.paragraphs == (
        "Police fired tear gas at thousands of protesters in Dhaka on Sunday, witnesses said.",
        "Some 20 people were injured in the clashes near the campus, a hospital official said.",
    )


def test_classic_wire_slug_lines_and_colon_dateline() -> None:
    body = (
        "URGENT\n\n"
        "BC-Sahel-Attack,1st Ld-Writethru\n\n"
        "Gunmen kill soldiers in Niger border region\n\n"
        "NIAMEY: Gunmen killed at least five soldiers in an attack on a border post in "
        "western Niger on Friday, the defence ministry said.\n"
        "The ministry said reinforcements had been sent to the area.\n"
    )
    (story,) = _articles_of(_raw(body))
    assert story.headline == "Gunmen kill soldiers in Niger border region"
    assert story.dateline is not None
    assert story.dateline.place == "Niamey"
    assert story.paragraphs[0].startswith("Gunmen killed at least five soldiers")
    assert len(story.paragraphs) == 2


def test_html_factbox_inside_the_article_is_a_sidebar() -> None:
    body = (
        "<html><body><article><h1>Gunmen kill soldiers in Niger border region</h1>"
        "<p>Gunmen killed at least five soldiers in an attack on a border post in western "
        "Niger on Friday, the defence ministry said.</p>"
        "<div class='story-factbox'><h4>Attacks in the border region</h4>"
        "<p>Armed groups have carried out dozens of attacks on army posts in the region "
        "where Niger, Mali and Burkina Faso meet since the start of the year.</p>"
        "<p>Thousands of people have fled their villages, according to aid agencies.</p>"
        "</div><p>The ministry said reinforcements had been sent to the area.</p>"
        "</article></body></html>"
    )
    story, sidebar = _articles_of(_raw(body, content_type="text/html"))
    assert story.paragraphs[-1] == "The ministry said reinforcements had been sent to the area."
    assert len(story.paragraphs) == 2
    assert sidebar.headline == "Attacks in the border region"
    assert len(sidebar.paragraphs) == 2
