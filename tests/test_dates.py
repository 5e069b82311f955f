"""Date shapes: the batch search finds exactly the lines the one-line rule accepts."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from boilerplate.dates import NAMES, date_lines, has_date_shape

# Tokens that make and break date shapes: names in both normal forms and in any
# case, names glued into longer words, digits of two scripts, clock times and the
# separators the names are trimmed of.
_NAMES = sorted(NAMES)
_NAME = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES).map(str.upper),
    st.sampled_from(_NAMES).map(lambda w: unicodedata.normalize("NFD", w)),
    st.sampled_from(_NAMES).map(lambda w: w + "s"),
)
_OTHER = st.one_of(
    st.sampled_from(["3", "২৭", "2024", "১৮:৩৫", "9:02", "12 : 30", "(", ")", ",", "|", "—", "mayor", "sunday's"]),
    st.text(max_size=6),
)
# A name beside a number is what the name rule looks for: make it common.
_TOKEN = st.one_of(_NAME, _OTHER, st.tuples(_NAME, st.sampled_from(["3,", "(২৭)", "2024"])).map(" ".join))
_LINE = st.lists(_TOKEN, max_size=8).flatmap(
    lambda tokens: st.sampled_from([" ", ", ", " | ", "\u00a0"]).map(lambda sep: sep.join(tokens))
)


@given(st.lists(_LINE, max_size=12))
def test_date_lines_finds_exactly_the_date_shaped_lines(lines):
    expected = [i for i, line in enumerate(lines) if has_date_shape(line)]
    assert date_lines(lines).tolist() == expected
    # Candidates and colon hints narrow the search, never change a line's answer.
    odd = [i for i in range(len(lines)) if i % 2]
    colon = [i for i, line in enumerate(lines) if ":" in line or "：" in line]
    assert date_lines(lines, odd, colon).tolist() == [i for i in expected if i % 2]
