#!/usr/bin/python3
"""Checks notebooks.

  check_outputs.py SOURCE EXECUTED        an executed notebook: no cell ended in an error, every cell tagged "plot"
                                          in the source shows its figure as an image/png output
  check_outputs.py --committed NB...      the committed notebooks: each carries the outputs of a run (a plot where
                                          a cell is tagged "plot"), no error, and says at which size it ran
  check_outputs.py --save EXECUTED NB SIZE  writes the executed notebook's outputs over NB, noting the size"""
import json
import os
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


def committed(paths):
    bad = 0
    for path in paths:
        nb = json.load(open(path, encoding="utf-8"))
        problems = []
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        outputs = [o for c in cells for o in c.get("outputs", [])]
        if not outputs:
            problems.append("committed without outputs (run ./course notebooks --execute --save)")
        for i, c in enumerate(cells, start=1):
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    problems.append("code cell %d holds an error: %s: %s" % (i, o.get("ename"), o.get("evalue")))
            if "plot" in c.get("metadata", {}).get("tags", []) and \
                    not any("image/png" in o.get("data", {}) for o in c.get("outputs", [])):
                problems.append("code cell %d is tagged plot but carries no figure" % i)
        if "tlnlp" not in nb.get("metadata", {}):
            problems.append("does not say at which size its outputs were made (metadata.tlnlp.size)")
        for p in problems:
            print("%s: %s" % (path, p), file=sys.stderr)
        print("%s: %s" % (path, "ok (outputs of a %s run)" % nb["metadata"]["tlnlp"]["size"]
                          if not problems else "%d problems" % len(problems)))
        bad += bool(problems)
    return 1 if bad else 0


def save(executed_path, target_path, size):
    nb = json.load(open(executed_path, encoding="utf-8"))
    nb.setdefault("metadata", {})["tlnlp"] = {"size": size}
    # Written beside the target, then moved over it: an interrupted save leaves the old notebook whole.
    temporary = target_path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(temporary, target_path)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--committed":
        sys.exit(committed(sys.argv[2:]))
    if sys.argv[1] == "--save":
        sys.exit(save(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(main(sys.argv[1], sys.argv[2]))
