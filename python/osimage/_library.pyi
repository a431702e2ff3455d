# Types of _library.py (kept apart so the module's code changes without touching them).
from typing import Any, Dict, List, Optional, Tuple

ABI_MAJOR: int
osimage: Any
jansson: Any
libc: Any
JANSSON_PROTOTYPES: Dict[str, Tuple[Optional[Any], List[Any]]]
LIBC_PROTOTYPES: Dict[str, Tuple[Optional[Any], List[Any]]]
