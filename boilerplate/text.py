"""Script-neutral text primitives: the rules of the features, one line at a time.

These functions are the readable statement of each rule; :mod:`boilerplate.features`
applies the same rules to whole batches with NumPy, and the tests check that the two
agree on arbitrary text.

Everything here works on any script: nothing uses ``\\w`` or letter case (Bengali
vowel signs are combining marks, not ``\\w``), and nothing strips combining marks.
A *line* is what :meth:`str.splitlines` yields; a line is *blank* when it holds
only white space (no-break spaces too), invisible format characters and control
characters (:func:`strip_line` leaves nothing).
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Characters that end a sentence: Latin, the Bengali/Devanagari danda and double
#: danda, the CJK full stops (also the halfwidth one, and the fullwidth ``．`` that
#: Japanese written with ``，`` ends its sentences with), the Arabic/Urdu question mark
#: and full stop, the Armenian full stop, the Ethiopic full stop and question mark,
#: the Khmer khan and bariyoosan, the Myanmar section mark, the Tibetan shad and
#: nyis shad, the Mongolian full stop, and the Greek question mark (see
#: :func:`greek_questions`; Greek and Armenian are typed with ``;`` and ``:`` for
#: theirs, :func:`script_stops`). The ellipsis ``…`` is listed so that it may stand in
#: a run of them (``?…``), but an ellipsis ends no sentence (:data:`ELLIPSIS`).
#: Then :data:`OTHER_SENTENCE_TERMINALS`.
SENTENCE_END_CHARS = ".?!।॥。！？．؟۔…｡։።፧។៕။།༎᠃\u037e"

#: The other characters of Unicode's Sentence_Terminal property that end a sentence
#: at a line's end in text written today: ``‼ ‽ ⁇ ⁈ ⁉`` (``‼`` and ``⁉`` come from
#: emoji keyboards), the vertical and small forms of ``。 ！ ？`` and of the full stop
#: (``︒ ︕ ︖ ﹒ ﹖ ﹗``, Chinese text from Big5), the Syriac full stops and end of
#: paragraph, the N'Ko exclamation mark, the Ethiopic paragraph separator, the
#: Canadian Syllabics full stop, the Philippine double punctuation, the Manchu full
#: stop, the Limbu exclamation and question marks, the Balinese carik pareren, the
#: Ol Chiki mucaad and double mucaad (Santali), the Lisu, Vai, Bamum and Kayah Li
#: full stops (and the Vai and Bamum question marks), the Saurashtra dandas, the
#: Javanese pada lungsi, the Meetei Mayek cheikhei and question mark, and the Chakma
#: and Newa dandas (and the Chakma question mark). Left out: the marks that the
#: property lists but that part phrases as a comma does or open a section (the
#: Myanmar little section ``၊``, the Javanese pada lingsa, the Balinese carik siki,
#: panti and pamada, the Philippine single punctuation), the one dot leader ``․``
#: (Armenian's mijaket, a colon or semicolon), the marks whose use we could not tell
#: (Arabic's end of text mark and triple dot, Meetei Mayek's cheikhan, Cham, Lepcha,
#: Tai Tham), and those of scripts no longer written (Brahmi, Sharada, Coptic, the
#: medieval marks). Tibetan's shad and nyis shad, above, are Terminal_Punctuation
#: only.
OTHER_SENTENCE_TERMINALS = (
    "\u203c\u203d\u2047\u2048\u2049"  # ‼ ‽ ⁇ ⁈ ⁉
    "\ufe12\ufe15\ufe16\ufe52\ufe56\ufe57"  # ︒ ︕ ︖ ﹒ ﹖ ﹗
    "\u0700\u0701\u0702"  # Syriac end of paragraph, supralinear and sublinear full stops
    "\u07f9"  # N'Ko exclamation mark
    "\u1368"  # Ethiopic paragraph separator
    "\u166e"  # Canadian Syllabics full stop
    "\u1736"  # Philippine double punctuation
    "\u1809"  # Mongolian Manchu full stop
    "\u1944\u1945"  # Limbu exclamation and question marks
    "\u1b5f"  # Balinese carik pareren
    "\u1c7e\u1c7f"  # Ol Chiki mucaad and double mucaad
    "\ua4ff"  # Lisu full stop
    "\ua60e\ua60f"  # Vai full stop and question mark
    "\ua6f3\ua6f7"  # Bamum full stop and question mark
    "\ua8ce\ua8cf"  # Saurashtra danda and double danda
    "\ua92f"  # Kayah Li shya
    "\ua9c9"  # Javanese pada lungsi
    "\uabeb\uaaf1"  # Meetei Mayek cheikhei and ahang khudam
    "\U00011141\U00011142\U00011143"  # Chakma danda, double danda and question mark
    "\U0001144b\U0001144c"  # Newa danda and double danda
)
SENTENCE_END_CHARS += OTHER_SENTENCE_TERMINALS

#: The Greek question mark, U+037E. Its canonical form (NFC) is the semicolon, and
#: Greek is typed with the semicolon: ``Τι έγινε;`` asks a question.
GREEK_QUESTION = "\u037e"
# A semicolon right after a Greek letter (its accents, combining marks in NFD, between).
_GREEK_SEMICOLON = re.compile("([\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u03ff\u1f00-\u1fff][\u0300-\u036f]*);")

#: The Armenian full stop, U+0589. Armenian is often typed with the colon, which it
#: looks like: ``Նա եկավ:`` ends a sentence.
ARMENIAN_FULL_STOP = "\u0589"
# A colon right after an Armenian letter (combining marks between).
_ARMENIAN_COLON = re.compile("([\u0531-\u0556\u0560-\u0588\ufb13-\ufb17][\u0300-\u036f]*):")

#: Characters that may follow a sentence end and still leave it at the end
#: (closing quotes and brackets): ``বলেন, ‘… চাই।’`` ends a sentence. After a
#: sentence end, ``“`` ``‘`` ``«`` ``‹`` close a quote too: German and Czech quote
#: „so.“ and ‚so.‘, Danish and Swedish »so.«. The CJK brackets close too: an editor's
#: note in ``【…。】`` or ``〔…。〕``, a quotation in the halfwidth ``｢…｡｣``.
CLOSING_CHARS = "\"'’”»›“‘«‹)]}）」』】〕〗〙〛〉》］｝｣"

#: The format characters (Unicode category Cf): invisible, they take no place in
#: the text — direction marks (U+200E, U+200F, common at the ends of Arabic and
#: Hebrew lines), zero-width spaces and joiners, the BOM, the soft hyphen, the
#: Unicode tags. After a sentence end they count as closing characters, so that
#: ``"سلام.\u200f"`` still ends a sentence. Ranges for a regular-expression class,
#: as of Unicode 15.1; a test checks that they hold every Cf character of the
#: running Python and nothing else it knows.
FORMAT_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)


def _expand(ranges: str) -> str:
    """The characters of a regular-expression class body of single characters and ``a-b`` ranges."""
    out, i = [], 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out.extend(map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1)))
            i += 3
        else:
            out.append(ranges[i])
            i += 1
    return "".join(out)


#: The format characters that stand alone at the ends of lines in dumps: the soft
#: hyphen, the Arabic letter mark, the Mongolian vowel separator, the zero-width
#: space, non-joiner and joiner, the direction marks, embeddings, overrides and
#: isolates, the word joiner and invisible operators, and the BOM. The other format
#: characters belong to what stands beside them (the Arabic number signs before
#: digits, the tags of an emoji flag) and stay.
INVISIBLE_RANGES = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"

#: The control characters (Unicode category Cc) that are not white space: NUL, the
#: other C0 controls, DEL and the C1 controls. Invisible too, and as junk at the ends
#: of lines they stand where the format characters of :data:`INVISIBLE_RANGES` do: a
#: NUL or DEL after every line of a dump (fixed-width records, C strings written with
#: their terminator), Ctrl-Z ending a DOS file.
CONTROL_RANGES = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"

#: What :func:`strip_line` takes off a line's ends: white space (:meth:`str.isspace`),
#: :data:`INVISIBLE_RANGES` and :data:`CONTROL_RANGES`. ``line.strip(EDGE_CHARS)`` is
#: :func:`strip_line` without a Python call, for the batch paths (each strip reads the
#: whole set, so the set is kept small).
EDGE_CHARS = (
    "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + _expand(INVISIBLE_RANGES) + _expand(CONTROL_RANGES)
)

#: At most this many closing characters may follow a sentence end: a quote in a
#: quote or a quote in brackets (``চাই।’”``, ``over.”)``), or a quote and a
#: direction mark; the batch featurizer looks only this far past each sentence end.
MAX_CLOSING = 2

#: A footnote reference: a number in square brackets (``[12]``, any script's digits),
#: which an encyclopedia or a paper puts right after the sentence it sources, one or
#: more in a row (``… in 1865.[50]``, ``… economy.[204][205]``). After a sentence end
#: and its closing marks it is no word of the line: the sentence still ends
#: (:func:`ends_sentence`, :func:`count_inner_sentence_ends`). C4's rule, too, removes
#: such markers before it looks for a line's end mark.
FOOTNOTE = r"\[\d{1,4}\]"

#: The variation selectors (Unicode's Variation_Selector property: Mongolian's free
#: variation selectors, U+FE00–U+FE0F, U+E0100–U+E01EF): marks (category Mn) that take
#: no place and pick the glyph of the character before them. Emoji keyboards type
#: ``‼`` and ``⁉`` with VARIATION SELECTOR-16 after them (``‼\ufe0f``); after a sentence
#: end they count as closing characters, as the format characters do, and no word
#: holds one (:func:`boilerplate.headline.words`).
VARIATION_SELECTOR_RANGES = "\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"
_VARIATION_SELECTOR = re.compile("[" + VARIATION_SELECTOR_RANGES + "]")


def is_variation_selector(ch: str) -> bool:
    """Is ``ch`` one of the :data:`VARIATION_SELECTOR_RANGES`?

    >>> is_variation_selector("\ufe0f"), is_variation_selector("\u200b"), is_variation_selector("a")
    (True, False, False)
    """
    return _VARIATION_SELECTOR.fullmatch(ch) is not None


_AFTER_END = "[" + re.escape(CLOSING_CHARS) + FORMAT_RANGES + VARIATION_SELECTOR_RANGES + "]{0,%d}(?:%s)*" % (MAX_CLOSING, FOOTNOTE)
_SENTENCE_END_AT_EOL = re.compile("[" + re.escape(SENTENCE_END_CHARS) + "]" + _AFTER_END + "$")
#: The ellipsis ``…`` (U+2026). Unicode counts it among neither the sentence
#: terminators nor the terminal punctuation (Sentence_Terminal, Terminal_Punctuation):
#: it marks words left out, or a thought broken off, and so does a run of three full
#: stops. An ellipsis ends no sentence, at the end of a line or inside it
#: (:func:`ends_in_ellipsis`).
ELLIPSIS = "\u2026"

#: Full stops that, three or more in a row, make an ellipsis: ``...``, the fullwidth
#: ``．．．``, the ideographic ``。。。``, the halfwidth ``｡｡｡``, the small and
#: vertical ``﹒﹒﹒`` and ``︒︒︒``, and the Arabic ``۔۔۔`` that Urdu writes its
#: ellipsis with.
ELLIPSIS_DOTS = ".．。｡﹒︒۔"

# An ellipsis: a run of sentence-end characters that holds only ellipses and those full
# stops, and an ellipsis or three full stops in a row among them (the look-ahead), then
# up to MAX_CLOSING closing marks. The look-behind makes the run a whole run of sentence
# ends: "Why?.." and "Yes!…" end in a question and an exclamation. The run is taken
# whole and never given back (*+: no closing mark is a full stop, so a match could not
# end inside it anyway): backtracking over the ways of splitting a long run took its
# length squared.
_DOT_OR_ELLIPSIS = "[" + re.escape(ELLIPSIS_DOTS) + ELLIPSIS + "]"
_ELLIPSIS = (
    "(?<![" + re.escape(SENTENCE_END_CHARS) + "])"
    + "(?=" + _DOT_OR_ELLIPSIS + "*?(?:" + ELLIPSIS + "|[" + re.escape(ELLIPSIS_DOTS) + "]{3}))" + _DOT_OR_ELLIPSIS + "*+"
    + _AFTER_END
)
_ELLIPSIS_AT_EOL = re.compile(_ELLIPSIS + "$")
_ELLIPSIS_INSIDE = re.compile(_ELLIPSIS + r"\s")


def _may_hold_ellipsis(text: str) -> bool:
    """False only for a text that holds no ellipsis (:data:`ELLIPSIS`, or three of :data:`ELLIPSIS_DOTS` in a row).

    Such a text holds no …, no two full stops in a row and none of the other dots:
    a few substring tests, faster than a regular expression looking for the run.
    """
    return ELLIPSIS in text or ".." in text or any(dot in text for dot in ELLIPSIS_DOTS[1:])


# A sentence end inside a line must be followed by white space so that decimals
# (৩৬.৫%), abbreviations glued to words (আ.লীগ) and URLs are not counted.
_SENTENCE_END_INSIDE = re.compile("[" + re.escape(SENTENCE_END_CHARS) + "]" + _AFTER_END + r"\s")
_SPACE_RUN = re.compile(r"\s+")

#: A list's number: one to this many digits of any script and a full stop, at the
#: line's start (``1. ``, ``12. Meanwhile…``, German's ordinal ``3. Oktober``). Its
#: full stop ends no sentence: a numbered list of headlines is no run of sentences.
LIST_NUMBER_DIGITS = 3
_LIST_NUMBER = re.compile(r"\d{1,%d}\." % LIST_NUMBER_DIGITS)  # \d: any script's decimal digits


def _list_number_stop(text: str) -> int:
    """Where the full stop of a list's number at the start of ``text`` (:data:`LIST_NUMBER_DIGITS`) is, or -1."""
    number = _LIST_NUMBER.match(text)
    return -1 if number is None else number.end() - 1


#: A list item's mark opens its line, with white space and the item after it: a
#: number (one to :data:`LIST_NUMBER_DIGITS` digits of any script and ``.`` or ``)``)
#: or a bullet (one or two punctuation marks or symbols: ``*``, ``•``, ``-``, ``+``).
LIST_BULLET_CHARS = 2
_LIST_ITEM = re.compile(r"(\d{1,%d})[.)]\s+\S|(\S{1,%d})\s+\S" % (LIST_NUMBER_DIGITS, LIST_BULLET_CHARS))


def list_mark(line: str) -> int | str | None:
    """The mark opening a list item's line (:data:`LIST_BULLET_CHARS`): its number, its bullet, or None.

    >>> list_mark("1) Lego"), list_mark("১২. ধাপ"), list_mark("* Sign up"), list_mark("• দাম")
    (1, 12, '*', '•')
    >>> list_mark("Sign up"), list_mark("2010"), list_mark("1."), list_mark("ab cd")
    (None, None, None, None)
    """
    item = _LIST_ITEM.match(strip_line(line))
    if item is None:
        return None
    if item.group(1):
        return int(item.group(1))  # int() reads any script's decimal digits
    bullet = item.group(2)
    return bullet if all(unicodedata.category(ch)[0] in "PS" for ch in bullet) else None


def _inner_ends(text: str) -> list[re.Match[str]]:
    """The sentence ends before white space in ``text`` (ellipses among them), but a list's number's full stop."""
    stop = _list_number_stop(text)
    return [end for end in _SENTENCE_END_INSIDE.finditer(text) if end.start() != stop]


#: A line ending in one of these introduces what follows (a list heading, a label);
#: the Bengali visarga ঃ often stands for a colon (আপডেটঃ).
COLON_ENDS = ":：ঃ"

#: A caption ending in its photo's credit (:func:`ends_in_credit`): after the
#: line's last inner sentence end, at most CREDIT_MAX_WORDS words, one of them
#: holding a colon or a slash (``Foto: Privat``, ``ছবি : সংগৃহীত``, ``(AP Photo/Jane
#: Roe)``, ``Jane Roe/Agency``, ``Photo by Jane Roe /AFP via Agency Photos``; the
#: length is ``python bench/choose_credit.py``'s pick), in a line of at most CREDIT_MAX_SENTENCES
#: sentences before it: a caption is a sentence or two, and a paragraph with an
#: editor's mark after it stays a paragraph. The sentences before the credit hold
#: at least CREDIT_MIN_WORDS words (:func:`word_count`): a lone word ending in a
#: full stop is an abbreviation or a list's number (``St. Louis: fire kills two``,
#: ``Dr. Roe: the interview``, a headline), not a caption's sentence. Words with
#: no sentence end make a caption when a credit in round brackets closes the line.
CREDIT_MAX_WORDS = 12
CREDIT_MAX_SENTENCES = 3
CREDIT_MIN_WORDS = 2
_CREDIT_MARKS = ":：/"

#: Marks that open a quotation in one language or another (``"…"``, ``“…”``,
#: ``„…“``, ``‚…‘``, ``«…»``, ``»…«``, ``「…」``). What follows a line's last
#: sentence and opens with one is a quoted title — a cited work's, as a
#: reference list prints it (``… (2 July 2014). "Film Review: 'The Quiet Lake'"``) —
#: not a photo's credit (:func:`ends_in_credit`), even when it holds a colon.
OPENING_QUOTES = "\"'‘“„‚«»‹›「『"

#: Characters that may stand with digits in a line that is only a number
#: (:func:`is_number_only`): ``3.``, ``(4)``, ``21:52``, ``২১：৫২``, ``1-2``, ``#5``.
NUMBER_MARK_CHARS = ".)(:：-–#"

#: Characters that prose seldom holds and program code, shell sessions, markup and
#: database output often do: braces and brackets, ``; = < > _ ` ~ ^``, the
#: backslash, and the box-drawing characters (U+2500–U+257F) of a ``psql`` or
#: ``tree`` printout. Not ``|``, which menus and date bars use as a separator, nor
#: ``$``, which prices use, nor ``# ( ) /`` or quotes, which prose uses.
CODE_CHARS = "{}[];=<>\\_`~^" + "".join(chr(c) for c in range(0x2500, 0x2580))

#: A bracketed ellipsis marks words left out: the end of an excerpt (``… the number
#: of players […]``, as a blog's list of recent posts prints it) or a cut in a
#: quotation. Among other words its brackets are no code symbols; alone on a line it
#: stands for lines left out of a listing or a printout, and stays code.
ELISIONS = ("[…]", "[...]")


def elided_brackets(text: str) -> int:
    """How many of the stripped line's code symbols are brackets of a bracketed ellipsis (:data:`ELISIONS`).

    0 for a line that holds nothing but such marks.

    >>> elided_brackets("Last week I wrote about the new levels […]"), elided_brackets("[...]"), elided_brackets("a[0] = b[1]")
    (2, 0, 0)
    """
    marks = [text.count(mark) for mark in ELISIONS]
    if not any(marks):
        return 0
    mark_chars = sum(n * len(mark) for n, mark in zip(marks, ELISIONS))
    if sum(not ch.isspace() for ch in text) == mark_chars:
        return 0
    return 2 * sum(marks)


#: A tag in square brackets closing a line: a source, a section or a kind of story
#: named after the text (``… said on Tuesday. [Reuters]``, ``Storm hits coast
#: [VIDEO]``), or a line of its own such as ``[email address protected]``. Its
#: brackets are no code symbols when it starts with a letter and holds at most
#: TAG_MAX_CHARS characters, none of them a code symbol, a comma or a double quote: a
#: list (``[1, 2]``, ``["a", "b"]``), an index (``a[i]``) or a link's markup
#: (``[[Page]]``) stays code, and so does an INI file's ``[core]`` inside a listing,
#: whose other lines are code.
TAG_MAX_CHARS = 40


def closing_tag(text: str) -> int:
    """How many of the stripped line's code symbols are the brackets of a tag closing it (:data:`TAG_MAX_CHARS`).

    >>> closing_tag("Rain floods the capital [VIDEO]"), closing_tag("[Ann's Notes]"), closing_tag("x = a[i]")
    (2, 2, 0)
    >>> closing_tag("values = [1, 2]"), closing_tag('["a", "b"]'), closing_tag("[[Main Page]]")
    (0, 0, 0)
    """
    if not text.endswith("]"):
        return 0
    start = text.rfind("[")
    inside = text[start + 1 : -1]
    if start < 0 or (start > 0 and not text[start - 1].isspace()):  # a tag stands apart: not an index's a[i]
        return 0
    if not inside or len(inside) > TAG_MAX_CHARS or not unicodedata.category(inside[0]).startswith("L"):
        return 0
    if any(ch in CODE_CHARS or ch in ',"' for ch in inside):
        return 0
    return 2


#: A link's arrow: a run of at least ARROW_MIN_RUN ``>`` closing a line (``Read more>>``,
#: ``Next page >>``) or of ``<`` opening it (``<< Previous``), pointing off the line's
#: edge as ``»`` and ``«`` do. Its marks are no code symbols: a line of code or markup
#: does not end in ``>>`` nor start with ``<<``, and Python's prompt ``>>>`` points into
#: its line, so it stays code.
ARROW_MIN_RUN = 2


def edge_arrows(text: str) -> int:
    """How many of the stripped line's code symbols are a link's arrow at its edge (:data:`ARROW_MIN_RUN`).

    0 for a line that holds nothing but the arrow, and for one that holds the other
    bracket too (``<b>Next</b>>>``: markup).

    >>> edge_arrows("Read more>>"), edge_arrows("<< Previous"), edge_arrows(">>> import os"), edge_arrows(">>")
    (2, 2, 0, 0)
    """
    end = len(text) - len(text.rstrip(">"))
    start = len(text) - len(text.lstrip("<"))
    end = end if end >= ARROW_MIN_RUN and "<" not in text else 0
    start = start if start >= ARROW_MIN_RUN and ">" not in text else 0
    marks = end + start
    if marks and not text[start : len(text) - end].strip():
        return 0
    return marks


def uncounted_code_symbols(text: str) -> int:
    """How many of the stripped line's code symbols are not code: the brackets of a
    bracketed ellipsis after words (:func:`elided_brackets`), a link's arrow at
    the line's edge (:func:`edge_arrows`) and the brackets of a tag closing the line
    (:func:`closing_tag`).

    >>> uncounted_code_symbols("Older posts […] >>"), uncounted_code_symbols("a[0] = b[1]")
    (4, 0)
    """
    return elided_brackets(text) + edge_arrows(text) + closing_tag(text)


def greek_questions(line: str) -> str:
    """The line with each semicolon right after a Greek letter read as the Greek question mark (:data:`GREEK_QUESTION`).

    What the features see of a line, as :func:`strip_line`: such a semicolon ends a
    sentence, and is no code symbol (:data:`CODE_CHARS`) or statement end. A semicolon
    after anything else (``x = 1;``, ``"Τι";``) stays one.

    >>> greek_questions("Τι σημαίνει αυτό; Πότε;") == "Τι σημαίνει αυτό\u037e Πότε\u037e"
    True
    >>> greek_questions("x = 1; y = 2;")
    'x = 1; y = 2;'
    """
    # search, then sub: most lines hold none, and a search costs a third of a sub that finds nothing
    return _GREEK_SEMICOLON.sub("\\1" + GREEK_QUESTION, line) if ";" in line and _GREEK_SEMICOLON.search(line) else line


def armenian_full_stops(line: str) -> str:
    """The line with each colon right after an Armenian letter read as the Armenian full stop (:data:`ARMENIAN_FULL_STOP`).

    Armenian has no colon of its own shape (its ``՝`` and ``․`` do that work): such a
    colon ends a sentence, and introduces nothing (:data:`COLON_ENDS`). A colon after
    anything else (``Foto: Privat``, ``21:52``) stays one.

    >>> armenian_full_stops("Նա եկավ: Մենք գնացինք:") == "Նա եկավ\u0589 Մենք գնացինք\u0589"
    True
    >>> armenian_full_stops("Foto: Privat, 21:52")
    'Foto: Privat, 21:52'
    """
    return _ARMENIAN_COLON.sub("\\1" + ARMENIAN_FULL_STOP, line) if ":" in line and _ARMENIAN_COLON.search(line) else line


def script_stops(line: str) -> str:
    """The line with the marks Greek and Armenian are typed with read as their own
    sentence ends (:func:`greek_questions`, :func:`armenian_full_stops`): what the
    features see of a line, as :func:`strip_line`.

    >>> script_stops("Τι; Նա եկավ:") == "Τι\u037e Նա եկավ\u0589"
    True
    """
    return armenian_full_stops(greek_questions(line))


def strip_line(line: str) -> str:
    """The line without the white space, invisible format characters (:data:`INVISIBLE_RANGES`)
    and control characters (:data:`CONTROL_RANGES`) at its ends.

    What the features see of a line: a direction mark after an Arabic line, a BOM
    before a page's first line, a zero-width space or a NUL after a paragraph is not
    part of its text. The cleaner's output keeps them (it strips only trailing white space).

    >>> strip_line("\\ufeff শিরোনাম \\u200f"), strip_line("\\u00a0a b\\u3000"), strip_line("এক।\\x00")
    ('শিরোনাম', 'a b', 'এক।')
    """
    return line.strip(EDGE_CHARS)


def is_blank(line: str) -> bool:
    """True when a line holds only white space, invisible format characters (:data:`INVISIBLE_RANGES`)
    and control characters (:data:`CONTROL_RANGES`).

    >>> is_blank("\\u00a0 "), is_blank("\\u200b"), is_blank("\\x00"), is_blank("X")
    (True, True, True, False)
    """
    return not line.strip(EDGE_CHARS)


def normalize(line: str) -> str:
    """The form in which two lines count as the same text: stripped, spaces folded, and
    read as the features read them (:func:`script_stops`: ``Τι;`` typed and ``Τι\u037e``
    are one text).

    Case is left alone (most scripts have none) and marks are kept.

    >>> normalize("  এবার  মেডিকেলে ")
    'এবার মেডিকেলে'
    """
    return _SPACE_RUN.sub(" ", script_stops(strip_line(line)))


#: A run of at least this many characters whose decomposition starts with a combining
#: mark goes through :func:`nfd`'s own canonical ordering, not :mod:`unicodedata`'s.
MARK_RUN = 32


@functools.cache
def _mark_runs() -> re.Pattern[str]:
    """Runs of :data:`MARK_RUN` or more characters whose canonical decomposition starts
    with a combining mark (all combining marks, and the Tibetan vowel signs U+0F73,
    U+0F75, U+0F81), as the running Python's Unicode tables have them (built once), or
    beyond the BMP: with those the class is a list that each character is tried against
    (ten times slower on a Bengali page), and a run of other characters is ordered right
    too, only more slowly."""
    marks = [
        ch
        for ch in map(chr, range(0x10000))
        if unicodedata.combining(ch) or (unicodedata.decomposition(ch) and unicodedata.combining(unicodedata.normalize("NFD", ch)[0]))
    ]
    return re.compile("[" + "".join(map(re.escape, marks)) + "\U00010000-\U0010ffff]{%d,}" % MARK_RUN)


def _ordered(text: str) -> str:
    """NFD of ``text``: each character's decomposition, then each run of combining marks
    sorted, stably, by combining class (Unicode's canonical ordering)."""
    out: list[str] = []
    run: list[str] = []
    for ch in "".join([unicodedata.normalize("NFD", ch) for ch in text]):
        if unicodedata.combining(ch):
            run.append(ch)
        else:
            out += sorted(run, key=unicodedata.combining)
            run = []
            out.append(ch)
    out += sorted(run, key=unicodedata.combining)
    return "".join(out)


def nfd(text: str) -> str:
    """``unicodedata.normalize("NFD", text)``, in time linear in the text.

    CPython puts combining marks in canonical order by insertion sort, which takes a
    run's length squared when its marks are out of order (marks above, then marks
    below: ``"a" + "\\u0301" * k + "\\u0316" * k``, some 4 s for k = 32,000). A run of
    :data:`MARK_RUN` or more is ordered here instead, with the character before it (whose
    decomposition may end in marks that join the run); canonical ordering moves no mark
    across a character whose decomposition starts with one that is no mark, so the rest
    is decomposed by :mod:`unicodedata` on its own. A text in NFD already (its marks in
    order: Unicode's quick check, in linear time) is returned as it is, unsearched.

    >>> nfd("Cafe\\u0301 a\\u0316\\u0301") == unicodedata.normalize("NFD", "Café a\\u0301\\u0316")
    True
    """
    if len(text) < MARK_RUN:
        return unicodedata.normalize("NFD", text)
    if unicodedata.is_normalized("NFD", text):
        return text
    pieces, done = [], 0
    for run in _mark_runs().finditer(text):
        start = max(run.start() - 1, done)
        pieces += [unicodedata.normalize("NFD", text[done:start]), _ordered(text[start : run.end()])]
        done = run.end()
    pieces.append(unicodedata.normalize("NFD", text[done:]))
    return "".join(pieces)


# The scripts written without spaces between words, and how many of their letters
# make a word on average. Han and kana: the Hiragana and Katakana blocks, the
# iteration and closing marks 々 〆, the halfwidth katakana, the CJK Unified
# Ideographs (with Extension A, and Extensions B to H in the supplementary planes)
# and the CJK Compatibility Ideographs (and their supplement); a Chinese or Japanese
# word is about two characters long. Thai, Lao, Tibetan, Myanmar
# and Khmer (with the Khmer Symbols): white space there parts phrases, not words; a
# Thai word has 3.2 letters on average in the Thai National Corpus's word frequencies
# (3.0 in the Thai Textbook Corpus's; the vowel signs above and below a letter and
# the tone marks, combining marks, not counted; the vowels before and after one,
# letters, counted), taken for the other four too. Only letters count
# (unspaced_script).
_UNSPACED = re.compile(
    "[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d\U00020000-\U0002fa1f\U00030000-\U000323af]"
)
_UNSPACED_BRAHMIC = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]")
_UNSPACED_ANY = re.compile(_UNSPACED.pattern + "|" + _UNSPACED_BRAHMIC.pattern)

#: Characters of Han or kana counted as one word.
CHARS_PER_UNSPACED_WORD = 2

#: Letters of Thai, Lao, Tibetan, Myanmar or Khmer counted as one word.
LETTERS_PER_BRAHMIC_WORD = 3

#: What :func:`unspaced_script` says of a character: no letter of such a script, a
#: Han or kana letter, a Thai, Lao, Tibetan, Myanmar or Khmer letter.
SPACED, HAN_KANA, BRAHMIC = 0, 1, 2

#: Letters of each unspaced script counted as one word.
LETTERS_PER_WORD = {HAN_KANA: CHARS_PER_UNSPACED_WORD, BRAHMIC: LETTERS_PER_BRAHMIC_WORD}


def unspaced_script(ch: str) -> int:
    """Which script written without spaces between words ``ch`` is a letter of:
    :data:`HAN_KANA` or :data:`BRAHMIC`, else :data:`SPACED` (0).

    Only letters (Unicode category L*): the kana blocks also hold punctuation
    (``・``, the usual separator of Japanese menus), symbols (``゛``) and combining
    marks (U+3099), and Thai its vowel signs above and below a letter and its tone
    marks, which count as punctuation and marks, as elsewhere (its vowels written
    before or after a letter, such as เ and า, are letters).

    >>> [unspaced_script(c) for c in "東カーは・゛\\u3099aกั"]
    [1, 1, 1, 1, 0, 0, 0, 0, 2, 0]

    Han and kana are also the iteration mark ``々`` (人々), the halfwidth katakana and
    the Han of the supplementary planes:

    >>> [unspaced_script(c) for c in "々ｶ\\U000282e2"]
    [1, 1, 1]
    """
    if unicodedata.category(ch)[0] != "L":
        return SPACED
    if _UNSPACED.match(ch):
        return HAN_KANA
    if _UNSPACED_BRAHMIC.match(ch):
        return BRAHMIC
    return SPACED


def is_unspaced_letter(ch: str) -> bool:
    """A letter of a script written without spaces between words (:func:`unspaced_script`).

    >>> [is_unspaced_letter(c) for c in "東カーは・゛\\u3099aก"]
    [True, True, True, True, False, False, False, False, True]
    """
    return unspaced_script(ch) != SPACED


def _unspaced_letters(text: str) -> int:
    return sum(map(is_unspaced_letter, _UNSPACED_ANY.findall(text)))


def _breaks_anywhere(text: str) -> bool:
    """True when ``text`` holds a Han or kana letter."""
    return any(map(unspaced_script, _UNSPACED.findall(text)))


def _unspaced_words(text: str) -> int:
    """Words of ``text``'s unspaced letters: each script's letters, per word of that script, rounded up."""
    scripts = [unspaced_script(c) for c in _UNSPACED_ANY.findall(text)]
    return sum(-(-scripts.count(script) // letters) for script, letters in LETTERS_PER_WORD.items())


def word_count(line: str) -> int:
    """Words in a line, also for scripts written without spaces.

    White-space tokens count one each, except those holding a letter of a script
    written without spaces (:func:`unspaced_script`): instead, their Han and kana
    letters count one word per :data:`CHARS_PER_UNSPACED_WORD` and their Thai, Lao,
    Tibetan, Myanmar and Khmer letters one per :data:`LETTERS_PER_BRAHMIC_WORD`, so a
    Chinese or Thai paragraph is not "one word".

    >>> word_count("উত্তর কোরিয়া সফর"), word_count("今日は良い天気です。散歩に行きましょう。"), word_count("ホーム・ニュース ・")
    (3, 9, 5)
    >>> word_count("ฝนตกหนักทำให้น้ำท่วม"), word_count("ใช้ iPhone ได้")
    (6, 3)
    """
    if not _unspaced_letters(line):
        return len(line.split())
    spaced = sum(1 for token in line.split() if not _unspaced_letters(token))
    return spaced + _unspaced_words(line)


def display_width(text: str) -> int:
    """The cells a text takes on a terminal, as ``w3m`` counts them when it wraps.

    Combining marks (including Indic vowel signs) and format characters take none,
    East Asian wide and fullwidth characters two, every other character one.

    >>> display_width("abc"), display_width("কিমের"), display_width("東京")
    (3, 3, 4)
    """
    width = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] != "M" and category != "Cf":
            width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def first_word_width(line: str, cells: bool = False) -> int:
    """How wide a line's first word is: what a wrap could not fit on the line above.

    The first white-space token, or its first character when that token holds a Han
    or kana letter (text in those scripts breaks between any two characters); in
    characters, or with ``cells`` in terminal cells (:func:`display_width`). Thai,
    Khmer and the other unspaced scripts of :func:`unspaced_script` break between
    words, which text tools (``textwrap``, ``w3m``, ``lynx``) find only at white space,
    so their first token is the word.

    >>> first_word_width("services. It is based on https"), first_word_width("東京では「雨」")
    (9, 1)
    >>> first_word_width("কিমের সঙ্গে", cells=True), first_word_width("東京では「雨」", cells=True)
    (3, 2)
    """
    parts = line.split(None, 1)
    if not parts:
        return 0
    word = parts[0][0] if _breaks_anywhere(parts[0]) else parts[0]
    return display_width(word) if cells else len(word)


def ends_sentence(line: str) -> bool:
    """True when the line ends in a sentence end, also before up to :data:`MAX_CLOSING` closing quotes or brackets
    (or format characters, :data:`FORMAT_RANGES`, and variation selectors, :data:`VARIATION_SELECTOR_RANGES`) and footnote references (:data:`FOOTNOTE`), and not in an
    ellipsis (:func:`ends_in_ellipsis`).

    >>> ends_sentence("আমরা যেতে চাই।’"), ends_sentence("সূত্র: রয়টার্স"), ends_sentence("end.’’’")
    (True, False, False)
    >>> ends_sentence("שלום.\u200f"), ends_sentence("end.\u200b")
    (True, True)
    >>> ends_sentence("The minister said on Wednesday that the..."), ends_sentence("Read more…"), ends_sentence("Why?..")
    (False, False, True)
    >>> ends_sentence("The bridge opened in 1932.[4][5]"), ends_sentence("See note [4]")
    (True, False)
    >>> ends_sentence("12."), ends_sentence("২."), ends_sentence("1234.")  # a list's number (LIST_NUMBER_DIGITS) ends none
    (False, False, True)

    The line is read as the features read it (:func:`strip_line`): white space, a
    direction mark or a NUL after its last full stop hides none (``"שלום. \u200f"``).
    """
    return _ends_sentence_read(script_stops(strip_line(line)))


def _ends_sentence_read(text: str) -> bool:
    """:func:`ends_sentence` of a line already read as the features read it (stripped, :func:`script_stops`)."""
    end = _SENTENCE_END_AT_EOL.search(text)
    return end is not None and end.start() != _list_number_stop(text) and not ends_in_ellipsis(text)


def ends_in_ellipsis(line: str) -> bool:
    """True when the line ends in an ellipsis: ``…`` or three or more full stops in a row
    (:data:`ELLIPSIS_DOTS`), alone or among full stops, also before up to
    :data:`MAX_CLOSING` closing marks (``[…]``, ``“I wonder…”``).

    An ellipsis at the end of a line marks words left out: a teaser cut short by its
    site (``… said on Wednesday that the...``), a link to the rest (``Read more…``),
    an excerpt's ``[…]``. It ends no sentence (:func:`ends_sentence`), nor does one
    inside a line (:func:`count_inner_sentence_ends`): C4's rule, too, takes no line
    ending in ``...`` for a sentence. A question or exclamation mark in the same run
    still ends one (``Why?..``, ``Yes!…``).

    >>> ends_in_ellipsis("Read more…"), ends_in_ellipsis("the council said that the..."), ends_in_ellipsis("[...]")
    (True, True, True)
    >>> ends_in_ellipsis("It ended."), ends_in_ellipsis("Why?.."), ends_in_ellipsis("Yes!…"), ends_in_ellipsis("Hm..")
    (False, False, False, False)
    """
    return _ELLIPSIS_AT_EOL.search(line) is not None


def count_inner_sentence_ends(line: str) -> int:
    """Sentence ends followed by white space inside the line (the last one excluded).

    Up to :data:`MAX_CLOSING` closing quotes or brackets, and footnote references
    (:data:`FOOTNOTE`), may stand between the two. An ellipsis (:data:`ELLIPSIS`, three full stops) is none: ``beefing with the group
    ... what a time`` is one sentence.

    >>> count_inner_sentence_ends("এক। দুই। তিন।"), count_inner_sentence_ends("‘এক।’ দুই।’’’ তিন")
    (2, 1)
    >>> count_inner_sentence_ends("Well… I think so. Yes"), count_inner_sentence_ends("Really?.. No")
    (1, 1)
    >>> count_inner_sentence_ends("It opened in 1932.[4] It closed in 1990.[5][6] Now")
    2
    >>> count_inner_sentence_ends("2. The mayor opens the library"), count_inner_sentence_ends("3. Oktober: Wahl. Dann")
    (0, 1)

    The line is read as the features read it (:func:`strip_line`): a full stop before
    white space and a zero-width space or a NUL at its end is its last, no inner one.
    """
    text = script_stops(strip_line(line))
    return len(_inner_ends(text)) - len(_ELLIPSIS_INSIDE.findall(text))


def ends_in_credit(line: str) -> bool:
    """True when a line of one to :data:`CREDIT_MAX_SENTENCES` sentences ends in a short credit after them.

    The credit is what follows the last inner sentence end (an ellipsis is none, as
    for :func:`count_inner_sentence_ends`): one to
    :data:`CREDIT_MAX_WORDS` words (white-space tokens) after at least
    :data:`CREDIT_MIN_WORDS` words of sentences, not ending in a sentence
    end or a colon (:data:`COLON_ENDS`: that introduces what follows), one of them
    holding ``:`` ``：`` or ``/``, or ending in the visarga ``ঃ`` that Bengali uses
    as a colon. A word with a dot before its slash is a web address, a credit
    starting with ``[`` a reference, and one starting with the colon or slash an
    editor's mark (``… nahm zwei Männer fest. / kr``), one opening with a quotation
    mark (:data:`OPENING_QUOTES`) a quoted title, and one with a word after its first
    that opens one quoted speech (a headline's ``… «We agreed». The paper: «They …»``): none is a credit.
    Words with no sentence end (at least :data:`CREDIT_MIN_WORDS` of them) are a
    caption too when a credit in round brackets closes the line
    (``… an expert says (Image: Agency)``): a headline or a paragraph's line rarely
    ends in one. LABELING.md calls a photo's
    caption chrome, "even when they are sentences"; the cleaner's credits pass
    drops such a line whatever the model says. The line is read as the features
    read it (:func:`strip_line`): a direction mark or a NUL after its last colon or
    full stop hides neither.

    >>> ends_in_credit("রাশিয়ার নিরাপত্তা প্রধানের সঙ্গে কিমের সাক্ষাৎ। ছবি : সংগৃহীত")
    True
    >>> ends_in_credit("Barnen leker i parken. Foto: Anna Exempel")
    True
    >>> ends_in_credit("The minister in Brussels, May 7. (Jane Roe/AP)")
    True
    >>> ends_in_credit("ছবি : সংগৃহীত")  # no sentence before it: a credit alone is not a caption's
    False
    >>> ends_in_credit("The mayor opens the new library (Photo: Jane Roe)"), ends_in_credit("(Photo: Jane Roe)")
    (True, False)
    >>> ends_in_credit("It has three parts. For example:"), ends_in_credit("See the map. example.org/map")
    (False, False)
    >>> ends_in_credit("One. Two. Three. Four. Foto: Privat")  # a paragraph, not a caption
    False
    >>> ends_in_credit("Die Polizei nahm zwei Männer fest. / kr")  # a paragraph with its editor's initials
    False
    >>> ends_in_credit("St. Louis: fire kills two")  # an abbreviation, not a sentence: a headline
    False
    >>> ends_in_credit("The mayor said on Tuesday that the... Foto: Privat")  # a teaser cut short
    False
    >>> ends_in_credit('Roe, Jane (2 July 2014). "Film Review: The River"')  # a reference's quoted title
    False
    >>> ends_in_credit('Talks went well. The paper: "They pushed hard"')  # quoted speech
    False
    """
    # Each test below can only say no, so their order changes no answer: the line's own
    # sentence end comes last, as most lines refused hold no credit after their last
    # sentence and are refused sooner.
    text = script_stops(strip_line(line))
    ends = _inner_ends(text)
    if ends and _may_hold_ellipsis(text):  # an ellipsis ends no sentence
        elided = {m.end() for m in _ELLIPSIS_INSIDE.finditer(text)}
        ends = [m for m in ends if m.end() not in elided]
    if not ends:  # words with no sentence end, closing in a bracketed credit
        opening = text.rfind("(")
        if not text.endswith(")") or opening < 0 or ")" in text[opening:-1]:
            return False
        words, before = text[opening + 1 : -1].split(), text[:opening]
    elif len(ends) > CREDIT_MAX_SENTENCES:
        return False
    else:
        words, before = text[ends[-1].end() :].split(), text[: ends[-1].end()]
    if not words or not _credit_words(words) or word_count(before) < CREDIT_MIN_WORDS:
        return False
    return not _ends_sentence_read(text)


def _credit_words(words: list[str]) -> bool:
    """True when ``words``, a caption's tail, read as its photo's credit (:func:`ends_in_credit`)."""
    if len(words) > CREDIT_MAX_WORDS or words[-1][-1] in COLON_ENDS or words[0][0] in "[" + _CREDIT_MARKS:
        return False
    if any(word[0] in OPENING_QUOTES for word in words):  # a quoted title, or quoted speech
        return False
    if any("://" in word or "." in word[: max(word.find("/"), 0)] for word in words):
        return False
    return any(mark in word for word in words for mark in _CREDIT_MARKS) or any(word[-1] == "ঃ" for word in words)


def credit_below(line: str, below: str) -> bool:
    """True when ``below``, the line right under ``line`` (no blank line between), is only its photo's credit.

    A page may print a caption's credit on a line of its own: ``line`` is then one
    to :data:`CREDIT_MAX_SENTENCES` sentences ending in a sentence end, and the two
    read as one line are a caption ending in its credit (:func:`ends_in_credit`),
    while ``below`` alone is none (a caption of its own under a paragraph leaves the
    paragraph alone). Both lines are the caption: LABELING.md calls captions and
    credits chrome. A paragraph with a blank line under it is a block of its own,
    and a credit under it belongs to what follows (a photo between paragraphs).

    >>> credit_below("Barnen leker i parken.", "Anna Exempel/Agency"), credit_below("Barnen leker i parken.", "Foto: Privat")
    (True, True)
    >>> credit_below("Barnen leker i parken", "Foto: Privat"), credit_below("Barnen leker i parken.", "Anna Exempel")
    (False, False)
    >>> credit_below("Barnen leker i parken.", "Hon log. Foto: Privat")  # a caption of its own under a sentence
    False
    """
    text, under = strip_line(line), strip_line(below)
    return bool(text and under) and ends_sentence(text) and not ends_in_credit(under) and ends_in_credit(text + " " + under)


def is_digit_char(ch: str) -> bool:
    """Any script's decimal digit: ``7``, ``৭``, ``٧``.

    >>> is_digit_char("৭"), is_digit_char("a")
    (True, False)
    """
    return unicodedata.category(ch) == "Nd"


def is_number_only(line: str) -> bool:
    """A line of digits and number marks (:data:`NUMBER_MARK_CHARS`) only: ``১২``, ``3.``, ``(4)``, ``21:52``.

    >>> is_number_only("১২"), is_number_only("12."), is_number_only("১২ জন")
    (True, True, False)
    """
    core = line.strip()
    return any(is_digit_char(c) for c in core) and all(is_digit_char(c) or c in NUMBER_MARK_CHARS for c in core)


def char_classes(line: str) -> tuple[float, float, float]:
    """Shares of digits, Latin letters and punctuation/symbols among non-space characters.

    A Latin letter here is a letter below U+0250 (ASCII, Latin-1, Latin Extended-A and
    -B): the letters of Latin Extended Additional (Vietnamese ``ệ``) and fullwidth
    Latin count as other letters, and ``µ`` (a letter below U+0250) counts.

    >>> char_classes("ab1."), char_classes("ệ µ")
    ((0.25, 0.5, 0.25), (0.0, 0.5, 0.0))
    """
    digits = latin = punct = total = 0
    for ch in line:
        if ch.isspace():
            continue
        total += 1
        cat = unicodedata.category(ch)
        if cat == "Nd":
            digits += 1
        elif cat[0] == "L" and ch < "\u0250":
            latin += 1
        elif cat[0] in "PS":
            punct += 1
    if not total:
        return 0.0, 0.0, 0.0
    return digits / total, latin / total, punct / total


def has_letters(line: str) -> bool:
    """True when the line has a letter of any script (marks count with their letters).

    >>> has_letters("— • —"), has_letters("কি")
    (False, True)
    """
    return any(unicodedata.category(ch)[0] == "L" for ch in line)
