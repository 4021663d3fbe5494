"""« Cas proches »: for each case, the cases sharing its category, impact or territory."""

from __future__ import annotations

import bisect

from scripts.pages.grouping import Index


class Related:
    """Built once per build from its groupings."""

    def __init__(self, index: Index):
        self.index = index
        # What the affinity of two cases reads, built once per case: (categories, impacts, main
        # impact, department, region), None for a place the case has not.
        self.traits = {c["id"]: (frozenset(c["categories"]), frozenset((c["impact_principal"], *c.get("impacts", []))),
                                 c["impact_principal"], c.get("departement"), c.get("region"))
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
        ident, affinity, traits = case["id"], self._affinity_to(case), self.traits
        for bucket in buckets:
            position = self.places[id(bucket)].get(ident) if id(bucket) in self.places else None
            if position is None:  # not one of its own buckets (never with the buckets above)
                position = bisect.bisect_left(bucket, here, key=lambda c: rank[c["id"]])
            for other in bucket[max(0, position - window):position + window + 1]:
                if other["id"] != ident and other["id"] not in scores:
                    scores[other["id"]] = (affinity(traits[other["id"]]), other)
        ranked = sorted(scores.values(), key=lambda pair: (-pair[0], rank[pair[1]["id"]]))
        return [other for _, other in ranked[:limit]]

    def _affinity(self, case: dict, other: dict) -> int:
        return self._affinity_to(case)(self.traits[other["id"]])

    def _affinity_to(self, case: dict):
        """The affinity of `case` with another case, given that case's traits: shared categories
        count 2, shared impacts 1, the same main impact 3, the same department 3, else the same region 2."""
        categories, impacts, principal, departement, region = self.traits[case["id"]]

        def affinity(other: tuple) -> int:
            score = 2 * len(categories & other[0]) + len(impacts & other[1]) + 3 * (other[2] == principal)
            if departement is not None and departement == other[3]:
                return score + 3
            if region is not None and region == other[4]:
                return score + 2
            return score
        return affinity
