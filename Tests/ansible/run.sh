#!/usr/bin/env bash
# The ansible suite: builds the osimage.cloud collection with ansible-galaxy, installs the
# tarball into a scratch collections path, and runs playbooks on localhost against the
# keystone stack (cloud osi-demo; osi-alt for sharing), with ansible-core from PyPI in a venv
# cached under ~/.cache/osimage-stack. Needs scripts/test's stack and install (OSI_LIBRARY).
# Prints "N passed, N failed" and the time of the converge playbook's two runs.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Tests/ansible"
scratch=${OSI_TEST_SCRATCH:-$(mktemp -d)}
venv=${OSI_ANSIBLE_VENV:-$HOME/.cache/osimage-stack/venv-ansible}
passed=0 failed=0

check() { # check NAME COMMAND...: one counted test
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok: $name"
    else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

if [ ! -x "$venv/bin/ansible-playbook" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q ansible-core \
        || { echo "could not install ansible-core into $venv"; failed=1; finish; }
fi
for name in OSI_TEST_KEYSTONE_CLOUDS OSI_KEYSTONE_ENV OSI_LIBRARY; do
    [ -n "${!name:-}" ] || { echo "$name is not set (run through scripts/test)"; failed=1; finish; }
done
"$venv/bin/ansible-playbook" --version | head -1

# Packaging: build the collection and install the tarball, offline.
collection="$root/ansible/ansible_collections/osimage/cloud"
rm -rf "$scratch/dist" "$scratch/collections"
check "ansible-galaxy collection build" \
    "$venv/bin/ansible-galaxy" collection build "$collection" --output-path "$scratch/dist" --force
tarball=$(ls "$scratch/dist"/osimage-cloud-*.tar.gz 2>/dev/null | head -1)
check "ansible-galaxy collection install (the tarball, offline)" \
    "$venv/bin/ansible-galaxy" collection install --offline "${tarball:-missing.tar.gz}" -p "$scratch/collections"
[ -d "$scratch/collections/ansible_collections/osimage/cloud/plugins/modules" ] || finish

export ANSIBLE_COLLECTIONS_PATH="$scratch/collections" ANSIBLE_LOCALHOST_WARNING=False \
    ANSIBLE_INVENTORY_UNPARSED_WARNING=False ANSIBLE_NOCOLOR=1 ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python" \
    ANSIBLE_HOME="$scratch/ansible-home" ANSIBLE_RETRY_FILES_ENABLED=False
export OS_CLIENT_CONFIG_FILE="$OSI_TEST_KEYSTONE_CLOUDS" PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}"
alt_project=$(. "$OSI_KEYSTONE_ENV"; echo "$OSI_ALT_PROJECT_ID")
image_file="$scratch/disk.raw" other_file="$scratch/other.raw"
head -c 3145728 /dev/urandom >"$image_file"
head -c 4096 /dev/urandom >"$other_file"
name="ansible-$$-$(date +%s)"
vars=(-e "image_name=$name" -e "image_file=$image_file" -e "other_file=$other_file" -e "alt_project=$alt_project")

# playbook LOG FILE ARGS...: runs it, its recap line in $recap and its wall time in $seconds.
playbook() {
    local log="$scratch/$1.log" file=$2 start end status; shift 2
    start=$(date +%s.%N)
    "$venv/bin/ansible-playbook" -i localhost, -c local "$here/$file" "${vars[@]}" "$@" >"$log" 2>&1
    status=$?
    end=$(date +%s.%N)
    seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
    recap=$(grep -E '^localhost +:' "$log" | tail -1 | tr -s ' ')
    echo "$file $*: $recap (${seconds}s)"
    [ "$status" = 0 ] || { sed 's/^/    /' "$log" | tail -40; return 1; }
}
# The image's id and updated_at on the server: a second upload would make a new image.
server_state() {
    python3 -c 'import osimage, sys
with osimage.Connection(cloud="osi-demo") as conn:
    image = conn.find_image(sys.argv[1], ignore_missing=False)
    print(image["id"], image["updated_at"], image["status"])' "$name"
}
changed_is() { [[ "$recap" == *" changed=$1 "* && "$recap" == *" failed=0 "* ]]; }

check "converge, first run: creates and uploads" playbook first converge.yml -e expect_changed=true
check "first run: the recap counts one change" changed_is 1
first_seconds=$seconds
before=$(server_state)
check "converge, second run: changed false" playbook second converge.yml -e expect_changed=false
check "second run: the recap counts no change" changed_is 0
echo "converge: first run ${first_seconds}s, second (no-change) run ${seconds}s"
check "the second run left the same image untouched (id, updated_at)" \
    [ -n "$before" ] && [ "$before" = "$(server_state)" ]
check "lifecycle: check mode, update, share, replace, delete" playbook lifecycle.yml lifecycle.yml --diff
finish
