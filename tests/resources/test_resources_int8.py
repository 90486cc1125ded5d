"""Int8Linear on small hand-made layers: close to the float layer, and each row independent of the batch."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from sitrep.resources.int8 import Int8Linear, quantize_linears  # noqa: E402


def _linear(inputs: int, outputs: int, *, seed: int = 0) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(inputs, outputs)


def test_int8_linear_is_close_to_the_float_layer() -> None:
    linear = _linear(64, 32)
    x = torch.randn(10, 64)
    exact = linear(x).detach()
    approx = Int8Linear(linear)(x)
    assert torch.nn.functional.cosine_similarity(exact, approx, dim=1).min() > 0.999
    assert (exact - approx).abs().max() < 0.05 * exact.abs().max()


def test_a_row_gets_the_same_output_alone_and_in_any_batch() -> None:
    layer = Int8Linear(_linear(48, 24, seed=1))
    rows = torch.randn(7, 48)
    rows[3] *= 1000  # a neighbour with a huge range would change a per-tensor scale
    together = layer(rows)
    for i in range(len(rows)):
        assert torch.equal(layer(rows[i : i + 1]), together[i : i + 1])


def test_leading_dimensions_are_kept() -> None:
    layer = Int8Linear(_linear(16, 8, seed=2))
    assert layer(torch.randn(2, 5, 16)).shape == (2, 5, 8)


def test_a_layer_without_bias() -> None:
    linear = torch.nn.Linear(16, 4, bias=False)
    x = torch.randn(3, 16)
    assert torch.allclose(Int8Linear(linear)(x), linear(x).detach(), atol=0.05)


def test_quantize_linears_replaces_nested_layers_only() -> None:
    model = torch.nn.Sequential(
        torch.nn.Linear(8, 8), torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(8, 2))
    )
    quantize_linears(model)
    assert isinstance(model[0], Int8Linear)
    assert isinstance(model[1][0], torch.nn.ReLU)
    assert isinstance(model[1][1], Int8Linear)
    assert model(torch.randn(4, 8)).shape == (4, 2)
