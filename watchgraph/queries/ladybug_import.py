"""LadybugDB's Python package, imported without its asyncio front until it is asked for.

`import ladybug` imports `ladybug.async_connection`, and asyncio with it, as the package
loads: a third to a half of the package's import time (some 20 to 50 ms of every
`watchgraph query`), for `AsyncConnection`, which the embedded engine never uses. Here
the package is imported with a placeholder for that module; `ladybug.AsyncConnection` is
then imported the first time anything asks for it, so the package behaves as before for
any other user in the process. A ladybug whose import needs the real module is imported
as it is.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_ASYNC = "ladybug.async_connection"


def ladybug_module() -> types.ModuleType:
    """The `ladybug` package (imported now, without asyncio, if it is not yet)."""
    loaded = sys.modules.get("ladybug")
    if loaded is not None:
        return loaded
    placeholder = types.ModuleType(_ASYNC)
    placeholder.AsyncConnection = None  # type: ignore[attr-defined]
    sys.modules[_ASYNC] = placeholder
    try:
        import ladybug
    except Exception:  # noqa: BLE001 - whatever the placeholder broke: import it as it is
        for name in [n for n in sys.modules if n == "ladybug" or n.startswith("ladybug.")]:
            del sys.modules[name]
        import ladybug

        return ladybug
    finally:
        if sys.modules.get(_ASYNC) is placeholder:
            del sys.modules[_ASYNC]
    names: dict[str, Any] = vars(ladybug)
    if "AsyncConnection" in names and names["AsyncConnection"] is None:
        del names["AsyncConnection"]
        names["__getattr__"] = _lazy_async(names.get("__getattr__"))
    return ladybug


def _lazy_async(original: Any) -> Any:
    """A module `__getattr__` that imports `AsyncConnection` when it is first asked for and
    leaves every other name to the package's own `__getattr__`."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module protocol's name
        if name == "AsyncConnection":
            module = importlib.import_module(_ASYNC)
            vars(sys.modules["ladybug"])["AsyncConnection"] = module.AsyncConnection
            return module.AsyncConnection
        if original is not None:
            return original(name)
        raise AttributeError(f"module 'ladybug' has no attribute {name!r}")

    return __getattr__
