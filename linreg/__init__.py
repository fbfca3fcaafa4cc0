"""linreg: linear regression trained by gradient descent, as the lesson teaches it."""

from .analysis import Analysis, analyse
from .dataset import Dataset, Stats, points
from .errors import InputError, Notice
from .parsing import from_table, parse_csv
from .presets import Generator, preset
from .settings import FIELDS, Settings
from .train import History, TrainState, run, step

__all__ = [
    "Analysis", "Dataset", "FIELDS", "Generator", "History", "InputError", "Notice",
    "Settings", "Stats", "TrainState", "analyse", "from_table", "parse_csv", "points",
    "preset", "run", "step",
]
