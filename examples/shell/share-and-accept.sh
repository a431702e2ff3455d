#!/usr/bin/env bash
# share-and-accept: shares an image with another project and waits until that project has
# accepted it (in Glance the consumer must accept a shared image before it shows up in its
# image list; the consumer runs `osimage member set IMAGE_ID PROJECT_ID --accept` with its
# own credentials). Safe to run again: an existing membership is kept, not added twice.
#
#   share-and-accept.sh [OPTIONS] IMAGE PROJECT_ID
#
#   IMAGE              the image, by name or ID (owned by the project of --os-cloud)
#   PROJECT_ID         the consumer project's ID
#   --os-cloud CLOUD   the owner's clouds.yaml entry (default: $OS_CLOUD)
#   --timeout SECONDS  how long to wait for the acceptance (default 600; 0: do not wait)
#   --interval SECONDS between two looks at the member list (default 5)
#
# A private image is made "shared" first (Glance refuses members of private images).
# Prints what it does on standard error and the final member status on standard output.
# Exit status: 0 accepted (or not waited for), 3 the consumer rejected it, 9 the timeout
# passed with the member still pending, else osimage's status.
set -euo pipefail

osimage=${OSIMAGE:-osimage}
say() { printf 'share-and-accept: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '/^#   share-and-accept.sh/,/^#   --interval/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

cloud=() timeout=600 interval=5 positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --os-cloud) cloud=(--os-cloud "${2:?--os-cloud needs a value}"); shift 2 ;;
        --timeout) timeout=${2:?}; shift 2 ;;
        --interval) interval=${2:?}; shift 2 ;;
        -h | --help) usage ;;
        -*) say "unknown option $1"; usage ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} = 2 ] || usage
[[ $timeout =~ ^[0-9]+$ && $interval =~ ^[1-9][0-9]*$ ]] || die "--timeout and --interval are whole seconds"
os=("$osimage" "${cloud[@]}")
project=${positional[1]}

eval "$("${os[@]}" show "${positional[0]}" -f shell -c id -c name -c visibility)"
say "image $id '$name' ($visibility)"
if [ "$visibility" = private ]; then
    say "making it shared (members need visibility shared)"
    "${os[@]}" set "$id" --shared
fi

# member_status: the project's status in the image's member list, or nothing.
member_status() {
    "${os[@]}" member list "$id" -f value -c "Member ID" -c Status | while read -r member status; do
        if [ "$member" = "$project" ]; then echo "$status"; fi
    done
}

current=$(member_status)
if [ -z "$current" ]; then
    say "sharing it with project $project"
    current=$("${os[@]}" add project "$id" "$project" -f value -c status)
else
    say "project $project is already a member ($current)"
fi

# Poll until the consumer decides, or the time is up.
[ "$current" != pending ] || say "the consumer accepts with: osimage member set $id $project --accept"
deadline=$((SECONDS + timeout))
while [ "$current" = pending ] && [ "$timeout" != 0 ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        say "still pending after ${timeout}s: project $project has not accepted image $id"
        echo pending
        exit 9
    fi
    left=$((deadline - SECONDS))
    say "waiting for project $project to accept (pending; ${left}s left)"
    sleep $((left < interval ? left : interval))
    current=$(member_status)
    [ -n "$current" ] || die "project $project is no longer a member of image $id"
done
case "$current" in
    accepted) say "project $project accepted image $id" ;;
    rejected) say "project $project rejected image $id (only it can change that: member set --accept)" ;;
    pending) say "shared; not waiting (--timeout 0)" ;;
esac
echo "$current"
[ "$current" != rejected ] || exit 3
