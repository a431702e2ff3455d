#!/usr/bin/env bash
# cleanup: deletes old images of a series (every image carrying a tag, e.g. the nightly
# builds): those older than a number of days or a date, always keeping the N newest.
# Protected images are never deleted unless asked.
#
#   cleanup.sh --tag TAG [--older-than DAYS | --before DATE] [--keep N] [OPTIONS]
#
#   --tag TAG            the series (repeat for images carrying every one of several tags)
#   --older-than DAYS    delete images created more than DAYS days ago (0: any age)
#   --before DATE        delete images created before DATE (what `date -d` reads:
#                        2026-11-01, "2026-11-01 12:00 UTC", "last monday"...)
#   --keep N             never delete the N newest images of the series (default 0)
#   --project ID         only images owned by project ID (default: every one the tag finds
#                        that you can see, shared and public images included)
#   --include-protected  also delete protected images (unprotected first)
#   --dry-run            only print what would be deleted
#   --os-cloud CLOUD     the clouds.yaml entry (default: $OS_CLOUD)
#
# At least one of --older-than, --before and --keep is needed (a tag alone deletes nothing).
# Prints one line per image on standard output, newest first:
#   keep|delete|would-delete|protected ID CREATED_AT
# and what it does on standard error. Exit status 0, or osimage's status when a delete failed.
# Needs osimage (or $OSIMAGE) and GNU date.
set -euo pipefail

osimage=${OSIMAGE:-osimage}
say() { printf 'cleanup: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '/^#   cleanup.sh/,/^#   --os-cloud/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

cloud=() tags=() names=() filters=() days="" before="" keep="" include_protected=0 dry_run=0
while [ $# -gt 0 ]; do
    case "$1" in
        --tag) tags+=(--tag "${2:?--tag needs a value}") names+=("$2"); shift 2 ;;
        --older-than) days=${2:?}; shift 2 ;;
        --before) before=${2:?}; shift 2 ;;
        --keep) keep=${2:?}; shift 2 ;;
        --project) filters+=(--project "${2:?}"); shift 2 ;;
        --include-protected) include_protected=1; shift ;;
        --dry-run) dry_run=1; shift ;;
        --os-cloud) cloud=(--os-cloud "${2:?}"); shift 2 ;;
        -h | --help) usage ;;
        *) say "unknown argument $1"; usage ;;
    esac
done
[ ${#tags[@]} -gt 0 ] || usage
[ -n "$days$before$keep" ] || die "give --older-than, --before or --keep (a tag alone deletes nothing)"
[ -z "$days" ] || [ -z "$before" ] || die "--older-than and --before exclude each other"
[ -z "$days" ] || [[ $days =~ ^[0-9]+$ ]] || die "--older-than takes whole days"
[ -z "$keep" ] || [[ $keep =~ ^[0-9]+$ ]] || die "--keep takes a number"
os=("$osimage" "${cloud[@]}")

# The cutoff in seconds since the epoch (none: every age qualifies).
cutoff=""
if [ -n "$days" ]; then
    cutoff=$(($(date +%s) - days * 86400))
elif [ -n "$before" ]; then
    cutoff=$(date -u -d "$before" +%s) || die "cannot read the date '$before'"
fi
[ -z "$cutoff" ] || say "cutoff: created before $(date -u -d "@$cutoff" +%Y-%m-%dT%H:%M:%SZ)"

# The series, newest first. -c also picks fields that list does not show (created_at) and
# --long columns without --long (protected); they follow the list's own (ID), in -c order.
listing=$("${os[@]}" list "${tags[@]}" "${filters[@]}" --sort created_at:desc,id:asc \
    -f value -c id -c created_at -c protected)
rank=0 doomed=() unprotect=() kept=0
while read -r id created protected; do
    [ -n "$id" ] || continue
    rank=$((rank + 1))
    action=delete
    if [ "$rank" -le "${keep:-0}" ]; then
        action=keep                                   # one of the N newest
    elif [ -n "$cutoff" ] && [ "$(date -u -d "$created" +%s)" -ge "$cutoff" ]; then
        action=keep                                   # not old enough
    elif [ "$protected" = True ] && [ "$include_protected" = 0 ]; then
        action=protected                              # kept; --include-protected deletes it
    fi
    if [ "$action" = delete ]; then
        doomed+=("$id")
        [ "$protected" != True ] || unprotect+=("$id")
        [ "$dry_run" = 0 ] || action=would-delete
    else
        kept=$((kept + 1))
    fi
    echo "$action $id $created"
done <<<"$listing"
say "$rank images tagged ${names[*]}; ${#doomed[@]} to delete, $kept kept"

if [ "$dry_run" = 1 ] || [ ${#doomed[@]} = 0 ]; then
    [ "$dry_run" = 0 ] || say "dry run: nothing deleted"
    exit 0
fi
for id in "${unprotect[@]}"; do
    say "unprotecting $id (--include-protected)"
    "${os[@]}" set "$id" --unprotected
done
say "deleting ${#doomed[@]} images"
# One call for all: osimage goes on after a failure, says "N of M images failed to delete"
# and exits with the first failure's status.
"${os[@]}" delete "${doomed[@]}"
say "done"
