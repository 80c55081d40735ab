#!/usr/bin/python3
"""Executes one notebook headless through Jupyter (nbclient) with the tslab kernel.

Usage: run-notebook.py NOTEBOOK OUTPUT TIMEOUT_SECONDS
Writes the executed notebook to OUTPUT (also when a cell fails) and prints one JSON line:
{"status": "ok"|"error", "seconds": s, "cell": index or null, "error": text or null}.
tslab aborts every later cell after an error, so the first failing cell is the one reported.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def first_error(nb):
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                text = "\n".join(output.get("traceback", [])) or f"{output.get('ename')}: {output.get('evalue')}"
                return index, text
    return None, None


def main():
    source, target, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
    nb = nbformat.read(source, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    client.on_cell_start = on_cell_start
    start = time.time()
    status, cell, error = "ok", None, None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        status = "error"
        cell, error = first_error(nb)
        if error is None:  # tslab reports errors on stderr, not as error outputs
            cell = current["index"]
            outputs = nb.cells[cell].get("outputs", []) if cell is not None else []
            error = "".join("".join(o.get("text", "")) for o in outputs if o.get("name") == "stderr") or str(exc)
    except Exception as exc:  # kernel could not start, etc.
        status, error = "error", f"{type(exc).__name__}: {exc}"
    if status == "ok":
        cell, error = first_error(nb)
        if error is not None:
            status = "error"
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    nbformat.write(nb, target)
    print(json.dumps({"status": status, "seconds": round(time.time() - start, 2), "cell": cell, "error": error}))


if __name__ == "__main__":
    main()
