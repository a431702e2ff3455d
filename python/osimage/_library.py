"""Finds and loads libosimage.so and the jansson and libc it uses.

The library is searched for in this order; the first that loads wins:
  1. the path in $OSIMAGE_LIBRARY, else $OSI_LIBRARY (when set, nothing else is tried),
  2. libosimage.so next to this package,
  3. the libdir that `pkg-config --variable=libdir osimage` names (the install prefix),
  4. the system's library path (ctypes.util.find_library, ld.so.cache, LD_LIBRARY_PATH).

ctypes.CDLL releases the GIL around every call, so other Python threads run while a call
waits on the network; callbacks take the GIL back while they run.
"""
import ctypes
import ctypes.util
import os
import subprocess

from ._prototypes import ABI_MAJOR, PROTOTYPES

# ABI_MAJOR (generated from OSI_VERSION_MAJOR) is the ABI this package speaks.
_SONAME = "libosimage.so.%d" % ABI_MAJOR


def _pkg_config_libdir():
    """The libdir of an installed osimage.pc, or None."""
    try:
        found = subprocess.run(["pkg-config", "--variable=libdir", "osimage"],
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    libdir = found.stdout.strip()
    return libdir if found.returncode == 0 and libdir else None


def _candidates():
    """Paths or names to try, best first."""
    for variable in ("OSIMAGE_LIBRARY", "OSI_LIBRARY"):
        if os.environ.get(variable):
            return [os.environ[variable]]
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.join(here, name) for name in (_SONAME, "libosimage.so")]
    libdir = _pkg_config_libdir()
    if libdir:
        candidates.append(os.path.join(libdir, _SONAME))
    system = ctypes.util.find_library("osimage")
    if system:
        candidates.append(system)
    candidates.append(_SONAME)
    return candidates


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
# The jansson libosimage is linked against: the dynamic loader hands out the same copy.
jansson = ctypes.CDLL("libjansson.so.4")
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.free.argtypes = [ctypes.c_void_p]
libc.free.restype = None
