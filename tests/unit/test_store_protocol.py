"""The class store's interface (ClassStore) is what the class's rules use, and both back ends
give every method of it with the same parameters (no back end needs to run for this)."""

import ast
import inspect

import pytest

from linreg.classroom import room
from linreg.classroom.store import ClassStore, RedisStore, SQLiteStore


def interface() -> dict[str, inspect.Signature]:
    return {name: inspect.signature(value) for name, value in vars(ClassStore).items()
            if inspect.isfunction(value) and not name.startswith("_")}


def store_calls_in_room() -> set[str]:
    """The methods room.py calls on a store (`self.store.x` or `store.x`)."""
    calls = set()
    for node in ast.walk(ast.parse(inspect.getsource(room))):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == "store") or (
                    isinstance(owner, ast.Attribute) and owner.attr == "store"):
                calls.add(node.attr)
    return calls


def test_the_interface_holds_every_method_the_rules_call():
    calls = store_calls_in_room()
    assert {"update", "add_student", "take"} <= calls  # the walk finds what room.py calls
    assert calls <= set(interface()), sorted(calls - set(interface()))


@pytest.mark.parametrize("back_end", [SQLiteStore, RedisStore], ids=lambda c: c.__name__)
def test_each_back_end_has_every_method_with_the_interfaces_parameters(back_end):
    for name, wanted in interface().items():
        method = getattr(back_end, name, None)
        assert callable(method), f"{back_end.__name__} has no {name}"
        assert inspect.signature(method) == wanted, f"{back_end.__name__}.{name}"
