"""The PyTorch code behind a run, written in the lesson's style, with the run's own data.

Running the script prints the log the page shows: the same float32 data, the same
optimizer, the same shuffle for mini-batches, the same divergence check.
"""

from __future__ import annotations

from . import quadratic
from .dataset import Dataset, shortest_decimal
from .optim import ADAM_BETAS, ADAM_EPS
from .settings import Settings

# The script's comments and messages in the page's language (the lesson itself is in
# Korean). The code, and the log line the lesson prints, are the same in both.
WORDS = {
    "en": {
        "title": "linreg: linear regression by gradient descent, as in Lab-02 of",
        "run": "모두를 위한 딥러닝 시즌2. Run it with: python this_file.py",
        "data": "training data (the page's train set)",
        "W": "W",
        "b": "b",
        "divergence_cost": "training stops when the cost is not finite or passes this cost: "
                           "the run diverged",
        "cost": "cost of H(x) on the whole training set",
        "batches": "mini-batches in a shuffled order, seeded per epoch",
        "diverged": "Diverged at epoch {epoch + 1}",
    },
    "ko": {
        "title": "linreg: 경사 하강법으로 학습하는 선형 회귀, 모두를 위한 딥러닝",
        "run": "시즌2 Lab-02 방식으로. 실행 방법: python 파일명.py",
        "data": "학습 데이터 (페이지의 학습 세트)",
        "W": "W (가중치)",
        "b": "b (편향)",
        "divergence_cost": "비용이 유한하지 않거나 이 값을 넘으면 발산으로 보고 학습을 멈춥니다",
        "cost": "전체 학습 데이터에 대한 가설 H(x)의 비용",
        "batches": "미니 배치: 에폭마다 정해진 시드로 순서를 섞습니다",
        "diverged": "{epoch + 1} 에폭에서 발산했습니다",
    },
}


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
    w = WORDS.get(lang, WORDS["en"])
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
