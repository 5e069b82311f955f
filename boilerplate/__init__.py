"""boilerplate: remove site chrome from plain-text dumps of web pages, keep the article.

>>> from boilerplate import clean
>>> page = "\\n".join(["Home | World | Sport", "Tuesday, 3 May 2024", "", "Council approves new budget", "",
...     "The council approved the new budget on Tuesday after a long debate. Members voted nine to four.",
...     "", "Most read", "Storm closes coastal road", "Local team wins cup"])
>>> print(clean(page))
Council approves new budget
<BLANKLINE>
The council approved the new budget on Tuesday after a long debate. Members voted nine to four.

:func:`clean` returns the article's lines; :func:`clean_many` and :func:`clean_series`
clean many pages with one model call per batch; :func:`explain` says, line by line, what
the model thought and what the cleaner kept; :class:`Config` holds the cleaner's
few settings. The model ships inside the package (see :mod:`boilerplate.model`).
"""

from .batch import clean_many, clean_series
from .cleaner import Config, LineDecision, clean, explain
from .labels import LabelError
from .model import ModelError, load_model

__all__ = [
    "Config",
    "LabelError",
    "LineDecision",
    "ModelError",
    "clean",
    "clean_many",
    "clean_series",
    "explain",
    "load_model",
]
__version__ = "0.1.0"
