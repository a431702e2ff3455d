#!/usr/bin/env bash
# Moves an installed prefix and uses it from the new place only: pkg-config must name the new
# place (${pcfiledir}), a C program built with pkg-config (+ rpath) and a CMake project must
# build and run from it, and bin/osimage must run there (RUNPATH $ORIGIN/../lib). Every
# program must load libosimage from the moved prefix, none from the old one. Lists the
# images of the noauth stack. Prints ok/FAIL per check and "N passed, N failed" last.
#
#   Tests/install/relocate.sh PREFIX     PREFIX: where scripts/install put osimage (not changed)
# Reads the noauth stack's clouds.yaml from OSI_TEST_NOAUTH_CLOUDS, else from
# $OSI_STACK_STATE/noauth/clouds.yaml.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "${1:?usage: relocate.sh PREFIX}" && pwd)
clouds=${OSI_TEST_NOAUTH_CLOUDS:-${OSI_STACK_STATE:-$HOME/.cache/osimage-stack/state}/noauth/clouds.yaml}
suite=relocate
. "$here/common.sh"
unset OSIMAGE_LIBRARY OSI_LIBRARY LD_LIBRARY_PATH

# Installed at one place, then moved: the first place no longer exists.
cp -a "$prefix" "$work/first"
mv "$work/first" "$work/moved"
moved="$work/moved"
export PKG_CONFIG_PATH="$moved/lib/pkgconfig"

# loads_from BINARY: the loader resolves libosimage.so.0 inside the moved prefix.
loads_from() {
    local found
    found=$(ldd "$1" | awk '$1 == "libosimage.so.0" {print $3}')
    [ -n "$found" ] && [ "$(cd "$(dirname "$found")" && pwd -P)" = "$(cd "$moved/lib" && pwd -P)" ] \
        || { echo "$1 loads libosimage from '$found', not from $moved/lib"; return 1; }
}

t_pkg_config() {
    local libdir
    libdir=$(pkg-config --variable=libdir osimage) && [ "$(cd "$libdir" && pwd)" = "$moved/lib" ] || { echo "libdir $libdir"; return 1; }
    pkg-config --libs osimage | grep -q -- "-L$moved/" && pkg-config --cflags osimage | grep -q -- "-I$moved/" \
        && ! pkg-config --libs --cflags osimage | grep -q -- "$prefix"
}
t_c_rpath() {
    cd "$work" && cc -std=c99 -Wall -Wextra -Werror "$root/Tests/consumers/list_images.c" $(pkg-config --cflags --libs osimage) \
        -Wl,-rpath,"$(pkg-config --variable=libdir osimage)" -o list_rpath || return 1
    loads_from ./list_rpath && ./list_rpath osi-noauth "$clouds" | grep -qE ' [0-9]+ images$'
}
t_c_ld_library_path() {
    cd "$work" && cc -std=c99 "$root/Tests/consumers/list_images.c" $(pkg-config --cflags --libs osimage) -o list_plain || return 1
    export LD_LIBRARY_PATH="$(pkg-config --variable=libdir osimage)"
    loads_from ./list_plain && ./list_plain osi-noauth "$clouds" | grep -qE ' [0-9]+ images$'
}
t_cmake() {
    mkdir -p "$work/cmake" && cd "$work/cmake" && cp "$root/Tests/consumers/list_images.c" "$root/Tests/consumers/CMakeLists.txt" . || return 1
    cmake -S . -B build -DCMAKE_PREFIX_PATH="$moved" >/dev/null && cmake --build build >/dev/null || return 1
    loads_from build/list_images && build/list_images osi-noauth "$clouds" | grep -qE ' [0-9]+ images$'
}
t_command() {
    loads_from "$moved/bin/osimage" && "$moved/bin/osimage" --os-cloud osi-noauth stores -f value -c ID </dev/null \
        | grep -qx fast
}
t_command_env() { OS_CLIENT_CONFIG_FILE="$clouds" t_command; }
check pkg-config-names-the-moved-prefix t_pkg_config
check c-program-with-rpath t_c_rpath
check c-program-with-LD_LIBRARY_PATH t_c_ld_library_path
check cmake-find-package t_cmake
check osimage-command-runs-from-moved-prefix t_command_env
finish
