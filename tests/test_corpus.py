"""Corpus mode: repeated lines across a site's pages, deterministic and order-free."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boilerplate.corpus import (
    LineCounter,
    RepeatedLines,
    _line_keys,
    _unicode_label,
    host_of,
    key_hashes,
    line_key,
    page_hashes,
    repeated_lines,
)
from boilerplate.text import EDGE_CHARS, is_blank

MENU = ["হোম", "জাতীয়", "আন্তর্জাতিক", "মন্তব্য করুন"]


STORIES = ["ঢাকায় আজ বৃষ্টি হয়েছে।", "নদীর পানি বেড়েছে।", "বাজারে চালের দাম কমেছে।", "নতুন সেতু খুলেছে।", "মেলা শুরু হলো।", "স্কুল ছুটি ঘোষণা।"]


def _page(i):
    return ["X", *MENU, "", STORIES[i % len(STORIES)], f"Copyright ২০{i:02d}"]


def test_site_chrome_repeats_and_article_text_does_not():
    pages = [_page(i) for i in range(5)]
    masks = repeated_lines(pages, ["site"] * 5)
    # X, the menu and the copyright line (its digits folded) repeat; the story does not.
    assert masks[0].tolist() == [True, True, True, True, True, False, True]


def test_groups_are_separate_and_none_means_no_group():
    pages = [_page(i) for i in range(6)]
    masks = repeated_lines(pages, ["a", "a", "a", "b", "b", None])
    assert masks[0].any() and not masks[3].any() and not masks[5].any()  # b has only two pages


def test_distinct_pages_count_once():
    same = _page(1)
    assert not any(m.any() for m in repeated_lines([same] * 10, ["a"] * 10))


def test_share_of_the_group():
    pages = [["menu", f"story {chr(97 + i)}"] for i in range(10)]
    pages[0] += ["rare"]
    pages[1] += ["rare"]
    pages[2] += ["rare"]
    masks = repeated_lines(pages, ["s"] * 10)
    assert masks[0].tolist() == [True, False, False]  # "rare" is on 3 of 10 pages, under half


@pytest.mark.parametrize("share, on", [(0.07, 7), (0.29, 29), (0.57, 57)])
def test_a_line_on_exactly_the_share_of_the_pages_is_repeated_and_one_page_fewer_is_not(share, on):
    # share * 100 is 7.000000000000001 in floating point, so 7 pages of 100 fell short of 7%.
    pages = [["story " + "i" * (i + 1)] + (["rare"] if i < on else []) for i in range(100)]  # digits would fold to one key
    assert repeated_lines(pages, ["s"] * 100, min_share=share)[0].tolist() == [False, True]
    pages[on - 1].remove("rare")
    assert repeated_lines(pages, ["s"] * 100, min_share=share)[0].tolist() == [False, False]


def test_a_line_on_half_the_pages_is_repeated_and_one_on_just_under_half_is_not():
    # The default share, at its edge: 25 of 50 pages is half; 25 of 51 is not.
    def pages(n):
        return [["story " + "i" * (i + 1)] + (["rare"] if i < 25 else []) for i in range(n)]

    assert repeated_lines(pages(50), ["s"] * 50)[0].tolist() == [False, True]
    assert repeated_lines(pages(51), ["s"] * 51)[0].tolist() == [False, False]


def test_order_of_pages_does_not_matter():
    pages = [_page(i) + [f"extra {i % 2}"] for i in range(9)]
    groups = ["a", "b", "c"] * 3
    base = repeated_lines(pages, groups)
    order = list(range(9))
    random.Random(0).shuffle(order)
    shuffled = repeated_lines([pages[i] for i in order], [groups[i] for i in order])
    for new, old in zip(shuffled, [base[i] for i in order]):
        assert new.tolist() == old.tolist()


def test_keys_fold_space_digits_and_case_but_keep_marks():
    assert line_key(" Read  MORE ") == line_key("read more")
    assert line_key("কি") != line_key("ক")  # the vowel sign stays


def test_a_line_in_either_unicode_normal_form_is_one_line():
    # ড় typed as one code point (U+09DC) or as ড and a nukta (as NFC writes it; see
    # dates._COMPOSED: pages often hold both), ো as one vowel sign or as its two halves,
    # é composed or decomposed: the same line, which counted as two or three lines.
    more = "আরও পড়ুন"
    spellings = [unicodedata.normalize("NFC", more), "আরও প\u09dcুন", unicodedata.normalize("NFD", more)]
    assert len(set(spellings)) == 2  # NFD and NFC spell U+09DC alike: the letter and the nukta
    assert line_key("কো") == line_key("কে\u09be") and line_key("Café") == line_key("Cafe\u0301")
    assert line_key("CAFE\u0301") == line_key("café")  # case folded in either form
    assert line_key("কি") != line_key("ক")  # still no mark stripped
    pages = [[spelling, f"story {name}"] for spelling, name in zip(spellings * 2, "abcdef")]
    assert [m.tolist() for m in repeated_lines(pages, ["site"] * 6)] == [[True, False]] * 6


def test_a_greek_letter_with_ypogegrammeni_and_a_mark_below_is_one_line_in_either_normal_form():
    # Why the canonical caseless match puts a text in NFD before it folds its case: folded as it stands, ᾀ̣ in
    # NFC gives α, psili, iota and then the dot below (on the iota); in NFD, α, dot below, psili, iota.
    text = "\u1f80\u0323"
    nfc, nfd_ = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc != nfd_ and line_key(nfc) == line_key(nfd_)


def test_a_page_with_no_group_adds_nothing_also_as_hashes():
    counter = LineCounter()
    for group in (None, float("nan")):
        counter.add_hashes(group, *page_hashes(["Home", "A story."]))
    assert (counter.pages, counter.groups) == (0, 0)


# Characters where the folding rules bite: white space of every kind, digits of several
# scripts, letters whose case folds to more than one character, marks (some that compose
# with the letter before them: é, ড়, ো, and the Greek iota that case folding moves), line breaks.
_TRICKY = st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200b09৩٣ßẞİΣςﬃaeZকিঁ\ud800\u0301\u0345\u09a1\u09bc\u09dc\u09c7\u09be"))


@given(st.lists(st.text(_TRICKY | st.characters(), max_size=30), max_size=8))
def test_keys_of_a_whole_page_are_the_keys_line_by_line(texts):
    def reference(line):  # the rule written plainly: one regex for space runs, one for digits, in NFD, then NFD again
        folded = re.sub(r"\d", "0", re.sub(r"\s+", " ", unicodedata.normalize("NFD", line).strip())).casefold()
        return unicodedata.normalize("NFD", folded)

    texts = [t.strip() for t in texts if t.strip()]  # the counter gets stripped non-blank lines
    assert [line_key(t) for t in texts] == [reference(t) for t in texts]
    assert _line_keys(texts) == [reference(t) for t in texts]


def test_a_page_given_as_one_str_is_refused_not_read_character_by_character():
    # A str is a sequence of str: each character was taken for a line of the page, and a
    # page of two lines came back with a mask of ten values, every one of them "repeated".
    pages = [f"Home\nStory {name}" for name in ("Ann", "Bob", "Cyd", "Dee")]
    assert [m.tolist() for m in repeated_lines([p.splitlines() for p in pages], ["a"] * 4)][0] == [True, False]
    message = r"takes a page's lines, not one str; pass text\.splitlines\(\)"
    with pytest.raises(TypeError, match=message):
        repeated_lines(pages, ["a"] * 4)
    with pytest.raises(TypeError, match=message):
        LineCounter().add("a", pages[0])
    with pytest.raises(TypeError, match=message):
        LineCounter().repeated().mask("a", pages[0])


def test_one_key_per_page_is_required():
    with pytest.raises(ValueError, match="one key per page"):
        repeated_lines([["a"]], [])
    with pytest.raises(ValueError, match=r"^1 pages but 2 group keys; give one key per page"):  # not zipped short
        repeated_lines([["a"]], ["x", "y"])


def test_a_bad_config_or_model_is_refused_before_corpus_mode_counts_anything(monkeypatch):
    import boilerplate.batch as batch
    from boilerplate import clean_many

    def count(*args, **kwargs):
        raise AssertionError("the counting pass ran")

    monkeypatch.setattr(batch, "repeated_lines", count)
    pages, hosts = ["Home\n\nA paragraph."] * 3, ["a.com"] * 3
    with pytest.raises(TypeError, match="^config= takes a Config"):
        clean_many(pages, group_by=hosts, config="strict")
    with pytest.raises(TypeError, match="^model= takes a loaded model, not a path"):
        clean_many(pages, group_by=hosts, model="models/")
    with pytest.raises(AssertionError, match="the counting pass ran"):  # and it runs for good ones
        clean_many(pages, group_by=hosts)


def test_no_pages_with_keys_or_a_bad_model_is_refused_as_for_some_pages():
    from boilerplate import clean_many

    # An exhausted generator of pages gave [], the keys' count unchecked.
    pages = (page for page in ["Home", "Menu"])
    list(pages)
    with pytest.raises(ValueError, match="^group_by has 2 keys for 0 pages; give one key per page"):
        clean_many(pages, group_by=["a.com", "b.com"])
    with pytest.raises(TypeError, match="^model= takes a loaded model, not a path"):
        clean_many([], model="models/boilerplate.joblib")
    assert clean_many([]) == [] and clean_many([], group_by=[]) == []


@pytest.mark.parametrize("key", [["a.com"], {"host": "a.com"}, ("a.com", ["x"])])
def test_a_key_that_cannot_be_a_key_is_named_by_its_page(key):
    from boilerplate import clean_many

    # It was TypeError: unhashable type: 'list', from inside the line counter.
    kind = type(key).__name__
    with pytest.raises(TypeError, match=rf"^group_by takes one key per page; the key of page 1 is a {kind}, which cannot"):
        clean_many(["Home", "Menu"], group_by=["a.com", key])


def test_a_key_whose_hash_fails_otherwise_is_named_by_its_page():
    import numpy as np

    from boilerplate import clean_many

    # NumPy's generic-unit timedelta64 refuses hash() with a ValueError, which
    # escaped as "Can't hash generic timedelta64", naming no page.
    with pytest.raises(TypeError, match=r"^group_by takes one key per page; the key of page 1 is a timedelta64, which cannot"):
        clean_many(["Home", "Menu"], group_by=["a.com", np.timedelta64(1)])


def test_clean_many_in_corpus_mode_drops_a_sites_repeated_lines():
    from boilerplate import clean_many

    from .conftest import LABELS

    # The site's promo below the article, written as a sentence (with a danda): the
    # shipped model keeps it, as the page's own text, on the page alone.
    seen = "কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন"
    promo = seen + "।"
    article = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    assert seen in article
    article = article.replace(seen, promo)
    assert promo in clean_many([article])[0]
    # Three more pages of the same site, each with its own story and the same promo.
    others = [f"শিরোনাম {name}\n\n{story} এই খবরটি আজ প্রকাশিত হয়েছে এবং বিস্তারিত পরে জানা যাবে।\n\n{promo}"
              for name, story in zip(("এক", "দুই", "তিন"), STORIES)]
    pages = [article, *others]
    grouped = clean_many(pages, group_by=["kalbela"] * 4)
    alone = clean_many(pages)
    assert promo in alone[0] and promo not in grouped[0]
    assert grouped[0] == alone[0].replace("\n\n" + promo, "")  # only the promo went
    # Order of the pages does not change any page's result.
    reordered = clean_many(pages[::-1], group_by=["kalbela"] * 4)
    assert reordered[::-1] == grouped
    with pytest.raises(ValueError, match="one key per page"):
        clean_many(pages, group_by=["kalbela"])


def test_a_repeated_line_between_two_paragraphs_is_not_filled_back_in(monkeypatch):
    # The fill pass makes one chrome line between two paragraphs body (a paragraph the
    # page broke mid-sentence): a site's prompt between the paragraphs of each of its
    # pages came back that way in corpus mode, chrome by its counts but body by the fill.
    # (The cohesion pass would drop this prompt alone too, as the article holds none of
    # its words: its checks of filled lines and headings are off here, where corpus mode
    # is tested.)
    from boilerplate import clean_many, cohesion

    monkeypatch.setattr(cohesion, "FILLED_MIN_SHARE", 0)
    monkeypatch.setattr(cohesion, "HEADING_MIN_SHARE", 0)

    promo = "আমাদের অ্যাপ নামিয়ে নিন"
    stories = [
        ("নদীর তীরে নতুন পাঠাগার", "গ্রামের তরুণেরা মিলে নদীর তীরে একটি ছোট পাঠাগার খুলেছেন এবং সেখানে এখন প্রায় পাঁচশো বই আছে।",
         "প্রতিদিন বিকেলে শিশুরা সেখানে পড়তে আসে এবং উদ্যোক্তারা জানান বইগুলো এসেছে গ্রামবাসীর দান থেকে।"),
        ("বাজারে সবজির দাম কমেছে", "শীতের শুরুতে শহরের বাজারগুলোতে সবজির সরবরাহ বেড়েছে এবং দাম আগের সপ্তাহের চেয়ে অনেক কমেছে।",
         "বিক্রেতারা বলছেন আগামী কয়েক সপ্তাহ দাম এমনই থাকবে বলে তাঁরা আশা করছেন এবং ক্রেতারাও খুশি।"),
        ("বৃষ্টিতে ডুবল নিচু এলাকা", "টানা দুই দিনের বৃষ্টিতে শহরের নিচু এলাকাগুলো পানিতে ডুবে গেছে এবং অনেক বাড়িতে পানি ঢুকেছে।",
         "সিটি করপোরেশন জানিয়েছে পানি সরাতে কাজ চলছে এবং কাল সকালের মধ্যে পরিস্থিতি স্বাভাবিক হবে।"),
        ("ক্রিকেট দলে নতুন মুখ", "আগামী সিরিজের জন্য ঘোষিত জাতীয় দলে তিনজন নতুন খেলোয়াড় জায়গা পেয়েছেন বলে বোর্ড জানিয়েছে।",
         "নির্বাচকেরা বলেছেন ঘরোয়া লিগে ভালো খেলার পুরস্কার হিসেবেই তাঁদের দলে নেওয়া হয়েছে এবার।"),
    ]
    pages = [f"প্রথম পাতা\n\n{title}\n\n{first}\n\n{promo}\n\n{second}\n\nযোগাযোগ" for title, first, second in stories]
    assert all(promo in article for article in clean_many(pages))  # alone, each page keeps it
    grouped = clean_many(pages, group_by=["site"] * len(pages))
    for (title, first, second), article in zip(stories, grouped):
        assert article == f"{title}\n\n{first}\n\n{second}"  # only the prompt went; the two paragraphs stay


def test_the_model_free_passes_take_repeated_lines_as_the_batch_path_does():
    # decide_from_probabilities(repeated=) reruns corpus mode without the model
    # (bench/corpus_mode.py does): a repeated line is chrome to the classify pass.
    from boilerplate.cleaner import decide_from_probabilities, decide_pages

    from .conftest import LABELS

    # Page 001 with its promo written as a sentence (with a danda), which the model keeps.
    seen = "কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন"
    promo = seen + "।"
    lines = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8").splitlines()
    assert lines.count(seen) == 1
    lines = [promo if line == seen else line for line in lines]
    plain = decide_pages([lines], None)[0]
    mask = np.array([lines[no - 1].strip() == promo for no in plain.line_nos])
    assert mask.sum() == 1 and plain.model_body[mask].all() and plain.body[mask].all()  # the model keeps it
    grouped = decide_pages([lines], None, repeated=[mask])[0]
    again = decide_from_probabilities(lines, plain.line_nos, plain.p_body, repeated=mask)
    assert not grouped.model_body[mask].any() and not grouped.body[mask].any()
    assert again.model_body.tolist() == grouped.model_body.tolist()
    assert again.body.tolist() == grouped.body.tolist()


@pytest.mark.parametrize("one_key", ["news.example", "abcdef", b"abcdef", bytearray(b"abcdef"), 7])
def test_group_by_refuses_one_key_for_all_pages(one_key):
    # A str is a sequence of characters: "news.example" was 12 keys ("has 12 keys for 6
    # pages"), and "abcdef" for six pages put each page in the group of one letter.
    from boilerplate import clean_many
    from boilerplate.batch import clean_pages

    kind = type(one_key).__name__
    message = rf"^group_by takes one key per page, not (one )?{kind}; pass a list of keys, e\.g\. the pages' host names\.$"
    for clean in (clean_many, clean_pages):
        with pytest.raises(TypeError, match=message):
            clean(_MENU_PAGES, group_by=one_key)
    assert clean_many(_MENU_PAGES, group_by=["news.example"] * 6)  # a key per page is fine


def test_group_by_refuses_a_dataframe_whose_column_names_would_be_the_keys():
    # frame[["host"]] for frame["host"]: iterated, a DataFrame gives its column names.
    # It was "group_by has 1 keys for 6 pages" for six pages, and for one page the
    # name "host" silently became its key.
    import pandas as pd

    from boilerplate import clean_many

    message = r"^group_by takes one key per page, not a DataFrame, whose column names would be the pages' keys; pass frame\[column\]\.$"
    with pytest.raises(TypeError, match=message):
        clean_many(_MENU_PAGES, group_by=pd.DataFrame({"host": ["news.example"] * 6}))
    with pytest.raises(TypeError, match=message):
        clean_many(_MENU_PAGES[:1], group_by=pd.DataFrame({"host": ["news.example"]}))
    assert clean_many(_MENU_PAGES, group_by=pd.DataFrame({"host": ["news.example"] * 6})["host"])


def test_keys_from_an_endless_iterator_are_read_one_past_the_pages():
    # group_by=itertools.repeat(host), "one group for all", was read to the end: it never
    # came, and the process filled its memory. One key more than pages is enough to refuse it.
    import itertools

    from boilerplate import clean_many

    def keys():
        yield from ["news.example"] * (len(_MENU_PAGES) + 1)
        raise AssertionError("the keys were read past one more than the pages")

    message = r"^group_by has more than 6 keys for 6 pages; give one key per page"
    with pytest.raises(ValueError, match=message):
        clean_many(_MENU_PAGES, group_by=keys())
    with pytest.raises(ValueError, match=message):
        clean_many(_MENU_PAGES, group_by=itertools.repeat("news.example"))
    assert clean_many(_MENU_PAGES, group_by=iter(["news.example"] * 6)) == clean_many(
        _MENU_PAGES, group_by=["news.example"] * 6
    )
    with pytest.raises(ValueError, match="^group_by has 5 keys for 6 pages"):
        clean_many(_MENU_PAGES, group_by=iter(["news.example"] * 5))


def test_a_key_count_of_one_is_said_in_the_singular():
    # Found by review: "group_by has 1 keys for 2 pages".
    from boilerplate import clean_many

    with pytest.raises(ValueError, match=r"^group_by has 1 key for 2 pages; give one key per page\.$"):
        clean_many(_MENU_PAGES[:2], group_by=["news.example"])
    with pytest.raises(ValueError, match=r"^group_by has 2 keys for 1 page; give one key per page\.$"):
        clean_many(_MENU_PAGES[:1], group_by=["news.example"] * 2)
    with pytest.raises(ValueError, match=r"^group_by has more than 1 keys? for 1 page; "):
        clean_many(_MENU_PAGES[:1], group_by=iter(["news.example"] * 3))


def test_key_and_page_counts_are_written_with_a_thousands_separator():
    # As the run's summary and progress bar write counts: "1,001 keys for 1,000 pages".
    from boilerplate import clean_many

    with pytest.raises(ValueError, match=r"^group_by has 1,001 keys for 1,000 pages; give one key per page\.$"):
        clean_many([""] * 1000, group_by=["news.example"] * 1001)
    with pytest.raises(ValueError, match=r"^group_by has more than 1,000 keys for 1,000 pages; "):
        clean_many([""] * 1000, group_by=iter(["news.example"] * 2000))


# The reviewer's case: six pages of one menu, each with its own story, and below it the
# site's prompt, written as a sentence: the model keeps it on a page alone.
_SIGNUP = "Sign up for our newsletter to get the best stories of the day in your inbox."
_MENU_PAGES = [
    "\n".join(["Home | World | Sport", "Contact us", "Subscribe",
               f"The story of {n} is told here at length, with many details about what happened to {n} today.", _SIGNUP])
    for n in ["Ann", "Bob", "Cyd", "Dee", "Eve", "Fay"]
]


@pytest.mark.parametrize(
    ("missing", "dtype"),
    [(None, "object"), (float("nan"), "object"), (None, "str"), (None, "string"), (float("nan"), "float64")],
)
def test_missing_keys_as_pandas_stores_them_mean_no_group(missing, dtype):
    import pandas as pd

    from boilerplate import clean_many

    alone = clean_many(_MENU_PAGES)
    assert _SIGNUP in alone[0]  # on its own a page keeps the prompt: the test can fail
    hosts = pd.Series([missing] * 6, dtype=dtype)
    assert clean_many(_MENU_PAGES, group_by=hosts) == alone
    # Half the pages with a host, half without: only the hosted ones lose their menu.
    mixed = pd.Series(["a.com", missing] * 3, dtype=dtype if dtype != "float64" else "object")
    cleaned = clean_many(_MENU_PAGES, group_by=mixed)
    assert [(_SIGNUP in page) for page in cleaned] == [False, True] * 3
    assert cleaned[1::2] == alone[1::2]


def test_every_missing_value_is_no_group():
    import numpy as np
    import pandas as pd

    from boilerplate.corpus import no_group

    pages = [_page(i) for i in range(4)]
    for missing in (None, float("nan"), np.nan, np.float32("nan"), pd.NA, pd.NaT, np.datetime64("NaT", "ns"), np.timedelta64("NaT", "ns")):
        assert no_group(missing)
        assert not any(m.any() for m in repeated_lines(pages, [missing] * 4)), missing
        counter = LineCounter()
        for page in pages:
            counter.add(missing, page)
        assert (counter.pages, counter.groups) == (0, 0)
        assert not counter.repeated().mask(missing, pages[0]).any()
    assert not any(no_group(key) for key in ("", 0, 0.0, "nan", "a.com", ("a", None)))


def test_missing_keys_of_a_pyarrow_column_mean_no_group():
    # A table's column as group_by (table["host"]): each null was a pyarrow scalar, all of
    # them equal, so every host-less page was pooled into one site and lost its prompt.
    pa = pytest.importorskip("pyarrow")
    from boilerplate import clean_many
    from boilerplate.corpus import no_group

    alone = clean_many(_MENU_PAGES)
    for hosts in (pa.array([None] * 6, pa.string()), pa.chunked_array([[None] * 3, [None] * 3], pa.large_string())):
        assert clean_many(_MENU_PAGES, group_by=hosts) == alone
    mixed = pa.chunked_array([["a.com", None, "a.com"], [None, "a.com", None]])
    assert [(_SIGNUP in page) for page in clean_many(_MENU_PAGES, group_by=mixed)] == [False, True] * 3
    assert no_group(pa.scalar(None, pa.string())) and no_group(pa.scalar(None)) and not no_group(pa.scalar(""))
    # As a page, a null is still a pyarrow value, told to_pylist(), not a missing value of pandas.
    with pytest.raises(TypeError, match=r"not StringScalar; a pyarrow value: pass column\.to_pylist\(\)"):
        clean_many([pa.scalar(None, pa.string())])


# --------------------------------------------------------------------------- the streaming counter


def _reference(pages, groups, min_pages=3, min_share=0.5):
    """Corpus mode written the plain way, on whole strings: what the hashed counter must give.
    Its lines are the cleaner's: blank as text.is_blank has it (white space, invisible and
    control characters), each taken without those at its ends."""
    distinct = {}
    for page, group in zip(pages, groups):
        if group is not None:
            texts = tuple(line.strip(EDGE_CHARS) for line in page if not is_blank(line))
            distinct.setdefault(group, {})[texts] = {line_key(t) for t in texts}
    repeated = {}
    for group, unique in distinct.items():
        counts = Counter(key for keys in unique.values() for key in keys)
        repeated[group] = {k for k, c in counts.items() if c >= max(min_pages, min_share * len(unique))}
    return [
        [line_key(line.strip(EDGE_CHARS)) in repeated.get(group, ()) for line in page if not is_blank(line)]
        for page, group in zip(pages, groups)
    ]


def _random_corpus(seed, n_pages=120):
    rng = random.Random(seed)
    vocabulary = [f"{word} {rng.choice(STORIES)} 20" for word in ("Home", "মেনু", "Sport", "শেয়ার", "Login", "X")]
    pages, groups = [], []
    # The last: a zero-width space at its end, which a page's line may carry and the cleaner strips.
    variants = [str, str.upper, lambda line: "  " + line.replace(" ", "  "), lambda line: line.replace("0", "৭"),
                lambda line: line + "\u200b"]
    for i in range(n_pages):
        # About 3.5 of 6 shared lines a page: near the threshold of half the pages.
        shared = [rng.choice(variants)(line) for line in rng.sample(vocabulary, rng.randint(1, 6))]
        story = "story " + "".join(rng.choice("abcdefghij") for _ in range(8))
        lines = shared + [story] + [" ", "", "\u200b", "\ufeff "][: rng.randint(0, 4)]  # blank lines, the last two invisible
        rng.shuffle(lines)
        pages.append(lines if rng.random() > 0.1 else pages[rng.randrange(len(pages))] if pages else lines)
        groups.append(rng.choice(["a", "b", "c", None]))
    return pages, groups


@pytest.mark.parametrize("buffer", [1, 7, 1 << 20])
def test_the_counter_matches_the_plain_count_whatever_its_buffer(monkeypatch, buffer):
    import boilerplate.corpus as corpus

    monkeypatch.setattr(corpus, "BUFFER_ENTRIES", buffer)  # 1 and 7: many merges of the sorted counts
    for seed in range(5):
        pages, groups = _random_corpus(seed)
        masks = repeated_lines(pages, groups)
        assert [m.tolist() for m in masks] == _reference(pages, groups)
        assert any(m.any() for m in masks)  # the corpus has repeated lines to find


def test_the_counter_does_not_depend_on_the_order_of_additions(monkeypatch):
    import boilerplate.corpus as corpus

    monkeypatch.setattr(corpus, "BUFFER_ENTRIES", 5)
    pages, groups = _random_corpus(11)
    results = []
    for seed in range(3):
        order = list(range(len(pages)))
        random.Random(seed).shuffle(order)
        counter = LineCounter()
        for i in order:
            counter.add(groups[i], pages[i])
        repeated = counter.repeated()
        results.append(({g: sorted(k) for g, k in repeated.keys.items()}, counter.pages, counter.groups))
    assert results[0] == results[1] == results[2]
    assert results[0][0]  # something repeats


def test_counts_by_distinct_page_and_thresholds():
    counter = LineCounter()
    for story in ("a", "b", "c", "d", "a"):
        counter.add("x.com", ["menu", "", f"story {story}"])
    counter.add(None, ["menu"])
    assert (counter.pages, counter.groups) == (4, 1)  # the repeated page and the page with no group do not count
    assert counter.repeated().mask("x.com", ["MENU", "story a"]).tolist() == [True, False]
    assert not counter.repeated(min_pages=5).mask("x.com", ["menu"]).any()  # four distinct pages only
    assert not counter.repeated(min_share=1.01).mask("x.com", ["menu"]).any()


def test_groups_that_share_a_line_are_counted_apart():
    # Each group's pages hold only the one line: sorted by group and key, the two
    # groups' entries for it lie side by side.
    pages = [["Share this"], ["SHARE THIS", ""], ["  share  this"], ["Share this "]]
    assert not any(m.any() for m in repeated_lines(pages, ["a", "a", "b", "b"]))  # two pages each
    masks = repeated_lines(pages + [["share this"]], ["a", "a", "b", "b", "a"])
    assert [m.tolist() for m in masks] == [[True], [True], [False], [False], [True]]


def test_repeated_lines_for_a_worker_hold_only_its_groups():
    counter = LineCounter()
    for group in ("a", "b"):
        for i in range(3):
            counter.add(group, [f"{group} menu", f"story {group}{i}"])
    repeated = counter.repeated()
    assert len(repeated) == 2
    part = repeated.only(["a", None, "z"])
    assert list(part.keys) == ["a"]
    assert part.mask("a", ["a menu"]).tolist() == [True] and not part.mask("b", ["b menu"]).any()


HOSTS = [
    ("https://www.prothomalo.com/bangladesh/abc", "prothomalo.com"),
    ("http://Prothomalo.COM./x?y=1#z", "prothomalo.com"),
    ("https://user:pw@news.example.org:8080/a", "news.example.org"),
    ("https://www.com/", "www.com"),  # a site called www.com keeps its name
    ("https://www2.example.org/", "www2.example.org"),
    ("//cdn.example.org/a", "cdn.example.org"),
    ("//cdn.example.org/<b>", "cdn.example.org"),  # ends in '>' but is in no brackets: read as it is
    ("https://[2001:db8::1]/a", "2001:db8::1"),
    ("https://বাংলা.example/পাতা", "বাংলা.example"),
    ("  https://a.example/ \n", "a.example"),
    ("https://a.example \n", "a.example"),  # urllib keeps the space in the host
    # In angle brackets, as wget writes WARC-Target-URI (the WARC specification's grammar for a URI).
    ("<https://www.Example.com/a>", "example.com"),
    ("<https://a.example >", "a.example"),  # the space inside the brackets is stripped too, as outside them
    (" <http://a.example/> \r\n", "a.example"),
    # An internationalized name is one host in any of its spellings: its xn-- form
    # (as crawlers often store it), upper case, decomposed, full width.
    ("https://xn--54b7fta0cc.example/পাতা", "বাংলা.example"),
    ("https://www.XN--Bcher-kva.de/", "bücher.de"),
    ("https://BU\u0308CHER.de/", "bücher.de"),
    ("https://\u09dc.example/", "\u09a1\u09bc.example"),  # ড়, which NFC writes as ড + nukta, as IDNA does
    ("https://xn--15b8c.example/", "\u09a1\u09bc.example"),
    ("https://ｗｗｗ．Ｅｘａｍｐｌｅ。com/", "example.com"),
    ("https://xn--bucher-xyd.de/", "bücher.de"),  # xn-- of a decomposed ü: NFKC after decoding
    ("https://xn--q7b.example/", "\u09a1\u09bc.example"),  # xn-- of U+09DC itself
    ("https://xn--54b7fta0cc\uff0eexample/", "বাংলা.example"),  # a full-width dot before an xn-- label ends it
    ("https://example\uff61com/", "example.com"),  # a half-width ideographic full stop
    ("https://xn--abc-.example/", "xn--abc-.example"),  # decodes to ASCII: not an IDNA label, kept
    ("https://xn--zz.example/", "xn--zz.example"),  # not Punycode: kept
    ("https://\u210c.example/", "h.example"),  # a letter lower() leaves as it is, and NFKC makes a capital H
    ("<https://a.example/a", None),  # a bracket opened but not closed: read as it is, and urllib finds no scheme
    ("example.com/page", None),  # no scheme: urllib finds no host
    ("https://[::1/a", None),  # unparsable
    ("https://./", None),  # a host of only its trailing dot
    ("mailto:someone@example.org", None),
    ("", None),
    (None, None),
    (42, None),
    (["https://a.example/"], None),
]


@pytest.mark.parametrize("url, host", HOSTS)
def test_host_of(url, host):
    assert host_of(url) == host


def test_clean_pages_with_counts_from_a_larger_corpus():
    """What each worker of --group-by does: clean a few pages with the counts of all pages."""
    from boilerplate.batch import clean_pages

    promo = "আমাদের ফেসবুক পেজে লাইক দিন এবং সর্বশেষ সংবাদ পেতে নিয়মিত আমাদের ওয়েবসাইট পড়ুন।"  # a sentence
    sentence = "আজ সকাল থেকে ভারী বৃষ্টি হয়েছে এবং শহরের অনেক রাস্তায় পানি জমে গেছে বলে জানা গেছে।"
    places = ["ঢাকায়", "সিলেটে", "খুলনায়", "রংপুরে", "যশোরে", "বগুড়ায়"]
    pages = [f"{place} আজকের খবর\n\n{place} {sentence}\n\n{place} আবারও {sentence}\n\n{promo}" for place in places]
    groups = ["a", "a", "a", "b", "b", None]
    counter = LineCounter()
    for page, group in zip(pages, groups):
        counter.add(group, page.splitlines())
    repeated = counter.repeated()
    whole = clean_pages(pages, group_by=groups)
    plain = clean_pages(pages)
    assert [promo in r.text for r in plain] == [True] * 6  # the model keeps the prompt…
    assert [promo in r.text for r in whole] == [False, False, False, True, True, True]  # …a's three pages lose it
    for i in range(6):  # page by page, each with the whole corpus' counts
        assert clean_pages([pages[i]], group_by=[groups[i]], repeated=repeated.only([groups[i]])) == [whole[i]]
    with pytest.raises(ValueError, match="need group_by"):
        clean_pages(pages, repeated=repeated)


def test_pages_and_keys_given_as_series_with_different_indexes_are_refused():
    # clean_many pairs pages and keys by position. Given two Series, pandas users expect
    # them paired by label: a key column sorted, filtered or taken from another frame
    # silently gave pages other pages' sites (here, page 0 was cleaned in no group).
    import pandas as pd

    from boilerplate import clean_many

    frame = pd.DataFrame({"text": _MENU_PAGES, "host": ["a.example"] * 4 + [None] * 2, "day": [6, 5, 4, 3, 2, 1]})
    by_day = frame.sort_values("day")
    message = (
        r"^the pages and group_by are pandas Series with different indexes; clean_many pairs them by position, "
        r"not by label: pass group_by=keys\.reindex\(pages\.index\) to pair them by label, or keys\.tolist\(\) by position\.$"
    )
    with pytest.raises(ValueError, match=message):
        clean_many(frame["text"], group_by=by_day["host"])
    with pytest.raises(ValueError, match=message):
        clean_many(frame["text"], group_by=frame["host"].iloc[::-1])
    expected = clean_many(_MENU_PAGES, group_by=frame["host"].tolist())
    assert expected != clean_many(_MENU_PAGES)  # the keys matter
    assert clean_many(frame["text"], group_by=frame["host"]) == expected
    assert clean_many(frame["text"], group_by=by_day["host"].reindex(frame.index)) == expected
    assert clean_many(by_day["text"], group_by=by_day["host"]) == [expected[i] for i in by_day.index]
    assert clean_many(frame["text"], group_by=frame["host"].tolist()) == expected  # a list pairs by position


@pytest.mark.parametrize("unordered", [set, frozenset])
def test_a_set_of_keys_or_of_pages_is_refused_in_corpus_mode(unordered):
    # Pages and keys are paired by position, and a set has none: a set of str is
    # iterated in another order in each process, so pages got other pages' keys,
    # differently on every run, without a word.
    from boilerplate import clean_many

    hosts = [f"{i}.example" for i in range(len(_MENU_PAGES))]
    message = (
        r"^{what} a {kind}, which has no order, and clean_many pairs pages and keys by position; "
        r"pass both as lists in the same order, one key for each page\.$"
    )
    kind = unordered.__name__
    with pytest.raises(TypeError, match=message.format(what="group_by is", kind=kind)):
        clean_many(_MENU_PAGES, group_by=unordered(hosts))
    with pytest.raises(TypeError, match=message.format(what="the pages are", kind=kind)):
        clean_many(unordered(_MENU_PAGES), group_by=hosts)
    pages = unordered(_MENU_PAGES)
    assert clean_many(pages) == clean_many(list(pages))  # without keys, the order is the set's own: nothing to pair
    assert clean_many(_MENU_PAGES, group_by=hosts) == clean_many(_MENU_PAGES)  # a key per page, each its own group


def test_clean_series_takes_group_by_as_clean_many_does():
    # A DataFrame of pages and their hosts: the corpus mode of clean_many, for a column.
    import pandas as pd

    from boilerplate import clean_many, clean_series

    frame = pd.DataFrame({"text": _MENU_PAGES, "host": ["a.example"] * 4 + [None] * 2}, index=[10, 11, 12, 13, 14, 15])
    expected = clean_many(_MENU_PAGES, group_by=frame["host"].tolist())
    assert expected != clean_many(_MENU_PAGES)  # the keys matter
    out = clean_series(frame["text"], group_by=frame["host"])
    assert out.tolist() == expected and out.index.tolist() == frame.index.tolist() and out.name == "text"
    assert clean_series(frame["text"], group_by=frame["host"].tolist()).tolist() == expected  # a list, by position
    assert clean_series(frame["text"]).tolist() == clean_many(_MENU_PAGES)
    message = (
        r"^clean_series\(\): the pages and group_by have different indexes, and keys are paired with pages by "
        r"position: pass group_by=keys\.reindex\(series\.index\) to pair them by label, or keys\.tolist\(\) by position\.$"
    )
    with pytest.raises(ValueError, match=message):
        clean_series(frame["text"], group_by=frame["host"].iloc[::-1])
    with pytest.raises(ValueError, match=message):
        clean_series(frame["text"], group_by=frame["host"].reset_index(drop=True))
    assert clean_series(frame["text"], group_by=frame["host"].iloc[::-1].reindex(frame.index)).tolist() == expected
    with pytest.raises(ValueError, match="^group_by has 1 key for 6 pages; give one key per page"):
        clean_series(frame["text"], group_by=["a.example"])


def test_a_long_run_of_marks_out_of_order_never_reaches_unicodedata_whole(monkeypatch):
    # CPython's unicodedata.normalize puts combining marks in canonical order by insertion
    # sort: a run of marks above followed by marks below (Zalgo text, or a page built to
    # stall a crawl) took its length squared, some 4 s for a line of 64,000 marks and
    # minutes for a 1 MB line, in corpus mode's key of every line. No call may be given
    # more than a short run of them; the key is the same as NFD's.
    longest = []
    normalize = unicodedata.normalize

    def spy(form, text):
        runs = re.findall("[\u0300-\u036f]+", text)
        longest.append(max(map(len, runs), default=0))
        return normalize(form, text)

    line = "Zalgo " + "a" + "\u0301" * 3000 + "\u0316" * 3000 + " end"
    expected = normalize("NFD", normalize("NFD", line).casefold())
    monkeypatch.setattr(unicodedata, "normalize", spy)
    assert line_key(line) == expected
    assert _line_keys(["Home", line]) == [line_key("Home"), expected]
    assert longest and max(longest) < 100


# Marks of several combining classes (above 230, below 220, iota subscript 240, nukta 7,
# Hebrew points, a double mark 234), marks that decompose into two (U+0344, the Tibetan
# U+0F73, a mark of its own class 0 decomposing into marks), letters that decompose into a
# letter and marks (é, ǖ, Ḕ), Hangul, and letters that do not.
_MARKS = st.sampled_from(list("\u0301\u0316\u0345\u09bc\u05b4\u05c1\u035c\u0344\u0f73\u0f71\u0f72\u0f81\u0340\u1dce\U0001d167éǖḔ가aক \ud800"))


@given(st.lists(st.text(_MARKS, min_size=0, max_size=120), max_size=4).map("".join))
def test_nfd_is_unicodedatas_nfd_also_for_long_runs_of_marks(text):
    from boilerplate.text import nfd

    assert nfd(text) == unicodedata.normalize("NFD", text)
    runs = "a" + "\u0301\u0f73" * 40 + "é" + "\u0316" * 40 + "\u0344" * 40
    assert nfd(text + runs + text) == unicodedata.normalize("NFD", text + runs + text)


def test_nfd_orders_the_marks_between_the_letters_of_a_long_run_beyond_the_bmp():
    # nfd: "a run of other characters is ordered right too": characters beyond the BMP
    # (here Han of Extension B) join a run of marks, and each letter's marks are ordered
    # (U+0316 below, class 220, before U+0301 above, 230), not only the run's last.
    from boilerplate.text import MARK_RUN, nfd

    text = ("\U00020000\u0301\u0316" * MARK_RUN) + " end"
    assert nfd(text) == unicodedata.normalize("NFD", text)


def test_repeated_lines_applies_its_thresholds():
    # "menu" on all four pages, "rare" on three of them
    pages = [["menu", f"story {chr(97 + i)}"] + (["rare"] if i < 3 else []) for i in range(4)]
    assert repeated_lines(pages, ["s"] * 4)[0].tolist() == [True, False, True]
    assert repeated_lines(pages, ["s"] * 4, min_pages=4)[0].tolist() == [True, False, False]
    assert repeated_lines(pages, ["s"] * 4, min_share=0.9)[0].tolist() == [True, False, False]
    assert repeated_lines(pages[:2], ["s"] * 2, min_pages=2)[0].tolist() == [True, False, True]


def test_a_line_with_a_lone_surrogate_is_counted():
    # surrogateescape decoding or a JSON "\\ud800" escape leaves lone surrogates in a page
    pages = [["Home \ud800 | \udcff World", f"story {chr(97 + i)}"] for i in range(3)]
    assert [m.tolist() for m in repeated_lines(pages, ["s"] * 3)] == [[True, False]] * 3


def test_lines_that_differ_only_in_their_lone_surrogate_are_two_lines():
    # Encoded with errors="replace", every lone surrogate would be one "?": two lines would count as one.
    assert key_hashes(["Home \ud800"]) != key_hashes(["Home \udfff"])
    pages = [["Home \ud800", "story a"], ["Home \ud800", "story b"], ["Home \udfff", "story c"], ["Home \udfff", "story d"]]
    assert not any(m.any() for m in repeated_lines(pages, ["s"] * 4))  # each on two pages of four
    counter = LineCounter()
    counter.add("s", ["Home \ud800"])
    counter.add("s", ["Home \udfff"])
    assert counter.pages == 2


def test_pages_whose_lines_differ_only_in_where_they_break_are_two_pages():
    counter = LineCounter()
    counter.add("s", ["Home | World", "Story"])
    counter.add("s", ["Home | WorldStory"])
    counter.add("s", ["Home | Worl", "dStory"])
    assert counter.pages == 3
    assert page_hashes(["ab", "c"])[0] != page_hashes(["a", "bc"])[0]


def test_a_counter_holds_its_entries_in_the_buffer_until_it_merges_them():
    # 12 bytes a buffered entry (a group id and a key hash), 16 a merged row (and its count)
    counter = LineCounter()
    counter.add("s", ["Home", "World", "Sport"])
    assert counter.nbytes() == 3 * 12
    counter.repeated()
    assert counter.nbytes() == 3 * 16


def test_the_buffer_grows_with_the_counts_so_merges_are_few(monkeypatch):
    # A merge sorts everything held: merging every BUFFER_ENTRIES entries whatever the
    # size of the counts would make the pass quadratic. With a buffer of one entry and
    # one new key a page, the counts double from merge to merge.
    import boilerplate.corpus as corpus

    monkeypatch.setattr(corpus, "BUFFER_ENTRIES", 1)
    merges = []
    merge = LineCounter._merge
    monkeypatch.setattr(LineCounter, "_merge", lambda self: merges.append(1) or merge(self))
    counter = LineCounter()
    for i in range(1024):
        counter.add("s", ["story " + "i" * (i + 1)])
    assert len(merges) <= 11  # at 0, 1, 2, 4, … 512 rows held; a merge per page would be 1024


def test_a_key_of_no_group_in_repeated_lines_is_never_used():
    rep = RepeatedLines({None: frozenset(key_hashes(["Home"])), "a": frozenset(key_hashes(["Home"]))})
    assert rep.mask(None, ["Home"]).tolist() == [False] and rep.mask("a", ["Home"]).tolist() == [True]
    assert list(rep.only([None, "a"]).keys) == ["a"]


def test_an_xn_label_in_upper_case_is_decoded():
    assert _unicode_label("XN--54B7FTA0CC") == _unicode_label("xn--54b7fta0cc") == "বাংলা"
