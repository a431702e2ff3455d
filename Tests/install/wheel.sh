#!/usr/bin/env bash
# Builds the platform wheel (scripts/wheel) with the library of an install, installs it into a
# fresh venv and runs a representative part of the Python binding tests (Tests/python) against the
# installed package with a clean environment: no OSIMAGE_LIBRARY/OSI_LIBRARY, no
# LD_LIBRARY_PATH, no PYTHONPATH, no PKG_CONFIG_PATH (only where the stack is). Prints
# ok/FAIL per check, the suite's own lines, and "N passed, N failed" last.
#
#   Tests/install/wheel.sh PREFIX     PREFIX: where scripts/install put osimage
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "${1:?usage: wheel.sh PREFIX}" && pwd)
suite=wheel
. "$here/common.sh"

build() { "$root/scripts/wheel" --library "$prefix/lib/libosimage.so.0" --out "$work/dist" | tail -n 1 >"$work/wheel-path"; }
check build build
wheel=$(cat "$work/wheel-path" 2>/dev/null)

contents() {
    case "$(basename "$wheel")" in osimage-*-py3-none-manylinux_2_*_x86_64.whl) ;; *) echo "bad name $wheel"; return 1 ;; esac
    python3 - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for needed in ("osimage/libosimage.so.0", "osimage/__init__.py", "osimage/_library.py"):
    assert needed in names, (needed, names)
assert any(n.endswith(".dist-info/RECORD") for n in names) and any(n.endswith(".dist-info/WHEEL") for n in names), names
PY
}
check contents-and-tag contents

venv() {
    python3 -m venv "$work/venv" && "${clean[@]}" "$work/venv/bin/pip" install --quiet --no-index "$wheel"
}
check install-into-fresh-venv venv
python="$work/venv/bin/python"

loads_bundled() {
    cd "$work" && "${clean[@]}" "$python" - "$work/venv" <<'PY'
import os, sys
import osimage
from osimage import _library
venv = sys.argv[1]
assert osimage.__file__.startswith(venv), osimage.__file__
assert _library.osimage._name == os.path.join(os.path.dirname(osimage.__file__), "libosimage.so.0"), _library.osimage._name
assert "subprocess" not in sys.modules and "ctypes.util" not in sys.modules, "import ran a subprocess or ctypes.util"
# One jansson in the process: the one libosimage links (found through its handle).
maps = {line.split()[-1] for line in open("/proc/self/maps") if "libjansson" in line}
assert len(maps) == 1, maps
from osimage import _json
assert _json.take(_json.new_reference({"a": [1, "x"]})) == {"a": [1, "x"]}
print("osimage", osimage.library_version(), "from", _library.osimage._name, "jansson", maps.pop())
PY
}
check loads-bundled-library-no-env loads_bundled

# A representative part of the binding suite (connection, data both ways, errors, images,
# sharing), importing osimage from the venv only (Tests/python for its helpers).
cat >"$work/run.py" <<'PY'
import os, sys, unittest
tests = sys.argv[1]
sys.path.insert(0, tests)
import osimage
assert "site-packages" in osimage.__file__, osimage.__file__
loader = unittest.TestLoader()
names = ["test_binding_connection", "test_binding_data", "test_binding_errors", "test_binding_images",
         "test_binding_members"]
suite = unittest.TestSuite(loader.loadTestsFromName(name) for name in names)
result = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
print("SUITE %d %d" % (result.testsRun - bad - len(result.skipped) - len(result.expectedFailures), bad))
PY
(cd "$work" && "${clean[@]}" "$python" "$work/run.py" "$root/Tests/python") >"$work/suite.log" 2>&1
grep -vE '^SUITE ' "$work/suite.log" | grep -E '^(FAIL|ERROR):|^Ran |^OK|^FAILED' | head -n 30
read -r _ p f < <(grep -E '^SUITE ' "$work/suite.log" || echo "SUITE 0 1")
[ "$f" != 0 ] && grep -B2 -A20 -E '^(FAIL|ERROR):' "$work/suite.log" | head -n 80
echo "wheel.python-suite: $p passed, $f failed (against the installed wheel)"
passed=$((passed + p))
failed=$((failed + f))
echo "wheel size: $(stat -c %s "$wheel" 2>/dev/null) bytes ($(basename "$wheel"))"
finish
