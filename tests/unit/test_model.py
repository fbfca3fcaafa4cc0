import numpy as np
import torch

from linreg import Settings, TrainState, points, preset, run
from linreg.model import LinearRegressionModel, cost, hypothesis


def test_the_module_holds_W_and_b():
    model = LinearRegressionModel(W=2.0, b=-1.0)
    out = model(torch.FloatTensor([[1], [3]]))
    assert out.flatten().tolist() == [1.0, 5.0]
    assert model.W.item() == 2.0 and model.b.item() == -1.0


def test_the_module_form_and_the_tensor_form_agree():
    data = points([1, 2, 3, 4.5], [2.2, 3.9, 6.1, 8.7])
    for optimizer in ("sgd", "momentum", "adam"):
        settings = Settings(lr=0.02, epochs=300, optimizer=optimizer, w0=0.5, b0=-0.5)
        tensor = run(TrainState(data, settings, model="tensor"))
        module = run(TrainState(data, settings, model="module"))
        for column in ("W", "b", "cost"):
            np.testing.assert_allclose(tensor.history[column], module.history[column],
                                       rtol=1e-5, atol=1e-6, err_msg=f"{optimizer} {column}")


def test_the_cost_of_the_lessons_start_is_the_mean_of_y_squared():
    data = preset("lesson")
    assert cost(hypothesis(data.x_train, torch.zeros(1), torch.zeros(1)), data.y_train).item() \
        == torch.tensor(56 / 3, dtype=torch.float32).item()
