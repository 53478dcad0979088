"""otter's point rules and how a submitted notebook is matched to its assignment."""

from types import SimpleNamespace

import pytest

from coursekit.grader.autograders import identify, resolve_points


def cases(*points):
    return [SimpleNamespace(points=p) for p in points]


@pytest.mark.parametrize("total, points, expected", [
    (None, (None, None), [0.5, 0.5]),          # nothing given: 1 point shared
    (None, (2, 3), [2, 3]),
    (6, (2, None, None), [2, 2, 2]),           # the rest of the total shared by the unspecified
    ([1, 4], (None, None), [1, 4]),            # a list gives each case its points
])
def test_resolve_points_follows_otter(total, points, expected):
    assert resolve_points(total, cases(*points)) == expected


def test_resolve_points_refuses_what_otter_refuses():
    with pytest.raises(ValueError):
        resolve_points(3, cases(2, 2))
    with pytest.raises(ValueError):
        resolve_points([1], cases(None, None))


AUTOGRADERS = {"01_loss_gradient": SimpleNamespace(graded_names={"mse_loss", "mse_gradient"}),
               "02_relu_backward": SimpleNamespace(graded_names={"relu", "relu_gradient"})}


@pytest.mark.parametrize("metadata, label, defined, expected", [
    ({"otter": {"assignment_name": "02_relu_backward"}}, "whatever.ipynb", set(), ("02_relu_backward", "notebook metadata")),
    ({}, "Copy of 01_loss_gradient (1).ipynb", set(), ("01_loss_gradient", "file name")),
    ({}, "homework.ipynb", {"relu", "x"}, ("02_relu_backward", "graded function names")),
    ({}, "homework.ipynb", {"numpy"}, (None, None)),
])
def test_identify(metadata, label, defined, expected):
    name, how = identify(AUTOGRADERS, metadata, label, defined)
    assert name == expected[0]
    if expected[1]:
        assert how == expected[1]
    else:
        assert how.startswith("unknown assignment")
