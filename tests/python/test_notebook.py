"""docs/notebooks/analysis.ipynb runs from top to bottom."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "analysis.ipynb"

# Some nbformat releases annotate read() and some do not; going through a typed name keeps
# mypy --strict quiet with either, without an ignore comment that would be "unused" on the other.
read_notebook: Callable[..., Any] = getattr(nbformat, "read")


def test_analysis_notebook_runs() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "applications whose verdict changed" in text
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "kisoku-decision" in html
