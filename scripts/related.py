"""« Cas proches »: for each case, the cases sharing its category, impact or territory."""

from __future__ import annotations

import bisect

from .grouping import Index


class Related:
    """Built once per build from its groupings."""

    def __init__(self, index: Index):
        self.index = index
        # (categories, impacts) of each case as sets, built once for « Cas proches ».
        self.traits = {c["id"]: (set(c["categories"]), {c["impact_principal"], *c.get("impacts", [])})
                       for c in index.cases}
        # Each case's place in each bucket it belongs to (buckets are in title order): found once.
        self.places: dict[int, dict[str, int]] = {}
        for groups in (index.by_category, index.by_impact_principal, index.by_departement, index.by_region):
            for bucket in groups.values():
                self.places[id(bucket)] = {c["id"]: i for i, c in enumerate(bucket)}

    def of(self, case: dict, limit: int = 5, window: int = 8) -> list[dict]:
        """« Cas proches »: cases sharing category, impact or territory, best matches first.

        Candidates are the neighbours of the case in each of its buckets (a window
        around its place in title order), so the work per case stays constant
        however large the base grows, and each case gets its own neighbours.
        """
        index = self.index
        buckets = [index.by_category[c] for c in case["categories"]]
        buckets.append(index.by_impact_principal[case["impact_principal"]])
        if "departement" in case:
            buckets.append(index.by_departement[case["departement"]])
            buckets.append(index.by_region[case["region"]])
        rank = self.index.rank
        here = rank[case["id"]]
        scores: dict[str, tuple[int, dict]] = {}
        for bucket in buckets:
            position = self.places[id(bucket)].get(case["id"]) if id(bucket) in self.places else None
            if position is None:  # not one of its own buckets (never with the buckets above)
                position = bisect.bisect_left(bucket, here, key=lambda c: rank[c["id"]])
            for other in bucket[max(0, position - window):position + window + 1]:
                if other["id"] != case["id"] and other["id"] not in scores:
                    scores[other["id"]] = (self._affinity(case, other), other)
        ranked = sorted(scores.values(), key=lambda pair: (-pair[0], rank[pair[1]["id"]]))
        return [other for _, other in ranked[:limit]]

    def _affinity(self, case: dict, other: dict) -> int:
        mine, theirs = self.traits[case["id"]], self.traits[other["id"]]
        score = 2 * len(mine[0] & theirs[0]) + len(mine[1] & theirs[1])
        score += 3 * (other["impact_principal"] == case["impact_principal"])
        if "departement" in case and case.get("departement") == other.get("departement"):
            score += 3
        elif "region" in case and case.get("region") == other.get("region"):
            score += 2
        return score
