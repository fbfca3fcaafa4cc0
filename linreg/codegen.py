"""The PyTorch code behind a run, written in the lesson's style, with the run's own data.

Running the script prints the log the page shows: the same float32 data, the same
optimizer, the same shuffle for mini-batches, the same divergence check.
"""

from __future__ import annotations

from . import quadratic
from .dataset import Dataset, shortest_decimal
from .optim import ADAM_BETAS, ADAM_EPS
from .settings import Settings
from .texts import script_words


def _column(values) -> str:
    return "[" + ", ".join(f"[{shortest_decimal(v)}]" for v in values) + "]"


def _optimizer(settings: Settings, params: str) -> str:
    if settings.optimizer == "sgd":
        return f"optim.SGD({params}, lr={settings.lr!r})"
    if settings.optimizer == "momentum":
        return f"optim.SGD({params}, lr={settings.lr!r}, momentum={settings.momentum!r})"
    return f"optim.Adam({params}, lr={settings.lr!r}, betas={ADAM_BETAS!r}, eps={ADAM_EPS!r})"


def _divergence_cost(settings: Settings, data: Dataset) -> float:
    """The page's divergence cost for this run (linreg.quadratic.divergence_cost)."""
    stats = data.train_stats
    return quadratic.divergence_cost(stats, quadratic.cost(stats, settings.w0, settings.b0))


def lesson_code(settings: Settings, data: Dataset, form: str = "tensor",
                lang: str = "en") -> str:
    """A self-contained script; `form` is "tensor" (W and b) or "module" (nn.Linear);
    `lang` ("en" or "ko") is the language of its comments and messages."""
    x = data.x[~data.is_test]
    y = data.y[~data.is_test]
    s = settings
    w = script_words(lang)  # comments in the page's language; the code is the same in both
    lines = [
        f"# {w['title']}",
        f"# {w['run']}",
        "import torch",
        "import torch.optim as optim",
    ]
    if form == "module":
        lines += ["import torch.nn as nn"]
    lines += [
        "",
        "torch.manual_seed(1)",
        "",
        f"# {w['data']}",
        f"x_train = torch.FloatTensor({_column(x)})",
        f"y_train = torch.FloatTensor({_column(y)})",
        "",
    ]
    if form == "module":
        lines += [
            "",
            "class LinearRegressionModel(nn.Module):",
            "    def __init__(self):",
            "        super().__init__()",
            "        self.linear = nn.Linear(1, 1)",
            "",
            "    def forward(self, x):",
            "        return self.linear(x)",
            "",
            "",
            "model = LinearRegressionModel()",
            "with torch.no_grad():",
            f"    model.linear.weight.fill_({s.w0!r})  # {w['W']}",
            f"    model.linear.bias.fill_({s.b0!r})  # {w['b']}",
            f"optimizer = {_optimizer(s, 'model.parameters()')}",
            "W, b = model.linear.weight, model.linear.bias",
            "",
            "",
            "def H(x):",
            "    return model(x)",
        ]
    else:
        lines += [
            f"W = torch.full((1,), {s.w0!r}, requires_grad=True)",
            f"b = torch.full((1,), {s.b0!r}, requires_grad=True)",
            f"optimizer = {_optimizer(s, '[W, b]')}",
            "",
            "",
            "def H(x):",
            "    return x * W + b",
        ]
    lines += [
        "",
        "",
        f"nb_epochs = {s.epochs}",
        "n = len(x_train)",
    ]
    if not s.full_batch:
        lines += [f"batch_size = {s.batch_size}"]
    lines += [
        f"# {w['divergence_cost']}",
        f"divergence_cost = {_divergence_cost(settings, data)!r}",
        "for epoch in range(nb_epochs + 1):",
        f"    # {w['cost']}",
        "    cost = torch.mean((H(x_train) - y_train) ** 2)",
    ]
    if s.full_batch:
        lines += [
            "    optimizer.zero_grad()",
            "    cost.backward()",
            "    optimizer.step()",
        ]
    else:
        lines += [
            f"    # {w['batches']}",
            f"    generator = torch.Generator().manual_seed(({s.seed} * 1_000_003 + epoch)"
            " % (2**63 - 1))",
            "    order = torch.randperm(n, generator=generator)",
            "    for start in range(0, n, batch_size):",
            "        batch = order[start:start + batch_size]",
            "        optimizer.zero_grad()",
            "        batch_cost = torch.mean((H(x_train[batch]) - y_train[batch]) ** 2)",
            "        batch_cost.backward()",
            "        optimizer.step()",
        ]
    lines += [
        "    with torch.no_grad():",
        "        after = torch.mean((H(x_train) - y_train) ** 2).item()",
        "    if not (after <= divergence_cost and torch.isfinite(W).all()"
        " and torch.isfinite(b).all()):",
        f"        print(f'{w['diverged']}')",
        "        break",
        "",
        f"    if epoch % {s.log_every} == 0:",
        "        print('Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'.format(",
        "            epoch, nb_epochs, W.item(), b.item(), cost.item()",
        "        ))",
        "",
    ]
    return "\n".join(lines)
