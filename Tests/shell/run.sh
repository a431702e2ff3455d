#!/usr/bin/env bash
# Runs the shell recipes of examples/shell against the real Glance + Keystone of scripts/stack,
# as a user would (the osimage command on PATH, clouds from clouds.yaml), and checks what they
# left on the servers, not only their exit status. The keystone stack (osi-demo, and osi-alt
# as the project that accepts a shared image) and the noauth stack (osi-noauth) are two
# clouds of one clouds.yaml, so promote copies between two Glance servers.
# Prints ok/FAIL per check and "N passed, N failed" last.
#
#   Tests/shell/run.sh PREFIX     PREFIX: where scripts/install put osimage (PREFIX/bin/osimage)
# Reads the stacks' stack.env from OSI_KEYSTONE_ENV / OSI_NOAUTH_ENV (scripts/test sets them),
# else from $OSI_STACK_STATE (default ~/.cache/osimage-stack/state)/MODE/stack.env.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
recipes="$root/examples/shell"
prefix=$(cd "${1:?usage: run.sh PREFIX}" && pwd)
suite=shell
. "$root/Tests/install/common.sh"
need_stack_envs
alt=$(value_of "$keystone_env" OSI_ALT_PROJECT_ID)
# A user's shell: the installed osimage on PATH, one clouds.yaml with both stacks' clouds.
unset OSIMAGE OSIMAGE_LIBRARY OSI_LIBRARY LD_LIBRARY_PATH ${!OS_*}
export PATH="$prefix/bin:$PATH" OS_CLIENT_CONFIG_FILE="$work/clouds.yaml" OS_CLOUD=osi-demo
{ cat "$(value_of "$keystone_env" OS_CLIENT_CONFIG_FILE)"; sed 1d "$(value_of "$noauth_env" OS_CLIENT_CONFIG_FILE)"; } >"$OS_CLIENT_CONFIG_FILE"
grep -q '^  osi-noauth:' "$OS_CLIENT_CONFIG_FILE" && grep -q '^  osi-demo:' "$OS_CLIENT_CONFIG_FILE" \
    || { echo "could not merge the stacks' clouds.yaml"; echo "0 passed, 1 failed"; exit 1; }
tag="shell$$"

# Whatever a check made, deleted at the end (as admin on keystone; noauth has no owners).
cleanup() {
    local id
    for id in $(osimage list --tag "$tag" -f value -c ID 2>/dev/null); do
        osimage --os-cloud osi-admin set "$id" --unprotected >/dev/null 2>&1
        osimage --os-cloud osi-admin delete "$id" >/dev/null 2>&1
    done
    for id in $(osimage --os-cloud osi-noauth list --tag "$tag" -f value -c ID 2>/dev/null); do
        osimage --os-cloud osi-noauth delete "$id" >/dev/null 2>&1
    done
    rm -rf "$work"
}
trap cleanup EXIT

same() { [ "$1" = "$2" ] || { echo "'$1' != '$2'"; return 1; }; }
has() { grep -q -- "$2" "$1" || { echo "no '$2' in $1:"; cat "$1"; return 1; }; }
# field [--os-cloud C] IMAGE FIELD: one field or property of an image, as the server has it.
field() {
    local cloud=()
    [ "$1" != --os-cloud ] || { cloud=(--os-cloud "$2"); shift 2; }
    osimage "${cloud[@]}" show "$1" -f value -c "$2"
}
count_named() { osimage "${@:2}" list --name "$1" -f value -c ID | grep -c . || true; }
sum() { "$1" <"$2" | cut -d' ' -f1; }

# ---- artifacts: a real qcow2 (qemu-img) and raw disks, compressed three ways ----
head -c 2097152 /dev/urandom >"$work/disk.raw"
if command -v qemu-img >/dev/null; then
    qemu-img convert -f raw -O qcow2 "$work/disk.raw" "$work/$tag-nightly.qcow2"
else
    cp "$work/disk.raw" "$work/$tag-nightly.qcow2" # (then Glance stores it as it is)
fi
xz -T1 -c "$work/$tag-nightly.qcow2" >"$work/$tag-nightly.qcow2.xz"
gzip -c "$work/disk.raw" >"$work/disk.raw.gz"
head -c 1048576 /dev/urandom >"$work/other.raw"
zstd -qc "$work/other.raw" >"$work/other.img.zst"
head -c 300000 "$work/$tag-nightly.qcow2.xz" >"$work/broken.raw.xz"

# ---- build-and-upload ----
t_upload_xz_pipe() {
    "$recipes/build-and-upload.sh" --os-cloud osi-demo --tag "$tag" --build-id 1234 --property "purpose=shell recipe" \
        "$work/$tag-nightly.qcow2.xz" >"$work/up1.id" 2>"$work/up1.err" || { cat "$work/up1.err"; return 1; }
    cat "$work/up1.err"
    local id
    id=$(cat "$work/up1.id")
    has "$work/up1.err" "xz -dc $tag-nightly.qcow2.xz | osimage create --file -" && has "$work/up1.err" "verified: Glance's os_hash_value" || return 1
    same "$(field "$id" name)" "$tag-nightly" && same "$(field "$id" status)" active && same "$(field "$id" disk_format)" qcow2 \
        && same "$(field "$id" container_format)" bare && same "$(field "$id" size)" "$(stat -c %s "$work/$tag-nightly.qcow2")" \
        && same "$(field "$id" tags)" "$tag" && same "$(field "$id" build_id)" 1234 && same "$(field "$id" purpose)" "shell recipe" \
        && same "$(field "$id" source_file)" "$tag-nightly.qcow2.xz" && same "$(field "$id" source_sha256)" "$(sum sha256sum "$work/$tag-nightly.qcow2.xz")" \
        && same "$(field "$id" os_hash_value)" "$(sum sha512sum "$work/$tag-nightly.qcow2")"
}
t_upload_gz_download_check() {
    BUILD_ID=77 "$recipes/build-and-upload.sh" --tag "$tag" --verify download "$work/disk.raw.gz" "$tag-disk" >"$work/up2.id" || return 1
    local id
    id=$(cat "$work/up2.id")
    same "$(field "$id" name)" "$tag-disk" && same "$(field "$id" disk_format)" raw && same "$(field "$id" build_id)" 77 \
        && same "$(osimage save "$id" | sha256sum | cut -d' ' -f1)" "$(sum sha256sum "$work/disk.raw")"
}
t_upload_zst_in_osimage() {
    "$recipes/build-and-upload.sh" --tag "$tag" --in-osimage "$work/other.img.zst" "$tag-other" >"$work/up3.id" 2>"$work/up3.err" || { cat "$work/up3.err"; return 1; }
    local id
    id=$(cat "$work/up3.id")
    has "$work/up3.err" "osimage create --file other.img.zst --decompress" || return 1
    same "$(field "$id" disk_format)" raw && same "$(field "$id" size)" 1048576 \
        && same "$(field "$id" os_hash_value)" "$(sum sha512sum "$work/other.raw")"
}
t_upload_broken_leaves_nothing() {
    ! "$recipes/build-and-upload.sh" --tag "$tag" "$work/broken.raw.xz" "$tag-broken" >"$work/up4.id" 2>"$work/up4.err" || return 1
    cat "$work/up4.err"
    has "$work/up4.err" "deleting image" && same "$(count_named "$tag-broken")" 0 \
        && ! "$recipes/build-and-upload.sh" --in-osimage "$work/broken.raw.xz" "$tag-broken" 2>/dev/null \
        && same "$(count_named "$tag-broken")" 0
}
check build-and-upload-xz-pipe t_upload_xz_pipe
check build-and-upload-gz-verify-by-download t_upload_gz_download_check
check build-and-upload-zst-in-osimage t_upload_zst_in_osimage
check build-and-upload-broken-artifact-leaves-no-image t_upload_broken_leaves_nothing
source_id=$(cat "$work/up1.id" 2>/dev/null)

# ---- promote: keystone's osi-demo to noauth's osi-noauth ----
t_promote() {
    [ -n "$source_id" ] || { echo "no source image (build-and-upload failed)"; return 1; }
    osimage set "$source_id" --min-ram 256 --property "odd=a b=c" --tag "$tag-two words" || return 1
    # A decoy: same name on the destination, other data; it must not count as the copy.
    osimage --os-cloud osi-noauth create "$tag-nightly" --file "$work/other.raw" --tag "$tag" -f value -c id >"$work/decoy.id" || return 1
    "$recipes/promote.sh" --from osi-demo --to osi-noauth --tag "$tag-prod" "$tag-nightly" >"$work/promoted.id" 2>"$work/p1.err" \
        || { cat "$work/p1.err"; return 1; }
    cat "$work/p1.err"
    local id
    id=$(cat "$work/promoted.id")
    [ "$id" != "$(cat "$work/decoy.id")" ] && same "$(count_named "$tag-nightly" --os-cloud osi-noauth)" 2 || return 1
    osimage --os-cloud osi-noauth show "$id" -f json >"$work/copy.json" && osimage show "$source_id" -f json >"$work/source.json" || return 1
    python3 - "$work/source.json" "$work/copy.json" "$tag" <<'PY'
import json, sys
source, copy, tag = (json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3])
for key in ("name", "disk_format", "container_format", "min_disk", "min_ram", "size", "checksum"):
    assert copy[key] == source[key], (key, copy[key], source[key])
assert copy["status"] == "active" and copy["min_ram"] == 256, copy
for key in ("os_hash_algo", "os_hash_value", "build_id", "purpose", "source_sha256", "source_file", "odd"):
    assert copy["properties"][key] == source["properties"][key], key
assert copy["properties"]["odd"] == "a b=c" and copy["properties"]["promoted_from"] == source["id"], copy
assert sorted(copy["tags"]) == sorted(source["tags"] + [tag + "-prod"]), (copy["tags"], source["tags"])
assert tag + "-two words" in copy["tags"], copy["tags"]
PY
}
t_promote_again_copies_nothing() {
    local id before
    id=$(cat "$work/promoted.id")
    before=$(field --os-cloud osi-noauth "$id" updated_at)
    "$recipes/promote.sh" --from osi-demo --to osi-noauth --tag "$tag-prod" "$source_id" >"$work/promoted2.id" 2>"$work/p2.err" || return 1
    cat "$work/p2.err"
    has "$work/p2.err" "nothing to copy" && same "$(cat "$work/promoted2.id")" "$id" \
        && same "$(count_named "$tag-nightly" --os-cloud osi-noauth)" 2 && same "$(field --os-cloud osi-noauth "$id" updated_at)" "$before"
}
t_promote_back_under_a_new_name() {
    OS_CLOUD=osi-noauth "$recipes/promote.sh" --to osi-demo "$(cat "$work/promoted.id")" "$tag-returned" >"$work/back.id" || return 1
    local id
    id=$(cat "$work/back.id")
    same "$(field "$id" os_hash_value)" "$(field "$source_id" os_hash_value)" && same "$(field "$id" disk_format)" qcow2 \
        && same "$(field "$id" promoted_from)" "$(cat "$work/promoted.id")"
}
check promote-copies-format-properties-tags t_promote
check promote-again-copies-nothing t_promote_again_copies_nothing
check promote-back-under-a-new-name t_promote_back_under_a_new_name

# ---- share-and-accept: osi-demo shares, osi-alt (another project, its own user) accepts ----
t_share_accepted() {
    local id consumer status
    id=$(osimage create "$tag-shared" --private --tag "$tag" -f value -c id) || return 1
    echo "$id" >"$work/shared.id"
    # The consumer, with its own credentials, accepts once it sees the share, a second later.
    (for _ in $(seq 120); do
        [ "$(osimage --os-cloud osi-alt member show "$id" "$alt" -f value -c status 2>/dev/null)" != pending ] || break
        sleep 0.5
    done
    sleep 1
    osimage --os-cloud osi-alt member set "$id" "$alt" --accept >/dev/null) &
    consumer=$!
    "$recipes/share-and-accept.sh" --interval 1 --timeout 60 "$tag-shared" "$alt" >"$work/share.out" 2>"$work/share.err"
    status=$?
    wait "$consumer"
    cat "$work/share.err"
    [ "$status" = 0 ] && same "$(cat "$work/share.out")" accepted && has "$work/share.err" "waiting for project $alt" || return 1
    same "$(osimage member show "$id" "$alt" -f value -c status)" accepted && same "$(field "$id" visibility)" shared \
        && osimage --os-cloud osi-alt list -f value -c ID | grep -qx "$id"
}
t_share_again_is_a_no_op() {
    local id
    id=$(cat "$work/shared.id")
    same "$("$recipes/share-and-accept.sh" --timeout 5 --interval 1 "$id" "$alt" 2>"$work/share2.err")" accepted && has "$work/share2.err" "already a member (accepted)" \
        && same "$(osimage member list "$id" -f value)" "$id $alt accepted"
}
t_share_times_out() {
    local id status
    id=$(osimage create "$tag-unanswered" --tag "$tag" -f value -c id) || return 1
    echo "$id" >"$work/unanswered.id"
    SECONDS=0
    "$recipes/share-and-accept.sh" --interval 1 --timeout 3 "$id" "$alt" >"$work/timeout.out"
    status=$?
    [ "$status" = 9 ] || { echo "exit status $status, expected 9"; return 1; }
    [ "$SECONDS" -lt 30 ] && same "$(cat "$work/timeout.out")" pending \
        && same "$(osimage member show "$id" "$alt" -f value -c status)" pending
}
t_share_rejected() {
    local id status
    id=$(cat "$work/unanswered.id")
    osimage --os-cloud osi-alt member set "$id" "$alt" --reject >/dev/null || return 1
    "$recipes/share-and-accept.sh" --interval 1 --timeout 60 "$id" "$alt" >"$work/rejected.out"
    status=$?
    [ "$status" = 3 ] && same "$(cat "$work/rejected.out")" rejected \
        && same "$(osimage member show "$id" "$alt" -f value -c status)" rejected
}
check share-and-accept-waits-for-the-consumer t_share_accepted
check share-and-accept-again-is-a-no-op t_share_again_is_a_no_op
check share-and-accept-times-out-exit-9 t_share_times_out
check share-and-accept-rejected-exit-3 t_share_rejected

# ---- cleanup: a series of five images, the oldest protected, and one of another series ----
series="$tag-series"
c=()
for i in 1 2 3 4 5; do
    c+=("$(osimage create "$tag-c$i" --tag "$series" --tag "$tag" -f value -c id)")
    # created_at has whole seconds: one apart, so "newest" is well defined.
    sleep 1.1
    [ "$i" != 2 ] || { cutoff=$(date -u +%Y-%m-%dT%H:%M:%SZ); sleep 1.1; }
done
osimage set "${c[0]}" --protected
bystander=$(osimage create "$tag-bystander" --tag "$tag" -f value -c id)
# left: the IDs of the series still on the server, oldest first.
left() { osimage list --tag "$series" --sort created_at:asc -f value -c ID | tr '\n' ' ' | sed 's/ $//'; }
t_cleanup_dry_run() {
    "$recipes/cleanup.sh" --tag "$series" --older-than 0 --dry-run >"$work/dry.out" || return 1
    cat "$work/dry.out"
    same "$(left)" "${c[*]}" && same "$(grep -c '^would-delete ' "$work/dry.out")" 4 && has "$work/dry.out" "^protected ${c[0]} "
}
t_cleanup_before_date() {
    "$recipes/cleanup.sh" --tag "$series" --before "$cutoff" >"$work/before.out" || return 1
    cat "$work/before.out"
    same "$(left)" "${c[0]} ${c[2]} ${c[3]} ${c[4]}" && has "$work/before.out" "^delete ${c[1]} "
}
t_cleanup_not_old_enough() {
    "$recipes/cleanup.sh" --tag "$series" --older-than 1 >/dev/null && same "$(left)" "${c[0]} ${c[2]} ${c[3]} ${c[4]}"
}
t_cleanup_keep_newest() {
    "$recipes/cleanup.sh" --tag "$series" --older-than 0 --keep 2 >"$work/keep.out" || return 1
    cat "$work/keep.out"
    same "$(left)" "${c[0]} ${c[3]} ${c[4]}" && same "$(field "${c[0]}" protected)" True
}
t_cleanup_protected_when_asked() {
    ! "$recipes/cleanup.sh" --tag "$series" 2>/dev/null && same "$(left)" "${c[0]} ${c[3]} ${c[4]}" || return 1
    "$recipes/cleanup.sh" --tag "$series" --keep 1 --include-protected >/dev/null || return 1
    same "$(left)" "${c[4]}" && same "$(field "$bystander" status)" queued
}
check cleanup-dry-run-deletes-nothing t_cleanup_dry_run
check cleanup-before-a-date t_cleanup_before_date
check cleanup-older-than-keeps-new-images t_cleanup_not_old_enough
check cleanup-keeps-the-newest-and-protected t_cleanup_keep_newest
check cleanup-protected-only-when-asked t_cleanup_protected_when_asked

finish
