"""Tiny hand-built inputs for the report tests: a hostile label folder and a fake benchmark."""

from __future__ import annotations

from pathlib import Path

from boilerplate.labels import escape, write_label_file
from boilerplate.text import is_blank

#: Lines that break HTML or Markdown if they reach the page unescaped.
HOSTILE = [
    "<script>alert(1)</script>",
    "Closing </table></details></section> tags & an <img src=x onerror=alert(2)> image",
    "Quotes \"double\" and 'single' & &amp; entities",
    "A | pipe *star* _under_ `tick` [link](x) ~~strike~~ \\ backslash",
]

_PAGE_A = [
    ("Home | News | Sport", "chrome", "nav"),
    (HOSTILE[0], "chrome", "nav"),
    ("", None, None),
    ("Council approves the new budget", "body", "title"),
    ("", None, None),
    ("The council approved the new budget on Tuesday after a long debate, and the members voted nine "
     "to four for it in the end. " + HOSTILE[1], "body", "paragraph"),
    ("", None, None),
    ("The budget adds money for schools and roads, and it cuts the spending on outside consultants "
     "by a third this year.", "body", "paragraph"),
    ("", None, None),
    ("Most read", "chrome", "list"),
    (HOSTILE[2], "chrome", "list"),
]

_PAGE_B = [
    ("Menu", "chrome", "nav"),
    ("Storm closes the coast road", "body", "title"),
    ("", None, None),
    ("A storm closed the coast road on Monday night, and the police asked drivers to stay at home "
     "until the wind drops again.", "body", "paragraph"),
    ("", None, None),
    ("Crews will clear the fallen trees in the morning, the council said, and the road should open "
     "again by noon on Tuesday.", "body", "paragraph"),
    ("", None, None),
    (HOSTILE[3], "chrome", "footer"),
    ("Share this", "chrome", "promo"),
]


def hostile_labels(folder: Path) -> Path:
    """A label folder of two pages from two sites whose lines hold HTML and Markdown markup."""
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    for stem, rows in (("page_a", _PAGE_A), ("page_b", _PAGE_B)):
        lines = [text for text, _, _ in rows]
        (folder / "pages" / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        kept = [(label, role) for text, label, role in rows if not is_blank(text)]
        write_label_file(folder / f"{stem}.tsv", lines, [k[0] for k in kept], [k[1] for k in kept])
    (folder / "sites.tsv").write_text("page\tsite\npage_a\tsite-a\npage_b\tsite-b\n", encoding="utf-8")
    return folder


#: Words that only the fake benchmark's pages hold: none may reach a report.
BENCH_SECRET = "Zyxwvut"

_BENCH_PAGE = [
    ("body", f"{BENCH_SECRET} headline of the benchmark page"),
    ("chrome", f"{BENCH_SECRET} menu"),
    ("body", f"{BENCH_SECRET} says the first paragraph of the page, which runs on for more than fifteen words "
             "so that every rule keeps it."),
    ("chrome", f"{BENCH_SECRET} related headline"),
]


def fake_bench(root: Path, folders: tuple[str, ...]) -> Path:
    """A benchmark folder in the shared format: one English page per folder."""
    for folder in folders:
        (root / folder).mkdir(parents=True)
        (root / folder / "pages.tsv").write_text(
            "page_id\tlanguage\tn_lines\tn_body\tgold_chars\tgold_cover\tsource\n"
            f"{folder}-page\ten\t4\t2\t100\t1.0\ttest\n",
            encoding="utf-8",
        )
        rows = "".join(f"{2 * i + 1}\t{label}\t{escape(text)}\n" for i, (label, text) in enumerate(_BENCH_PAGE))
        (root / folder / f"{folder}-page.tsv").write_text("line_no\tlabel\ttext\n" + rows, encoding="utf-8")
    return root


def old_report(out: Path) -> dict[str, bytes]:
    """Make ``out`` and put a report's four files in it, each holding ``old NAME``: what a run
    that fails or is stopped must leave as it was. Their names and bytes."""
    from boilerplate.report import HTML_FILE, JSON_FILE, MD_FILE, PNG_FILE

    out.mkdir()
    old = {name: f"old {name}".encode() for name in (MD_FILE, HTML_FILE, JSON_FILE, PNG_FILE)}
    for name, data in old.items():
        (out / name).write_bytes(data)
    return old
