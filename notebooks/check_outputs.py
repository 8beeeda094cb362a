#!/usr/bin/python3
"""Checks an executed notebook: no cell ended in an error, and every cell tagged "plot" in the
source notebook shows its figure as an image/png output. Usage: check_outputs.py SOURCE EXECUTED"""
import json
import sys


def main(source_path, executed_path):
    source = json.load(open(source_path, encoding="utf-8"))
    executed = json.load(open(executed_path, encoding="utf-8"))
    problems = []
    code_cells = [c for c in executed["cells"] if c["cell_type"] == "code"]
    source_cells = [c for c in source["cells"] if c["cell_type"] == "code"]
    if len(code_cells) != len(source_cells):
        problems.append("the executed notebook has %d code cells, the source %d" % (len(code_cells), len(source_cells)))
    images = 0
    for i, (src, cell) in enumerate(zip(source_cells, code_cells), start=1):
        outputs = cell.get("outputs", [])
        for o in outputs:
            if o.get("output_type") == "error":
                problems.append("code cell %d raised %s: %s" % (i, o.get("ename"), o.get("evalue")))
        has_png = any("image/png" in o.get("data", {}) for o in outputs)
        images += has_png
        if "plot" in src.get("metadata", {}).get("tags", []) and not has_png:
            first = "".join(src["source"]).splitlines()[0] if src["source"] else ""
            problems.append("code cell %d (%s) should show a plot but has no image/png output" % (i, first))
    if images == 0:
        problems.append("no cell shows a plot")
    for p in problems:
        print("%s: %s" % (source_path, p), file=sys.stderr)
    print("%s: %d code cells, %d with a plot, %s" % (source_path, len(code_cells), images,
                                                     "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
