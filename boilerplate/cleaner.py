"""From line probabilities to the article: the cleaner's passes.

The cleaner works like jusText, in named passes, and keeps the model's own label
beside the final one so that :func:`explain` can show both:

1. **classify** — the model gives every non-blank line a probability of ``body``;
   lines at or above :attr:`Config.threshold` are the model's body lines.
2. **fill** — a run of at most :attr:`Config.max_fill_gap` chrome lines lying between
   two body paragraphs (body lines of at least :data:`PARAGRAPH_WORDS` words) becomes
   body: a page that breaks a paragraph mid-sentence, or a short line inside the
   article, stays with the article. A byline between the headline and the first
   paragraph is not filled: a headline is not a paragraph. The cohesion pass drops
   such a line again when the article holds too few of its words.
3. **select** — the article is the body span (run of body lines) with the most
   characters. Spans joined to it by gaps of at most :attr:`Config.max_join_gap`
   chrome lines, and spans joined to those, belong to it; below it, the gaps are
   of at most :data:`MAX_JOIN_GAP_BELOW` lines (a related story's teaser under its
   heading, under the article's end, is no part of it). A span farther away is
   kept only when it is substantial — at least :data:`FAR_SPAN_LINES` lines, or at
   least :data:`FAR_SPAN_SHARE` of the article's characters — as when a long embed
   splits an article in two; a lone body-looking line far away is dropped. So the
   headline above the article (with a byline and a date between) is kept, and a
   long related headline far below the article goes.
4. **tables** — a table printed one cell per line
   (:func:`~boilerplate.features.table_lines`: a name, a figure, a figure, row after
   row) that lies inside the article, or is joined to it by a gap of at most
   :attr:`Config.max_join_gap` lines, is part of it, with its header (the short
   cells right above its first row, :func:`~boilerplate.features.header_cells`): line
   by line its cells look like a menu, and the model drops them.
5. **credits** — a line holding a copyright sign (``©``,
   :data:`~boilerplate.features.CREDIT_CHARS`) is a copyright notice or a photo's
   credit, and a line of a sentence or three that ends in a photo's credit
   (:func:`~boilerplate.text.ends_in_credit`: ``… সাক্ষাৎ। ছবি : সংগৃহীত``, "… in
   Brussels. Foto: Privat"; or words closing in one in round brackets, "… an expert
   says (Image: Agency)") is a caption, as are a sentence or three and its credit
   on the line right under it, with no blank line between
   (:func:`~boilerplate.text.credit_below`): LABELING.md calls both chrome, and they
   are dropped whatever the model's probability. The passes above see the model's
   label, so a caption inside an article, which the model takes for a paragraph,
   does not split the article. A caption that is the last line kept on its page
   stays: an article's last line ending in a credit is its source (``… বলেছেন।
   সূত্র: রয়টার্স``), which LABELING.md calls body, run together with the last
   paragraph (or on the line under it, when both stay); a heading kept after it that the trim pass drops (``Read more:``
   with nothing kept under it) does not count. Only the code pass may take a
   credit in, as a line of a listing.
6. **code** — the dropped lines between two kept lines of a page become part of
   the article when at least :data:`CODE_GAP_SHARE` of them are code
   (:func:`~boilerplate.features.is_code_line`): a code block, a shell session or a
   database printout inside a technical article, with the short lines of output and
   the sentences between its pieces. Line by line such lines look like a menu, and
   the model drops them.
7. **near** — a sentence (at least :data:`NEAR_MIN_WORDS` words ending in a sentence
   end), which the model gave a probability of at least the threshold less
   :data:`NEAR_MARGIN` (:func:`near_lines`), joins the article when at most
   :attr:`Config.max_join_gap` lines lie between it and a kept line (jusText's context
   pass: "near-good" paragraphs next to good ones), as a paragraph cut off from the
   article by a widget; below the last kept line, at most :data:`MAX_JOIN_GAP_BELOW`
   (an author's bio or a newsletter's pitch under a heading after the article's
   end is no part of it). Near lines do not join each other, and a credit or
   a caption the credits pass dropped is none. It runs after the code pass, so that
   a sentence between two pieces of a listing does not split the listing's gap.
8. **trim** — a kept line shorter than a paragraph that ends in a colon (a list
   heading or a label: ``সংশ্লিষ্ট সংবাদ:``, "Read more:") introduces what follows;
   when the next non-blank line is not kept, it introduces nothing and is dropped.
9. **reprints** — two or more sentences in a row that the page prints again in the
   same order (:attr:`~boilerplate.features.LineTable.reprint`,
   :data:`~boilerplate.features.REPRINT_MIN_WORDS`: a subscription pitch, a summary
   box or an embed's notice that the site shows twice) are chrome whatever the model
   says, as LABELING.md's ``promo`` and ``meta``: an article does not repeat its
   paragraphs. The passes before saw the model's label, so such a run inside the
   article does not split it. When a page's reprinted runs hold half the characters
   kept on it or more, they are the article itself printed twice, and stay
   (:func:`_reprints_to_drop`). A song's chorus sung twice reads as a reprint too. No
   later pass takes a reprinted line in.
10. **cohesion** — a line between a page's first and last kept lines that the model
   gave a probability of at least the threshold less :data:`NEAR_MARGIN` (the near
   pass's lines, a sentence or not) joins the article when the kept lines the model
   itself called body repeat its words: at least
   :data:`~boilerplate.cohesion.COHESION_MIN_SHARE` of its word weight
   (:mod:`boilerplate.cohesion`). A subheading, a short paragraph or a recipe's step
   looks, line by line, like the short lines around an article, but its words come
   back in the article. A credit, a caption or a filler is none. It runs after the
   trim pass, so a list's heading whose words the article repeats stays. The same
   pass drops a line the fill pass took in (neither the model's body, nor a table's or
   a listing's line, nor one ending in a colon, which introduces what follows) when the article's lines hold less than
   :data:`~boilerplate.cohesion.FILLED_MIN_SHARE` of its word weight: a paragraph
   broken mid-sentence shares the article's words, a byline, a date or a "Read more"
   between two paragraphs does not; a line with no word at all (``* * *``) stays. And
   it drops a line the model kept below the article's first paragraph that reads as a
   heading (no sentence in it, as many words as a headline; not a table's or a
   listing's line, nor one ending in a colon, nor one running on into a sentence on the
   line right under it) when the article's other lines hold less than
   :data:`~boilerplate.cohesion.HEADING_MIN_SHARE` of its word weight: the article's
   subheading names what its paragraphs say, another story's headline or a promotion
   between them does not.
11. **lists** — first, a line not kept that ends in a colon, below its page's first
   kept line and right over a kept line, introduces that line and joins the article
   (:func:`_introductions`: "She wrote:" over a quotation; the trim pass's converse).
   Then a kept line ending in a colon whose next line opens a list
   (:func:`~boilerplate.text.list_mark`: a bullet, or the number 1) introduces the
   list, and its items join the article (:func:`_introduced_lists`): the lines that go
   on under the same bullet, or numbered on from it, with at most
   :data:`LIST_ITEM_GAP` lines (a link, a price) between two numbered items. Line by
   line a list's items look like a menu's, and the model drops them; a list of
   headlines under a heading that is no kept line ending in a colon ("Most read") stays
   out. It runs after the cohesion pass, whose subheadings may end in a colon.
12. **headline** — of the lines above the article's first kept line, the one whose
   words that line repeats most is the headline (:mod:`boilerplate.headline`): the
   model keeps the headline above a byline and a date, as on the pages it learned
   from, but not one above a teaser, a photo's caption and share buttons. It runs
   last, over the lines of :func:`~boilerplate.features.line_table`'s ``texts``;
   :func:`smooth`, which is given no text, runs neither it nor the reprints, cohesion and lists passes.

Fillers (a short line the page repeats between its paragraphs, see
:data:`boilerplate.features.FILLER_MIN_COUNT`) are chrome, and the passes run over
the other lines as if they were blank lines (:func:`smooth_table`; :func:`smooth`,
which takes its inputs one array at a time, knows nothing of fillers), but for the
headline pass's window, which counts them, and in which a filler is no candidate. A filler
between two lines the code pass took in (a ``break;`` a code listing repeats) is
taken with them.

Gaps are counted in non-blank lines, and the lines of a hard-wrapped paragraph
(:func:`boilerplate.features.continued_lines`) count as one line, whose probability
and labels they share: a page wrapped at a fixed width, as ``lynx -dump`` writes
it, is decided as the same page unwrapped. The output is the kept lines in input
order, each exactly as in the input with trailing white space removed. Kept lines
that were adjacent in the input stay on adjacent lines; any gap (blank or dropped
lines) becomes one blank line. Nothing that is not a line of the input is ever
returned.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .corpus import missing_kind
from .features import (
    FEATURE_NAMES,
    LineTable,
    _first_lines,
    line_table,
    non_blank,
    runs,
    table_lines,
)
from . import chars as C
from . import cohesion, headline
from .model import body_probability_from_features, linear_model
from .text import EDGE_CHARS, list_mark

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: Probability of body at which the model calls a line body: the plain midpoint.
#: The model's C and class weighting were chosen with it (``python bench/choose_c.py``).
THRESHOLD = 0.5

#: Chrome lines between two body lines that are taken into the article. One line
#: covers a paragraph broken in two; two would swallow a byline and date bar
#: lying between the headline and the first paragraph.
MAX_FILL_GAP = 1

#: A body line of at least this many words counts as a paragraph for the fill pass.
PARAGRAPH_WORDS = 10

#: Chrome lines that may separate a body span from the article and still leave it
#: part of it: the headline sits above a byline and a date or two.
MAX_JOIN_GAP = 3

#: Chrome lines that may separate the article from what it takes in below it: a span
#: below its longest span (the select pass), a sentence below its last kept line (the
#: near pass). Config.max_join_gap's three lines are for what lies above it, a byline
#: and a date or two under the headline; below the article's end, two or three lines
#: are a widget's heading over its first line (a related story's teaser under its
#: title and author, an author's bio, a newsletter's pitch), while one is a paragraph
#: broken by an ad's line. The smaller of the two gaps applies. Chosen, of 0 to 3, by
#: the best mean line F1 on the benchmark's development halves (``python
#: bench/choose_below.py``): 0.8440, 0.8441, 0.8432 and 0.8426 when it was chosen (3,
#: max_join_gap below as above, was the rule before); 0.8647, 0.8648, 0.8636 and 0.8629
#: with today's passes.
MAX_JOIN_GAP_BELOW = 1

#: A body span far from the article is kept when it has at least this many lines…
FAR_SPAN_LINES = 2

#: …or at least this share of the article span's characters.
FAR_SPAN_SHARE = 0.2

#: The near pass: a sentence (a line of at least NEAR_MIN_WORDS words that ends in a
#: sentence end) whose probability is at least the threshold less NEAR_MARGIN (just
#: short of it, or body the select pass left out) joins the article when a gap of at
#: most :attr:`Config.max_join_gap` lines separates them (jusText's "near-good"
#: paragraphs next to good ones). Both chosen by ``python bench/choose_near.py``, with
#: C's rule, on the benchmark's development halves.
NEAR_MIN_WORDS = 3
NEAR_MARGIN = 0.3

#: The code pass fills a gap between two kept lines when at least this share of
#: its lines are code. Chosen with :data:`~boilerplate.features.CODE_MIN_SHARE` as
#: the pair with the best mean line F1 on the benchmark's development half
#: (``python bench/choose_code.py``); the gaps it fills in a news article
#: (captions, teasers, menus) hold no code.
CODE_GAP_SHARE = 0.05

#: The most lines between two numbered items of a list that the lists pass takes in
#: (:func:`_introduced_lists`): a link or a price printed under each item.
LIST_ITEM_GAP = 1

#: Pages per model call in :func:`decide_pages`: enough to spread the pipeline's
#: fixed cost per call thin, few enough that the feature table stays small.
BATCH_PAGES = 256

#: Non-blank lines per model call: a batch closes early when its pages are long,
#: so memory stays flat whatever the pages hold (58 float features per line, len(FEATURE_NAMES)).
BATCH_LINES = 20_000

#: The column of the feature table that says a line ends in a colon (the trim pass).
_ENDS_COLON = FEATURE_NAMES.index("ends_colon")
_ENDS_SENTENCE = FEATURE_NAMES.index("ends_sentence")
_BLANK_AFTER = FEATURE_NAMES.index("blank_after")
_INNER_ENDS = FEATURE_NAMES.index("inner_sentence_ends")

_TYPE_ERROR = (
    "{name}() takes the page as str, not {kind}; {hint}"
)


@dataclass(frozen=True)
class Config:
    """The cleaner's few settings; the defaults are the module constants.

    ``threshold`` is the probability of body at or above which the model's label is
    body (the classify pass), ``max_fill_gap`` the most chrome lines between two body
    paragraphs that the fill pass makes body, and ``max_join_gap`` the select, tables
    and near passes' gap above the article and inside it; below it the select and near
    passes join across the smaller of it and :data:`~boilerplate.cleaner.MAX_JOIN_GAP_BELOW`,
    the tables pass across all of it (the passes: :mod:`boilerplate.cleaner`).

    ``threshold`` is any real number from 0 to 1, the gaps any whole number ≥ 0,
    NumPy's included (stored as ``float`` and ``int``). A value of another type
    (a ``str``, a ``bool``, a ``float`` gap) is a ``TypeError``, one out of range a
    ``ValueError``. ``config=`` of the cleaning functions takes a ``Config``: anything
    else (``None``, a dict of settings) is a ``TypeError`` saying what to pass.

    >>> Config().threshold
    0.5
    >>> Config(threshold=np.float32(0.25), max_join_gap=np.int64(2))
    Config(threshold=0.25, max_fill_gap=1, max_join_gap=2)
    """

    threshold: float = THRESHOLD
    max_fill_gap: int = MAX_FILL_GAP
    max_join_gap: int = MAX_JOIN_GAP

    if TYPE_CHECKING:
        # What __post_init__ accepts, for type checkers: NumPy's numbers too (the
        # dataclass's own __init__, from the fields, would take only float and int).
        def __init__(
            self,
            threshold: float | np.floating[Any] | np.integer[Any] = THRESHOLD,
            max_fill_gap: int | np.integer[Any] = MAX_FILL_GAP,
            max_join_gap: int | np.integer[Any] = MAX_JOIN_GAP,
        ) -> None: ...

    def __post_init__(self) -> None:
        # bool is an int (True == 1): a flag passed by mistake, refused.
        if not isinstance(self.threshold, numbers.Real) or isinstance(self.threshold, bool):
            raise TypeError(
                f"threshold must be a number between 0 and 1, not {self.threshold!r} "
                f"({type(self.threshold).__name__}); e.g. Config(threshold=0.6)."
            )
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, not {self.threshold!r}.")
        object.__setattr__(self, "threshold", float(self.threshold))
        for name, default in (("max_fill_gap", MAX_FILL_GAP), ("max_join_gap", MAX_JOIN_GAP)):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or isinstance(value, bool):
                raise TypeError(
                    f"{name} must be a whole number ≥ 0 (lines), not {value!r} ({type(value).__name__}); "
                    f"e.g. Config({name}={default})."
                )
            if value < 0:
                raise ValueError(f"{name} must be a whole number ≥ 0 (lines), not {value!r}.")
            object.__setattr__(self, name, int(value))


DEFAULT_CONFIG = Config()


def _check_config(config: object) -> Config:
    """``config`` itself when it is a :class:`Config`, else a ``TypeError`` saying what to pass.

    >>> _check_config({"threshold": 0.6})
    Traceback (most recent call last):
    TypeError: config= takes a Config, not dict; pass Config(**settings) for a dict of settings.
    """
    if isinstance(config, Config):
        return config
    if isinstance(config, dict):
        hint = "pass Config(**settings) for a dict of settings"
    elif config is None:
        hint = "leave config out for the defaults"
    else:
        hint = "pass e.g. Config(threshold=0.6)"
    raise TypeError(f"config= takes a Config, not {type(config).__name__}; {hint}.")


class LineDecision(NamedTuple):
    """What the cleaner decided for one line, as :func:`explain` returns it.

    ``line_no`` counts from 1 (the line is ``text.splitlines()[line_no - 1]``), and
    ``text`` is that line untouched. ``p_body`` is the model's probability of body;
    ``model_label`` is the model's own label (``"body"`` when ``p_body`` is at least
    :attr:`Config.threshold`, else ``"chrome"``) and ``label`` the final one, after the
    cleaner's passes: the lines labelled ``"body"`` are what :func:`clean` returns.
    ``p_body`` is ``None`` and both labels are ``"blank"`` for a blank line.

    >>> explain("Home | World\\n\\t")[1]
    LineDecision(line_no=2, text='\\t', p_body=None, model_label='blank', label='blank')
    """

    line_no: int
    text: str
    p_body: float | None
    model_label: str
    label: str


def _smooth_pages(
    model_body: np.ndarray,
    lengths: np.ndarray,
    paragraph: np.ndarray,
    first: np.ndarray,
    config: Config,
    unit_start: np.ndarray | None = None,
    introduces: np.ndarray | None = None,
    tables: np.ndarray | None = None,
    code: np.ndarray | None = None,
    credit: np.ndarray | None = None,
    caption: np.ndarray | None = None,
    near: np.ndarray | None = None,
    credit_under: np.ndarray | None = None,
    repeated: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fill, select, tables, credits, code, near and trim passes over the non-blank lines of many pages at once.

    ``first`` is true on each page's first line; ``tables`` marks the lines of tables
    (:attr:`~boilerplate.features.LineTable.tables`, or :func:`_table_mask` of cell
    kinds); ``credit`` and ``caption`` the credits and the captions ending in one
    (:attr:`~boilerplate.features.LineTable.credit`, ``.caption``; without either the
    credits pass leaves those lines alone); ``credit_under`` the captions whose credit
    is on the line under them (:func:`~boilerplate.text.credit_below`; without it, any
    caption right above a page's closing caption is taken for one); ``repeated`` corpus
    mode's repeated lines, which the fill pass does not take in; every other
    argument is as for :func:`smooth`, one value per line, pages one after another.
    Returns the final labels, the lines the code pass took in, and the lines the fill
    pass took in (not the model's body) that the select pass kept.
    """
    if unit_start is not None and not unit_start.all():
        # A hard-wrapped paragraph is one line to the passes, as it was before
        # wrapping: body when any of its lines is, as long as its lines and the
        # spaces that joined them, ending as its last line ends.
        heads = np.flatnonzero(unit_start)
        tails = np.append(heads[1:], len(unit_start)) - 1
        unit_body = np.logical_or.reduceat(np.asarray(model_body, dtype=bool), heads)
        unit_lengths = np.add.reduceat(np.asarray(lengths, dtype=np.int64), heads) + tails - heads
        unit_introduces = None if introduces is None else introduces[tails]
        unit_tables = None if tables is None else tables[heads]
        unit_code = None if code is None else code[heads]
        unit_credit = None if credit is None else credit[heads]
        unit_caption = None if caption is None else caption[heads]
        unit_near = None if near is None else np.logical_or.reduceat(np.asarray(near, dtype=bool), heads)
        unit_credit_under = None if credit_under is None else credit_under[heads]
        # a hard-wrapped paragraph is repeated when all its lines are
        unit_repeated = None if repeated is None else np.logical_and.reduceat(np.asarray(repeated, dtype=bool), heads)
        body, by_code, filled = _smooth_pages(
            unit_body,
            unit_lengths,
            paragraph[heads],
            first[heads],
            config,
            None,
            unit_introduces,
            unit_tables,
            unit_code,
            unit_credit,
            unit_caption,
            unit_near,
            unit_credit_under,
            unit_repeated,
        )
        unit_of = np.cumsum(unit_start) - 1
        return body[unit_of], by_code[unit_of], filled[unit_of]
    body = np.asarray(model_body, dtype=bool)
    body, filled = _fill_and_select(body, lengths, paragraph, first, config, repeated)
    if tables is not None and body.any():
        body |= _tables_at_article(body, tables, first, config.max_join_gap)
    # credits: chrome whatever the model says; only the code pass takes one in
    if credit is not None:
        body = body & ~credit
    if caption is not None and caption.any():
        # …but a line ending in a credit that is the last line kept on its page
        # closes the article: its source (LABELING.md's `source`, body), run
        # together with the last paragraph, not a photo's caption. Kept headings after
        # it (short lines ending in a colon, with no kept line but headings after them)
        # introduce nothing: the trim pass drops them, and they do not count.
        # A caption whose credit is on a line of its own (text.credit_below) is two
        # caption lines: when its credit line is the last kept, the line above it stays too.
        closing = body if introduces is None else body & ~(introduces & ~paragraph)
        captions = np.flatnonzero(caption)
        page_start, page_end = _page_bounds(first, captions)
        last = _kept_before(np.flatnonzero(closing), page_end - 1)  # each caption's page's last
        last[last < page_start] = -1
        above_last = (captions + 1 == last) & caption[np.maximum(last, 0)] & (last >= 0)
        if credit_under is not None:
            above_last &= credit_under[captions]  # not a caption of its own over the closing one
        body[captions[(captions != last) & ~above_last]] = False
    by_code = np.zeros(len(body), dtype=bool)
    if code is not None and body.any():
        by_code = _code_in_article(body, code, first)
        body |= by_code
    if near is not None and body.any():
        # near: after the code pass, so that a near line does not split a listing's gap,
        # and never a credit or a caption the credits pass dropped
        near = near & ~credit if credit is not None else near
        near = near & ~caption if caption is not None else near
        body |= _near_article(body, near, first, config.max_join_gap)
    heading = np.flatnonzero(body & introduces & ~paragraph) if introduces is not None else np.zeros(0, dtype=np.intp)
    if heading.size:
        # trim: a kept short line ending in a colon goes unless, past the kept
        # headings right after it, a kept line follows on its page (two headings in
        # a row with nothing under them introduce nothing)
        n = len(body)
        # past each heading, the first line that is none: the end of its run of headings
        run_last = np.append(np.flatnonzero(np.diff(heading) != 1), len(heading) - 1)
        after = heading[run_last][np.searchsorted(run_last, np.arange(len(heading)))] + 1
        followed = (after < _page_bounds(first, heading)[1]) & body[np.minimum(after, n - 1)]
        body[heading[~followed]] = False
    return body, by_code, filled


def _table_mask(cells: np.ndarray, first: np.ndarray, unit_start: np.ndarray | None, header: np.ndarray | None = None) -> np.ndarray:
    """The lines of tables (:func:`~boilerplate.features.table_lines`) among lines of the
    given cell kinds, a hard-wrapped paragraph counting as one cell (its first line's kind,
    and its first line's ``header`` flag)."""
    if unit_start is None or unit_start.all():
        return table_lines(cells, first, header)
    heads = np.flatnonzero(unit_start)
    return table_lines(cells[heads], first[heads], None if header is None else header[heads])[np.cumsum(unit_start) - 1]


def _tables_at_article(body: np.ndarray, tables: np.ndarray, first: np.ndarray, max_gap: int) -> np.ndarray:
    """The lines of the ``tables`` that reach into the span from a page's first to its last
    ``body`` line, or lie at most ``max_gap`` lines before or after it (the tables pass)."""
    if not tables.any():
        return tables
    n = len(body)
    # A gap of n lines reaches everywhere; a larger one (sys.maxsize for "any gap")
    # would overflow the int64 sums below and wrap round to a gap that reaches nothing.
    max_gap = min(max_gap, n)
    starts, ends = runs(tables, first)
    # each table's page's first and last body lines (n and -1 on a page with none)
    kept = np.flatnonzero(body)
    page_start, page_end = _page_bounds(first, starts)
    top = _kept_after(kept, page_start, n)
    top[top >= page_end] = n
    bottom = _kept_before(kept, page_end - 1)
    bottom[bottom < page_start] = -1
    near = (bottom >= 0) & (starts <= bottom + max_gap + 1) & (ends - 1 >= top - max_gap - 1)
    return _cover(n, starts[near], ends[near])


def near_lines(p_body: np.ndarray, config: Config = DEFAULT_CONFIG) -> np.ndarray:
    """The lines whose probability is at least the threshold less :data:`NEAR_MARGIN`:
    the ``near`` mask :func:`smooth_table` takes (it keeps the sentences among them).

    >>> near_lines(np.array([0.1, 0.25, 0.6])).tolist()
    [False, True, True]
    """
    return np.asarray(p_body) >= config.threshold - NEAR_MARGIN


def _near_article(body: np.ndarray, near: np.ndarray, first: np.ndarray, max_gap: int) -> np.ndarray:
    """The ``near`` lines that a gap of at most ``max_gap`` lines separates from a ``body``
    line of their page (the near pass); below its last ``body`` line, a gap of at most
    :data:`MAX_JOIN_GAP_BELOW` lines.

    >>> body = np.array([1, 1, 0, 0, 0, 1, 0, 0, 0], bool)
    >>> near = np.array([0, 0, 0, 1, 0, 0, 0, 0, 1], bool)  # one inside the article, one two lines below it
    >>> _near_article(body, near, np.eye(1, 9, dtype=bool)[0], 3).astype(int).tolist()
    [0, 0, 0, 1, 0, 0, 0, 0, 0]
    """
    n = len(body)
    max_gap = min(max_gap, n)  # as in _tables_at_article: sys.maxsize would overflow
    out = np.zeros(n, dtype=bool)
    lines = np.flatnonzero(near)
    kept = np.flatnonzero(body)
    page_start, page_end = _page_bounds(first, lines)
    before = _kept_before(kept, lines)  # the last body line at or before each near line
    after = _kept_after(kept, lines, n)  # the first at or after it
    below_end = after >= page_end  # no body line at or after it on its page
    gap = np.where(below_end, min(max_gap, MAX_JOIN_GAP_BELOW), max_gap)
    close_before = (before >= page_start) & (lines - before <= gap + 1)
    close_after = (after < page_end) & (after - lines <= max_gap + 1)
    out[lines[close_before | close_after]] = True
    return out


def _page_bounds(first: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first line and the (exclusive) end of the page of each of ``lines`` (sorted indices; ``first`` marks each page's first line)."""
    page_starts = np.flatnonzero(first)
    page = np.searchsorted(page_starts, lines, side="right") - 1
    return page_starts[page], np.append(page_starts[1:], len(first))[page]


def _kept_before(kept: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """For each of ``lines``, the last of ``kept`` (sorted indices) at or before it; -1 for none."""
    at = np.searchsorted(kept, lines, side="right") - 1
    return np.where(at >= 0, kept[np.maximum(at, 0)] if len(kept) else -1, -1)


def _kept_after(kept: np.ndarray, lines: np.ndarray, n: int) -> np.ndarray:
    """For each of ``lines``, the first of ``kept`` (sorted indices) at or after it; ``n`` for none."""
    at = np.searchsorted(kept, lines)
    return np.where(at < len(kept), kept[np.minimum(at, len(kept) - 1)] if len(kept) else n, n)


def _first_kept(body: np.ndarray, first: np.ndarray) -> np.ndarray:
    """For each line, the index of its page's first ``body`` line (``len(body)`` on a page with none)."""
    n = len(body)
    return np.minimum.reduceat(np.where(body, np.arange(n), n), np.flatnonzero(first))[np.cumsum(first) - 1]


def _code_in_article(body: np.ndarray, code: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The runs of non-``body`` lines between two ``body`` lines of a page of which at
    least :data:`CODE_GAP_SHARE` are ``code`` lines (the code pass)."""
    n = len(body)
    if not code.any():
        return np.zeros(n, dtype=bool)
    # Runs do not cross a page's start: a run that does not start the page follows a
    # body line of it, and one that ends before the next page's start precedes one.
    starts, ends = runs(~body, first)
    inside = ~first[starts] & (ends < n)
    inside[inside] = ~first[ends[inside]]
    cum = np.concatenate(([0], np.cumsum(code, dtype=np.int64)))
    code_lines = cum[ends] - cum[starts]
    fill = inside & (code_lines > 0) & (code_lines >= CODE_GAP_SHARE * (ends - starts))
    return _cover(n, starts[fill], ends[fill])


def _fill_and_select(
    model_body: np.ndarray,
    lengths: np.ndarray,
    paragraph: np.ndarray,
    first: np.ndarray,
    config: Config,
    repeated: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The fill and select passes (see :func:`_smooth_pages`); a gap holding a ``repeated`` line is not filled.
    Returns the labels, and the lines the fill pass took in that the select pass kept."""
    body = model_body.copy()
    if not body.any():
        return body, np.zeros(len(body), dtype=bool)
    page_starts = np.flatnonzero(first)
    # fill: short chrome gaps between two paragraphs of one page (a run is on one page)
    starts, ends = runs(body, first)
    span_page = np.searchsorted(page_starts, starts, side="right") - 1
    fill = (
        (span_page[1:] == span_page[:-1])
        & (starts[1:] - ends[:-1] <= config.max_fill_gap)
        & paragraph[ends[:-1] - 1]
        & paragraph[starts[1:]]
    )
    if repeated is not None and fill.any():
        # a line a site repeats on its pages is no piece of a broken paragraph
        seen = np.concatenate(([0], np.cumsum(repeated, dtype=np.int64)))
        fill &= seen[starts[1:]] == seen[ends[:-1]]
    filled = np.zeros(len(body), dtype=bool)
    if fill.any():
        filled = _cover(len(body), ends[:-1][fill], starts[1:][fill])
        body = body | filled
        starts, ends = runs(body, first)
        span_page = np.searchsorted(page_starts, starts, side="right") - 1
    # select: per page, the longest span by characters, and the spans chained to it
    bounds = np.column_stack((starts, ends)).ravel()
    weights = np.add.reduceat(lengths, bounds[: len(bounds) - (bounds[-1] == len(body))], dtype=np.int64)[::2]
    index = np.arange(len(starts))
    order = np.lexsort((index, -weights, span_page))  # heaviest first, the earliest on ties
    heads = np.ones(len(order), dtype=bool)
    heads[1:] = span_page[order][1:] != span_page[order][:-1]
    main = np.empty(len(page_starts), dtype=np.int64)
    main[span_page[order][heads]] = order[heads]
    main = main[span_page]
    # below the longest span, a span joins across a shorter gap than above it (a gap
    # longer than the lines is capped, as in _tables_at_article: it would overflow int64)
    above = min(config.max_join_gap, len(body))
    join_gap = np.where(index > main, min(above, MAX_JOIN_GAP_BELOW), above)
    new_chain = np.ones(len(starts), dtype=bool)
    new_chain[1:] = (span_page[1:] != span_page[:-1]) | (starts[1:] - ends[:-1] > join_gap[1:])
    chain_of = np.cumsum(new_chain)
    keep = (
        (chain_of == chain_of[main])
        | (ends - starts >= FAR_SPAN_LINES)
        | (weights >= FAR_SPAN_SHARE * weights[main])
    )
    body = _cover(len(body), starts[keep], ends[keep])
    return body, filled & body


def _by_paragraph(model_body: np.ndarray, unit_start: np.ndarray) -> np.ndarray:
    """The model's labels with each hard-wrapped paragraph taken whole: body when any of its lines is.

    Its lines share one probability, so they differ only where corpus mode calls
    some of them repeated; the paragraph is chrome only when all of them are.
    """
    if unit_start.all():
        return model_body
    heads = np.flatnonzero(unit_start)
    return np.logical_or.reduceat(model_body, heads)[np.cumsum(unit_start) - 1]


def _cover(n: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A mask of ``n`` values, true inside the disjoint half-open ranges ``starts[k]:ends[k]``."""
    delta = np.zeros(n + 1, dtype=np.int64)
    np.add.at(delta, starts, 1)
    np.add.at(delta, ends, -1)
    return np.cumsum(delta[:-1]) > 0


def smooth(
    model_body: np.ndarray,
    lengths: np.ndarray,
    paragraph: np.ndarray,
    config: Config = DEFAULT_CONFIG,
    unit_start: np.ndarray | None = None,
    introduces: np.ndarray | None = None,
    cells: np.ndarray | None = None,
    code: np.ndarray | None = None,
    credit: np.ndarray | None = None,
    caption: np.ndarray | None = None,
    near: np.ndarray | None = None,
    header: np.ndarray | None = None,
) -> np.ndarray:
    """The fill, select, tables, credits, code, near and trim passes over one page's non-blank lines (not the reprints, cohesion, lists and headline passes: it is given no text).

    ``model_body`` holds the model's labels (True for body), ``lengths`` the lines'
    lengths in characters, ``paragraph`` whether each line's paragraph is
    paragraph-long. ``unit_start`` (from :func:`~boilerplate.features.line_table`),
    when given, is false on the lines that continue a hard-wrapped paragraph: the
    passes take each such paragraph as one line. ``introduces`` marks the lines
    that end in a colon (:data:`~boilerplate.text.COLON_ENDS`); without it the
    trim pass does not run. ``cells`` holds each line's
    :func:`~boilerplate.features.cell_kind`; without it the tables pass does not
    run. ``header`` marks the lines that may be a table's header cells
    (:func:`~boilerplate.features.header_cells`); without it no header joins its table. ``code`` marks the lines of code (:func:`~boilerplate.features.is_code_line`);
    without it the code pass does not run. ``credit`` marks the credits (lines holding
    :data:`~boilerplate.features.CREDIT_CHARS`), ``caption`` the lines ending in a
    photo's credit (:func:`~boilerplate.text.ends_in_credit`); without them the
    credits pass does not run. ``near`` marks the lines the near pass may take in
    (:func:`smooth_table` gives it the sentences that the model gave nearly the
    threshold); without it the near pass does not run. A hard-wrapped
    paragraph's cell kind, code, credit and caption flags are its first
    line's (:func:`~boilerplate.features.line_table` gives every line of it the
    paragraph's), its ``introduces`` flag its last line's, and it is ``near`` (and
    the model's body) when any of its lines is. Returns the final labels.

    >>> body = np.array([1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1], bool)
    >>> chars = np.array([20, 5, 5, 90, 5, 90, 90, 5, 5, 5, 5, 5, 40])
    >>> smooth(body, chars, chars > 50).astype(int).tolist()
    [1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    >>> body[9:11] = True  # a two-line span far below: substantial, kept
    >>> smooth(body, chars, chars > 50).astype(int).tolist()
    [1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0]
    >>> colon = np.zeros(13, bool); colon[10] = True  # …unless its last line is a heading of nothing
    >>> smooth(body, chars, chars > 50, introduces=colon).astype(int).tolist()
    [1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0]
    """
    first = np.zeros(len(model_body), dtype=bool)
    first[:1] = True
    unit_start = None if unit_start is None else np.asarray(unit_start, dtype=bool)
    return _smooth_pages(
        np.asarray(model_body),
        np.asarray(lengths),
        np.asarray(paragraph, dtype=bool),
        first,
        config,
        unit_start,
        None if introduces is None else np.asarray(introduces, dtype=bool),
        None if cells is None else _table_mask(np.asarray(cells), first, unit_start, None if header is None else np.asarray(header, dtype=bool)),
        None if code is None else np.asarray(code, dtype=bool),
        None if credit is None else np.asarray(credit, dtype=bool),
        None if caption is None else np.asarray(caption, dtype=bool),
        None if near is None else np.asarray(near, dtype=bool),
    )[0]


def smooth_table(
    model_body: np.ndarray,
    table: LineTable,
    config: Config = DEFAULT_CONFIG,
    first: np.ndarray | None = None,
    near: np.ndarray | None = None,
    repeated: np.ndarray | None = None,
) -> np.ndarray:
    """The passes over the lines of a :func:`~boilerplate.features.line_table`, given the model's labels.

    Lengths, paragraphs, hard wraps, colon ends, tables, code, credits, fillers,
    reprinted runs and the lines' texts (for the reprints, cohesion, lists and headline passes) are taken from the table. Fillers are chrome, and the passes run over the other
    lines as if fillers were blank lines (but for the headline pass's window, which counts
    them); a filler inside a gap the code pass takes in is taken
    with it (a ``break;`` that a code listing repeats). The lines are one page's, or
    many pages' one after another when ``first`` marks each page's first line.
    ``near`` marks the lines the model gave a probability of at least the threshold
    less :data:`NEAR_MARGIN` (:func:`near_lines`; corpus mode's repeated lines left out); of those, the
    sentences (:data:`NEAR_MIN_WORDS`) are what the near pass may take in, and all of them
    what the cohesion pass may. Without it neither pass runs. ``repeated`` marks corpus mode's repeated lines, which
    none of the fill, cohesion, lists and headline passes takes (they are chrome whatever else
    says so, and one ends a list; the tables and code passes may take one in, as a cell or a listing's line).
    """
    if first is None:
        first = np.zeros(len(model_body), dtype=bool)
        first[:1] = True
    model_body = np.asarray(model_body, dtype=bool)
    filler, tables = table.filler, table.tables
    # what the lines end in, which several passes read
    ends_colon = table.column(_ENDS_COLON) > 0
    ends = table.column(_ENDS_SENTENCE) > 0
    # Fillers are chrome, and the passes run over the other lines as if fillers were blank.
    if filler.any():
        rest: np.ndarray | slice = ~filler
        rest_first = _first_lines(np.cumsum(first)[rest])
    else:
        rest, rest_first = slice(None), first
    body = np.zeros(len(model_body), dtype=bool)
    filled = np.zeros(len(model_body), dtype=bool)
    body[rest], by_code, filled[rest] = _smooth_pages(
        model_body[rest],
        table.n_chars[rest],
        table.n_words[rest] >= PARAGRAPH_WORDS,
        rest_first,
        config,
        table.unit_start[rest],
        ends_colon[rest],
        tables[rest],
        table.code[rest],
        table.credit[rest],
        table.caption[rest],
        None if near is None else (near & (table.n_words >= NEAR_MIN_WORDS) & ends)[rest],
        # a caption ending in a sentence end has its credit under it: a caption ending
        # in its credit ends in none (text.credit_below, text.ends_in_credit)
        (table.caption & ends)[rest],
        None if repeated is None else np.asarray(repeated, dtype=bool)[rest],
    )
    if by_code.any() and filler.any():
        body |= _fillers_taken_by_code(filler, by_code)
    # reprints: a run of sentences the page prints again is chrome, but for the article printed twice
    reprint = np.zeros(len(body), dtype=bool) if table.reprint is None else table.reprint
    if reprint.any() and body.any():
        reprint = reprint & _reprints_to_drop(body, reprint, table.n_chars, first)
        body &= ~reprint
    # corpus mode's repeated lines, by paragraph: a hard-wrapped paragraph is repeated when
    # all its lines are (the cohesion, lists and headline passes read it so)
    all_repeated = (np.zeros(len(body), dtype=bool) if repeated is None
                    else ~_by_paragraph(~np.asarray(repeated, dtype=bool), table.unit_start))
    if table.texts is not None and near is not None and body.any():
        # cohesion: a line inside the article that the model gave nearly the threshold,
        # whose words the lines the model called body repeat (a subheading, a short paragraph)
        batch = table.batch if table.batch is not None else C.encode(table.texts)
        # (a hard-wrapped paragraph is near when any of its lines is: the callers leave
        # corpus mode's repeated lines out of near one line at a time)
        candidates = _by_paragraph(near, table.unit_start) & ~body & ~filler & ~table.credit & ~table.caption & ~reprint
        candidates &= ~all_repeated
        # …and a line the fill pass took in (not a table's or a listing's, nor a label
        # ending in a colon, which introduces what follows: an interview's "Q:") stays only
        # when the article repeats enough of its words: a broken paragraph's piece, not a byline
        labels = table.tables | table.code | ends_colon
        filled &= body & ~model_body & ~labels
        # …and a line the model kept that reads as a heading (no sentence in it) stays only
        # when the article's other lines repeat enough of its words: its subheading, not
        # another story's headline or a promotion between its paragraphs (a paragraph run
        # together with its source holds a sentence: no heading)
        words = table.n_words
        headings = body & model_body & ~labels & ~ends & (table.column(_INNER_ENDS) == 0)
        headings &= (words >= headline.HEADLINE_MIN_WORDS) & (words <= headline.HEADLINE_MAX_WORDS)
        # (a line that runs on, with no blank line between, into one ending a sentence is
        # a paragraph's first piece whose hard wrap went unseen, not a heading)
        runs_on = np.zeros(len(ends), dtype=bool)
        runs_on[:-1] = ~first[1:] & ends[1:] & (table.column(_BLANK_AFTER)[:-1] == 0)
        # (a hard-wrapped paragraph runs on from its last line: its other lines run on into
        # itself, which ends no sentence when it reads as a heading)
        headings &= ~_by_paragraph(runs_on, table.unit_start)
        # (and the lines above the article's first paragraph are the headline pass's to
        # judge: the page's own headline may name its subject in other words)
        opened = body & model_body & ends
        headings &= np.arange(len(ends)) > _first_kept(opened, first)
        found, whole = cohesion.word_shares(
            batch, body & model_body, body, candidates | filled | headings, first, table.unit_start, ~filler
        )
        body |= candidates & cohesion.at_least(found, whole, cohesion.COHESION_MIN_SHARE)
        body &= ~(filled & (whole > 0) & ~cohesion.at_least(found, whole, cohesion.FILLED_MIN_SHARE))
        body &= ~(headings & (whole > 0) & ~cohesion.at_least(found, whole, cohesion.HEADING_MIN_SHARE))
    if table.texts is not None and body.any():
        # lists: a line ending in a colon over a kept line inside the article introduces
        # it; a kept line ending in a colon introduces the list under it
        # (both steps read a paragraph's first line: all_repeated holds for all its lines or none),
        # over the lines that are no fillers, as the other passes: "She wrote:" over a
        # filler over the quotation introduces it, and a filler between two items ends no list
        texts = table.texts if isinstance(rest, slice) else _Picked(table.texts, np.flatnonzero(rest))
        chrome = (all_repeated | reprint)[rest]
        kept = body[rest]
        kept |= _introductions(kept, ends_colon[rest], rest_first, table.unit_start[rest], chrome | (table.credit | table.caption)[rest])
        kept |= _introduced_lists(texts, kept, ends_colon[rest], rest_first, table.unit_start[rest], chrome)
        body[rest] = kept
    if table.texts is not None and body.any():
        # headline: last, so that it looks above the article the other passes settled
        # (the word bounds read from the headline module, where bench/choose_headline.py sets them)
        words = table.n_words
        eligible = ~filler & ~table.credit & ~table.caption & ~reprint
        eligible &= (words >= headline.HEADLINE_MIN_WORDS) & (words <= headline.HEADLINE_MAX_WORDS)
        eligible &= ~all_repeated
        body |= headline.headline_lines(table.texts, body, first, eligible, table.unit_start)
    return body


def _reprints_to_drop(body: np.ndarray, reprint: np.ndarray, n_chars: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The pages (as a mask of their lines) whose kept ``reprint`` lines the reprints pass drops.

    A page's reprinted runs (:data:`~boilerplate.features.REPRINT_MIN_WORDS`) are a
    widget shown twice unless they hold half the characters kept on the page or more:
    then they are the article itself, printed twice, and stay.

    >>> first = np.array([1, 0, 0, 0, 1, 0], bool)
    >>> body, reprint = np.ones(6, bool), np.array([0, 1, 1, 0, 1, 1], bool)
    >>> _reprints_to_drop(body, reprint, np.array([400, 50, 50, 400, 50, 50]), first).astype(int).tolist()
    [1, 1, 1, 1, 0, 0]
    """
    page_of = np.cumsum(first) - 1
    kept = np.bincount(page_of, weights=np.where(body, n_chars, 0))
    reprinted = np.bincount(page_of, weights=np.where(body & reprint, n_chars, 0), minlength=len(kept))
    return (2 * reprinted < kept)[page_of]


def _introductions(
    body: np.ndarray, ends_colon: np.ndarray, first: np.ndarray, unit_start: np.ndarray, chrome: np.ndarray
) -> np.ndarray:
    """The lines ending in a colon that introduce a kept line inside the article (the lists pass's first step).

    A line not kept that ends in a colon (a hard-wrapped paragraph's last line) and
    lies below its page's first kept line, right over a kept line of its page,
    introduces that line: "Here is what she wrote:" over a quotation, "The plan has
    three parts:" over the first, a commenter's "Jane wrote:" over the comment. It
    joins the article, the trim pass's converse (a kept line ending in a colon over
    no kept line introduces nothing). A hard-wrapped paragraph is one line; a
    ``chrome`` line (a credit, a caption, a repeated line) introduces nothing.
    :func:`smooth_table` leaves fillers out of the lines it gives, as if they were
    blank lines: "She wrote:" over an "Advertisement" over the quotation introduces it.

    >>> texts = ["Headline", "Menu:", "A paragraph.", "She wrote:", "A quotation.", "Share:", "Footer"]
    >>> body = np.array([0, 0, 1, 0, 1, 0, 0], bool)
    >>> colon = np.array([t.endswith(":") for t in texts])
    >>> n = len(texts)
    >>> _introductions(body, colon, np.eye(1, n, dtype=bool)[0], np.ones(n, bool), np.zeros(n, bool)).nonzero()[0].tolist()
    [3]
    """
    n = len(body)
    heads = np.flatnonzero(unit_start)
    tails = np.append(heads[1:], n) - 1
    kept = body[heads]
    below_top = heads > _first_kept(body, first)[heads]  # a kept line above it on its page
    introduces = np.zeros(len(heads), dtype=bool)
    introduces[:-1] = ~kept[:-1] & ends_colon[tails[:-1]] & ~chrome[heads[:-1]] & below_top[:-1] & kept[1:] & ~first[heads[1:]]
    return _cover(n, heads[introduces], tails[introduces] + 1)


def _introduced_lists(
    texts: Sequence[str],
    body: np.ndarray,
    ends_colon: np.ndarray,
    first: np.ndarray,
    unit_start: np.ndarray,
    chrome: np.ndarray,
) -> np.ndarray:
    """The items of the lists that kept lines ending in a colon introduce (the lists pass).

    A kept line ending in a colon (a hard-wrapped paragraph's last line) whose next
    line on its page opens a list (:func:`~boilerplate.text.list_mark`: a bullet, or
    the number 1) introduces the list: its items are the lines that go on under the
    same bullet, or with the next number, one after another; between two numbered
    items may lie up to :data:`LIST_ITEM_GAP` other lines (a link, a price), which
    belong to the list too. A hard-wrapped item is one line. A ``chrome`` line (corpus
    mode's repeated line, a reprint) ends the list; :func:`smooth_table` leaves fillers
    out of the lines it gives, as if they were blank lines.

    >>> texts = ["Offers to pick from:", "1) A lamp", "link", "2) A desk", "Most read", "1) Other story"]
    >>> first = np.eye(1, 6, dtype=bool)[0]
    >>> colon = np.array([t.endswith(":") for t in texts])
    >>> _introduced_lists(texts, np.eye(1, 6, dtype=bool)[0], colon, first, np.ones(6, bool), np.zeros(6, bool)).astype(int).tolist()
    [0, 1, 1, 1, 0, 0]
    """
    n = len(body)
    out = np.zeros(n, dtype=bool)
    heads = np.flatnonzero(unit_start)
    tails = np.append(heads[1:], n) - 1
    opens = np.flatnonzero(body[tails[:-1]] & ends_colon[tails[:-1]] & ~first[heads[1:]])
    if not len(opens):
        return out
    units = len(heads)
    stops = first[heads] | chrome[heads]  # a page's first line, a repeated line: the list ends before it

    def follows(before: int | str, after: int | str | None) -> bool:
        if isinstance(before, int):
            return isinstance(after, int) and after == before + 1
        return after == before

    for k in opens:
        start = k + 1
        if out[heads[start]]:
            # inside a list taken already (a bulleted item ending in a colon): its walk
            # from here would end where that one did, so each line is walked over once
            continue
        item = None if stops[start] else list_mark(texts[heads[start]])
        if item is None or (isinstance(item, int) and item != 1):
            continue
        end = start + 1  # one past the list's last unit so far
        while True:
            gaps = LIST_ITEM_GAP if isinstance(item, int) else 0
            following = None
            for at in range(end, min(end + gaps + 1, units)):
                if stops[at]:
                    break
                mark = list_mark(texts[heads[at]])
                if follows(item, mark):
                    following = at
                    break
            if following is None:
                break
            item, end = mark, following + 1
        out[heads[start] : tails[end - 1] + 1] = True
    return out


class _Picked(Sequence[str]):
    """``[texts[i] for i in positions]``, each read when it is asked for: the lists pass
    reads a few of a batch's lines, and copying out all the lines that are no fillers
    took about 2% of :func:`~boilerplate.batch.clean_many`'s time (12 ms for the
    benchmark's 113,000 lines, which it cleans in about 0.55 s).

    >>> picked = _Picked(["Menu", "Advertisement", "Offers:"], np.array([0, 2]))
    >>> len(picked), picked[1], list(picked)
    (2, 'Offers:', ['Menu', 'Offers:'])
    """

    def __init__(self, texts: Sequence[str], positions: np.ndarray) -> None:
        self._texts, self._positions = texts, positions

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # an int: the lists pass reads no slice
        return self._texts[self._positions[i]]


def _fillers_taken_by_code(filler: np.ndarray, by_code: np.ndarray) -> np.ndarray:
    """The fillers inside a gap the code pass took in: between two of its lines.

    ``by_code`` marks, among the lines that are not fillers, those the code pass took
    in. A filler whose nearest other lines before and after it are both such lines lies
    inside one gap; the two are on the filler's page, since the code pass takes in no
    page's first or last line.
    """
    others = np.flatnonzero(~filler)
    fillers = np.flatnonzero(filler)
    after = np.searchsorted(others, fillers)  # the first other line after each filler (its index in ``others``)
    inside = (after > 0) & (after < len(others))
    inside[inside] = by_code[after[inside] - 1] & by_code[after[inside]]
    out = np.zeros(len(filler), dtype=bool)
    out[fillers[inside]] = True
    return out


def _check_text(name: str, text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        hint = "decode it first, e.g. data.decode('utf-8')."
    elif isinstance(text, os.PathLike):
        hint = "read the file first, e.g. Path(path).read_text(encoding='utf-8')."
    elif text is None:
        hint = "pass '' for an empty page."
    elif missing_kind(text) is not None:  # NaN, pd.NA, pd.NaT
        how = (  # a bag has no fillna (frame[column].to_bag() holds pd.NA)
            "drop it first, e.g. bag.filter(lambda text: isinstance(text, str)), or fill it"
            if name == "clean_bag"
            else "fill it first, e.g. series.fillna(''), or drop it"
        )
        hint = f"a missing value ({missing_kind(text)}): {how}."
    elif type(text).__module__.partition(".")[0] == "pyarrow":  # a pyarrow array's or column's element, or one
        if name in ("clean", "explain"):  # one page each: a list of many would be refused in turn
            hint = (f"a pyarrow value: pass value.as_py() for one page, or {name}() each of column.to_pylist() "
                    "(clean_many(column.to_pylist()) at once).")
        elif name == "clean_bag":  # a bag of pyarrow values (db.from_sequence(column)): a bag has no to_pylist
            hint = "a pyarrow value: make each a str first, e.g. bag.map(lambda value: value.as_py())."
        else:
            hint = "a pyarrow value: pass column.to_pylist() for many pages, or value.as_py() for one."
    elif type(text).__name__ == "Series" and type(text).__module__.partition(".")[0] in ("pandas", "dask"):
        # a column of pages (pandas is not imported for this: the type's name and module tell it)
        dask = type(text).__module__.startswith("dask")
        how = "boilerplate.dask.clean_dataframe(frame, column)" if dask else "clean_series(series)"
        hint = f"a column of pages: clean it with {how}."
    elif type(text).__name__ == "DataFrame" and type(text).__module__.partition(".")[0] in ("pandas", "dask"):
        dask = type(text).__module__.startswith("dask")
        how = "boilerplate.dask.clean_dataframe(frame, column)" if dask else "clean_series(frame[column])"
        hint = f"a table of pages: clean its column of them with {how}."
    elif type(text).__name__ == "Bag" and type(text).__module__.startswith("dask."):
        hint = "a Dask Bag of pages: clean it with boilerplate.dask.clean_bag(bag)."
    elif isinstance(text, Mapping):  # a record: a JSON Lines line read with json.loads
        how = "take each page's text out of it first, e.g. bag.pluck('text')" if name == "clean_bag" else (
            "pass the page's text out of it, e.g. record['text']"
        )
        hint = f"a record: {how}."
    elif isinstance(text, (list, tuple, np.ndarray)):  # a page's lines, or (to clean or explain) many pages
        many = {"clean_many": "", "clean_bag": ", or bag.flatten() first if each holds many pages"}.get(
            name, f", or {name}() each of many pages (clean_many(pages) at once)"
        )
        hint = f"pass the page's text: '\\n'.join(lines) for its lines{many}."
    else:
        hint = "pass the page's text."
    raise TypeError(_TYPE_ERROR.format(name=name, kind=type(text).__name__, hint=hint))


class PageDecision(NamedTuple):
    """The passes' results over one page's non-blank lines (see :func:`decide_lines`)."""

    line_nos: list[int]
    p_body: np.ndarray
    model_body: np.ndarray
    body: np.ndarray


def non_blank_line_nos(lines: list[str]) -> list[int]:
    """The 1-based numbers of a page's non-blank lines: the rows the model sees.

    >>> non_blank_line_nos(["a", " ", "b"])
    [1, 3]
    """
    return non_blank(lines)[0]


def decide_from_probabilities(
    lines: list[str],
    line_nos: list[int],
    p_body: np.ndarray,
    config: Config = DEFAULT_CONFIG,
    repeated: np.ndarray | None = None,
) -> PageDecision:
    """The classify, fill, select, tables, credits, code, near, trim, reprints, cohesion, lists and headline passes over one page, given the model's probabilities.

    ``p_body`` holds one probability per line of ``line_nos`` (see
    :func:`non_blank_line_nos`), as the model gave them. ``repeated`` (corpus mode,
    see :mod:`boilerplate.corpus`) marks lines that repeat across the page's site:
    the classify pass calls them chrome. Either of another length is a ``ValueError``, and so is a
    ``line_nos`` out of increasing order or holding a number that is no non-blank line's (0, one past the page, a blank line's). :func:`decide_pages` does the same for many
    pages at once; this form lets a caller rerun the passes without the model.

    >>> lines = ["Menu", "A paragraph of running text that is long enough to count."]
    >>> decide_from_probabilities(lines, [1, 2], np.array([0.1, 0.9])).body.tolist()
    [False, True]
    """
    _check_config(config)
    p_body = np.asarray(p_body, dtype=float)
    for name, values, nouns in (("p_body", p_body, ("probability", "probabilities")), ("repeated", repeated, ("value", "values"))):
        # one value per line: NumPy would broadcast a single value to every line
        if values is not None and np.ndim(values) != 1:
            raise ValueError(f"{name} takes one value per line (line_nos), not an array of shape {np.shape(values)}.")
        if values is not None and len(values) != len(line_nos):
            count = len(values)
            raise ValueError(
                f"{name} holds {count} {nouns[count != 1]} for {len(line_nos)} line{'s' * (len(line_nos) != 1)} (line_nos); "
                "give one per line."
            )
    texts = []
    for k, i in enumerate(line_nos):
        # lines[-1] would take the last line for 0, and a blank line's row could come out as a kept line
        text = lines[i - 1].strip(EDGE_CHARS) if 1 <= i <= len(lines) else ""
        if not text:
            raise ValueError(
                f"line_nos holds {i}, which is not the number of a non-blank line of the {len(lines)} "
                f"line{'s' * (len(lines) != 1)}; give non_blank_line_nos(lines)."
            )
        if k and i <= line_nos[k - 1]:
            raise ValueError(f"line_nos must be in increasing order, each once; {i} follows {line_nos[k - 1]}.")
        texts.append(text)
    table = line_table(np.zeros(len(texts), dtype=np.int64), np.asarray(line_nos, dtype=np.int64), texts, by_paragraph=True)
    model_body = p_body >= config.threshold
    near = near_lines(p_body, config)
    if repeated is not None:
        repeated = np.asarray(repeated, dtype=bool)
        model_body = _by_paragraph(model_body & ~repeated, table.unit_start)
        near &= ~repeated
    return PageDecision(line_nos, p_body, model_body, smooth_table(model_body, table, config, near=near, repeated=repeated))


def _batches(sizes: list[int]) -> Iterator[range]:
    """Index ranges of pages to featurize together (see BATCH_PAGES, BATCH_LINES)."""
    start, lines = 0, 0
    for i, size in enumerate(sizes):
        if i > start and (i - start >= BATCH_PAGES or lines + size > BATCH_LINES):
            yield range(start, i)
            start, lines = i, 0
        lines += size
    if start < len(sizes):
        yield range(start, len(sizes))


def _check_masks(repeated: Sequence[np.ndarray | None], sizes: list[int]) -> None:
    """Raise ``ValueError`` unless ``repeated`` holds one mask (or ``None``) per page, each
    of one value per non-blank line: as in :func:`decide_from_probabilities`, NumPy
    would broadcast a mask of one value to every line of its page.

    >>> _check_masks([None, [True, False]], [1, 2])
    >>> _check_masks([[True]], [2])
    Traceback (most recent call last):
    ...
    ValueError: repeated[0] holds 1 value for 2 lines (the page's non-blank lines); give one per line.
    """
    if len(repeated) != len(sizes):
        raise ValueError(
            f"repeated holds {len(repeated)} mask{'s' * (len(repeated) != 1)} for {len(sizes)} page{'s' * (len(sizes) != 1)}; "
            "give one per page (None for a page without)."
        )
    for i, (mask, size) in enumerate(zip(repeated, sizes)):
        if mask is None:
            continue
        if np.ndim(mask) != 1:
            raise ValueError(f"repeated[{i}] takes one value per line, not an array of shape {np.shape(mask)}.")
        if len(mask) != size:
            raise ValueError(
                f"repeated[{i}] holds {len(mask)} value{'s' * (len(mask) != 1)} for {size} line{'s' * (size != 1)} "
                "(the page's non-blank lines); give one per line."
            )


def decide_pages(
    all_lines: Sequence[list[str]],
    model: Pipeline | None,
    config: Config = DEFAULT_CONFIG,
    repeated: Sequence[np.ndarray | None] | None = None,
) -> list[PageDecision]:
    """The passes over many pages (given as their lines), one model call per batch.

    Pages are featurized together in batches of up to :data:`BATCH_PAGES` pages or
    :data:`BATCH_LINES` lines, and every pass runs on the whole batch at once; each
    page's result is what it gets alone (features and passes never reach across
    pages). ``model`` is a pipeline from :func:`~boilerplate.model.load_model`, or
    ``None`` for the packaged model. ``repeated`` (corpus mode) holds, per page, the
    mask of :func:`boilerplate.corpus.repeated_lines` or ``None``; a list of another
    length, or a mask not of one value per non-blank line, is a ``ValueError``.

    >>> pages = [["Menu", "", "A paragraph of running text that is long enough to count, and ends."], []]
    >>> [d.line_nos for d in decide_pages(pages, None)]
    [[1, 3], []]
    """
    _check_config(config)
    linear = linear_model(model)
    rows = [non_blank(lines) for lines in all_lines]
    if repeated is not None:
        _check_masks(repeated, [len(line_nos) for line_nos, _ in rows])
    decisions: list[PageDecision] = []
    for batch in _batches([len(line_nos) for line_nos, _ in rows]):
        sizes = np.array([len(rows[i][0]) for i in batch], dtype=np.int64)
        bounds = np.concatenate(([0], np.cumsum(sizes)))
        total = int(bounds[-1])
        page = np.repeat(np.arange(len(batch)), sizes)
        line_no = np.fromiter(chain.from_iterable(rows[i][0] for i in batch), dtype=np.int64, count=total)
        texts = list(chain.from_iterable(rows[i][1] for i in batch))
        table = line_table(page, line_no, texts, by_paragraph=True)
        p_body = body_probability_from_features(linear, table.values)  # one per paragraph…
        if table.unit_of is not None:
            p_body = p_body[table.unit_of]  # …and so one per line
        model_body = p_body >= config.threshold
        near = near_lines(p_body, config)
        same = None
        if repeated is not None:
            same = np.zeros(total, dtype=bool)
            for k, i in enumerate(batch):
                if repeated[i] is not None:
                    same[bounds[k] : bounds[k + 1]] = np.asarray(repeated[i], dtype=bool)
            model_body &= ~same
            near &= ~same
            model_body = _by_paragraph(model_body, table.unit_start)
        first = np.zeros(total, dtype=bool)
        first[bounds[:-1][sizes > 0]] = True
        body = smooth_table(model_body, table, config, first, near, same)
        for k, i in enumerate(batch):
            a, b = bounds[k], bounds[k + 1]
            decisions.append(PageDecision(rows[i][0], p_body[a:b], model_body[a:b], body[a:b]))
    return decisions


def decide_lines(lines: list[str], model: Pipeline | None, config: Config = DEFAULT_CONFIG) -> PageDecision:
    """Run the passes over one page given as its lines."""
    return decide_pages([lines], model, config)[0]


def kept_text(lines: list[str], decision: PageDecision) -> str:
    """The output text of a page: the lines the passes kept (see the module's docstring)."""
    kept = list(compress(decision.line_nos, decision.body.tolist()))
    out: list[str] = []
    previous = None
    for no in kept:
        if previous is not None and no != previous + 1:
            out.append("")
        out.append(lines[no - 1].rstrip())
        previous = no
    return "\n".join(out)


def clean(text: str, *, config: Config = DEFAULT_CONFIG, model: Pipeline | None = None) -> str:
    """The article's lines of a plain-text page, without the site's chrome.

    Lines are as :meth:`str.splitlines` splits them and are joined with ``"\\n"``,
    whatever line breaks the page used; each kept line is the input line with its
    trailing white space removed, and nothing else changed.

    ``model`` is a model from :func:`~boilerplate.model.load_model` (default: the
    shipped one); a path gives a ``TypeError``: load the file once with
    ``load_model(path)`` and pass the result.

    >>> page = "\\n".join(["Home | World | Sport | Opinion", "Tuesday, 3 May 2024", "",
    ...     "Council approves new budget", "", "By Staff Reporter", "",
    ...     "The council approved the new budget on Tuesday after a long debate. Members voted nine to four.", "",
    ...     "The budget adds money for schools and roads, and cuts spending on consultants by a third.", "",
    ...     "Most read", "Storm closes coastal road", "Local team wins cup"])
    >>> print(clean(page))
    Council approves new budget
    <BLANKLINE>
    The council approved the new budget on Tuesday after a long debate. Members voted nine to four.
    <BLANKLINE>
    The budget adds money for schools and roads, and cuts spending on consultants by a third.
    """
    text = _check_text("clean", text)
    lines = str.splitlines(text)  # str's own: a subclass's may not split its text
    return kept_text(lines, decide_lines(lines, model, config))


def explain(text: str, *, config: Config = DEFAULT_CONFIG, model: Pipeline | None = None) -> list[LineDecision]:
    """For every line: its number, text, probability of body, the model's label and the final one.

    >>> rows = explain("শনিবার, ২৭ এপ্রিল ২০২৪\\nরাশিয়ার নিরাপত্তা প্রধানের সঙ্গে কিমের বৈঠক\\n\\nরাশিয়া ৩০ মাসেরও বেশি সময় ধরে ইউক্রেনে হামলা অব্যাহত রেখেছে। পশ্চিমাদের থেকে পাওয়া সমরাস্ত্রে প্রতিরোধ যুদ্ধ চালিয়ে যাচ্ছে ইউক্রেন।\\n\\nমন্তব্য করুন")
    >>> [(r.line_no, r.model_label, r.label) for r in rows]
    [(1, 'chrome', 'chrome'), (2, 'body', 'body'), (3, 'blank', 'blank'), (4, 'body', 'body'), (5, 'blank', 'blank'), (6, 'chrome', 'chrome')]
    """
    text = _check_text("explain", text)
    lines = str.splitlines(text)
    d = decide_lines(lines, model, config)
    decided = {no: (float(pi), mb, fb) for no, pi, mb, fb in zip(d.line_nos, d.p_body, d.model_body, d.body)}
    rows = []
    for no, line in enumerate(lines, 1):
        if no in decided:
            pi, mb, fb = decided[no]
            rows.append(LineDecision(no, line, pi, "body" if mb else "chrome", "body" if fb else "chrome"))
        else:
            rows.append(LineDecision(no, line, None, "blank", "blank"))
    return rows
