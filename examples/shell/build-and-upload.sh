#!/usr/bin/env bash
# build-and-upload: uploads a compressed build artifact (disk.qcow2.xz, disk.raw.gz,
# disk.img.zst) to Glance without a decompressed copy on disk, records where it came from,
# waits until the image is active and checks that Glance holds exactly the decompressed bytes.
#
#   build-and-upload.sh [OPTIONS] ARTIFACT [NAME]
#
#   ARTIFACT               a .xz, .gz or .zst file (xz, gzip or zstd)
#   NAME                   the image's name (default: ARTIFACT's name without its endings)
#   --os-cloud CLOUD       the clouds.yaml entry (default: $OS_CLOUD, or the OS_* variables)
#   --disk-format F        default from the name: .qcow2 qcow2, .raw/.img raw, .vmdk vmdk,
#                          .vhd vhd, .vhdx vhdx, .vdi vdi, .iso iso
#   --container-format F   default bare
#   --tag TAG              repeatable; e.g. the channel the cleanup recipe prunes by
#   --property K=V         repeatable
#   --build-id ID          recorded as the property build_id (default: $BUILD_ID, if set)
#   --in-osimage           let osimage decompress (create --decompress) instead of a pipe
#   --verify hash|download hash (default): Glance's os_hash_value (sha512) against the hash
#                          of the bytes sent; download: also download the image again and
#                          compare its sha256
#   --timeout SECONDS      how long to wait for the image to become active (default 3600)
#
# Prints what it does on standard error and the new image's ID on standard output:
#   id=$(build-and-upload.sh --tag nightly --build-id "$CI_PIPELINE_ID" out/debian.qcow2.xz)
# Needs osimage (or $OSIMAGE), xz / gzip / zstd, sha256sum and sha512sum.
# Exit status: 0 when the image is active and verified; if the upload or the check fails, the
# image is deleted again and the status is non-zero (osimage's own status where it failed).
set -euo pipefail

osimage=${OSIMAGE:-osimage}
say() { printf 'build-and-upload: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '/^#   build-and-upload.sh/,/^#   --timeout/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

# ---- arguments ----
cloud=() disk_format="" container_format=bare tags=() props=() build_id=${BUILD_ID:-}
in_osimage=0 verify=hash timeout=3600 positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --os-cloud) cloud=(--os-cloud "${2:?--os-cloud needs a value}"); shift 2 ;;
        --disk-format) disk_format=${2:?}; shift 2 ;;
        --container-format) container_format=${2:?}; shift 2 ;;
        --tag) tags+=(--tag "${2:?}"); shift 2 ;;
        --property) props+=(--property "${2:?}"); shift 2 ;;
        --build-id) build_id=${2:?}; shift 2 ;;
        --in-osimage) in_osimage=1; shift ;;
        --verify) verify=${2:?}; shift 2 ;;
        --timeout) timeout=${2:?}; shift 2 ;;
        -h | --help) usage ;;
        -*) say "unknown option $1"; usage ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} -ge 1 ] && [ ${#positional[@]} -le 2 ] || usage
artifact=${positional[0]}
[ -f "$artifact" ] && [ -r "$artifact" ] || die "no readable file '$artifact'"
case "$verify" in hash | download) ;; *) die "--verify is hash or download" ;; esac

# The decompressor, from the artifact's last ending.
base=$(basename "$artifact")
case "$base" in
    *.xz) decompress=(xz -dc) inner=${base%.xz} ;;
    *.gz) decompress=(gzip -dc) inner=${base%.gz} ;;
    *.zst) decompress=(zstd -dcq) inner=${base%.zst} ;;
    *) die "'$base' is not .xz, .gz or .zst" ;;
esac
command -v "${decompress[0]}" >/dev/null || die "${decompress[0]} is not installed"
# The disk format from the ending before it (the image name is the rest).
if [ -z "$disk_format" ]; then
    case "$inner" in
        *.qcow2) disk_format=qcow2 ;;
        *.raw | *.img) disk_format=raw ;;
        *.vmdk) disk_format=vmdk ;;
        *.vhd) disk_format=vhd ;;
        *.vhdx) disk_format=vhdx ;;
        *.vdi) disk_format=vdi ;;
        *.iso) disk_format=iso ;;
        *) die "cannot tell the disk format of '$inner': give --disk-format" ;;
    esac
fi
name=${positional[1]:-${inner%.*}}
[ -n "$name" ] || die "empty image name"

work=$(mktemp -d)
image_id=""
# On any failure after the image exists, delete it: a half-checked image must not be used.
on_exit() {
    local status=$?
    if [ "$status" != 0 ] && [ -n "$image_id" ]; then
        say "deleting image $image_id again (the upload or its check failed)"
        "$osimage" "${cloud[@]}" delete "$image_id" >/dev/null 2>&1 || say "could not delete $image_id"
    fi
    rm -rf "$work"
    exit "$status"
}
trap on_exit EXIT

# ---- where it came from ----
say "artifact $artifact: ${decompress[0]}-compressed $disk_format, $(stat -c %s "$artifact") bytes"
artifact_sha256=$(sha256sum <"$artifact" | cut -d' ' -f1)
say "artifact sha256 $artifact_sha256"
props+=(--property "source_file=$base" --property "source_sha256=$artifact_sha256")
[ -z "$build_id" ] || props+=(--property "build_id=$build_id")

# ---- upload ----
# The decompressed bytes are hashed on their way (sha256 and sha512 through FIFOs) so the
# check below needs no second decompression and no temporary copy.
mkfifo "$work/sha256.fifo" "$work/sha512.fifo"
sha256sum <"$work/sha256.fifo" | cut -d' ' -f1 >"$work/sha256" &
hash256=$!
sha512sum <"$work/sha512.fifo" | cut -d' ' -f1 >"$work/sha512" &
hash512=$!
create=("$osimage" "${cloud[@]}" create "$name" --disk-format "$disk_format" --container-format "$container_format"
        "${props[@]}" "${tags[@]}" --wait --timeout "$timeout" -f value -c id)
status=0
if [ "$in_osimage" = 1 ]; then
    # osimage decompresses (osi_source_decompress); the hashes to check against come from a
    # local decompression first (which also rejects a corrupt artifact before any upload).
    "${decompress[@]}" "$artifact" | tee "$work/sha256.fifo" >"$work/sha512.fifo"
    say "uploading '$name' (osimage create --file $base --decompress)"
    "${create[@]}" --file "$artifact" --decompress >"$work/id" || status=$?
else
    say "uploading '$name' (${decompress[*]} $base | osimage create --file -)"
    # pipefail: a corrupt or truncated artifact fails the pipeline even though osimage saw
    # a clean end of its input (and made an image of the truncated data: deleted on exit).
    "${decompress[@]}" "$artifact" | tee "$work/sha256.fifo" "$work/sha512.fifo" \
        | "${create[@]}" --file - >"$work/id" || status=$?
fi
wait "$hash256" "$hash512"
image_id=$(cat "$work/id")
[ "$status" = 0 ] || { say "the upload failed (status $status)"; exit "$status"; }
[ -n "$image_id" ] || die "osimage printed no image ID"
sent_sha256=$(cat "$work/sha256") sent_sha512=$(cat "$work/sha512")
say "image $image_id is active; the decompressed data has sha256 $sent_sha256"

# ---- verify ----
# -f shell prints KEY="value" lines (quoted for the shell); -c picks fields and properties.
eval "$("$osimage" "${cloud[@]}" show "$image_id" -f shell -c status -c size -c os_hash_algo -c os_hash_value)"
[ "$status" = active ] || die "image $image_id is $status, not active"
algo=${os_hash_algo:-none} value=${os_hash_value:-}
say "Glance stored $size bytes, $algo $value"
if [ "$algo" = sha512 ]; then
    [ "$value" = "$sent_sha512" ] || die "Glance's sha512 $value is not that of the bytes sent ($sent_sha512)"
    say "verified: Glance's os_hash_value is the sha512 of the decompressed artifact"
elif [ "$verify" = hash ]; then
    say "Glance hashes with '$algo', not sha512: checking by downloading instead"
    verify=download
fi
if [ "$verify" = download ]; then
    # osimage save checks os_hash_value itself while it streams; sha256sum checks the rest.
    got=$("$osimage" "${cloud[@]}" save "$image_id" | sha256sum | cut -d' ' -f1)
    [ "$got" = "$sent_sha256" ] || die "the downloaded image has sha256 $got, not $sent_sha256"
    say "verified: the downloaded image has the sha256 of the decompressed artifact"
fi
echo "$image_id"
