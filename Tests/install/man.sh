#!/usr/bin/env bash
# Checks the man pages that scripts/install put in PREFIX/share/man: osimage(1), osimage(3)
# and one page per function of include/osimage.h, each rendered by `man -l` and groff with
# no warning; man finds them through MANPATH; osimage(1) documents every command that
# `osimage --help` lists. Prints ok/FAIL per check and "N passed, N failed" last.
#
#   Tests/install/man.sh PREFIX
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "${1:?usage: man.sh PREFIX}" && pwd)
man_dir="$prefix/share/man"
suite=man
. "$here/common.sh"
# renders PAGE: man -l writes the page with a NAME section and nothing on stderr; groff -ww
# (all warnings) says nothing either.
renders() {
    MANWIDTH=80 man -l "$1" >"$work/out" 2>"$work/err" || return 1
    [ ! -s "$work/err" ] || { cat "$work/err"; return 1; }
    grep -q "^NAME" "$work/out" && grep -q "^DESCRIPTION" "$work/out" || { head "$work/out"; return 1; }
    local warnings
    warnings=$(groff -man -t -ww -z "$1" 2>&1)
    [ -z "$warnings" ] || { echo "$1: $warnings"; return 1; }
}
t_command_page() { renders "$man_dir/man1/osimage.1" && grep -q "EXIT STATUS" "$work/out" && grep -q "OSI_CHECKSUM" "$work/out"; }
t_library_page() { renders "$man_dir/man3/osimage.3" && grep -q "STATUS CODES" "$work/out" && grep -q "osi_download_image(3)" "$work/out"; }
t_function_pages() {
    local name count=0
    for name in $(grep -oE '\bosi_[a-z_0-9]+\(' "$root/include/osimage.h" | tr -d '(' | sort -u); do
        [ -f "$man_dir/man3/$name.3" ] || { echo "no page for $name"; return 1; }
        renders "$man_dir/man3/$name.3" || { echo "in $name.3"; return 1; }
        grep -q "$name(" "$work/out" || { echo "$name.3 has no synopsis"; return 1; }
        count=$((count + 1))
    done
    echo "$count function pages"
    [ "$count" -gt 40 ]
}
t_manpath() {
    MANPATH="$man_dir" MANWIDTH=80 man 3 osi_download_image 2>/dev/null | grep -q "osi_sink" \
        && MANPATH="$man_dir" MANWIDTH=80 man 1 osimage 2>/dev/null | grep -q "openstack image"
}
t_every_command_documented() {
    local command
    MANWIDTH=200 man -l "$man_dir/man1/osimage.1" >"$work/osimage.1.txt" 2>/dev/null
    "$prefix/bin/osimage" --help | sed -n '/^Commands:/,/^$/p' | sed -E 's/^  ([a-z-]+( [a-z]+)?) {2,}.*/\1/' | grep -v '^Commands:$' | grep . >"$work/commands"
    [ "$(wc -l <"$work/commands")" -gt 15 ] || { cat "$work/commands"; return 1; }
    while read -r command; do
        grep -qE "(^|[[:space:]])$command( |\)|$)" "$work/osimage.1.txt" || { echo "osimage(1) lacks '$command'"; return 1; }
    done <"$work/commands"
}
check osimage.1 t_command_page
check osimage.3 t_library_page
check one-page-per-function t_function_pages
check found-through-MANPATH t_manpath
check osimage.1-documents-every-command t_every_command_documented
finish
