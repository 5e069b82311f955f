"""Shared fixtures: the repository's paths and tiny label folders built per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "labels"


@pytest.fixture
def label_folder(tmp_path):
    """Build a label folder from ``{stem: (page_text, tsv_text)}`` and return its path."""

    def build(pages: dict[str, tuple[str, str]], sites: str | None = None) -> Path:
        (tmp_path / "pages").mkdir(exist_ok=True)
        for stem, (page, tsv) in pages.items():
            (tmp_path / "pages" / f"{stem}.txt").write_text(page, encoding="utf-8")
            (tmp_path / f"{stem}.tsv").write_text(tsv, encoding="utf-8")
        if sites is not None:
            (tmp_path / "sites.tsv").write_text(sites, encoding="utf-8")
        return tmp_path

    return build
