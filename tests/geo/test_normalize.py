from pipeline.geo.normalize import is_mostly_latin, name_key, skeleton_key


def test_transliterations_of_one_town_share_a_skeleton() -> None:
    names = ["Maaret al-Naaman", "Maarat al-Numan", "Ma'arrat al-Nu'man", "Ma‘arrat an Nu‘mān"]
    assert {skeleton_key(n) for n in names} == {"mrt nmn"}


def test_name_key_drops_articles_apostrophes_and_accents() -> None:
    assert [name_key(n) for n in ["Deir ez-Zor", "Al Ḩasakah", "the Gaza Strip", "Sana'a"]] == [
        "deir zor",
        "hasakah",
        "gaza strip",
        "sanaa",
    ]


def test_article_only_name_is_kept() -> None:
    assert name_key("Al") == "al"


def test_ta_marbuta_and_doubled_letters_fold() -> None:
    assert skeleton_key("Raqqah") == skeleton_key("Raqqa")


def test_latin_script_detection() -> None:
    assert [is_mostly_latin(t) for t in ["Aleppo", "حلب", "Київ", "Ḩalab", "123"]] == [
        True,
        False,
        False,
        True,
        False,
    ]
