"""boilerplate.metrics: line and character-weighted scores of the body class, edge cases included."""

import pytest

from boilerplate.metrics import body_scores


def test_scores_of_a_mixed_page():
    s = body_scores([1, 1, 0, 0], [1, 0, 1, 0], [100, 10, 10, 5])
    assert (s["precision"], s["recall"], s["f1"]) == (0.5, 0.5, 0.5)
    assert s["char_f1"] == pytest.approx(100 / 110)


def test_precision_is_over_the_kept_lines_and_recall_over_the_body_lines():
    # On the page above precision and recall are equal, so swapping them went unseen.
    # One body line kept, one chrome line kept, two body lines dropped.
    s = body_scores([1, 1, 1, 0], [1, 0, 0, 1], [100, 30, 20, 10])
    assert (s["lines"], s["body_lines"]) == (4, 3)  # lines of the truth, body lines of the truth (two kept)
    assert (s["precision"], s["recall"]) == pytest.approx((1 / 2, 1 / 3))
    assert s["f1"] == pytest.approx(2 / 5)
    assert (s["char_precision"], s["char_recall"]) == pytest.approx((100 / 110, 100 / 150))
    assert s["char_f1"] == pytest.approx(2 * 100 / (2 * 100 + 10 + 50))


def test_a_page_without_body_that_keeps_nothing_is_perfect():
    # Every decision is right (the page is "exact"); scoring it 0 would list it among the worst pages.
    s = body_scores([0, 0, 0], [0, 0, 0], [5, 10, 20])
    assert (s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0)
    assert (s["char_precision"], s["char_recall"], s["char_f1"]) == (1.0, 1.0, 1.0)


def test_a_page_without_body_that_keeps_a_line_scores_zero():
    s = body_scores([0, 0], [1, 0], [5, 10])
    assert (s["precision"], s["f1"], s["char_f1"]) == (0.0, 0.0, 0.0)
    # No body line to recall: recall is 0 / 0, which scores 0 as every empty ratio here does
    # (precision when nothing is kept); only the page that keeps nothing is exact.
    assert (s["recall"], s["char_recall"]) == (0.0, 0.0)


def test_a_page_whose_body_is_all_dropped_scores_zero():
    s = body_scores([1, 0], [0, 0], [5, 10])
    assert (s["precision"], s["recall"], s["f1"], s["char_f1"]) == (0.0, 0.0, 0.0, 0.0)


def test_no_lines_measure_nothing():
    s = body_scores([], [], [])
    assert s["lines"] == 0 and s["f1"] == 0.0 and s["char_f1"] == 0.0
