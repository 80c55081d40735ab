#!/usr/bin/python3
"""Writes a tslab notebook from a 'percent' script: cells start with '// %%' (code) or '// %% [markdown]'
(markdown; the cell's lines have their leading '// ' removed). Usage: percent-to-ipynb.py SCRIPT.ts OUT.ipynb
The .ipynb is the file under version control; this is only a convenient way to author one."""
import sys

import nbformat

src, out = sys.argv[1], sys.argv[2]
cells, kind, lines = [], None, []


def flush():
    if kind is None:
        return
    text = "\n".join(lines).strip("\n")
    if kind == "markdown":
        text = "\n".join(l[3:] if l.startswith("// ") else l[2:] if l.startswith("//") else l for l in text.split("\n"))
        cells.append(nbformat.v4.new_markdown_cell(text))
    elif text.strip():
        cells.append(nbformat.v4.new_code_cell(text))


for line in open(src, encoding="utf8").read().split("\n"):
    if line.startswith("// %%"):
        flush()
        kind, lines = ("markdown" if "[markdown]" in line else "code"), []
    else:
        lines.append(line)
flush()
nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "tslab", "display_name": "TypeScript", "language": "typescript"}
nb.metadata["language_info"] = {"name": "typescript", "file_extension": ".ts"}
nbformat.write(nb, out)
