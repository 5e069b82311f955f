"""Pre-filled label files: the model's labels for new pages, for a person to correct.

``boilerplate label PAGE... --out DIR`` writes, for every page, ``DIR/pages/<stem>.txt``
(the page) and ``DIR/<stem>.tsv`` in the format of ``labels/`` with the cleaner's
final label on every non-blank line and the role left empty. Correct the labels
in any editor or spreadsheet (add roles if you like), then train on the folder:
``python train.py --labels labels/ DIR --model-dir MODEL_DIR``.

An existing label file is never overwritten unless asked (``force=True``): it may
hold a person's corrections.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .cleaner import DEFAULT_CONFIG, Config, decide_lines
from .labels import read_page, write_label_file


class LabelFileExists(FileExistsError):
    """A label file is already there and may hold a person's corrections."""


def prefill(pages: Iterable[str | Path], out: str | Path, *, force: bool = False, model=None,
            config: Config = DEFAULT_CONFIG) -> list[Path]:
    """Write pre-filled label files for ``pages`` into ``out``; returns the label files written.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "p.txt").write_text("সর্বশেষ\\n\\nএটি একটি দীর্ঘ অনুচ্ছেদ যা অনেক শব্দ দিয়ে লেখা এবং শেষে একটি দাঁড়ি আছে।", encoding="utf-8")
    >>> [f.name for f in prefill([tmp / "p.txt"], tmp / "out")]
    ['p.tsv']
    """
    out = Path(out)
    paths = [Path(p) for p in pages]
    stems = [p.stem for p in paths]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise ValueError(f"several pages are named {', '.join(clashes)}; rename them so each stem is unique.")
    targets = [out / f"{p.stem}.tsv" for p in paths]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise LabelFileExists(
            f"{existing[0]} already exists and may hold corrections; pass --force to overwrite it."
        )
    (out / "pages").mkdir(parents=True, exist_ok=True)
    for path, target in zip(paths, targets):
        text = read_page(path)
        lines = text.splitlines()
        decision = decide_lines(lines, model, config)
        labels = ["body" if keep else "chrome" for keep in decision.body]
        with open(out / "pages" / f"{path.stem}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        write_label_file(target, lines, labels)
    return targets
