"""The cohesion pass: a line inside the article whose words the article's lines repeat."""

from __future__ import annotations

import re
import textwrap
from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerplate import chars as C
from boilerplate import cohesion
from boilerplate.cleaner import decide_from_probabilities, non_blank_line_nos, smooth_table
from boilerplate.cohesion import COHESION_MIN_SHARE, at_least, word_shares
from boilerplate.features import line_table
from boilerplate.headline import HEADLINE_MAX_WORDS

from .conftest import REPO

P1 = "Heavy rain flooded the streets of the capital on Monday, and the city shut its schools."
P2 = "The river rose two metres overnight and the capital's northern districts lost power."
P3 = "Engineers said the old drains could not carry the water away fast enough for the city."


def _taken(texts: list[str], body: list[int], candidates: list[int] | None = None, **kwargs) -> list[int]:
    body_mask = np.array(body, dtype=bool)
    cands = ~body_mask if candidates is None else np.array(candidates, dtype=bool)
    first = kwargs.pop("first", None)
    first = np.arange(len(texts)) == 0 if first is None else np.array(first, dtype=bool)
    core = kwargs.pop("core", body_mask)
    share = kwargs.pop("share", COHESION_MIN_SHARE)
    # as the cleaner takes lines in: candidates not kept yet
    found, whole = word_shares(C.encode(texts), np.asarray(core, dtype=bool), body_mask, cands & ~body_mask, first, **kwargs)
    return at_least(found, whole, share).nonzero()[0].tolist()


def test_a_line_whose_rarer_words_the_article_repeats_is_taken_and_a_prompt_is_not():
    texts = ["Menu", P1, "Flooded streets", P2, "Get the morning briefing by email", P3, "Footer"]
    # "flooded" and "streets" come back in the article; "morning", "briefing", "by", "email" do not
    assert _taken(texts, [0, 1, 0, 1, 0, 1, 0]) == [2]


def test_only_lines_between_the_first_and_last_kept_line_are_taken():
    texts = ["Flooded streets", P1, P2, "The flooded streets", P3, "Streets flooded"]
    # the line above the article and the one below it hold its words too, but lie outside it
    assert _taken(texts, [0, 1, 1, 0, 1, 0]) == [3]


def test_only_candidates_are_taken():
    texts = ["Menu", P1, "Flooded streets", P2]
    assert _taken(texts, [0, 1, 0, 1], candidates=[1, 0, 0, 0]) == []


def test_the_share_is_exact_one_third_taken_at_one_third_and_not_above():
    # three documents: "alpha" is held by two (log 4/2 = log 2), "zeta" by one (log 4 = 2 log 2),
    # so the candidate holds one third of its weight in the core, exactly
    texts = ["alpha beta gamma delta", "alpha zeta", "beta gamma"]
    body = [1, 0, 1]
    assert _taken(texts, body, share=Fraction(1, 3)) == [1]
    assert _taken(texts, body, share=Fraction(1, 3) + Fraction(1, 10**9)) == []


def test_words_most_lines_hold_weigh_little():
    # "the" and "of" are in every line: the candidate's only rare word is "subsidies",
    # which the article never says, so almost none of its weight is found
    texts = ["the cost of the war", "the talks of the week", "the subsidies of the", "the end of the day"]
    assert _taken(texts, [1, 1, 0, 1]) == []
    texts[2] = "the talks of the"
    assert _taken(texts, [1, 1, 0, 1]) == [2]


def test_the_core_is_what_the_words_are_looked_for_in():
    texts = ["Menu", P1, "Flooded streets", P2, "Schools shut", P3]
    body = [0, 1, 0, 1, 0, 1]
    assert _taken(texts, body) == [2, 4]
    # with the first paragraph out of the core (kept, but not the model's own body), its words,
    # the only ones both candidates hold, do not count
    assert _taken(texts, body, core=[0, 0, 0, 1, 0, 1]) == []


def test_pages_never_share_words():
    texts = [P1, "Flooded streets", P2, "Menu", "Sign up", "Streets flooded today", "Sign up now"]
    first = [1, 0, 0, 1, 0, 0, 0]
    # the second page's candidate holds only words of the first page's article
    assert _taken(texts, [1, 0, 1, 0, 1, 0, 1], first=first) == [1]


def test_lines_not_counted_are_neither_candidates_nor_documents():
    texts = ["Menu", P1, "Flooded streets", P2, "Footer"]
    body = [0, 1, 0, 1, 0]
    counted = np.ones(5, dtype=bool)
    assert _taken(texts, body, counted=counted) == [2]
    counted[2] = False  # a filler, say: no candidate
    assert _taken(texts, body, counted=counted) == []
    counted[2], counted[1] = True, False  # the only line holding its words does not count
    assert _taken(texts, body, counted=counted) == []


def test_a_hard_wrapped_paragraph_is_one_document_taken_whole():
    texts = ["Menu", P1, "Flooded streets and", "power cuts", P2, "Footer"]
    body = [0, 1, 0, 0, 1, 0]
    unit_start = np.array([1, 1, 1, 0, 1, 1], dtype=bool)
    # as one paragraph, "Flooded streets and power cuts" holds "flooded", "streets", "and", "power": taken whole
    assert _taken(texts, body, unit_start=unit_start) == [2, 3]
    joined = ["Menu", P1, "Flooded streets and power cuts", P2, "Footer"]
    assert _taken(joined, [0, 1, 0, 1, 0]) == [2]


def test_the_pass_takes_in_a_subheading_the_other_passes_leave_out():
    text = "\n\n".join(["Home | World | Sport", P1, "Sponsored link", "Flooded streets", P2,
                        "Share this page", "Get the morning briefing by email", P3, "© 2024 The Paper"])
    lines = text.split("\n")
    line_nos = non_blank_line_nos(lines)
    p = {"Home | World | Sport": 0.01, P1: 0.9, "Sponsored link": 0.05, "Flooded streets": 0.3, P2: 0.9, "Share this page": 0.05,
         "Get the morning briefing by email": 0.3, P3: 0.9, "© 2024 The Paper": 0.05}
    decision = decide_from_probabilities(lines, line_nos, np.array([p[lines[i - 1]] for i in line_nos]))
    kept = [lines[i - 1] for i, b in zip(line_nos, decision.body) if b]
    assert kept == [P1, "Flooded streets", P2, P3]
    # not near enough: with a probability under the threshold less the near margin, it stays out
    p["Flooded streets"] = 0.1
    decision = decide_from_probabilities(lines, line_nos, np.array([p[lines[i - 1]] for i in line_nos]))
    assert [lines[i - 1] for i, b in zip(line_nos, decision.body) if b] == [P1, P2, P3]


def test_a_core_candidates_own_words_are_not_found_in_it():
    # the middle line is a core line itself: only the other core lines count for it
    texts = ["alpha beta", "alpha gamma", "beta delta"]
    core = np.array([1, 1, 1], bool)
    found, whole = word_shares(C.encode(texts), core, core, np.array([0, 1, 0], bool), np.arange(3) == 0)
    # "alpha" (held by two of three lines: log 2) is found in line 0; "gamma" (log 4) only in itself
    assert whole[1] > 0 and found[1] * 3 == whole[1]
    # as a candidate that is not core, the same line finds the same words
    other = np.array([1, 0, 1], bool)
    found_other, whole_other = word_shares(C.encode(texts), other, core, np.array([0, 1, 0], bool), np.arange(3) == 0)
    assert (found_other[1], whole_other[1]) == (found[1], whole[1])


def test_a_kept_heading_stays_only_when_the_articles_other_lines_hold_its_words():
    subheading, other_story = "Flooded streets of the capital", "Transfer talks stall as striker demands new deal"
    p = {P1: 0.9, P2: 0.9, P3: 0.9, subheading: 0.7, other_story: 0.7}
    # both read as headings (no sentence end, four words or more), and the model keeps both
    assert _kept(p, [P1, subheading, P2, other_story, P3]) == [P1, subheading, P2, P3]
    # a sentence is no heading, nor is a line of fewer words than a headline has
    sentence = other_story + "."
    p[sentence] = 0.7
    assert _kept(p, [P1, sentence, P2, P3]) == [P1, sentence, P2, P3]
    short = "Transfer talks stall"
    p[short] = 0.7
    assert _kept(p, [P1, short, P2, P3]) == [P1, short, P2, P3]


def test_a_paragraphs_first_piece_running_on_into_a_sentence_is_no_heading():
    # a paragraph a dump hard-wrapped in two, the wrap not recognised: its first piece has
    # no sentence end and four words or more, but it runs on, with no blank line between,
    # into a line that ends a sentence
    first_piece, second_piece = "Transfer talks stalled again on Monday while the striker", "asked for a new deal."
    p = {P1: 0.9, first_piece: 0.7, second_piece: 0.7, P2: 0.9}
    text = "\n\n".join([P1, first_piece + "\n" + second_piece, P2])
    lines = text.split("\n")
    line_nos = non_blank_line_nos(lines)
    decision = decide_from_probabilities(lines, line_nos, np.array([p[lines[i - 1]] for i in line_nos]))
    assert decision.body.all()
    # the same piece standing apart, between blank lines, reads as a heading and goes
    assert _kept(p, [P1, first_piece, second_piece, P2]) == [P1, second_piece, P2]


def test_lines_above_the_first_paragraph_and_lines_holding_a_sentence_are_no_headings():
    headline_words = "Capital shuts classrooms as downpour continues"  # the page's headline, in other words
    p = {headline_words: 0.7, P1: 0.9, P2: 0.9, P3: 0.9}
    # above the article's first paragraph, a line is the headline pass's to judge: it stays
    assert _kept(p, [headline_words, P1, P2, P3]) == [headline_words, P1, P2, P3]
    # the same line between two paragraphs reads as another story's headline and goes
    assert _kept(p, [P1, headline_words, P2, P3]) == [P1, P2, P3]
    # a paragraph run together with its source ends in no sentence but holds one: no heading
    with_source = "Classrooms will stay closed until Friday, officials added. Source: Newswire"
    p[with_source] = 0.7
    assert _kept(p, [P1, P2, with_source]) == [P1, P2, with_source]


def test_a_heading_has_at_most_as_many_words_as_a_headline():
    # words the article does not hold, with no sentence end: another story's headline up
    # to HEADLINE_MAX_WORDS words, a line of running text beyond
    for n, heading in ((HEADLINE_MAX_WORDS, True), (HEADLINE_MAX_WORDS + 1, False)):
        line = " ".join(f"Transfer{k}" for k in range(n))
        p = {P1: 0.9, line: 0.7, P2: 0.9, P3: 0.9}
        assert _kept(p, [P1, line, P2, P3]) == ([P1, P2, P3] if heading else [P1, line, P2, P3]), n


def test_every_line_above_the_first_paragraph_the_model_kept_is_left_to_the_headline_pass():
    # the first paragraph is the first line the model itself kept that ends a sentence:
    # neither the headline nor a sentence the near pass took in above it opens the article
    headline_words, deck = "Capital shuts classrooms as downpour continues", "Transfer talks stall as striker demands new deal"
    near = "Fans waited outside the stadium all night."
    p = {headline_words: 0.7, deck: 0.7, near: 0.3, P1: 0.9, P2: 0.9, P3: 0.9}
    assert _kept(p, [headline_words, deck, P1, P2, P3]) == [headline_words, deck, P1, P2, P3]
    assert _kept(p, [near, deck, P1, P2, P3]) == [near, deck, P1, P2, P3]
    assert _kept(p, [P1, deck, P2, P3]) == [P1, P2, P3]  # (the test can fail: below P1 it goes)


def test_a_headings_words_are_looked_for_in_the_lines_the_model_itself_kept():
    # a sentence the near pass took in holds the heading's words: they are not the article's
    deck, holder = "Transfer talks stall as striker demands new deal", "The striker demands a new deal, and transfer talks stall."
    p = {P1: 0.9, deck: 0.7, P2: 0.9, holder: 0.3, P3: 0.9}
    assert _kept(p, [P1, deck, P2, holder, P3]) == [P1, P2, holder, P3]
    p[holder] = 0.9
    assert _kept(p, [P1, deck, P2, holder, P3]) == [P1, deck, P2, holder, P3]


def test_a_heading_runs_on_only_into_a_sentence_on_its_own_page():
    # a line under it with no sentence end does not make it a paragraph's first piece…
    deck, share = "Transfer talks stall as striker demands new deal", "Share this page"
    p = {P1: 0.9, deck: 0.7, share: 0.05, P2: 0.9, P3: 0.9}
    lines = "\n\n".join([P1, deck + "\n" + share, P2, P3]).split("\n")
    line_nos = non_blank_line_nos(lines)
    decision = decide_from_probabilities(lines, line_nos, np.array([p[lines[i - 1]] for i in line_nos]))
    assert decision.body.tolist() == [True, False, False, True, True]
    # …nor does the next page's first sentence, in a batch, for a page's last line
    texts = [P1, P2, deck, P3, P1]
    table = line_table(np.array([0, 0, 0, 1, 1]), np.array([1, 3, 5, 1, 3]), texts)
    first = np.array([1, 0, 0, 1, 0], bool)
    assert smooth_table(np.ones(5, bool), table, first=first, near=np.ones(5, bool)).tolist() == [True, True, False, True, True]


def test_a_table_or_code_line_the_model_keeps_is_no_heading():
    # a table's name cell and a line of code read as headings (no sentence end, four
    # words or more, none held by the article), but they are the article's table and listing
    code = "rainfall_total = sum(gauge.read_level(hour) for hour in day)"
    p = {P1: 0.9, code: 0.7, P2: 0.9, P3: 0.9}
    assert _kept(p, [P1, code, P2, P3]) == [P1, code, P2, P3]
    rows = ["North Side Branch Library", "1,204", "3.5%", "South Harbour Reading Room", "980", "2.1%",
            "East Hill Community Library", "1,530", "4.0%"]
    p.update(dict.fromkeys(rows, 0.7))
    assert _kept(p, [P1, *rows, P2, P3]) == [P1, *rows, P2, P3]


def test_only_the_models_own_headings_are_read():
    # a line the code pass took in with a listing reads as a heading, but the model did
    # not keep it: it stays, as the code pass decided
    command = "$ run the tool again"
    p = {P1: 0.9, "x = load(path);": 0.05, command: 0.05, "y = clean(x);": 0.05, P2: 0.9}
    assert _kept(p, list(p)) == list(p)


def test_a_kept_line_of_no_words_is_no_heading_to_drop():
    # four tokens and no sentence, but no word weight: nothing to compare, and it stays
    p = {P1: 0.9, P2: 0.9, P3: 0.9, "* * * *": 0.7}
    assert _kept(p, [P1, "* * * *", P2, P3]) == [P1, "* * * *", P2, P3]


def test_the_headings_share_is_exact(monkeypatch):
    # a kept heading whose words other kept lines hold one third of, by weight, exactly
    p = {"alpha beta gamma delta epsilon eta theta iota kappa lambda.": 0.9, "alpha zeta omega psi": 0.9,
         "beta gamma delta epsilon eta theta iota kappa lambda mu.": 0.9}
    order = list(p)
    found, whole = word_shares(C.encode(order), np.ones(3, bool), np.ones(3, bool), np.array([0, 1, 0], bool), np.arange(3) == 0)
    share = Fraction(int(found[1]), int(whole[1]))
    monkeypatch.setattr(cohesion, "HEADING_MIN_SHARE", share)
    assert _kept(p, order) == order
    monkeypatch.setattr(cohesion, "HEADING_MIN_SHARE", share + Fraction(1, 10**9))
    assert _kept(p, order) == [order[0], order[2]]


def test_the_readme_gives_the_share_the_module_uses():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"at least {COHESION_MIN_SHARE} of its word weight" in readme
    assert f"lines hold at least {cohesion.FILLED_MIN_SHARE} of its word weight" in readme
    assert f"{cohesion.HEADING_MIN_SHARE} of its word weight, since the article's subheading" in readme
    assert re.search(r"\*cohesion\*", readme)


def test_the_module_default_is_read_when_the_pass_runs(monkeypatch):
    # one third found, as above; lines too short for the fill pass, and no sentence for the near pass
    p = {"alpha beta gamma delta": 0.9, "alpha zeta": 0.3, "beta gamma": 0.9}
    order = list(p)
    assert _kept(p, order) == [order[0], order[2]]
    monkeypatch.setattr(cohesion, "COHESION_MIN_SHARE", Fraction(1, 3))
    assert _kept(p, order) == order


def _kept(p: dict[str, float], order: list[str]) -> list[str]:
    lines = "\n\n".join(order).split("\n")
    line_nos = non_blank_line_nos(lines)
    decision = decide_from_probabilities(lines, line_nos, np.array([p[lines[i - 1]] for i in line_nos]))
    return [lines[i - 1] for i, b in zip(line_nos, decision.body) if b]


def test_a_line_the_fill_pass_took_in_stays_only_when_the_article_holds_its_words():
    p = {P1: 0.9, P2: 0.9, P3: 0.9, "By Jane Roe and Max Mustermann": 0.1, "the flooded capital's northern districts": 0.1,
         "* * *": 0.1}
    # between two paragraphs, the fill pass takes each in; a byline's words are nowhere in the article
    assert _kept(p, [P1, "By Jane Roe and Max Mustermann", P2, P3]) == [P1, P2, P3]
    # a paragraph's piece is held by the article, and a line of no words stays
    assert _kept(p, [P1, "the flooded capital's northern districts", P2, "* * *", P3]) == [
        P1, "the flooded capital's northern districts", P2, "* * *", P3]


def test_a_credit_a_caption_or_a_reprinted_sentence_is_not_taken_in_again():
    # each holds words the article repeats and has a near line's probability: the credits
    # and reprints passes dropped them, and the cohesion pass takes none of them back
    credit, caption = "© Flooded streets of the capital", "Heavy rain flooded the capital streets and the city shut its schools. Photo: Roe"
    reprinted = ["The river flooded the capital's streets.", "The city shut its schools on Monday."]
    p = {P1: 0.9, P2: 0.9, P3: 0.9, credit: 0.3, caption: 0.3, **dict.fromkeys(reprinted, 0.3)}
    assert _kept(p, [P1, credit, P2, P3]) == [P1, P2, P3]
    assert _kept(p, [P1, caption, P2, P3]) == [P1, P2, P3]
    assert _kept(p, [P1, *reprinted, P2, *reprinted, P3]) == [P1, P2, P3]
    # (the test can fail: printed once, the two sentences are taken in)
    assert _kept(p, [P1, *reprinted, P2, P3]) == [P1, *reprinted, P2, P3]


def test_the_filled_lines_share_is_exact(monkeypatch):
    # "alpha" held by two of three lines (log 2), "zeta" by one (log 4): one third of the filled line's weight
    p = {"alpha beta gamma delta epsilon eta theta iota kappa lambda": 0.9, "alpha zeta": 0.1,
         "beta gamma delta epsilon eta theta iota kappa lambda mu": 0.9}
    order = list(p)
    monkeypatch.setattr(cohesion, "FILLED_MIN_SHARE", Fraction(1, 3))
    assert _kept(p, order) == order
    monkeypatch.setattr(cohesion, "FILLED_MIN_SHARE", Fraction(1, 3) + Fraction(1, 10**9))
    assert _kept(p, order) == [order[0], order[2]]


def test_a_line_corpus_mode_calls_repeated_is_not_taken_in():
    order = ["Home | World | Sport", P1, "Sponsored link", "Flooded streets", P2, "Share this page", P3]
    p = {"Home | World | Sport": 0.01, P1: 0.9, "Sponsored link": 0.05, "Flooded streets": 0.3, P2: 0.9,
         "Share this page": 0.05, P3: 0.9}
    lines = "\n\n".join(order).split("\n")
    line_nos = non_blank_line_nos(lines)
    probabilities = np.array([p[lines[i - 1]] for i in line_nos])
    for repeated, kept in ((False, True), (True, False)):
        mask = np.array([lines[i - 1] == "Flooded streets" and repeated for i in line_nos])
        decision = decide_from_probabilities(lines, line_nos, probabilities, repeated=mask)
        assert ("Flooded streets" in [lines[i - 1] for i, b in zip(line_nos, decision.body) if b]) is kept


def _readable_shares(texts, core, body, candidates, first, unit_start, counted):
    """word_shares as its docstring states it, with headline.words and sets: the reference."""
    from boilerplate.headline import _log_units, words

    n = len(texts)
    found, whole = np.zeros(n), np.zeros(n)
    page_of = np.cumsum(first) - 1
    doc_of = np.cumsum(unit_start) - 1
    doc_words = {}  # a hard-wrapped paragraph is one document: its lines' words together
    for i in range(n):
        doc_words.setdefault(doc_of[i], set()).update(words(texts[i]))
    for page in set(page_of.tolist()):
        lines = [i for i in range(n) if page_of[i] == page]
        kept = [i for i in lines if body[i]]
        if not kept:
            continue
        inside = [i for i in lines if kept[0] <= i <= kept[-1] and counted[i]]
        docs = {doc_of[i] for i in inside}
        core_docs = {doc_of[i] for i in inside if core[i]}
        logs = _log_units(len(docs) + 1)
        for i in inside:
            if not candidates[i]:
                continue
            for word in doc_words[doc_of[i]]:
                weight = logs[len(docs) + 1] - logs[sum(word in doc_words[d] for d in docs)]
                whole[i] += weight
                if any(word in doc_words[d] for d in core_docs - {doc_of[i]}):
                    found[i] += weight
    return found, whole


@pytest.mark.parametrize("table_bits", [None, 2])
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_shares_are_the_readable_sums_of_word_weights(table_bits, data):
    # the batch computation (keys, low-bit table, per-document deduplication) against sets of words;
    # with a table of 4 low bits' values, most wanted keys share theirs and are looked up by binary search
    vocabulary = ["rain", "Rain", "floods", "the", "capital", "রাজধানী", "বৃষ্টি।", "東京都", "ক্ষ", "—", "x"]
    n = data.draw(st.integers(1, 12))
    texts = [" ".join(data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=6))) for _ in range(n)]
    masks = [np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool) for _ in range(5)]
    core, body, candidates, first, wrapped = masks
    first[0] = True
    unit_start = ~wrapped | first
    unit_start[0] = True
    # the masks agree on a hard-wrapped paragraph's lines, as the cleaner's do
    head = np.flatnonzero(unit_start)[np.cumsum(unit_start) - 1]
    core, body, candidates = core[head], body[head], candidates[head]
    counted = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)[head]
    size = cohesion._LOW_BITS_SIZE if table_bits is None else 1 << table_bits
    with mock.patch.object(cohesion, "_LOW_BITS_SIZE", size), mock.patch.object(cohesion, "_LOW_BITS_MASK", np.uint64(size - 1)):
        found, whole = word_shares(C.encode(texts), core & body, body, candidates, first, unit_start, counted)
    want_found, want_whole = _readable_shares(texts, core & body, body, candidates, first, unit_start, counted)
    assert found.tolist() == want_found.tolist() and whole.tolist() == want_whole.tolist()


def test_a_sentence_the_select_pass_dropped_above_the_article_opens_no_article():
    # the model keeps a sentence far above the article, which the select pass drops: the
    # article's first paragraph is still the first one kept, and the line above it the
    # headline pass's to judge, not a heading between paragraphs
    far, headline_words = "Subscribe today for full access.", "Capital shuts classrooms as downpour continues"
    menu = [f"Menu item {k}" for k in range(5)]
    p = {far: 0.9, **dict.fromkeys(menu, 0.01), headline_words: 0.7, P1: 0.9, P2: 0.9, P3: 0.9}
    assert _kept(p, list(p)) == [headline_words, P1, P2, P3]


def test_the_words_of_a_line_the_passes_dropped_are_not_the_articles():
    # a caption the model kept holds the subheading's words, but the credits pass drops it
    caption = "Volunteers fill sandbags beside the swollen river. Photo: Jane Roe"
    subheading = "Volunteers fill sandbags"
    p = {P1: 0.9, caption: 0.9, subheading: 0.3, P2: 0.9, P3: 0.9}
    assert _kept(p, [P1, caption, subheading, P2, P3]) == [P1, P2, P3]
    # (the test can fail: a paragraph the passes keep holding them takes it in)
    paragraph = "Volunteers fill sandbags beside the swollen river, and more of them arrive every hour."
    p[paragraph] = 0.9
    assert _kept(p, [P1, paragraph, subheading, P2, P3]) == [P1, paragraph, subheading, P2, P3]


def test_the_article_opens_at_its_first_kept_line_whichever_pass_kept_it():
    # a sentence the near pass took in over the article's first paragraph opens the article:
    # the subheading under it is inside, and the paragraphs hold its words
    near = "Rescue crews worked through the night."
    p = {near: 0.3, "Flooded streets": 0.3, P1: 0.9, P2: 0.9, P3: 0.9}
    assert _kept(p, list(p)) == list(p)


def test_a_hard_wrapped_page_is_decided_as_the_same_page_unwrapped():
    # the candidate's first line holds the article's words and its second line none: as
    # one paragraph it holds too few of them, and neither of its lines is taken in
    candidate = "Flooded streets of the capital and the city schools shut as the zebra quokka narwhal axolotl pangolin ocelot"
    blocks = {P1 + " " + P2: 0.9, candidate: 0.3, "Share this page": 0.05, P2 + " " + P3: 0.9, P3 + " " + P1: 0.9}

    def kept_blocks(width):
        lines, p, block_of = [], [], []
        for k, (block, prob) in enumerate(blocks.items()):
            wrapped = textwrap.wrap(block, width) if width else [block]
            lines += [*wrapped, ""]
            p += [prob] * len(wrapped)
            block_of += [k] * len(wrapped)
        decision = decide_from_probabilities(lines, non_blank_line_nos(lines), np.array(p))
        return sorted(set(zip(block_of, decision.body.tolist())))

    unwrapped = kept_blocks(None)
    assert unwrapped == [(0, True), (1, False), (2, False), (3, True), (4, True)]
    assert kept_blocks(60) == unwrapped


def test_fillers_are_no_documents_of_the_article():
    # "Advertisement" is a filler: counted as documents, its copies would make the word
    # common, weigh it little, and the line whose other words the article holds taken in
    P4 = "Officials expect the water to fall by the weekend, and the schools to open again next week."
    line = "Advertisement: flooded streets"
    p = {P1: 0.9, P2: 0.9, P3: 0.9, P4: 0.9, "Advertisement": 0.05, line: 0.3, "Share this page": 0.05}
    order = [P1, "Advertisement", line, "Share this page", P2, "Advertisement", P3, "Advertisement", P4, "Advertisement"]
    assert _kept(p, order) == [P1, P2, P3, P4]


def test_a_hard_wrapped_paragraph_with_one_line_corpus_mode_calls_repeated_is_taken_in_whole():
    # A paragraph is repeated only when all its lines are (as for the model's labels): the
    # near lines the cleaner is given leave out each repeated line, and the pass took in
    # the paragraph's other line alone, splitting it.
    candidate = "Flooded streets of the capital and the city schools shut as the river rose two metres overnight and"
    blocks = {P1 + " " + P2: 0.9, candidate: 0.3, "Share this page": 0.05, P2 + " " + P3: 0.9, P3 + " " + P1: 0.9}
    lines, p = [], []
    for block, prob in blocks.items():
        wrapped = textwrap.wrap(block, 60)
        lines += [*wrapped, ""]
        p += [prob] * len(wrapped)
    line_nos = non_blank_line_nos(lines)
    texts = [lines[i - 1] for i in line_nos]
    start = texts.index(textwrap.wrap(candidate, 60)[0])
    assert not line_table(np.zeros(len(texts), int), np.array(line_nos), texts, by_paragraph=True).unit_start[start + 1]
    whole = decide_from_probabilities(lines, line_nos, np.array(p)).body
    assert whole[start : start + 2].all()  # taken in, with no line repeated
    for at in (start, start + 1):
        repeated = np.arange(len(texts)) == at
        assert decide_from_probabilities(lines, line_nos, np.array(p), repeated=repeated).body.tolist() == whole.tolist(), at


def _wrapped_blocks(blocks: list[list[str]], width: int | None) -> tuple[list[str], list[str]]:
    """A page of blocks between blank lines, each block's paragraphs on adjacent lines, every
    paragraph hard-wrapped at ``width`` (or left one line): its lines, and each line's paragraph."""
    lines, source = [], []
    for block in blocks:
        for paragraph in block:
            pieces = textwrap.wrap(paragraph, width) if width else [paragraph]
            lines += pieces
            source += [paragraph] * len(pieces)
        lines.append("")
        source.append("")
    return lines, source


def test_a_hard_wrapped_heading_running_on_into_a_sentence_is_kept_or_dropped_whole():
    # A heading of other words than the article's (no sentence end, as many words as a
    # headline), hard-wrapped onto three lines. Standing apart it goes; run on, with no
    # blank line between, into a paragraph it is that paragraph's first piece and stays.
    # Either way its lines go or stay together, as the line it was before wrapping: only
    # its last line runs on into the paragraph, and its other lines were dropped alone.
    heading = (
        "Win a relaxing weekend for two at a seaside hotel with spa treatments, dinner and breakfast "
        "included: subscribe to our weekly newsletter before November"
    )
    p = {P1: 0.9, heading: 0.7, P2: 0.9, P3: 0.9}
    for blocks, kept in (([[P1], [heading], [P2], [P3]], False), ([[P1], [heading, P2], [P3]], True)):
        plain, _ = _wrapped_blocks(blocks, None)
        line_nos = non_blank_line_nos(plain)
        decided = decide_from_probabilities(plain, line_nos, np.array([p[plain[i - 1]] for i in line_nos]))
        assert decided.body.tolist() == [True, kept, True, True]
        lines, source = _wrapped_blocks(blocks, 60)
        line_nos = non_blank_line_nos(lines)
        texts = [lines[i - 1] for i in line_nos]
        rows = [k for k, i in enumerate(line_nos) if source[i - 1] == heading]
        unit_start = line_table(np.zeros(len(texts), int), np.array(line_nos), texts).unit_start
        assert len(rows) == 3 and unit_start[rows].tolist() == [True, False, False]  # wrapped, and found
        assert unit_start[rows[-1] + 1]  # the paragraph under it is a paragraph of its own
        decision = decide_from_probabilities(lines, line_nos, np.array([p[source[i - 1]] for i in line_nos]))
        assert decision.body[rows].tolist() == [kept] * 3, blocks
