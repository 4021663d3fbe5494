"""Linear time: checking and rendering the worst bodies a sheet may hold grows with
their size, not with its square (30 KB of `[` used to cost 100 s of build)."""

from __future__ import annotations

import pytest
from bench_corps import PATHOLOGICAL, measure

# The inputs that were quadratic somewhere (the old checker's regexes, Python-Markdown)
# or are the slowest now, each a different rule of the parser.
WORST = ["crochets ![[", "crochets et lignes", "liens imbriqués", "emphase profonde", "emphases mêlées *_",
         "accents graves variés", "tableau long", "accolades {:"]


@pytest.mark.slow
@pytest.mark.parametrize("name", WORST)
def test_pathological_body_costs_linear_time(name):
    make = PATHOLOGICAL[name]
    small = sum(measure(make(6_250)))
    large = sum(measure(make(50_000)))
    # Eight times the size: about 8 times the time when linear, 64 when quadratic.
    assert large < max(small, 0.05) * 24, (name, small, large)


@pytest.mark.slow
def test_worst_body_at_the_size_limit_has_a_ceiling():
    """The slowest input at 200 KB (the size limit of a sheet), checked and rendered,
    on CPU time: generous enough for a loaded machine, far below a quadratic stall."""
    checked, rendered = measure(PATHOLOGICAL["crochets ![["](200_000))
    assert checked + rendered < 60, (checked, rendered)
