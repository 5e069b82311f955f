"""The headline pass: words, their keys, and the line it takes above the article."""

from __future__ import annotations

import random
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerplate import chars as C
from boilerplate import headline
from boilerplate import clean, clean_many, explain
from boilerplate.cleaner import decide_from_probabilities
from boilerplate.headline import (
    HEADLINE_MIN_SHARE,
    HEADLINE_MIN_WORDS,
    HEADLINE_WINDOW,
    LEAD_CHARS,
    WEIGHT_UNITS,
    _log_units,
    _word_keys,
    headline_lines,
    words,
)

from .conftest import readme_section

# Latin, Greek (final sigma too) and Adlam (a cased script beyond U+FFFF) in both
# cases, Bengali letters and vowel signs, Han and kana, Thai letters and marks, digits,
# punctuation, white space, invisible format characters (soft hyphen, zero-width joiner,
# direction mark, a language tag beyond U+FFFF) and an emoji beyond the Basic Multilingual Plane.
ALPHABET = "aAbBsS" + "ΣσςΑα" + "\U0001e900\U0001e922" + "কখমা ি ্" + "東京都でのア" + "กขั่" + "0129" + ".,’“”:-!?/()&" + " \u00a0\t" + "\u00ad\u200d\u200f\U000e0001" + "\U0001f600"
LEAD = "Heavy rain flooded the streets of the capital on Monday, and the city shut its schools."


def _keys(text: str) -> set[int]:
    return set(_word_keys(C.encode([text]))[1].tolist())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, max_size=40))
def test_the_batch_keys_find_the_words_the_readable_rule_finds(a, b):
    # one key per distinct word, and two texts share as many keys as they share words
    assert len(_keys(a)) == len(words(a))
    assert len(_keys(a) & _keys(b)) == len(words(a) & words(b))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=6))
def test_a_lines_word_keys_do_not_depend_on_the_lines_beside_it(lines):
    line_of, keys = _word_keys(C.encode(lines))
    for i, line in enumerate(lines):
        assert sorted(keys[line_of == i].tolist()) == sorted(_word_keys(C.encode([line]))[1].tolist())


def test_words_keep_combining_marks_and_pair_letters_of_unspaced_scripts():
    assert words("রাজধানীতে বৃষ্টি।") == {"রাজধানীতে", "বৃষ্টি"}
    assert words("Oman’s U.S. VIEW") == {"oman", "s", "u", "view"}
    assert words("東京都で") == {"東京", "京都", "都で"}
    assert words("ฝนตก") == {"ฝน", "นต", "ตก"}
    assert words("雨 · ক") == {"雨", "ক"}  # a letter alone is a word
    assert words("\u0301\u0301 ...") == set()  # marks alone are none


def test_invisible_format_characters_do_not_part_or_change_a_word():
    # A soft hyphen (a news site's break hint in a long compound), a direction mark, a
    # zero-width joiner or non-joiner: the same word with them or without, in the
    # readable rule and in the keys alike.
    for marked, plain in [
        ("Bundes\u00adregierung beschlie\u00dft", "bundesregierung beschlie\u00dft"),
        ("\u05d2\u05e9\u05dd\u200f \u05db\u05d1\u05d3", "\u05d2\u05e9\u05dd \u05db\u05d1\u05d3"),
        ("\u09b0\u200d\u09cd\u09af\u09be\u09ac", "\u09b0\u09cd\u09af\u09be\u09ac"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645"),
        # A variation selector, a mark that only picks a glyph: Mongolian's free variation
        # selectors, and the others (text.VARIATION_SELECTOR_RANGES).
        ("\u1828\u1820\u1822\u182e\u1820\u180b \u1828\u1820\u180f", "\u1828\u1820\u1822\u182e\u1820 \u1828\u1820"),
        ("ab\U000e0100cd ef\ufe0egh", "abcd efgh"),
    ]:
        assert words(marked) == words(plain)
        assert _keys(marked) == _keys(plain)
    assert words("\u200b\u00ad \u200f") == set()  # format characters alone are no word
    assert words("ab\u200bcd") == {"abcd"}
    # a headline whose long word holds a soft hyphen is still found in the lead
    headline = "Bundes\u00adregierung beschlie\u00dft neues Klimagesetz"
    lead = "Die Bundesregierung hat am Montag ein neues Klimagesetz beschlossen, das ab Januar gilt."
    assert headline_lines(*_page(["Startseite", headline, "Teilen", lead], 3)).nonzero()[0].tolist() == [1]


def test_words_are_compared_in_lower_case_beyond_the_basic_multilingual_plane_and_with_final_sigma():
    # Adlam (Fulani), a cased script beyond U+FFFF: a capital starts a headline's words
    assert words("\U0001e900\U0001e923\U0001e924") == words("\U0001e922\U0001e923\U0001e924")
    assert _keys("\U0001e900\U0001e923\U0001e924") == _keys("\U0001e922\U0001e923\U0001e924")
    # Greek in capitals: \u03a3 is \u03c3 in lower case, and \u03c2 at a word's end
    assert words("\u03a4\u0397\u03a3 \u0391\u0398\u0397\u039d\u0391\u03a3") == words("\u03c4\u03b7\u03c2 \u03b1\u03b8\u03b7\u03bd\u03b1\u03c2")
    assert _keys("\u03a4\u0397\u03a3") == _keys("\u03c4\u03b7\u03c2")
    assert "\u03a4\u0397\u03a3".lower() == "\u03c4\u03b7\u03c2"


def _page(lines: list[str], first_body: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    n = len(lines)
    body = np.arange(n) >= first_body
    first = np.zeros(n, dtype=bool)
    first[0] = True
    return lines, body, first, np.ones(n, dtype=bool)


def test_the_headline_above_a_byline_and_a_date_is_taken_and_a_related_headline_is_not():
    lines = [
        "Sport scores for the weekend",
        "Heavy rain floods the capital",
        "Markets fall as rain hits the harvest",  # a related headline: one word in common
        "By a staff reporter",
        "Monday 6 May 2024",
        LEAD,
        "The storm is to move east on Tuesday.",
    ]
    assert headline_lines(*_page(lines, 5)).nonzero()[0].tolist() == [1]


def test_no_headline_when_no_line_holds_enough_of_the_leads_words():
    lines = ["Sport scores for the weekend", "Markets fall as prices hit the harvest", "By a staff reporter", LEAD]
    assert not headline_lines(*_page(lines, 3)).any()
    # a line holding four of its five words in the lead, most of its weight, is taken
    lines[1] = "Heavy rain floods the capital"
    assert headline_lines(*_page(lines, 3)).nonzero()[0].tolist() == [1]


def test_the_share_is_of_the_words_weight_not_of_their_number():
    # "the" and "of" are in all four texts compared, so they weigh little (log 5/4, against
    # log 5/2 for "rain" and log 5 for the others): under a third of the candidate's weight
    # is found in the lead, though 3 of its 5 words are.
    lines = ["the of the of x", "the rain of floods y", "the of z", "the of rain and the of wind"]
    n = len(lines)
    taken = headline_lines(lines, np.arange(n) == 3, np.arange(n) == 0, np.ones(n, bool))
    assert not taken.any()
    assert HEADLINE_MIN_SHARE > 1 / 3


def test_only_lines_within_the_window_above_the_first_kept_line_are_candidates():
    headline = "Heavy rain floods the capital"
    filler = [f"Menu item {k}" for k in range(HEADLINE_WINDOW)]
    assert headline_lines(*_page([headline] + filler + [LEAD], HEADLINE_WINDOW + 1)).sum() == 0
    assert headline_lines(*_page(filler[1:] + [headline, LEAD], HEADLINE_WINDOW)).nonzero()[0].tolist() == [
        HEADLINE_WINDOW - 1
    ]
    # nothing below the article's start, nor on a page with no kept line
    lines = [LEAD, headline]
    assert not headline_lines(*_page(lines, 0)).any()
    assert not headline_lines(lines, np.zeros(2, bool), np.array([True, False]), np.ones(2, bool)).any()


def test_short_or_ineligible_lines_are_not_taken_and_the_earliest_wins_a_tie():
    # every word found in the lead, but one word too few
    short = " ".join(["heavy", "rain", "flooded", "streets", "capital"][: HEADLINE_MIN_WORDS - 1])
    assert not headline_lines(*_page([short, LEAD], 1)).any()
    assert headline_lines(*_page([short + " monday", LEAD], 1)).any()
    lines, body, first, eligible = _page(["Heavy rain floods the capital", LEAD], 1)
    eligible[0] = False
    assert not headline_lines(lines, body, first, eligible).any()
    # two lines of different words that weigh the same: five found in the lead, one not
    tied = ["heavy rain city streets capital floods", "monday shut schools flooded its storm"]
    assert headline_lines(*_page(tied + [LEAD], 2)).nonzero()[0].tolist() == [0]
    assert headline_lines(*_page(tied[::-1] + [LEAD], 2)).nonzero()[0].tolist() == [0]


def test_the_lead_is_the_start_of_the_first_kept_line():
    headline = "Volcano ash grounds flights"
    late = "x " * LEAD_CHARS + "A volcano's ash grounds flights across the north."
    assert not headline_lines(*_page([headline, late], 1)).any()
    assert headline_lines(*_page([headline, late[2 * LEAD_CHARS :]], 1)).any()


def test_the_lead_of_a_hard_wrapped_paragraph_is_the_paragraph_not_its_first_line():
    # The lines of a hard-wrapped paragraph are featurized as the one line they were
    # before wrapping; so is the lead: its first line holds none of the headline's words.
    lead = (
        "On Monday morning, as the first trains left the main station, officials said that heavy rain had "
        "flooded the streets of the capital overnight and that schools would stay shut until the water went down."
    )
    later = "The storm is to move east on Tuesday, forecasters said, and more rain is due later in the week."
    top = ["Home | World | Sport", "Heavy rain floods the capital", "Share the story", "By a staff reporter"]
    taken = []
    for paragraph in ([lead], textwrap.wrap(lead, 64)):
        lines = top + [""] + paragraph + ["", later]
        line_nos = [no for no, line in enumerate(lines, 1) if line]
        p = np.array([0.01] * len(top) + [0.95] * (len(line_nos) - len(top)))
        taken.append(decide_from_probabilities(lines, line_nos, p).body[: len(top)].tolist())
    assert len(textwrap.wrap(lead, 64)) > 2 and not words(textwrap.wrap(lead, 64)[0]) & words(top[1]) - {"the"}
    assert taken == [[False, True, False, False]] * 2
    # headline_lines given the paragraphs' first lines (unit_start): the lead runs on to
    # its paragraph's end, a space between lines, up to LEAD_CHARS characters; the second
    # page, whose lead is the first line alone, takes no headline
    wrapped = textwrap.wrap(lead, 64)
    texts = top + wrapped + top + wrapped[:1]
    n = len(texts)
    k = len(top) + len(wrapped)
    body = (np.arange(n) >= len(top)) & (np.arange(n) < k) | (np.arange(n) >= k + len(top))
    first = (np.arange(n) == 0) | (np.arange(n) == k)
    unit_start = np.ones(n, dtype=bool)
    unit_start[len(top) + 1 : k] = False
    assert headline_lines(texts, body, first, np.ones(n, bool), unit_start).nonzero()[0].tolist() == [1]
    assert not headline_lines(texts, body, first, np.ones(n, bool)).any()


def test_many_pages_at_once_give_each_page_its_result_alone():
    # Pages of short words (single letters and digits, whose hashes are small numbers
    # like a page's index) in one batch: a word of one page must never count as
    # another page's. Keys that mixed in the page's index carelessly made "2" on one
    # page and "s" on another one word, and changed which line some pages took.
    rng = random.Random(3)
    vocab = list("abcdefghijklmnopqrstuvwxyz0123456789") + ["rain", "storm", "city", "vote", "team"]
    pages = []
    for _ in range(160):
        lead = " ".join(rng.choice(vocab) for _ in range(20)) + "."
        others = [" ".join(rng.choice(vocab) for _ in range(rng.randint(4, 8))) for _ in range(6)]
        pages.append(others + [lead])
    alone = [headline_lines(*_page(p, len(p) - 1)) for p in pages]
    texts = [line for p in pages for line in p]
    first = np.concatenate([np.arange(len(p)) == 0 for p in pages])
    body = np.concatenate([np.arange(len(p)) == len(p) - 1 for p in pages])
    together = headline_lines(texts, body, first, np.ones(len(texts), bool))
    assert sum(a.sum() for a in alone) > 20  # the test means something
    assert together.tolist() == np.concatenate(alone).tolist()


def _headline_reference(paragraphs: list[list[str]], body: list[bool], eligible: list[bool]) -> list[bool]:
    """headline_lines for one page of paragraphs (each a list of lines, those of a
    hard-wrapped one joined by a space), written plainly with the readable words;
    one flag per line."""
    out = [[False] * len(lines) for lines in paragraphs]
    if any(body):
        top = body.index(True)
        candidates = [k for k in range(top) if eligible[k] and not body[k] and top - k <= HEADLINE_WINDOW]
        lead = words(" ".join(paragraphs[top])[:LEAD_CHARS])
        texts = [words(" ".join(paragraphs[k])) for k in candidates]
        holding = {}
        for text in [lead] + texts:
            for word in text:
                holding[word] = holding.get(word, 0) + 1
        logs = _log_units(len(texts) + 2)
        weight = {word: logs[len(texts) + 2] - logs[count] for word, count in holding.items()}
        best = None
        for k, text in zip(candidates, texts):
            found = sum(weight[w] for w in text & lead)
            whole = sum(weight[w] for w in text)
            if len(text) >= HEADLINE_MIN_WORDS and found > 0 and found >= HEADLINE_MIN_SHARE * whole and (best is None or found > best[0]):
                best = (found, k)
        if best is not None:
            out[best[1]] = [True] * len(paragraphs[best[1]])
    return [flag for flags in out for flag in flags]


_VOCAB = ["rain", "Rain", "storm", "city", "the", "vote", "team", "東京", "কমা", "a", "1", "flood", "mayor", "river"]
# A paragraph: one line, or hard-wrapped onto two.
_PARAGRAPH = st.tuples(st.lists(st.sampled_from(_VOCAB), min_size=4, max_size=12), st.integers(0, 3)).map(
    lambda p: [" ".join(p[0])] if not p[1] else [" ".join(p[0][: p[1]]), " ".join(p[0][p[1] :])]
)
# A page: paragraphs (some not eligible) above its lead, if it has one (its first kept paragraph), and paragraphs after it.
_HEADLINE_PAGE = st.tuples(
    st.lists(st.tuples(_PARAGRAPH, st.just(False), st.sampled_from([True, True, False])), max_size=14),
    st.sampled_from([0, 1, 1, 1]).flatmap(lambda k: st.lists(st.tuples(_PARAGRAPH, st.just(True), st.booleans()), min_size=k, max_size=k)),
    st.lists(st.tuples(_PARAGRAPH, st.booleans(), st.booleans()), max_size=3),
).map(lambda parts: parts[0] + parts[1] + parts[2])


@given(st.lists(_HEADLINE_PAGE.filter(len), min_size=1, max_size=5), st.booleans())
def test_headlines_of_many_pages_equal_the_plain_rule_page_by_page(pages, wrapped):
    if not wrapped:  # each line a paragraph of its own
        pages = [[([line], kept, ok) for lines, kept, ok in page for line in lines] for page in pages]
    texts = [line for page in pages for lines, _, _ in page for line in lines]
    body = np.array([kept for page in pages for lines, kept, _ in page for _ in lines])
    eligible = np.array([ok for page in pages for lines, _, ok in page for _ in lines])
    unit_start = np.array([k == 0 for page in pages for lines, _, _ in page for k in range(len(lines))])
    first = np.concatenate([np.arange(sum(len(lines) for lines, _, _ in page)) == 0 for page in pages])
    expected = [
        flag for page in pages
        for flag in _headline_reference([x[0] for x in page], [x[1] for x in page], [x[2] for x in page])
    ]
    assert headline_lines(texts, body, first, eligible, unit_start if wrapped else None).tolist() == expected


def test_the_cleaner_keeps_a_headline_the_model_dropped_and_explain_shows_it():
    lines = [
        "Home | World | Sport",
        "Heavy rain floods the capital",
        "Share the story",
        "By a staff reporter",
        LEAD,
        "The storm is to move east on Tuesday, forecasters said, and more rain is due.",
    ]
    p = np.array([0.01, 0.05, 0.02, 0.03, 0.95, 0.9])
    decision = decide_from_probabilities(lines, list(range(1, 7)), p)
    assert decision.model_body.tolist() == [False, False, False, False, True, True]
    assert decision.body.tolist() == [False, True, False, False, True, True]


def test_the_shipped_model_keeps_the_headline_of_an_english_page():
    page = "\n".join(
        [
            "Jump to the story",
            "News | Sport | Weather",
            "Heavy rain floods the capital",
            "Schools closed as the river rises",
            "Post it to friends",
            "By a staff reporter",
            "Published Monday 6 May 2024",
            LEAD,
            "The river rose by two metres overnight, and the army was called in to help.",
            "Forecasters said more rain is due on Tuesday, when the storm moves east.",
            "Most read",
            "Markets fall as prices rise",
        ]
    )
    decisions = {d.text: d for d in explain(page)}
    assert decisions["Heavy rain floods the capital"].model_label == "chrome"
    assert decisions["Heavy rain floods the capital"].label == "body"
    assert clean(page).startswith("Heavy rain floods the capital\n")


def test_corpus_modes_repeated_lines_are_never_the_headline():
    # A site's tagline on every page, above each article, holding the lead's words: the
    # headline pass takes it alone, but in corpus mode it is a repeated line, chrome
    # whatever else says so (README, Corpus mode).
    tagline = "Rain and floods in the capital today"
    pages = [
        "\n".join([
            "Home | News | Sport",
            tagline,
            "By a staff reporter",
            f"Heavy rain flooded the capital today, and {place} was closed to everyone until the water went down again.",
            f"Officials said the rain would go on for two more days, and asked people near {place} to stay at home.",
            "The weather service expects the storm to move east by the end of the week, with less rain after it.",
        ])
        for place in ("the river", "the old bridge", "the main station", "the city market")
    ]
    assert all(tagline in page for page in clean_many(pages))
    assert not any(tagline in page for page in clean_many(pages, group_by=["x.example"] * len(pages)))
    # the same through decide_from_probabilities, given the repeated lines' mask
    lines = pages[0].splitlines()
    decision = decide_from_probabilities(lines, list(range(1, 7)), np.array([0.01, 0.05, 0.02, 0.95, 0.9, 0.9]),
                                         repeated=np.array([True, True, False, False, False, False]))
    assert decision.body.tolist() == [False, False, False, True, True, True]


def test_the_table_of_folds_is_the_readable_fold_of_every_character_of_the_basic_plane():
    from boilerplate.headline import _bmp_folds, _fold

    assert _bmp_folds().tolist() == [_fold(code) for code in range(0x10000)]


def test_the_characters_word_keys_leave_out_are_those_the_readable_fold_ignores_in_all_planes():
    # _chunk_word_keys drops the characters chars flags both zero-width and closing, and
    # hashes one more than each other's fold (_folded_keys): the same as _fold, everywhere.
    from boilerplate.headline import _IGNORED, _IGNORED_FLAGS, _fold, _folded_keys

    codes = np.arange(0x110000, dtype=np.uint32)
    flagged = (C.encode([chr(c) for c in codes.tolist()]).flags & _IGNORED_FLAGS) == _IGNORED_FLAGS
    folds = np.array([_fold(c) for c in codes.tolist()], dtype=np.uint64)
    assert (flagged == (folds == _IGNORED)).all()
    assert (_folded_keys(codes)[~flagged] == folds[~flagged] + 1).all()


def test_the_cleaner_takes_a_headline_of_the_fewest_to_the_most_words_and_no_other():
    # The headline pass looks at lines of HEADLINE_MIN_WORDS to HEADLINE_MAX_WORDS words
    # (cleaner.smooth_table); each candidate's words are all in the lead.
    from boilerplate.headline import HEADLINE_MAX_WORDS

    vocabulary = [f"w{k}" for k in range(HEADLINE_MAX_WORDS + 1)]
    lead = " ".join(vocabulary) + "."
    assert len(lead) <= LEAD_CHARS
    for count, taken in ((HEADLINE_MIN_WORDS, True), (HEADLINE_MAX_WORDS, True), (HEADLINE_MAX_WORDS + 1, False)):
        lines = ["Home | World | Sport", " ".join(vocabulary[:count]), "By a staff reporter", lead, lead]
        decision = decide_from_probabilities(lines, list(range(1, 6)), np.array([0.01, 0.05, 0.02, 0.95, 0.9]))
        assert decision.body.tolist() == [False, taken, False, True, True], count


def test_a_caption_that_reads_as_the_headline_is_not_taken_for_it():
    # The cleaner gives the headline pass no credit, caption or filler line
    # (~filler & ~credit & ~caption in cleaner.smooth_table); with | for either &, a
    # photo's caption whose words the lead repeats was taken as the headline, unseen.
    lead = (
        "Heavy rain flooded the streets of the capital on Monday as rivers burst their banks, and schools "
        "across the region were closed for a second day while crews worked to clear the roads."
    )
    headline = "Heavy rain floods the capital as rivers burst their banks"
    for line, taken in ((headline, True), (headline + ". Photo: Jane Doe", False), (headline + " © Jane Doe", False)):
        page = ["Home | World | Sport", "", line, "", lead, "", lead.replace("Monday", "Tuesday")]
        line_nos = [no for no, text in enumerate(page, 1) if text]
        decision = decide_from_probabilities(page, line_nos, np.array([0.05, 0.05, 0.9, 0.9]))
        assert decision.body.tolist() == [False, taken, True, True], line


def test_a_line_exactly_the_window_above_the_first_kept_line_is_a_candidate():
    # HEADLINE_WINDOW lines above the first kept line is inside the window, one more is
    # not (test_only_lines_within_the_window_above_the_first_kept_line_are_candidates).
    headline = "Heavy rain floods the capital"
    filler = [f"Menu item {k}" for k in range(HEADLINE_WINDOW - 1)]
    assert headline_lines(*_page([headline] + filler + [LEAD], HEADLINE_WINDOW)).nonzero()[0].tolist() == [0]


def test_a_word_of_the_lead_ending_at_its_last_character_is_found_and_one_past_it_is_cut():
    # Three of the candidate's four words in the lead hold more than half its weight,
    # two do not: the word the lead's bound cuts decides.
    headline, words_in_lead = "Volcano ash grounds flights", "ash grounds volcano"
    for extra, taken in ((0, [0]), (1, [])):
        lead = "z" * (LEAD_CHARS - len(words_in_lead) - 1 + extra) + " " + words_in_lead + " and more news today."
        assert lead.index("volcano") + len("volcano") == LEAD_CHARS + extra
        assert headline_lines(*_page([headline, lead], 1)).nonzero()[0].tolist() == taken

    # and so is a hard-wrapped lead, joined: the headline's words in its second line,
    # found before character LEAD_CHARS of the paragraph and cut past it
    for xs, taken in ((80, [0]), (100, [])):
        texts = ["Heavy rain floods the capital", " ".join(["x"] * xs), " ".join(["y"] * 50) + " heavy rain floods capital", "Later."]
        unit_start = np.array([True, True, False, True])
        lead = texts[1] + " " + texts[2]
        assert (lead.index("capital") + len("capital") <= LEAD_CHARS) == bool(taken) and len(texts[1]) < LEAD_CHARS
        assert headline_lines(texts, np.arange(4) >= 1, np.arange(4) == 0, np.ones(4, bool), unit_start).nonzero()[0].tolist() == taken


def test_a_candidate_with_exactly_the_least_share_of_its_weight_in_the_lead_is_taken():
    # Every word of the two candidates is in two of the three texts, so all weigh the
    # same: the first has two of its four words in the lead, exactly half its weight.
    first, other = "Heavy rain markets fall", "Markets fall as prices slide"
    assert len(words(first) & words(LEAD)) == 2 and len(words(first)) == 4 and HEADLINE_MIN_SHARE == 1 / 2
    assert headline_lines(*_page([first, other, LEAD], 2)).nonzero()[0].tolist() == [0]


def test_exactly_the_least_share_is_taken_when_the_candidates_words_weigh_unalike():
    # Three texts: a word of the lead and the first candidate weighs log(4/2) = log 2, a
    # word of the first alone log(4/1) = 2 log 2. Four of the first's words are in the
    # lead and two are not: exactly half its weight is found, and it is taken. Each
    # word's weight rounded on its own made log 4 one unit more than twice log 2, and
    # the share a hair less than half.
    first, other = "Heavy rain flooded streets, rivers rise", "Sport scores for today"
    assert len(words(first) & words(LEAD)) == 4 and len(words(first)) == 6 and not words(other) & words(LEAD)
    assert headline_lines(*_page([first, other, LEAD], 2)).nonzero()[0].tolist() == [0]
    # Seven texts: a word in four of them weighs log(8/4) = log 2, a word in one
    # log 8 = 3 log 2. The first's four words of the lead are each in two other
    # candidates, its "warning" in three, its "storm" in none: 4 log 2 of its 8 log 2 is
    # found. Rounding log 8 and log 4 each and taking their difference for log 2 gave
    # it a hair less than half too. The other candidates have too few words.
    lines = ["Heavy rain flooded streets, storm warning", "Heavy rain warning", "Heavy rain",
             "Flooded streets warning", "Streets flooded: warning", "Sport scores", LEAD]
    assert not words("storm warning") & words(LEAD)
    assert headline_lines(*_page(lines, 6)).nonzero()[0].tolist() == [0]

    # The share is of the weight, not of the words: two of six words found, each weighing
    # log(8/2) = 2 log 2 (in the lead and the first alone), and four not, each in four
    # candidates, log(8/4) = log 2: exactly half the weight is found, a third of the words.
    lines = ["Heavy rain: news video photo live", "News video photo live", "News, video, photo, live",
             "Live news video photo", "Sport scores", "Weather", LEAD]
    assert words(lines[0]) & words(LEAD) == {"heavy", "rain"} and not words(" ".join(lines[1:6])) & words(LEAD)
    assert headline_lines(*_page(lines, 6)).nonzero()[0].tolist() == [0]


def test_the_candidate_holding_the_most_weight_found_in_the_lead_wins_though_later():
    weaker, stronger = "City schools shut by rain", "Heavy rain floods the capital city streets"
    assert headline_lines(*_page([weaker, LEAD], 1)).nonzero()[0].tolist() == [0]  # a headline alone
    assert headline_lines(*_page([weaker, stronger, LEAD], 2)).nonzero()[0].tolist() == [1]
    assert headline_lines(*_page([stronger, weaker, LEAD], 2)).nonzero()[0].tolist() == [0]


def test_a_candidates_words_are_counted_once_each():
    # three distinct words, one of them twice: too few, where four distinct words are not
    assert not headline_lines(*_page(["Rain, rain: heavy capital", LEAD], 1)).any()
    assert headline_lines(*_page(["Rain: heavy flooded capital", LEAD], 1)).nonzero()[0].tolist() == [0]


def test_a_page_with_no_kept_line_after_one_with_a_headline_takes_none():
    # In one batch, the page of no kept line takes no headline, as alone, whatever page
    # comes before it: its last lines are above no article.
    page = ["Sport scores for the weekend", "Heavy rain floods the capital", "By a staff reporter", LEAD]
    texts = page + page
    n = len(texts)
    body = np.arange(n) == 3
    first = (np.arange(n) == 0) | (np.arange(n) == 4)
    assert headline_lines(texts, body, first, np.ones(n, bool)).nonzero()[0].tolist() == [1]


def test_a_page_with_no_kept_line_before_one_with_an_article_takes_none():
    # The converse: the page of no kept line comes first, its last lines right above
    # the next page's lead, whose own page has nothing above it: no headline at all.
    texts = ["Sport scores for the weekend", "Heavy rain floods the capital", LEAD]
    body = np.array([False, False, True])
    first = np.array([True, False, True])
    assert not headline_lines(texts, body, first, np.ones(3, bool)).any()
    assert headline_lines(texts, body, np.array([True, False, False]), np.ones(3, bool)).nonzero()[0].tolist() == [1]


def test_letters_of_unspaced_scripts_paired_in_another_order_are_another_word():
    for a, b in [("東京", "京東"), ("ฝน", "นฝ")]:
        assert not words(a) & words(b)
        assert not _keys(a) & _keys(b)


def test_the_first_character_beyond_the_basic_plane_is_compared_as_itself():
    # U+10000 (a Linear B letter) is the first code point past the table of folds, U+FFFF
    # its last: two words that differ there are two words.
    assert words("a\U00010000") == {"a\U00010000"} and words("a\uffff") == {"a\uffff"}
    assert not _keys("a\U00010000") & _keys("a\uffff")


def test_the_readmes_numbers_for_the_headline_pass_are_the_modules():
    # The tests above read the numbers from the module, so they follow any change of
    # them; the README states them, and this pins the two together.
    from boilerplate.headline import HEADLINE_MAX_WORDS

    item = " ".join(readme_section("   - *headline*:", "\n\n").split())
    assert f"of the {HEADLINE_WINDOW} lines above the first kept line" in item
    assert f"the first {LEAD_CHARS} characters of the first kept line" in item
    assert f"The candidate of {HEADLINE_MIN_WORDS} to {HEADLINE_MAX_WORDS} words" in item
    assert f"at least {HEADLINE_MIN_SHARE} of its own" in item


def test_any_white_space_and_the_symbols_of_code_part_words():
    # A no-break space, a tab or an em space between two words, as an ASCII space does;
    # and the symbols of code (text.CODE_CHARS), as other symbols do.
    assert words("rain\u00a0floods\tcity\u2003now") == {"rain", "floods", "city", "now"}
    assert words("x=y {z} snake_case <b>") == {"x", "y", "z", "snake", "case", "b"}


def test_a_character_of_code_zero_is_part_of_its_words_key():
    # A word's key is a polynomial hash of its characters; each counts as one more than
    # its code point, or a trailing NUL would add nothing to it.
    assert words("a\x00") == {"a\x00"}
    assert not _keys("a\x00") & _keys("a")


def test_a_candidate_is_compared_whole_only_the_lead_is_cut():
    # Only the lead is its first LEAD_CHARS characters: a candidate's words past them
    # count (here all but one of its words are, and they are in the lead).
    candidate = "x " * (LEAD_CHARS // 2) + "Heavy rain flooded the capital streets"
    assert len(candidate.split()) > HEADLINE_MIN_WORDS and words(candidate[:LEAD_CHARS]) == {"x"}
    assert headline_lines(*_page([candidate, LEAD], 1)).nonzero()[0].tolist() == [0]


def test_the_most_weight_found_wins_not_the_largest_share_nor_the_most_own_weight():
    # Three texts (the lead, two candidates with no word in common): a word of the lead
    # and one candidate weighs log(4/2), a word of one candidate alone log(4/1).
    # Every word of the first is in the lead (share 1, found 4 × log 2); eight of the
    # second's eleven are (share 8/14, found 8 × log 2): the second is taken.
    first, second = "City shut its schools", "Heavy rain flooded the capital streets on Monday as rivers rise"
    assert headline_lines(*_page([first, second, LEAD], 2)).nonzero()[0].tolist() == [1]
    # The first, four words of the lead and one not (found 4 × log 2 of its 6 × log 2),
    # weighs more than the second, five words of the lead (found and weight 5 × log 2):
    # the second is taken.
    first, second = "Heavy rain flooded streets, rivers", "City shut its schools Monday"
    assert headline_lines(*_page([first, LEAD], 1)).nonzero()[0].tolist() == [0]  # a headline alone
    assert headline_lines(*_page([first, second, LEAD], 2)).nonzero()[0].tolist() == [1]


def test_weights_found_a_tenth_apart_are_no_tie():
    # Four texts: "the", "of" and "on" are in all of them (log(5/4) each), "monday" in
    # the lead and the first candidate (log(5/2)), "rain" and "city" in the lead and the
    # last two (log(5/3) each). The second holds 2 log(5/3) + 3 log(5/4) = 1.69 of the
    # lead's weight, the first log(5/2) + 3 log(5/4) = 1.59; the third, as much as the
    # second, has too little of its own found. Weights rounded too coarsely make the
    # first two tie, and the earlier win.
    lines = ["Monday on the of", "The rain of the city on", "Rain, city: the of on, a b c", LEAD]
    assert headline_lines(*_page(lines, 3)).nonzero()[0].tolist() == [1]


def test_a_lead_and_candidates_without_a_word_take_no_headline():
    # punctuation alone: no word, so no weights to find (and no error)
    assert not headline_lines(*_page(["- - - -", "* * *", "...", "!!!"], 2)).any()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=2, max_size=8), st.data())
def test_the_keys_of_some_lines_are_those_lines_keys(lines, data):
    chosen = np.array(data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines))), dtype=bool)
    b = C.encode(lines)
    line_of, keys = _word_keys(b, chosen[b.line_of])
    whole_line_of, whole_keys = _word_keys(b)
    for i in range(len(lines)):
        want = sorted(whole_keys[whole_line_of == i].tolist()) if chosen[i] else []
        assert sorted(keys[line_of == i].tolist()) == want


@pytest.mark.parametrize("top", [0, 1, 2, 63, 64, 65, 1000, 4097])
def test_log_units_are_each_primes_rounded_log_and_sums_of_them(top):
    logs = _log_units(top)
    assert len(logs) == top + 1 and not logs.flags.writeable
    for k in range(2, top + 1):
        p = next(p for p in range(2, k + 1) if k % p == 0)
        assert logs[k] == (round(np.log(k) * WEIGHT_UNITS) if p == k else logs[p] + logs[k // p])


@pytest.mark.parametrize("sizes", [[1, 64, 65, 1000], [1000, 3, 129], [0, 70, 64]])
def test_powers_are_the_plain_products_whatever_the_calls_before_kept(sizes, monkeypatch):
    # _powers keeps a table per base and grows it; beyond WORD_CHUNK_CHARS it builds one for the call
    from boilerplate.headline import _BASE, _BASE_INVERSE, _powers

    monkeypatch.setattr(headline, "_POWER_TABLES", {})
    monkeypatch.setattr(headline, "WORD_CHUNK_CHARS", 512)
    for n in sizes:
        for base in (_BASE, _BASE_INVERSE):
            powers = _powers(base, n)
            assert powers.tolist() == [pow(int(base), k, 2**64) for k in range(n)]
            assert not powers.flags.writeable or n > 512


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=10), st.integers(1, 40))
def test_words_read_a_chunk_at_a_time_are_the_words_read_at_once(lines, chunk):
    # chunks end at a line's start: a line longer than a chunk is read alone
    b = C.encode(lines)
    whole = _word_keys(b)
    saved = headline.WORD_CHUNK_CHARS
    headline.WORD_CHUNK_CHARS = chunk
    try:
        parts = _word_keys(b)
    finally:
        headline.WORD_CHUNK_CHARS = saved
    assert sorted(zip(*map(np.ndarray.tolist, parts))) == sorted(zip(*map(np.ndarray.tolist, whole)))
