"""Entity roles from the most similar training mentions (framing/neighbours.py): which
training mentions a query reads, how similarity weighs them, the files round trip, and the
shipped component against the label sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.framing import labels
from newstrace.framing.model import load_models
from newstrace.framing.neighbours import RoleNeighbours
from newstrace.framing.roles import mention_vectors, mention_views

MAINS = ["Protagonist", "Antagonist", "Innocent"]
FINES = ["Guardian", "Instigator", "Victim"]

# two antagonists near the x axis, a victim on the y axis, a guardian between them
VECTORS = np.array([[1.0, 0.0], [0.99, 0.1], [0.0, 1.0], [0.7, 0.7]], np.float32)
MAIN = np.array([1, 1, 2, 0])
FINE = np.array([[0, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])


def _near(**settings: float) -> RoleNeighbours:
    return RoleNeighbours.build(VECTORS * 3, MAIN, FINE, MAINS, FINES, settings)  # any scale


def test_the_nearest_mentions_roles_weighted_by_similarity() -> None:
    near = _near(k=2, sharpness=10.0)
    pm, pf = near.probs(np.array([[2.0, 0.05], [0.0, 5.0]], np.float32))
    # the first query reads the two antagonists, the second the victim and the guardian
    assert pm[0].tolist() == pytest.approx([0.0, 1.0, 0.0])
    assert pf[0].tolist() == pytest.approx([0.0, 1.0, 0.0])
    assert pm[1].argmax() == 2 and pf[1].argmax() == 2
    assert 0.9 < pm[1, 2] < 1.0 and pm[1, 2] + pm[1, 0] == pytest.approx(1.0)
    # with no sharpness every neighbour counts the same
    flat = _near(k=2, sharpness=0.0)
    assert flat.probs(np.array([[0.0, 5.0]], np.float32))[0][0].tolist() == pytest.approx([0.5, 0.0, 0.5])


def test_k_larger_than_the_training_set_reads_all_of_it() -> None:
    pm, pf = _near(k=50, sharpness=0.0).probs(np.array([[1.0, 1.0]], np.float32))
    assert pm[0].tolist() == pytest.approx([0.25, 0.5, 0.25])
    assert pf[0].tolist() == pytest.approx([0.25, 0.5, 0.25])


def test_files_round_trip_without_pickles(tmp_path: Path) -> None:
    near = _near(k=3)
    written = near.save(tmp_path, "role_neighbours")
    assert sorted(p.name for p in written) == ["role_neighbours.json", "role_neighbours.npz"]
    back = RoleNeighbours.load(tmp_path, "role_neighbours")
    query = np.array([[0.3, 0.8], [1.0, 0.2]], np.float32)
    for a, b in zip(near.probs(query), back.probs(query), strict=True):
        assert np.allclose(a, b)
    assert back.settings["k"] == 3 and back.fine_labels == FINES


def test_building_needs_training_mentions() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RoleNeighbours.build(np.zeros((0, 2), np.float32), np.zeros(0), np.zeros((0, 3)), MAINS, FINES)


def test_shipped_neighbours_read_real_mentions() -> None:
    near = load_models().neighbours  # hash-checked against framing.json
    assert near is not None
    assert near.main_labels == list(labels.roles()) and near.fine_labels == list(labels.fine_roles())
    assert len(near.main) == len(near.fine) == len(near.vectors) > 300
    # every training mention carries at least one fine role of its own main role
    of = labels.main_role_of()
    for m, row in zip(near.main, near.fine, strict=True):
        assert row.any() and all(of[near.fine_labels[j]] == near.main_labels[m] for j in np.flatnonzero(row))
    text = ("Russian forces shelled the city overnight, killing twelve civilians. Ukrainian rescuers "
            "pulled survivors from the rubble as the Kremlin denied targeting homes.")
    views = [mention_views(text, text.index(w), text.index(w) + len(w)) for w in ("civilians", "Kremlin")]
    pm, pf = near.probs(mention_vectors(views))
    assert pm.sum(axis=1).tolist() == pytest.approx([1.0, 1.0], abs=1e-3)
    assert ((pf >= 0) & (pf <= 1 + 1e-6)).all()
    # the killed civilians read more like the training set's innocents than the Kremlin does
    innocent = near.main_labels.index("Innocent")
    assert pm[0, innocent] > pm[1, innocent]


def test_scores_do_not_depend_on_blas_threads_or_batch_size() -> None:
    """The shipped neighbours give bit-identical probabilities whatever BLAS's thread count
    (a Dask worker runs one) and however many mentions come in one call: otherwise the
    same article exports other role scores under --engine dask or after a rerun."""
    from threadpoolctl import threadpool_limits

    near = load_models().neighbours
    assert near is not None
    rng = np.random.default_rng(7)
    queries = rng.standard_normal((40, near.vectors.shape[1])).astype(np.float32)
    main_all, fine_all = near.probs(queries)
    with threadpool_limits(1):
        main_one, fine_one = near.probs(queries)
    main_few, fine_few = near.probs(queries[:3])
    assert np.array_equal(main_all, main_one) and np.array_equal(fine_all, fine_one)
    assert np.array_equal(main_all[:3], main_few) and np.array_equal(fine_all[:3], fine_few)
