#!/usr/bin/python3
"""Golden values for lesson 07 and the library's GLUE package (org.tlnlp.glue), computed by scikit-learn, SciPy
and Python's csv module: the independent side the Java tests compare with.

  golden DIR      write DIR/*.json (the course keeps them in testdata/glue/); nothing here is needed to build
                  the course or to pass its tests

What each file holds:

  metrics.json      GLUE-shaped cases for Matthews correlation, F1, Pearson and Spearman (a CoLA-sized dev set,
                    a majority-class baseline, confusion counts whose products overflow 32-bit integers, STS-B
                    scores in steps of 0.2 with many ties, constant predictions); the general cases stay in
                    testdata/analysis/metrics.json (tools/reference/analysis_sklearn.py)
  tsv.json          GLUE-style TSV texts and the rows Python's csv module reads from them the way Hugging Face's
                    GLUE processors do (delimiter tab, quotechar None: quotes are plain text), with the asked
                    columns picked by header name and rows with fewer fields than the header skipped; also how
                    many rows a quoting reader (csv's default) would see, to show why quoting must be off
  scores.json       a made-up dev set for each of the nine GLUE tasks (labels as the files write them), each
                    task's official metrics by scikit-learn / SciPy, the task scores (the mean of a task's
                    metrics; MNLI: of matched and mismatched accuracy) and their unweighted mean, the GLUE score
  leaderboard.json  published GLUE test-server rows (percent) and their published score; the script checks that
                    the rule above reproduces each published score to the rounding of the table

Run with the system's Python (/usr/bin/python3) and Debian's python3-sklearn, python3-scipy and python3-numpy.
JSON has no NaN: an undefined correlation (NaN in SciPy) is written as null.
"""
import csv
import io
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
            "python": sys.version.split()[0]}


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def write(out, name, payload):
    payload = {"generator": "tools/reference/glue_reference.py golden", "versions": versions(), **payload}
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def pearson(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return num(scipy.stats.pearsonr(x, y)[0])


def spearman(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return num(scipy.stats.spearmanr(x, y)[0])


# ---------------------------------------------------------------------------------------------------------------
# metrics.json

def label_cases():
    rng = np.random.default_rng(7)
    cases = []

    def add(name, gold, pred):
        gold = [int(v) for v in gold]
        pred = [int(v) for v in pred]
        c = {"name": name, "gold": gold, "predicted": pred, "accuracy": accuracy_score(gold, pred),
             "mcc": matthews_corrcoef(gold, pred)}
        if set(gold) | set(pred) <= {0, 1}:
            c["f1"] = f1_score(gold, pred, pos_label=1, average="binary", zero_division=0)
        cases.append(c)

    # CoLA's dev set has 1,043 sentences, 69% of them acceptable (label 1).
    g = (rng.random(1043) < 0.69).astype(int)
    add("CoLA-sized dev set, a fair classifier", g, np.where(rng.random(1043) < 0.8, g, 1 - g))
    add("CoLA-sized dev set, majority class (all acceptable)", g, np.ones_like(g))
    add("CoLA-sized dev set, all unacceptable", g, np.zeros_like(g))
    add("gold all one class, predictions mixed", [1] * 6, [1, 0, 1, 1, 0, 1])
    add("gold and predictions the same single class", [1, 1, 1, 1], [1, 1, 1, 1])
    add("no positive item anywhere (F1 is 0/0, taken as 0)", [0, 0, 0], [0, 0, 0])
    add("every item wrong", [0, 1, 1, 0, 1], [1, 0, 0, 1, 0])
    add("by hand: tp 3, tn 2, fp 1, fn 2", [1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 0, 0, 0, 0, 1])
    # MNLI-like: three classes (the multi-class MCC, Gorodkin's R_K, as GLUE scores its diagnostic set).
    g = rng.integers(0, 3, 600)
    add("three classes (MNLI labels)", g, np.where(rng.random(600) < 0.7, g, rng.integers(0, 3, 600)))
    add("three classes, one predicted for all", g, np.full_like(g, 2))
    return cases


def confusion_cases():
    """Binary cases given as counts: their products overflow 32-bit integers, the arrays are expanded in Java."""
    out = []
    for name, tn, fp, fn, tp in [("100,000 items", 40000, 9000, 11000, 40000),
                                 ("300,000 items, imbalanced", 250000, 5000, 20000, 25000)]:
        gold = np.array([0] * (tn + fp) + [1] * (fn + tp))
        pred = np.array([0] * tn + [1] * fp + [0] * fn + [1] * tp)
        out.append({"name": name, "tn": tn, "fp": fp, "fn": fn, "tp": tp,
                    "mcc": matthews_corrcoef(gold, pred), "accuracy": accuracy_score(gold, pred),
                    "f1": f1_score(gold, pred, zero_division=0)})
    return out


def value_cases():
    rng = np.random.default_rng(8)
    cases = []

    def add(name, x, y):
        x = [float(v) for v in x]
        y = [float(v) for v in y]
        cases.append({"name": name, "gold": x, "predicted": y, "pearson": pearson(x, y), "spearman": spearman(x, y)})

    # STS-B's gold scores are means of annotators' 0-5 ratings: many ties.
    gold = np.round(rng.integers(0, 26, 1500) * 0.2, 1)
    add("STS-B-sized, gold in steps of 0.2, predictions to one decimal", gold,
        np.round(np.clip(gold + rng.normal(0, 0.9, 1500), 0, 5), 1))
    add("predictions rounded to whole points", gold, np.round(np.clip(gold + rng.normal(0, 0.9, 1500), 0, 5)))
    add("ties in the gold scores only", [0, 0, 1.2, 1.2, 1.2, 3.4, 5, 5], [0.1, 0.5, 0.2, 1.9, 1.4, 2.2, 4.7, 4.1])
    add("monotone but not linear", [0, 1, 2, 3, 4, 5], [0.0, 0.01, 0.1, 0.5, 2.0, 5.0])
    add("decreasing", [0.5, 1.5, 2.5, 3.5, 4.5], [4, 3.5, 3.6, 1, 0])
    add("two items", [1.0, 4.0], [2.5, 2.0])
    add("constant predictions (undefined)", [0.4, 2.2, 3.8, 5.0], [2.5, 2.5, 2.5, 2.5])
    add("all ties but one", [2, 2, 2, 2, 4], [1, 3, 2, 5, 4])
    x = np.round(rng.normal(size=300) * 0.01 + 1e6, 4)
    add("values near a million that differ in the second decimal", x, np.round(x + rng.normal(size=300) * 0.01, 4))
    return cases


# ---------------------------------------------------------------------------------------------------------------
# tsv.json

def read_like_huggingface(text, columns):
    """Rows as Hugging Face's GLUE processors read a file (csv, delimiter tab, quotechar None, BOM stripped),
    the header naming the columns; rows with fewer fields than the header are skipped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar=None))
    header, body = lines[0], lines[1:]
    idx = [header.index(c) for c in columns]
    rows, skipped = [], 0
    for r in body:
        if len(r) < len(header):
            skipped += 1 if r else 0  # a blank line is no row at all
            continue
        rows.append([r[i] for i in idx])
    return rows, skipped


def quoted_row_count(text):
    """How many records csv's default dialect (quotechar '"') reads: quoting merges lines."""
    return len(list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter="\t"))) - 1


def tsv_cases():
    mnli_header = ["index", "promptID", "pairID", "genre", "sentence1_binary_parse", "sentence2_binary_parse",
                   "sentence1_parse", "sentence2_parse", "sentence1", "sentence2"]
    cases = []

    def add(name, text, columns):
        rows, skipped = read_like_huggingface(text, columns)
        cases.append({"name": name, "text": text, "columns": columns, "rows": rows, "skipped": skipped,
                      "rows_if_quotes_were_honoured": quoted_row_count(text)})

    add("SST-2: a sentence that opens a quote it never closes", "sentence\tlabel\n"
        "hide new secretions from the parental units \t0\n"
        "\" a gorgeous , witty , seductive movie . \t1\n"
        "the title is \" the \" \" big \" \" one \" \t1\n"
        "contains no wit , only labored gags \t0\n", ["sentence", "label"])
    dev = "\t".join(mnli_header + ["label1", "label2", "label3", "label4", "label5", "gold_label"]) + "\n"
    dev += "\t".join(["0", "63735", "63735n", "slate", "( ( The ( new rights ) ) ...", "( Everyone ...", "(ROOT (S ...",
                      "(ROOT (S ...", "The new rights are nice enough", "Everyone really likes the newest benefits ",
                      "neutral", "entailment", "neutral", "neutral", "neutral", "neutral"]) + "\n"
    dev += "\t".join(["1", "91383", "91383c", "government", "( ( This ( site ...", "( ( The ( Government ...",
                      "(ROOT (S ...", "(ROOT (S ...", "He said \"no\", twice.", "\"A quote opens the field and is never closed",
                      "contradiction", "contradiction", "contradiction", "contradiction", "contradiction",
                      "contradiction"]) + "\n"
    dev += "\t".join(["2", "755", "755e", "telephone", "( uh ...", "( ( I ...", "(ROOT ...", "(ROOT ...",
                      "uh i don't know i i have mixed emotions", "I like him for the most part", "entailment",
                      "neutral", "entailment", "entailment", "entailment", "entailment"]) + "\n"
    add("MNLI dev_matched: five annotator labels, then gold_label", dev, ["sentence1", "sentence2", "gold_label"])
    test = "\t".join(mnli_header) + "\n"
    test += "\t".join(["0", "31493", "31493", "travel", "( ( Hierbas ...", "( ( Hierbas ...", "(ROOT ...", "(ROOT ...",
                       "Hierbas, ans seco, ans dulce, and frigola are just a few names worth keeping a look-out for.",
                       "Hierbas is a name worth looking out for."]) + "\n"
    add("MNLI test_matched: no label columns at all", test, ["index", "sentence1", "sentence2"])
    add("QQP: a row with a missing field is skipped, an empty field is kept",
        "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n"
        "201359\t303345\t303346\tWhy are African-Americans so beautiful?\tWhy are hispanics so beautiful?\t0\n"
        "263843\t69383\t380476\tI want to pursue PhD in Computer Science about social network,what is the open question?\n"
        "172974\t266948\t175089\tIs there a reason why we should travel alone?\t\t0\n"
        "15329\t29298\t29299\tWhat is the best \"unknown\" book?\tWhich \"unknown\" book is best?\t1\n",
        ["question1", "question2", "is_duplicate"])
    add("RTE: Windows line ends, no newline after the last row",
        "index\tsentence1\tsentence2\tlabel\r\n"
        "0\tDana Reeve, the widow of the actor Christopher Reeve, has died.\tChristopher Reeve had an accident.\tnot_entailment\r\n"
        "1\tYet, we now are discovering that antibiotics are losing their effectiveness.\tBacteria is winning.\tentailment",
        ["sentence1", "sentence2", "label"])
    add("WNLI: a byte-order mark before the header, and a blank line",
        "\ufeffindex\tsentence1\tsentence2\tlabel\n"
        "0\tI stuck a pin through a carrot. When I pulled the pin out, it had a hole.\tThe carrot had a hole.\t1\n"
        "\n"
        "1\tJohn couldn't see the stage with Billy in front of him because he is so short.\tJohn is so short.\t1\n",
        ["sentence1", "sentence2", "label"])
    return cases


# ---------------------------------------------------------------------------------------------------------------
# scores.json

TASKS = [  # name, labels (None: regression), metrics, dev sets
    ("CoLA", ["0", "1"], ["mcc"], ["dev"]),
    ("SST-2", ["0", "1"], ["accuracy"], ["dev"]),
    ("MRPC", ["0", "1"], ["f1", "accuracy"], ["dev"]),
    ("STS-B", None, ["pearson", "spearman"], ["dev"]),
    ("QQP", ["0", "1"], ["f1", "accuracy"], ["dev"]),
    ("MNLI", ["contradiction", "entailment", "neutral"], ["accuracy"], ["dev_matched", "dev_mismatched"]),
    ("QNLI", ["entailment", "not_entailment"], ["accuracy"], ["dev"]),
    ("RTE", ["entailment", "not_entailment"], ["accuracy"], ["dev"]),
    ("WNLI", ["0", "1"], ["accuracy"], ["dev"]),
]


def score(metric, gold, pred, labels):
    if metric == "pearson":
        return pearson(gold, pred)
    if metric == "spearman":
        return spearman(gold, pred)
    g = [labels.index(v) for v in gold]
    p = [labels.index(v) for v in pred]
    if metric == "mcc":
        return matthews_corrcoef(g, p)
    if metric == "f1":
        return f1_score(g, p, pos_label=1, zero_division=0)  # GLUE's positive class is "1"
    return accuracy_score(g, p)


def score_cases():
    rng = np.random.default_rng(9)
    tasks = []
    for name, labels, metrics, sets in TASKS:
        entry = {"task": name, "labels": labels, "metrics": metrics, "sets": []}
        values = []
        for s in sets:
            n = int(rng.integers(30, 80))
            if labels is None:
                gold = np.round(rng.integers(0, 26, n) * 0.2, 1)
                pred = np.round(np.clip(gold + rng.normal(0, 1.0, n), 0, 5), 3)
                gold, pred = [float(v) for v in gold], [float(v) for v in pred]
            else:
                g = rng.integers(0, len(labels), n)
                p = np.where(rng.random(n) < 0.7, g, rng.integers(0, len(labels), n))
                gold, pred = [labels[i] for i in g], [labels[i] for i in p]
            got = {m: score(m, gold, pred, labels) for m in metrics}
            values += list(got.values())
            entry["sets"].append({"name": s, "gold": gold, "predicted": pred, "scores": got})
        entry["task_score"] = float(np.mean(values))
        tasks.append(entry)
    return {"tasks": tasks, "glue_score": float(np.mean([t["task_score"] for t in tasks]))}


# ---------------------------------------------------------------------------------------------------------------
# leaderboard.json

LEADERBOARD = {
    "source": "GLUE test-server results as tabulated in the README of PaddlePaddle/ERNIE (ERNIE 2.0, 'GLUE - 测试集结果'); "
              "the BERT rows agree with Devlin et al. (2019), Table 1",
    "columns": ["CoLA", "SST-2", "MRPC", "STS-B", "QQP", "MNLI-m", "MNLI-mm", "QNLI", "RTE", "WNLI", "AX"],
    "rows": [
        {"model": "BERT-base", "score": 78.3, "values": {
            "CoLA": [52.1], "SST-2": [93.5], "MRPC": [88.9, 84.8], "STS-B": [85.8, 87.1], "QQP": [71.2, 89.2],
            "MNLI-m": [84.6], "MNLI-mm": [83.4], "QNLI": [90.5], "RTE": [66.4], "WNLI": [65.1], "AX": [34.2]}},
        {"model": "BERT-large", "score": 80.5, "values": {
            "CoLA": [60.5], "SST-2": [94.9], "MRPC": [89.3, 85.4], "STS-B": [86.5, 87.6], "QQP": [72.1, 89.3],
            "MNLI-m": [86.7], "MNLI-mm": [85.9], "QNLI": [92.7], "RTE": [70.1], "WNLI": [65.1], "AX": [39.6]}},
        {"model": "ERNIE 2.0 base", "score": 80.6, "values": {
            "CoLA": [55.2], "SST-2": [95.0], "MRPC": [89.9, 86.1], "STS-B": [86.5, 87.6], "QQP": [73.2, 89.8],
            "MNLI-m": [86.1], "MNLI-mm": [85.5], "QNLI": [92.9], "RTE": [74.8], "WNLI": [65.1], "AX": [37.4]}},
        {"model": "ERNIE 2.0 large", "score": 83.6, "values": {
            "CoLA": [63.5], "SST-2": [95.6], "MRPC": [90.2, 87.4], "STS-B": [90.6, 91.2], "QQP": [73.8, 90.1],
            "MNLI-m": [88.7], "MNLI-mm": [88.8], "QNLI": [94.6], "RTE": [80.2], "WNLI": [67.8], "AX": [48.0]}},
    ],
}


def leaderboard():
    for row in LEADERBOARD["rows"]:
        v = row["values"]
        tasks = [np.mean(v[t]) for t in ["CoLA", "SST-2", "MRPC", "STS-B", "QQP", "QNLI", "RTE", "WNLI"]]
        tasks.append((v["MNLI-m"][0] + v["MNLI-mm"][0]) / 2)  # matched and mismatched: one task
        got = float(np.mean(tasks))  # nine tasks; AX (the diagnostic set) is not part of the score
        assert abs(got - row["score"]) < 0.05 + 1e-9, (row["model"], got)
        row["computed"] = got
    return LEADERBOARD


def golden(out):
    os.makedirs(out, exist_ok=True)
    write(out, "metrics.json", {"labels": label_cases(), "confusion": confusion_cases(), "values": value_cases()})
    write(out, "tsv.json", {"cases": tsv_cases()})
    write(out, "scores.json", score_cases())
    write(out, "leaderboard.json", leaderboard())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "golden":
        golden(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
