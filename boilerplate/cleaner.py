"""From line probabilities to the article: the cleaner's passes.

The cleaner works like jusText, in named passes, and keeps the model's own label
beside the final one so that :func:`explain` can show both:

1. **classify** — the model gives every non-blank line a probability of ``body``;
   lines at or above :attr:`Config.threshold` are the model's body lines.
2. **fill** — a run of at most :attr:`Config.max_fill_gap` chrome lines lying between
   two body paragraphs (body lines of at least :data:`PARAGRAPH_WORDS` words) becomes
   body: a page that breaks a paragraph mid-sentence, or a short line inside the
   article, stays with the article. A byline between the headline and the first
   paragraph is not filled: a headline is not a paragraph.
3. **select** — the article is the body span (run of body lines) with the most
   characters. Spans joined to it by gaps of at most :attr:`Config.max_join_gap`
   chrome lines, and spans joined to those, belong to it. A span farther away is
   kept only when it is substantial — at least :data:`FAR_SPAN_LINES` lines, or at
   least :data:`FAR_SPAN_SHARE` of the article's characters — as when a long embed
   splits an article in two; a lone body-looking line far away is dropped. So the
   headline above the article (with a byline and a date between) is kept, and a
   long related headline far below the article goes.

Gaps are counted in non-blank lines. The output is the kept lines in input order,
each exactly as in the input with trailing white space removed. Kept lines that
were adjacent in the input stay on adjacent lines; any gap (blank or dropped lines)
becomes one blank line. Nothing that is not a line of the input is ever returned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from .model import body_probability, load_model
from .text import is_blank, word_count

#: Probability of body at which the model calls a line body. Balanced class
#: weights already centre the model's probabilities, so the plain midpoint is used.
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

#: A body span far from the article is kept when it has at least this many lines…
FAR_SPAN_LINES = 2

#: …or at least this share of the article span's characters.
FAR_SPAN_SHARE = 0.2

_TYPE_ERROR = (
    "{name}() takes the page as str, not {kind}; {hint}"
)


@dataclass(frozen=True)
class Config:
    """The cleaner's few settings; the defaults are the module constants.

    >>> Config().threshold
    0.5
    """

    threshold: float = THRESHOLD
    max_fill_gap: int = MAX_FILL_GAP
    max_join_gap: int = MAX_JOIN_GAP

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, not {self.threshold!r}.")
        for name in ("max_fill_gap", "max_join_gap"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number ≥ 0, not {value!r}.")


DEFAULT_CONFIG = Config()


class LineDecision(NamedTuple):
    """What the cleaner decided for one line, as :func:`explain` returns it.

    ``p_body`` is ``None`` and both labels are ``"blank"`` for a blank line.
    """

    line_no: int
    text: str
    p_body: float | None
    model_label: str
    label: str


def _spans(flags: np.ndarray) -> list[tuple[int, int]]:
    """Half-open ranges of consecutive true values."""
    padded = np.concatenate(([False], flags.astype(bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def smooth(
    model_body: np.ndarray, lengths: np.ndarray, paragraph: np.ndarray, config: Config = DEFAULT_CONFIG
) -> np.ndarray:
    """The fill and select passes over one page's non-blank lines.

    ``model_body`` holds the model's labels (True for body), ``lengths`` the lines'
    lengths in characters, ``paragraph`` whether each line is paragraph-long.
    Returns the final labels.

    >>> body = np.array([1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1], bool)
    >>> chars = np.array([20, 5, 5, 90, 5, 90, 90, 5, 5, 5, 5, 40])
    >>> smooth(body, chars, chars > 50).astype(int).tolist()
    [1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> body[8:10] = True  # a two-line span far below: substantial, kept
    >>> smooth(body, chars, chars > 50).astype(int).tolist()
    [1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1]
    """
    body = model_body.astype(bool).copy()
    if not body.any():
        return body
    # fill: short chrome gaps between two paragraphs
    spans = _spans(body)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if start - end <= config.max_fill_gap and paragraph[end - 1] and paragraph[start]:
            body[end:start] = True
    # select: the longest span by characters, and the spans chained to it
    spans = _spans(body)
    weights = [int(lengths[a:b].sum()) for a, b in spans]
    main = int(np.argmax(weights))
    first = last = main
    while first > 0 and spans[first][0] - spans[first - 1][1] <= config.max_join_gap:
        first -= 1
    while last + 1 < len(spans) and spans[last + 1][0] - spans[last][1] <= config.max_join_gap:
        last += 1
    keep = np.zeros_like(body)
    for k, (a, b) in enumerate(spans):
        near = first <= k <= last
        if near or b - a >= FAR_SPAN_LINES or weights[k] >= FAR_SPAN_SHARE * weights[main]:
            keep[a:b] = True
    return keep


def _check_text(name: str, text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        hint = "decode it first, e.g. data.decode('utf-8')."
    elif isinstance(text, os.PathLike):
        hint = "read the file first, e.g. Path(path).read_text(encoding='utf-8')."
    elif text is None:
        hint = "pass '' for an empty page."
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
    return [i for i, line in enumerate(lines, 1) if not is_blank(line)]


def decide_from_probabilities(
    lines: list[str],
    line_nos: list[int],
    p_body: np.ndarray,
    config: Config = DEFAULT_CONFIG,
    repeated: np.ndarray | None = None,
) -> PageDecision:
    """The classify, fill and select passes, given the model's probabilities.

    ``p_body`` holds one probability per line of ``line_nos`` (see
    :func:`non_blank_line_nos`). :func:`decide_lines` (one page) and
    :func:`boilerplate.batch.clean_many` (one model call for many pages) share it.
    ``repeated`` (corpus mode, see :mod:`boilerplate.corpus`) marks lines that repeat
    across the page's site: the classify pass calls them chrome.

    >>> lines = ["Menu", "A paragraph of running text that is long enough to count."]
    >>> decide_from_probabilities(lines, [1, 2], np.array([0.1, 0.9])).body.tolist()
    [False, True]
    """
    p_body = np.asarray(p_body, dtype=float)
    model_body = p_body >= config.threshold
    if repeated is not None:
        model_body &= ~np.asarray(repeated, dtype=bool)
    texts = [lines[i - 1].strip() for i in line_nos]
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    paragraph = np.array([word_count(t) >= PARAGRAPH_WORDS for t in texts], dtype=bool)
    return PageDecision(line_nos, p_body, model_body, smooth(model_body, lengths, paragraph, config))


def decide_lines(lines: list[str], model: Pipeline, config: Config = DEFAULT_CONFIG) -> PageDecision:
    """Run the three passes over one page given as its lines."""
    line_nos = non_blank_line_nos(lines)
    # dtype=object: with pyarrow installed pandas stores str columns as UTF-8, which
    # refuses the lone surrogates a str may hold (surrogateescape); keep them as is.
    text = pd.Series([lines[i - 1] for i in line_nos], dtype=object)
    X = pd.DataFrame({"page": 0, "line_no": line_nos, "text": text})
    return decide_from_probabilities(lines, line_nos, body_probability(model, X), config)


def kept_text(lines: list[str], decision: PageDecision) -> str:
    """The output text of a page: the lines the passes kept (see the module's docstring)."""
    return _join(lines, [no for no, keep in zip(decision.line_nos, decision.body) if keep])


def _join(lines: list[str], kept: list[int]) -> str:
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
    lines = text.splitlines()
    return kept_text(lines, decide_lines(lines, model or load_model(), config))


def explain(text: str, *, config: Config = DEFAULT_CONFIG, model: Pipeline | None = None) -> list[LineDecision]:
    """For every line: its number, text, probability of body, the model's label and the final one.

    >>> rows = explain("শনিবার, ২৭ এপ্রিল ২০২৪\\nরাশিয়ার নিরাপত্তা প্রধানের সঙ্গে কিমের বৈঠক\\n\\nরাশিয়া ৩০ মাসেরও বেশি সময় ধরে ইউক্রেনে হামলা অব্যাহত রেখেছে। পশ্চিমাদের থেকে পাওয়া সমরাস্ত্রে প্রতিরোধ যুদ্ধ চালিয়ে যাচ্ছে ইউক্রেন।\\n\\nমন্তব্য করুন")
    >>> [(r.line_no, r.model_label, r.label) for r in rows]
    [(1, 'chrome', 'chrome'), (2, 'body', 'body'), (3, 'blank', 'blank'), (4, 'body', 'body'), (5, 'blank', 'blank'), (6, 'chrome', 'chrome')]
    """
    text = _check_text("explain", text)
    lines = text.splitlines()
    d = decide_lines(lines, model or load_model(), config)
    decided = {no: (float(pi), mb, fb) for no, pi, mb, fb in zip(d.line_nos, d.p_body, d.model_body, d.body)}
    rows = []
    for no, line in enumerate(lines, 1):
        if no in decided:
            pi, mb, fb = decided[no]
            rows.append(LineDecision(no, line, pi, "body" if mb else "chrome", "body" if fb else "chrome"))
        else:
            rows.append(LineDecision(no, line, None, "blank", "blank"))
    return rows
