"""Finding a carrier or a category by the names people type (simulator/search.py)."""

import pytest

from carriers.catalog.loader import load_catalog
from simulator import answers
from simulator.search import (
    CONTAINED,
    EMPTY,
    EXACT,
    MAX_CHOICES,
    MAX_QUERY_LENGTH,
    NOTHING,
    PREFIX,
    Index,
    SearchForm,
    Target,
    normalise,
    search,
)

TMOBILE = Target("carrier", "t-mobile-us")
SMART = Target("carrier", "smart-ph")
AIRALO = Target("carrier", "airalo")
NOMAD = Target("carrier", "nomad")
CHINA_MOBILE = Target("carrier", "china-mobile")
US_ESIM = Target("category", "us-travel-esim")


@pytest.fixture
def index():
    """A small index written out by hand: the real names of a few carriers."""
    return Index.build(
        [
            (TMOBILE, ["TM卡", "T-M卡", "T~M卡", "T-Mobile", "tmobile", "美国TM卡", "T-Mobile US"]),
            (SMART, ["Smart卡", "Smart", "TNT", "Smart Communications", "smart-ph"]),
            (AIRALO, ["Airalo", "airalo"]),
            (NOMAD, ["Nomad eSIM", "Nomad"]),
            (CHINA_MOBILE, ["移动", "中国移动", "CMCC", "China Mobile"]),
            (Target("carrier", "id-mobile"), ["iD", "iD Mobile"]),
            (Target("carrier", "three-uk"), ["Three", "3UK", "3"]),
            (US_ESIM, ["美国E卡", "E卡", "US eSIM", "esim", "US travel eSIMs"]),
        ],
        parents={AIRALO: frozenset({US_ESIM}), NOMAD: frozenset({US_ESIM})},
    )


# --- normalising ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "TM卡",
        "tm卡",
        "T-M卡",
        "T~M卡",
        "T M卡",
        "Ｔ－Ｍ卡",
        "ｔｍ卡",
        "T·M卡",
        "T_M卡",
        "T・M卡",
        "T～M卡",
    ],
)
def test_every_spelling_of_tm_card_normalises_to_the_same_name(typed):
    assert normalise(typed) == "tm卡"


def test_normalising_drops_spaces_and_punctuation_but_keeps_letters_digits_and_chinese():
    assert normalise("  AT&T  ") == "att"
    assert normalise("3 UK") == "3uk"
    assert normalise("美国 E 卡？") == "美国e卡"
    assert normalise("~ - · _ ・ ！") == ""


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("TM卡", TMOBILE),
        ("T-M卡", TMOBILE),
        ("T~M卡", TMOBILE),
        ("tmobile", TMOBILE),
        ("T-Mobile", TMOBILE),
        ("T MOBILE", TMOBILE),
        ("Smart卡", SMART),
        ("美国E卡", US_ESIM),
        ("esim", US_ESIM),
        ("ESIM", US_ESIM),
    ],
)
def test_a_name_people_use_is_an_exact_match(index, typed, target):
    found = search(typed, index)
    assert (found.how, found.one) == (EXACT, target)


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("TM卡流量能累积吗", TMOBILE),
        ("T-M卡的流量可以结转吗？", TMOBILE),
        ("美国E卡流量能结转到下个月吗", US_ESIM),
        ("Smart卡流量累积", SMART),
        ("does t-mobile roll over unused data?", TMOBILE),
        ("Does my Smart data roll over", SMART),
        ("中国移动流量不清零吗", CHINA_MOBILE),
    ],
)
def test_a_whole_question_finds_the_name_inside_it(index, question, target):
    found = search(question, index)
    assert (found.how, found.one) == (CONTAINED, target)


def test_the_longest_name_inside_the_question_wins_over_a_name_inside_it(index):
    # "E卡" is inside "美国E卡", "移动" inside "中国移动": the longer name is the one meant.
    assert search("我的美国E卡怎么样", index).targets == (US_ESIM,)
    assert search("我的中国移动卡", index).targets == (CHINA_MOBILE,)


def test_a_carrier_named_beside_its_own_category_is_the_answer(index):
    assert search("airalo esim rollover", index).one == AIRALO
    assert search("Nomad eSIM data carry over", index).one == NOMAD  # "Nomad eSIM": exact alias


def test_two_carriers_named_in_one_question_are_both_offered_longest_name_first(index):
    found = search("TM卡和Smart卡哪个能累积", index)
    assert found.how == CONTAINED
    assert found.targets == (SMART, TMOBILE)
    assert found.one is None


def test_an_ascii_name_counts_only_as_a_whole_word(index):
    assert search("smartphone data rollover", index).how == NOTHING
    assert search("my android phone", index).how == NOTHING  # not "iD"
    assert search("my iD plan", index).one == Target("carrier", "id-mobile")


def test_a_one_character_name_matches_only_exactly(index):
    assert search("3", index).one == Target("carrier", "three-uk")
    assert search("plan 3 data", index).how == NOTHING


def test_the_start_of_a_name_finds_it(index):
    found = search("tmob", index)
    assert (found.how, found.one) == (PREFIX, TMOBILE)
    assert search("Smart Comm", index).one == SMART


def test_a_start_shared_by_several_names_offers_them_all():
    tellos = Index.build(
        [
            (TMOBILE, ["T-Mobile"]),
            (Target("carrier", "tello"), ["Tello"]),
            (Target("carrier", "telstra"), ["Telstra"]),
        ]
    )
    found = search("tel", tellos)
    assert found.how == PREFIX
    assert found.targets == (Target("carrier", "tello"), Target("carrier", "telstra"))


def test_one_letter_is_too_little_to_go_on(index):
    assert search("t", index).how == NOTHING


def test_a_name_shared_by_two_targets_offers_both():
    shared = Index.build([(TMOBILE, ["TM"]), (Target("carrier", "tm-other"), ["TM"])])
    found = search("tm", shared)
    assert found.how == EXACT
    assert found.targets == (TMOBILE, Target("carrier", "tm-other"))
    assert found.one is None


def test_too_many_matches_are_cut_to_a_short_list_saying_how_many_more():
    crowded = Index.build([(Target("carrier", f"tel-{i:02}"), [f"Tel {i:02}"]) for i in range(12)])
    found = search("tel", crowded)
    assert len(found.targets) == MAX_CHOICES
    assert found.more == 12 - MAX_CHOICES
    assert found.one is None


@pytest.mark.parametrize("typed", ["", "   ", "~~~", "-·_・", "？！"])
def test_an_empty_query_or_only_separators_is_empty_not_an_error(index, typed):
    found = search(typed, index)
    assert (found.how, found.targets) == (EMPTY, ())


@pytest.mark.parametrize("typed", ["xyz", "Vodafone", "流量", "\u200b\u200b", "🙂", "卡"])
def test_an_unknown_name_finds_nothing(index, typed):
    found = search(typed, index)
    assert found.how in (NOTHING, EMPTY)
    assert found.targets == ()


# --- the form -------------------------------------------------------------------------------


def test_the_form_refuses_a_very_long_query_with_a_message():
    form = SearchForm({"q": "TM卡" * MAX_QUERY_LENGTH})
    assert not form.is_valid()
    assert "too long to look up" in form.errors["q"][0]


def test_the_form_refuses_a_null_character():
    assert not SearchForm({"q": "TM\x00卡"}).is_valid()


def test_the_form_accepts_an_empty_query():
    form = SearchForm({"q": ""})
    assert form.is_valid()
    assert form.cleaned_data["q"] == ""


# --- on the real catalog --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("TM卡", TMOBILE),
        ("T-M卡", TMOBILE),
        ("T~M卡", TMOBILE),
        ("tmobile", TMOBILE),
        ("T-Mobile", TMOBILE),
        ("Smart卡", SMART),
        ("美国E卡", US_ESIM),
        ("esim", US_ESIM),
        ("TM卡流量能累积吗", TMOBILE),
        ("美国E卡流量能结转到下个月吗", US_ESIM),
        ("Smart卡流量累积", SMART),
        ("ＴＭ卡", TMOBILE),
        ("at&t", Target("carrier", "att-us")),
        ("ATT rollover", Target("carrier", "att-us")),
        ("中国联通流量能结转吗", Target("carrier", "china-unicom")),
        ("Airalo eSIM", AIRALO),
        ("nomad esim", NOMAD),
        ("美国旅行 eSIM", US_ESIM),
        ("US travel eSIMs", US_ESIM),
    ],
)
def test_the_starter_catalog_answers_the_names_people_type(typed, target):
    load_catalog()
    assert search(typed, answers.current().index).one == target
