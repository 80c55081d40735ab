#!/usr/bin/python3
"""Executes one notebook headless through Jupyter (nbclient) with the tslab kernel.

Usage: run-notebook.py NOTEBOOK OUTPUT TIMEOUT_SECONDS
Writes the executed notebook to OUTPUT (also when a cell fails) and prints one JSON line:
{"status": "ok"|"error", "seconds": s, "cell": index or null, "error": text or null}.
tslab aborts every later cell after an error, so the first failing cell is the one reported.
With TL_CELL_PROGRESS=1 it shows on stderr which cell runs and for how long: on a terminal one line redrawn every
second; otherwise a line when a cell starts, every 30 s while it runs, and when it ends.
"""
import json
import os
import sys
import tempfile
import threading
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


class CellProgress:
    """Which cell runs and for how long, on stderr (see the module docstring)."""

    def __init__(self, name, cells):
        self.name, self.cells = name, cells
        self.code = [i for i, c in enumerate(cells) if c.cell_type == "code" and c.source.strip()]
        self.index, self.start, self.said, self.lock = None, 0.0, 0.0, threading.Lock()
        self.tty = sys.stderr.isatty()
        self.stop = threading.Event()
        threading.Thread(target=self.tick, daemon=True).start()

    def label(self, index):
        first = next((l.strip() for l in self.cells[index].source.split("\n") if l.strip() and not l.strip().startswith("//")), "")
        position = self.code.index(index) + 1 if index in self.code else 0
        return f"{self.name}: cell {index} ({position}/{len(self.code)} code) {first[:60]}"

    def write(self, text, final):
        if self.tty:
            sys.stderr.write("\r" + text[:150] + "\x1b[K" + ("\n" if final else ""))
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def started(self, cell_index, **_):
        with self.lock:
            self.index, self.start, self.said = cell_index, time.time(), time.time()
            self.write(f"  {self.label(cell_index)} …", False)

    def finished(self, cell_index, **_):
        with self.lock:
            self.write(f"  {self.label(cell_index)}  {time.time() - self.start:.1f} s", self.tty)
            self.index = None

    def tick(self):
        while not self.stop.wait(1.0):
            with self.lock:
                if self.index is None:
                    continue
                elapsed = time.time() - self.start
                if self.tty:
                    self.write(f"  {self.label(self.index)}  running {elapsed:.0f} s", False)
                elif time.time() - self.said >= 30:
                    self.said = time.time()
                    self.write(f"  {self.label(self.index)}  still running after {elapsed:.0f} s", False)


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
    if os.environ.get("TL_CELL_PROGRESS") == "1":
        progress = CellProgress(os.environ.get("TL_NOTEBOOK") or os.path.basename(source), nb.cells)
        client.on_cell_execute = progress.started
        client.on_cell_executed = progress.finished
    start = time.time()
    status, cell, error = "ok", None, None
    # The kernel's own stderr (e.g. its shutdown noise) is kept aside and shown only when the kernel itself failed.
    kernel_log = tempfile.TemporaryFile()

    def kernel_stderr():
        kernel_log.seek(0)
        text = kernel_log.read().decode("utf8", "replace").strip()
        return f"\nkernel stderr:\n{text[-3000:]}" if text else ""

    try:
        client.execute(stderr=kernel_log)
    except DeadKernelError as exc:
        status, cell = "error", current["index"]
        error = f"DeadKernelError: the kernel died while running cell {cell}: {exc}{kernel_stderr()}"
    except (CellExecutionError, CellTimeoutError) as exc:
        status = "error"
        cell, error = first_error(nb)
        if error is None:  # tslab reports errors on stderr, not as error outputs
            cell = current["index"]
            outputs = nb.cells[cell].get("outputs", []) if cell is not None else []
            error = "".join("".join(o.get("text", "")) for o in outputs if o.get("name") == "stderr") or str(exc)
    except Exception as exc:  # kernel could not start, etc.
        status, error = "error", f"{type(exc).__name__}: {exc}{kernel_stderr()}"
    if status == "ok":
        cell, error = first_error(nb)
        if error is not None:
            status = "error"
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    nbformat.write(nb, target)
    print(json.dumps({"status": status, "seconds": round(time.time() - start, 2), "cell": cell, "error": error}))


if __name__ == "__main__":
    main()
