#!/usr/bin/env bash
# promote: copies an image from one cloud to another (staging to production, one region to
# the next), streaming it through a pipe with no local copy, with its disk and container
# format, min_disk/min_ram, custom properties and tags. Idempotent by content: when the
# destination already has an active image of the same name with the same os_hash_value, it
# copies nothing and prints that image's ID.
#
#   promote.sh --from CLOUD --to CLOUD [OPTIONS] IMAGE [NEW_NAME]
#
#   IMAGE              the source image, by name or ID, on --from
#   NEW_NAME           its name on --to (default: the same name)
#   --from CLOUD       the source's clouds.yaml entry (default: $OS_CLOUD)
#   --to CLOUD         the destination's clouds.yaml entry (required)
#   --tag TAG          an extra tag for the copy (repeatable), e.g. --tag production
#   --timeout SECONDS  how long to wait for the copy to become active (default 3600)
#
# The copy gets the property promoted_from=<source ID>. Not carried: visibility (the copy is
# private, or whatever the destination's default is), protection, the owner, and Glance's
# own properties (os_hash_*, os_hidden, stores, os_glance_*, direct_url).
# Prints what it does on standard error and the destination image's ID on standard output.
# Needs osimage (or $OSIMAGE) and jq. Without the idempotence check, one command does the same
# in one process and verifies both ends: osimage --os-cloud A copy IMAGE --to-cloud B.
set -euo pipefail

osimage=${OSIMAGE:-osimage}
say() { printf 'promote: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '/^#   promote.sh/,/^#   --timeout/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

from=${OS_CLOUD:-} to="" extra_tags=() timeout=3600 positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=${2:?--from needs a cloud}; shift 2 ;;
        --to) to=${2:?--to needs a cloud}; shift 2 ;;
        --tag) extra_tags+=("${2:?}"); shift 2 ;;
        --timeout) timeout=${2:?}; shift 2 ;;
        -h | --help) usage ;;
        -*) say "unknown option $1"; usage ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} -ge 1 ] && [ ${#positional[@]} -le 2 ] && [ -n "$from" ] && [ -n "$to" ] || usage
command -v jq >/dev/null || die "jq is not installed"
src=("$osimage" --os-cloud "$from")
dst=("$osimage" --os-cloud "$to")

# ---- the source image ----
source_json=$("${src[@]}" show "${positional[0]}" -f json)
id=$(jq -r .id <<<"$source_json")
name=${positional[1]:-$(jq -r .name <<<"$source_json")}
status=$(jq -r .status <<<"$source_json")
algo=$(jq -r '.properties.os_hash_algo // ""' <<<"$source_json")
hash=$(jq -r '.properties.os_hash_value // ""' <<<"$source_json")
[ "$status" = active ] || die "image $id on $from is $status, not active"
[ -n "$hash" ] || die "image $id on $from has no os_hash_value to compare copies by"
say "source: $from image $id '$(jq -r .name <<<"$source_json")', $(jq -r .size <<<"$source_json") bytes, $algo ${hash:0:16}..."

# ---- already there? ----
# Every image called NAME on the destination; one that is active with the same hash is the
# copy (same algorithm too: a hash of another algorithm says nothing).
while read -r candidate; do
    [ -n "$candidate" ] || continue
    eval "$("${dst[@]}" show "$candidate" -f shell -c status -c os_hash_algo -c os_hash_value)"
    if [ "$status" = active ] && [ "${os_hash_algo:-}" = "$algo" ] && [ "${os_hash_value:-}" = "$hash" ]; then
        say "$to already has it: image $candidate '$name' (same $algo); nothing to copy"
        echo "$candidate"
        exit 0
    fi
    unset os_hash_algo os_hash_value
done < <("${dst[@]}" list --name "$name" -f value -c ID)

# ---- what the copy carries ----
args=(--disk-format "$(jq -r .disk_format <<<"$source_json")"
      --container-format "$(jq -r .container_format <<<"$source_json")"
      --min-disk "$(jq -r '.min_disk // 0' <<<"$source_json")"
      --min-ram "$(jq -r '.min_ram // 0' <<<"$source_json")")
# Custom properties as K=V, NUL-separated (a value may hold any character); Glance's own
# properties stay behind, and so do osimage's owner_specified.openstack.* of the source
# upload (the destination's upload writes its own).
while IFS= read -r -d '' kv; do
    args+=(--property "$kv")
done < <(jq -j '.properties // {} | to_entries[]
    | select(.key | test("^(os_hash_algo|os_hash_value|os_hidden|stores|direct_url|os_glance_.*|owner_specified\\.openstack\\..*)$") | not)
    | "\(.key)=\(.value | if type == "string" then . else tojson end)\u0000"' <<<"$source_json")
while IFS= read -r -d '' tag; do
    args+=(--tag "$tag")
done < <(jq -j '.tags[] | "\(.)\u0000"' <<<"$source_json")
for tag in "${extra_tags[@]}"; do args+=(--tag "$tag"); done
args+=(--property "promoted_from=$id") # last: replaces a promoted_from of an earlier promotion

# ---- copy ----
work=$(mktemp -d)
copy_id=""
on_exit() {
    local status=$?
    if [ "$status" != 0 ] && [ -n "$copy_id" ]; then
        say "deleting the incomplete copy $copy_id on $to"
        "${dst[@]}" delete "$copy_id" >/dev/null 2>&1 || say "could not delete $copy_id"
    fi
    rm -rf "$work"
    exit "$status"
}
trap on_exit EXIT
say "copying to $to as '$name' (osimage save | osimage create --file -)"
# osimage save verifies the data while it streams and fails (exit 10) on a mismatch; with
# pipefail that fails the pipeline, and the copy made of what came through is deleted.
status=0
"${src[@]}" save "$id" | "${dst[@]}" create "$name" --file - "${args[@]}" --wait --timeout "$timeout" \
    -f value -c id >"$work/id" || status=$?
copy_id=$(cat "$work/id")
[ "$status" = 0 ] || { say "the copy failed (status $status)"; exit "$status"; }
[ -n "$copy_id" ] || die "osimage printed no image ID"

# ---- verify ----
eval "$("${dst[@]}" show "$copy_id" -f shell -c status -c os_hash_algo -c os_hash_value)"
[ "$status" = active ] || die "the copy $copy_id is $status"
if [ "${os_hash_algo:-}" = "$algo" ]; then
    [ "${os_hash_value:-}" = "$hash" ] || die "the copy's $algo differs from the source's"
    say "verified: $to image $copy_id has the source's $algo"
else
    # Another algorithm on the destination: compare a sha256 of both (two downloads).
    say "$to hashes with ${os_hash_algo:-nothing}, $from with $algo: comparing sha256 of both downloads"
    [ "$("${src[@]}" save "$id" | sha256sum)" = "$("${dst[@]}" save "$copy_id" | sha256sum)" ] \
        || die "the copy's data differs from the source's"
    say "verified: the same sha256"
fi
echo "$copy_id"
