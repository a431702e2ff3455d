# Types of _library.py (kept apart so the module's code changes without touching them).
from typing import Any, FrozenSet

ABI_MAJOR: int
osimage: Any
missing: FrozenSet[str]
jansson: Any
libc: Any
