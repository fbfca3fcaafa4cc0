"""The lesson's printed log (lab02-linear-regression), digit for digit: the contract; and
the lesson's loop run by torch itself, what the core's numbers are checked against."""

LESSON_LOG = """\
Epoch    0/1000 W: 0.187, b: 0.080 Cost: 18.666666
Epoch  100/1000 W: 1.746, b: 0.578 Cost: 0.048171
Epoch  200/1000 W: 1.800, b: 0.454 Cost: 0.029767
Epoch  300/1000 W: 1.843, b: 0.357 Cost: 0.018394
Epoch  400/1000 W: 1.876, b: 0.281 Cost: 0.011366
Epoch  500/1000 W: 1.903, b: 0.221 Cost: 0.007024
Epoch  600/1000 W: 1.924, b: 0.174 Cost: 0.004340
Epoch  700/1000 W: 1.940, b: 0.136 Cost: 0.002682
Epoch  800/1000 W: 1.953, b: 0.107 Cost: 0.001657
Epoch  900/1000 W: 1.963, b: 0.084 Cost: 0.001024
Epoch 1000/1000 W: 1.971, b: 0.066 Cost: 0.000633
""".splitlines()


LESSON_X, LESSON_Y = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]  # the lesson's training points


def lessons_loop(x=LESSON_X, y=LESSON_Y, lr=0.01, w0=0.0, b0=0.0, epochs=1000):
    """The lesson's loop with torch.optim.SGD itself: at each epoch 0..epochs, (W, b) after
    that many updates and the cost there."""
    import torch  # only the tests that train need it

    x_train = torch.tensor(x, dtype=torch.float32).reshape(-1, 1)
    y_train = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    W = torch.tensor([w0], dtype=torch.float32, requires_grad=True)
    b = torch.tensor([b0], dtype=torch.float32, requires_grad=True)
    optimizer = torch.optim.SGD([W, b], lr=lr)
    path = []
    for _ in range(epochs + 1):
        cost = torch.mean((x_train * W + b - y_train) ** 2)
        path.append((W.item(), b.item(), cost.item()))
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    return path
