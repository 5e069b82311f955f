"""The line-rule peers; the C4 rule is C4's as published (Raffel et al. 2020) and as
tensorflow_datasets' c4_utils, the code that built C4, applies it to a line."""

from boilerplate.baselines import keep_c4, keep_c4_danda, keep_long_lines, keep_sentences
from boilerplate.evaluate import PEERS


def test_c4_keeps_lines_of_five_words_or_more():
    # "We discarded any page with fewer than 3 sentences and only retained lines that
    # contained at least 5 words" (JMLR 2020; _MIN_WORDS_PER_LINE = 5 in c4_utils).
    assert keep_c4("The council met on Tuesday.")
    assert not keep_c4("The council met today.")
    assert keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে।")
    assert not keep_c4_danda("পরিষদ বাজেট অনুমোদন করেছে।")


def test_c4_end_marks_are_c4_utils_ones():
    # _END_MARKS = (".", "?", "!", '"'): no single quote; a line ending in "..." is dropped.
    assert keep_c4('He said it was "a very good day."') and keep_c4("Was it a very good day?")
    assert not keep_c4("He said it was 'a very good day'")
    assert not keep_c4("Read the whole story about the council...")


def test_c4_removes_citation_markers_before_its_end_mark_test():
    # c4_utils.clean_page: `line = citation_regex.sub("", line)` (r"\[\d*\]|\[edit\]|\[citation needed\]")
    # comes before `if not line.endswith(_END_MARKS) ...`, and the paper says "we removed any
    # such markers": a Wikipedia paragraph ending in "[1]" is kept, not dropped. The rule
    # dropped it, and the report called this a citation "line filter" left out.
    assert keep_c4("The council approved the new budget on Tuesday.[1]")
    assert keep_c4("The council approved the new budget.[12][edit]")
    assert keep_c4("Was the new budget approved by the council?[citation needed]")
    assert keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে।[3]")
    # No strip after the removal, as in c4_utils; the words are counted without the markers.
    assert not keep_c4("The council approved the new budget. [1]")
    assert not keep_c4("Budget approved today [1] finally.[2]")  # 4 words once the markers are gone
    assert not keep_c4("The council approved the new budget [1]")
    assert not keep_c4("Other brackets [a] stay in the line [b]")
    assert not keep_c4("The council approved the new budget.[a]")  # a note's letter is no citation marker
    description = PEERS["c4"][0].description
    assert "citation line filters" not in description and "citation markers" in description


def test_the_three_word_peer_keeps_three_words():
    assert keep_sentences("It rained today.")
    assert not keep_sentences("It rained.")  # two words
    assert not keep_sentences("It rained today")  # no sentence end
    assert not keep_sentences("It  rained.")  # two words, whatever the space between them


def test_the_long_line_peer_keeps_fifteen_words_or_more():
    # "keep lines of ≥ 15 words", with or without a sentence end; words are split at any run of white space.
    words = "the council met on tuesday and voted for the new budget after a long debate".split()
    assert len(words) == 15
    assert keep_long_lines(" ".join(words)) and keep_long_lines(" ".join(words) + " today")
    assert not keep_long_lines(" ".join(words[:14]))
    assert not keep_long_lines("  ".join(words[:14])) and not keep_long_lines("\t".join(words[:14]))


def test_the_report_says_what_the_c4_rule_does():
    description = PEERS["c4"][0].description
    assert "at least 5 words" in description and "curly bracket" in description


def test_c4_drops_a_line_holding_a_word_of_more_than_1000_characters():
    # c4_utils.clean_page drops a line when a word of `line.split()` is longer than
    # _MAX_WORD_LENGTH = 1000 characters, tested on the stripped line before the citation
    # markers are removed; the rule kept such a line.
    words = "The council approved the new budget "
    assert keep_c4(words + "b" * 999 + ".") and keep_c4_danda(words + "b" * 999 + "।")  # 1,000 characters
    assert not keep_c4(words + "b" * 1000 + ".") and not keep_c4_danda(words + "b" * 1000 + "।")
    assert not keep_c4("b" * 1001 + " " + words + "today.")
    # 1,001 characters with its marker, 998 without: dropped, as the test comes first.
    assert keep_c4(words + "b" * 994 + ".[1]") and not keep_c4(words + "b" * 997 + ".[1]")
    assert "no word of more than 1,000 characters" in PEERS["c4"][0].description


def test_c4_strips_a_line_before_its_tests():
    # c4_utils strips each line first: white space after the end mark does not drop it.
    assert keep_c4("The council met on Tuesday. ") and keep_c4("  The council met on Tuesday.\t")
    assert keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে। ")


def test_c4_end_marks_and_citation_markers_in_full():
    # _END_MARKS holds "!"; citation_regex's \[\d*\] takes an empty "[]" too; only three
    # periods are the ellipsis (_ELLIPSIS = "..."), so two end a line as one does.
    assert keep_c4("The council approved the new budget!")
    assert keep_c4("The council approved the new budget.[]")
    assert keep_c4("The council approved the new budget..")


def test_the_danda_rule_is_the_c4_rule_with_two_more_end_marks():
    # Five words and । or ॥ at the end; the C4 marks still count; an ellipsis, fewer
    # words, or a marker left after a space drop the line as they do in C4.
    assert keep_c4_danda("পরিষদ নতুন বাজেট অনুমোদন করেছে।")  # five words
    assert keep_c4_danda("পরিষদ নতুন বাজেট অনুমোদন করেছে॥")
    assert keep_c4_danda("The council met on Tuesday.") and keep_c4_danda("Was the budget approved on Tuesday?")
    assert not keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে...")
    assert not keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে। [3]")
    assert not keep_c4_danda("পরিষদ মঙ্গলবার নতুন বাজেট অনুমোদন করেছে")
