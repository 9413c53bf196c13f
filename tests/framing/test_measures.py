"""The evaluation measures of framing/evaluate.py on hand-made cases."""

from __future__ import annotations

import pytest

from newstrace.framing.evaluate import _span_f1, macro_f1, span_overlap


def test_span_overlap_credits_the_covered_share_of_the_same_technique() -> None:
    gold = [("Loaded", 10, 20), ("Doubt", 0, 40)]
    pred = [("Loaded", 0, 20), ("Doubt", 100, 110)]
    p_sum, n_pred, r_sum, n_gold = span_overlap(pred, gold)
    assert (n_pred, n_gold) == (2, 2)
    assert p_sum == pytest.approx(0.5)  # half of the Loaded span is gold, none of the Doubt one
    assert r_sum == pytest.approx(1.0)  # all of the gold Loaded span, none of gold Doubt
    assert _span_f1([(p_sum, n_pred, r_sum, n_gold)]) == pytest.approx(2 * 0.25 * 0.5 / 0.75)
    assert _span_f1([span_overlap([], gold)]) == 0.0


def test_macro_f1_weighs_each_class_alike() -> None:
    gold = ["opinion"] * 8 + ["satire", "reporting"]
    pred = ["opinion"] * 8 + ["opinion", "reporting"]
    f = macro_f1(gold, pred, ["opinion", "reporting", "satire"])
    assert f == pytest.approx((2 * 8 / 17 + 1.0 + 0.0) / 3)
