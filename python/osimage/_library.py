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

ctypes.CDLL releases the GIL around every call, so other Python threads run while a call
waits on the network; callbacks take the GIL back while they run.
"""
import ctypes
import os

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


def _declare(library):
    """Sets restype/argtypes of every function the library has; returns the missing names."""
    missing = []
    for name, (restype, argtypes) in PROTOTYPES.items():
        function = getattr(library, name, None)
        if function is None:
            missing.append(name)
            continue
        function.restype = restype
        function.argtypes = argtypes
    return frozenset(missing)


osimage = _load_osimage()
# Functions of this package that the loaded (older) library does not have.
missing = _declare(osimage)
# Separate ctypes wrappers (their own restype/argtypes) over libosimage's handle: symbols
# resolve in libosimage's own dependencies, i.e. its jansson and its libc.
jansson = ctypes.CDLL(osimage._name, handle=osimage._handle)
libc = ctypes.CDLL(osimage._name, handle=osimage._handle)
libc.free.argtypes = [ctypes.c_void_p]
libc.free.restype = None
