"""A plain numpy reference for all posterior marginals: bucket elimination, one per target.

Reads one JSON object on stdin:
  {"cards": [...], "tables": [{"scope": [...], "values": [...]}, ...], "queries": [{"evidence": {"3": 1, ...}}, ...]}
(tables are conditional tables, child last; values row-major, last scope variable fastest)
and writes one JSON object on stdout:
  {"answers": [{"seconds": s, "logPEvidence": x, "marginals": {"v": [p, ...]}}, ...]}

Per query: every table is reduced by the evidence (numpy indexing); then for each unobserved
variable, the tables of its ancestral set and the evidence's (barren tables dropped) are
eliminated with min-fill buckets (numpy.einsum), rescaling each message to keep log P(e) finite.
This is the textbook algorithm written with numpy, without a junction tree or caching between
targets: the comparison the engine is measured against in the `evidence` benchmark suite.
"""
import json
import math
import sys
import time

import numpy as np

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def reduce_table(scope, values, cards, evidence):
    array = np.asarray(values, dtype=np.float64).reshape([cards[v] for v in scope]) if scope else np.asarray(values, dtype=np.float64).reshape(())
    index = tuple(evidence[v] if v in evidence else slice(None) for v in scope)
    kept = [v for v in scope if v not in evidence]
    return kept, array[index] if scope else array


def ancestral(tables, seeds):
    keep = set()
    stack = list(seeds)
    while stack:
        v = stack.pop()
        if v in keep:
            continue
        keep.add(v)
        stack.extend(tables[v]["scope"][:-1])
    return keep


def min_fill_order(factors, keep):
    """Greedy min-fill order of the variables of `factors` other than `keep` (adjacency sets)."""
    adjacent = {}
    for scope, _ in factors:
        for a in scope:
            adjacent.setdefault(a, set()).update(u for u in scope if u != a)
    remaining = set(adjacent) - {keep}
    order = []
    while remaining:
        def fill(v):
            around = adjacent[v]
            missing = sum(1 for a in around for b in around if a < b and b not in adjacent[a])
            return missing, len(around), v

        v = min(remaining, key=fill)
        around = adjacent.pop(v)
        for a in around:
            adjacent[a].discard(v)
            adjacent[a].update(u for u in around if u != a)
        remaining.discard(v)
        order.append(v)
    return order


def eliminate(factors, target, cards):
    """Sum out every variable but `target` in min-fill order; returns (log scale, unnormalised marginal)."""
    factors = list(factors)
    log_scale = 0.0
    for v in min_fill_order(factors, target):
        bucket = [f for f in factors if v in f[0]]
        factors = [f for f in factors if v not in f[0]]
        scope = sorted(set(u for s, _ in bucket for u in s))
        letter = {u: LETTERS[i] for i, u in enumerate(scope)}
        out = [u for u in scope if u != v]
        spec = ",".join("".join(letter[u] for u in s) for s, _ in bucket) + "->" + "".join(letter[u] for u in out)
        message = np.einsum(spec, *[a for _, a in bucket])
        peak = float(message.max()) if message.size else 0.0
        if not peak > 0:
            return -math.inf, None
        log_scale += math.log(peak)
        factors.append((out, message / peak))
    result = np.ones(cards[target])
    for scope, array in factors:
        if scope == [target]:
            result = result * array
        elif not scope:
            result = result * float(array)
    return log_scale, result


def answer(model, evidence):
    cards = model["cards"]
    tables = model["tables"]
    n = len(cards)
    reduced = [reduce_table(t["scope"], t["values"], cards, evidence) for t in tables]
    marginals = {}
    log_pe = None
    for target in range(n):
        if target in evidence:
            continue
        keep = ancestral(tables, [target, *evidence.keys()])
        factors = [(list(reduced[t][0]), reduced[t][1]) for t in sorted(keep)]
        log_scale, unnormalised = eliminate(factors, target, cards)
        if unnormalised is None or unnormalised.sum() == 0:
            return {"logPEvidence": -math.inf, "marginals": {}}
        total = float(unnormalised.sum())
        marginals[str(target)] = (unnormalised / total).tolist()
        if log_pe is None:
            log_pe = log_scale + math.log(total)
    return {"logPEvidence": log_pe if log_pe is not None else 0.0, "marginals": marginals}


def main():
    request = json.load(sys.stdin)
    answers = []
    for query in request["queries"]:
        evidence = {int(v): int(s) for v, s in query["evidence"].items()}
        start = time.perf_counter()
        result = answer(request, evidence)
        result["seconds"] = time.perf_counter() - start
        answers.append(result)
    json.dump({"answers": answers}, sys.stdout)


if __name__ == "__main__":
    main()
