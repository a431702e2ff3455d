"""Finds and loads libosimage.so and the jansson and libc it uses.

The library is searched for in this order; the first that loads wins:
  1. the path in $OSIMAGE_LIBRARY, else $OSI_LIBRARY (when set, nothing else is tried),
  2. libosimage.so.<major> next to this package (where the wheel puts it),
  3. the dynamic loader's search for the soname (LD_LIBRARY_PATH, ld.so.cache, /usr/lib...),
  4. the libdir of an installed osimage.pc on $PKG_CONFIG_PATH or pkg-config's usual folders
     (read as a file: no subprocess, nothing of ctypes.util, so the import stays fast).

jansson and libc are not looked up by name: `jansson` and `libc` below are handles on the
loaded libosimage itself. dlsym() on a library's handle searches the library and then its
dependencies, so json_loads & co. resolve in exactly the jansson that libosimage was linked
against (its DT_NEEDED entry, wherever the loader found it) and free() in its libc.

Nothing is loaded at import: `osimage`, `jansson` and `libc` are stand-ins that load the
library on their first attribute (the first call), and give each C function its ctypes
prototype the first time it is used (then keep it as their own attribute, so later calls
are plain attribute reads). The library's dependencies (libcurl and its own, libcrypto,
libstdc++) take most of a dlopen's ~10 ms: a program that only imports osimage never pays
it. A library that cannot be found or has the wrong ABI raises ImportError from that first
use, with the same message as before.

ctypes.CDLL releases the GIL around every call, so other Python threads run while a call
waits on the network; callbacks take the GIL back while they run.
"""
import ctypes
import os
from _thread import allocate_lock

from ._prototypes import ABI_MAJOR, PROTOTYPES

# ABI_MAJOR (generated from OSI_VERSION_MAJOR) is the ABI this package speaks.
_SONAME = "libosimage.so.%d" % ABI_MAJOR
_PKG_CONFIG_DIRS = ("/usr/local/lib/pkgconfig", "/usr/local/share/pkgconfig",
                    "/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/pkgconfig", "/usr/share/pkgconfig")


def _pkg_config_libdir():
    """The libdir of the first osimage.pc on pkg-config's path, or None (variables expanded)."""
    folders = [f for f in os.environ.get("PKG_CONFIG_PATH", "").split(os.pathsep) if f]
    for folder in folders + list(_PKG_CONFIG_DIRS):
        path = os.path.join(folder, "osimage.pc")
        try:
            with open(path, encoding="utf-8") as file:
                lines = file.read().splitlines()
        except OSError:
            continue
        variables = {"pcfiledir": os.path.dirname(os.path.abspath(path))}
        for line in lines:
            name, equals, value = line.partition("=")
            if equals and name.strip().isidentifier() and ":" not in name:
                for _ in range(10):  # ${var} references, a few levels deep at most
                    expanded = value
                    for known, text in variables.items():
                        expanded = expanded.replace("${%s}" % known, text)
                    if expanded == value:
                        break
                    value = expanded
                variables[name.strip()] = value.strip()
        if variables.get("libdir"):
            return variables["libdir"]
    return None


def _candidates():
    """Paths or names to try, best first (the .pc lookup runs only when the others failed)."""
    for variable in ("OSIMAGE_LIBRARY", "OSI_LIBRARY"):
        if os.environ.get(variable):
            yield os.environ[variable]
            return
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, _SONAME)
    yield os.path.join(here, "libosimage.so")
    yield _SONAME
    libdir = _pkg_config_libdir()
    if libdir:
        yield os.path.join(libdir, _SONAME)


def _load_osimage():
    """The loaded libosimage, after checking that its ABI major matches this package."""
    tried = []
    for candidate in _candidates():
        if os.sep in candidate and not os.path.exists(candidate):
            tried.append("%s (no such file)" % candidate)
            continue
        try:
            library = ctypes.CDLL(candidate)
        except OSError as error:
            tried.append("%s (%s)" % (candidate, error))
            continue
        for name in ("osi_version", "osi_version_number"):
            getattr(library, name).restype, getattr(library, name).argtypes = PROTOTYPES[name]
        if library.osi_version_number() // 10000 != ABI_MAJOR:
            raise ImportError("osimage: %s is version %s; this package needs %d.x"
                              % (candidate, library.osi_version().decode(), ABI_MAJOR))
        return library
    raise ImportError("osimage: libosimage.so not found; set OSIMAGE_LIBRARY to its path. Tried: "
                      + "; ".join(tried))


# The jansson functions _json calls (json_decref is an inline function: see _json).
JANSSON_PROTOTYPES = {
    "json_loads": (ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "json_dumps": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "json_array": (ctypes.c_void_p, []),
    "json_array_append_new": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "json_delete": (None, [ctypes.c_void_p]),
}
LIBC_PROTOTYPES = {"free": (None, [ctypes.c_void_p])}

_loaded = []  # the one ctypes.CDLL of libosimage, once loaded
_loading = allocate_lock()


def _library():
    """libosimage's CDLL, loaded (once, whichever thread comes first) on the first call."""
    if not _loaded:
        with _loading:
            if not _loaded:
                _loaded.append(_load_osimage())
    return _loaded[0]


class _Functions:
    """A stand-in for a ctypes.CDLL over libosimage's handle: an attribute in `prototypes`
    is that C function with its restype and argtypes (AttributeError when the loaded
    library lacks it); any other attribute is the CDLL's own (_name, _handle, ...). Each
    function is made from a new ctypes object, declared, and only then stored, so a thread
    never sees one without its prototype."""

    def __init__(self, prototypes):
        self._prototypes = prototypes

    def __getattr__(self, name):
        library = _library()
        if name not in self._prototypes:
            return getattr(library, name)
        try:
            function = library[name]
        except AttributeError:
            raise AttributeError("the loaded libosimage has no %s" % name) from None
        function.restype, function.argtypes = self._prototypes[name]
        setattr(self, name, function)
        return function


osimage = _Functions(PROTOTYPES)
# Separate functions (their own restype/argtypes) over libosimage's handle: dlsym() on it
# resolves in libosimage's own dependencies, i.e. its jansson and its libc.
jansson = _Functions(JANSSON_PROTOTYPES)
libc = _Functions(LIBC_PROTOTYPES)
