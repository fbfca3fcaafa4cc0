"""The lesson's training loop: `python bench/lesson_loop.py [N]`, and the baseline of `make bench`.

Lab-02 as the lesson writes it (its data, W = b = 0, SGD with lr = 0.01, a line every 100
epochs), for N epochs (default 1000). As a script it is the whole-process baseline for
`python -m linreg` (both print the same lines); bench/core.py times it in-process, silent.
"""

import sys

import torch
import torch.optim as optim


def train(nb_epochs: int = 1000, log: bool = True) -> None:
    torch.manual_seed(1)

    x_train = torch.FloatTensor([[1], [2], [3]])
    y_train = torch.FloatTensor([[2], [4], [6]])
    W = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = optim.SGD([W, b], lr=0.01)

    for epoch in range(nb_epochs + 1):
        hypothesis = x_train * W + b
        cost = torch.mean((hypothesis - y_train) ** 2)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if log and epoch % 100 == 0:
            print('Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'.format(
                epoch, nb_epochs, W.item(), b.item(), cost.item()
            ))


if __name__ == "__main__":
    train(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
