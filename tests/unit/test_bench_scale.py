"""``make bench-scale`` names its figures by the scale, as issue 18 asks (``<query>_1m_p50_ms``)."""

from __future__ import annotations

from bench.scale import scale_label


def test_the_scale_in_a_key_reads_as_people_say_it():
    assert scale_label(1_000_000) == "1m"
    assert scale_label(300_000) == "300k"
    assert scale_label(2_000_000) == "2m"
    assert scale_label(1234) == "1234"
