"""The lesson's model in torch: hypothesis H(x) = Wx + b and its cost (MSE); autograd gives
the gradient. The same cost from the data's statistics, and its gradient, are in quadratic.py."""

from __future__ import annotations

import torch
from torch import nn


def hypothesis(x, W, b):
    """H(x) = Wx + b, written as the lesson writes it."""
    return x * W + b


def cost(prediction, y):
    """Cost(W, b) = mean((H(x) - y)^2)."""
    return torch.mean((prediction - y) ** 2)


class LinearRegressionModel(nn.Module):
    """The lesson's advanced form: nn.Linear(1, 1) holds W (weight) and b (bias)."""

    def __init__(self, W: float = 0.0, b: float = 0.0):
        super().__init__()
        self.linear = nn.Linear(1, 1)
        with torch.no_grad():
            self.linear.weight.fill_(W)
            self.linear.bias.fill_(b)

    def forward(self, x):
        return self.linear(x)

    @property
    def W(self) -> torch.Tensor:
        return self.linear.weight.view(1)

    @property
    def b(self) -> torch.Tensor:
        return self.linear.bias.view(1)
