#!/usr/bin/env bash
# Uses an installed osimage the way its users do, each in a fresh temporary folder outside
# the repository: a C program built with pkg-config, a CMake project with find_package, and
# the Python package installed into a fresh venv. Each lists the images of the noauth stack.
# Prints ok/FAIL per consumer and "N passed, N failed" last.
#
#   Tests/consumers/run.sh PREFIX        PREFIX: where scripts/install put osimage
# Reads the noauth stack's clouds.yaml from OSI_TEST_NOAUTH_CLOUDS (scripts/test sets it).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "${1:?usage: run.sh PREFIX}" && pwd)
clouds=${OSI_TEST_NOAUTH_CLOUDS:?run through scripts/test, or set OSI_TEST_NOAUTH_CLOUDS}
work=$(mktemp -d /tmp/osimage-consumers.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# Only what a user of the install would have: no library override, the prefix's pkg-config.
unset OSIMAGE_LIBRARY OSI_LIBRARY
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$prefix/lib"

# consumer NAME COMMAND...: runs one consumer in its own folder, logs its output.
consumer() {
    local name=$1
    shift
    mkdir -p "$work/$name"
    if (cd "$work/$name" && "$@") >"$work/$name.log" 2>&1 && grep -qE ' [0-9]+ images$' "$work/$name.log"; then
        passed=$((passed + 1))
        printf 'ok   consumers.%s: %s\n' "$name" "$(grep -E ' images$' "$work/$name.log" | tail -n 1)"
    else
        failed=$((failed + 1))
        printf 'FAIL consumers.%s\n' "$name"
        sed 's/^/    /' "$work/$name.log" | tail -n 30
    fi
}

c_with_pkg_config() {
    cp "$here/list_images.c" .
    cc -std=c99 -Wall -Wextra -Werror list_images.c $(pkg-config --cflags --libs osimage) -o list_images
    ./list_images osi-noauth "$clouds"
}

cmake_project() {
    cp "$here/list_images.c" "$here/CMakeLists.txt" .
    cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
    cmake --build build >/dev/null
    ./build/list_images osi-noauth "$clouds"
}

python_venv() {
    cp -r "$root/python" package
    python3 -m venv venv
    venv/bin/pip install --quiet ./package
    rm -rf package
    venv/bin/python - "$clouds" <<'PY'
import sys
import osimage
with osimage.Connection(cloud="osi-noauth", config_file=sys.argv[1]) as conn:
    count = sum(1 for _ in conn.images())
print("osimage %s from %s: %d images" % (osimage.library_version(), osimage.__file__, count))
PY
}

consumer c-pkg-config c_with_pkg_config
consumer cmake-find-package cmake_project
consumer python-venv python_venv
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
