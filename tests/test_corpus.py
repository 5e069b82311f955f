"""Corpus mode: repeated lines across a site's pages, deterministic and order-free."""

from __future__ import annotations

import random

import pytest

from boilerplate.corpus import line_key, repeated_lines

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


def test_one_key_per_page_is_required():
    with pytest.raises(ValueError, match="one key per page"):
        repeated_lines([["a"]], [])


def test_clean_many_in_corpus_mode_drops_a_sites_repeated_lines():
    from boilerplate import clean_many

    from .conftest import LABELS

    article = (LABELS / "pages" / "001_2e830d144a0854b1.txt").read_text(encoding="utf-8")
    promo = "কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন"
    assert promo in clean_many([article])[0]  # the shipped model keeps it (a strict xfail in test_cleaner)
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
