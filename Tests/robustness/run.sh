#!/usr/bin/env bash
# The robustness suite (issue 8, item 8; suite `robustness` of scripts/test): generates the
# table of every function of include/osimage.h (Tests/robustness/gen-table; a parameter it
# cannot give good and bad values fails here), builds Tests/robustness/robustness.c against the
# installed library twice, plain (every case) and with -fsanitize=address,undefined (the
# sample, -s: what the library writes into the caller's memory), and runs both against the
# noauth stack: every case in its own child process, bounded in time (10 s) and memory
# (1 GiB). Prints the functions, calls, crashes and hangs of each build and the time, and ends
# with "N passed, N failed" over both runs; any crash, hang, sanitizer report or broken error
# contract fails it.
#
#   Tests/robustness/run.sh [PREFIX]       PREFIX: where scripts/install put the library
#                                          (default: what pkg-config finds)
# Environment: OSI_TEST_NOAUTH_CLOUDS (the noauth stack's clouds.yaml; taken from
# `scripts/stack env noauth` when unset), OSI_ROBUSTNESS_JOBS (parallel cases, default 2),
# OSI_ROBUSTNESS_FILTER (a glob over case ids, for a quick look; `robustness -l` lists them).
#
# Tests/robustness/known_open_issue8.txt may list cases that fail for a known reason while
# their fix is on its way (reported as KNOWN, not counted); it is empty, and a listed case that
# passes, or an entry that matches no case, fails the run.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -gt 0 ]; then
    export PKG_CONFIG_PATH="$1/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi
if ! pkg-config --exists osimage; then
    echo "robustness: no installed osimage (give its prefix)"
    echo "0 passed, 1 failed"
    exit 1
fi
libdir=$(pkg-config --variable=libdir osimage)
if [ -z "${OSI_TEST_NOAUTH_CLOUDS:-}" ]; then
    OSI_TEST_NOAUTH_CLOUDS=$(. "$("$root/scripts/stack" env noauth)" && echo "$OS_CLIENT_CONFIG_FILE")
    export OSI_TEST_NOAUTH_CLOUDS
fi
work=$(mktemp -d /tmp/osimage-robustness.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
started=$SECONDS

if ! "$here/gen-table" "$work/robustness_table.c"; then
    echo "robustness: the table cannot be generated from include/osimage.h"
    echo "0 passed, 1 failed"
    exit 1
fi
# The generator refuses what it cannot cover: a header with one more function whose parameter
# it cannot give good and bad values must fail generation, naming that parameter.
refusals=0
for bad in 'float ratio' 'const char *flavor' 'const json_t *spec' 'void *thing'; do
    awk -v decl="/** Robustness self-check. */ osi_status osi_robustness_check(osi_conn *conn, $bad, osi_error **err);" \
        '/^#ifdef __cplusplus$/ && seen++ { print decl } { print }' "$root/include/osimage.h" >"$work/check.h"
    name=${bad##*[ *]}
    if OSI_HEADER="$work/check.h" "$here/gen-table" "$work/check.c" 2>"$work/check.err" \
        || ! grep -q "osi_robustness_check.*$name" "$work/check.err"; then
        echo "robustness: gen-table did not refuse a parameter '$bad' it cannot cover:"
        cat "$work/check.err"
        refusals=1
    fi
done
if [ "$refusals" = 0 ]; then
    echo "robustness: gen-table refuses parameters it cannot cover (4 checked)"
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi

count() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then echo "0 1"; else echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/'; fi
}
flags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -I"$work")
filter=()
[ -n "${OSI_ROBUSTNESS_FILTER:-}" ] && filter=(-f "$OSI_ROBUSTNESS_FILTER")
# The plain build runs every case; the ASan+UBSan build (about twice as slow per case, a leak
# check at every child's exit) runs the sample (-s): every parameter and key once with each kind
# of bad input, a third of the cases.
for build in plain asan; do
    extra=(-O1)
    sample=()
    [ "$build" = asan ] && extra=(-O1 -fsanitize=address,undefined -fno-omit-frame-pointer) && sample=(-s)
    printf '\n-- robustness (%s)\n' "$build"
    if ! gcc "${flags[@]}" "${extra[@]}" "$here/robustness.c" $(pkg-config --cflags --libs osimage) \
        -Wl,-rpath,"$libdir" -lm -o "$work/robustness-$build"; then
        echo "robustness ($build): build failed"
        failed=$((failed + 1))
        continue
    fi
    t0=$SECONDS
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=66 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0 \
        "$work/robustness-$build" -j "${OSI_ROBUSTNESS_JOBS:-2}" -t 10 -k "$here/known_open_issue8.txt" "${sample[@]}" "${filter[@]}" \
        >"$work/$build.log" 2>&1
    grep -vE '^      \|' "$work/$build.log" | grep -E '^(FAIL|KNOWN|robustness:|cleanup:)' | head -200
    grep -E -A25 '^FAIL' "$work/$build.log" | grep -E '^      \|' | head -100
    read -r p f < <(count "$work/$build.log")
    printf 'robustness (%s): %d passed, %d failed in %d s\n' "$build" "$p" "$f" $((SECONDS - t0))
    passed=$((passed + p))
    failed=$((failed + f))
done
printf '\nrobustness: %d s\n' $((SECONDS - started))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
