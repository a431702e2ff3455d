#!/usr/bin/env bash
# Not a suite: times converge.yml (osimage.cloud.osimage_image) against the same playbook with
# openstack.cloud.image, first run and no-change runs, on the keystone stack. Needs a venv
# with ansible (which bundles openstack.cloud) and openstacksdk (galaxy.ansible.com may be
# unreachable; PyPI's "ansible" package carries the collection):
#   python3 -m venv V && V/bin/pip install ansible openstacksdk
#   OSI_COMPARE_VENV=V OSI_LIBRARY=.../libosimage.so Tests/ansible/compare.sh KEYSTONE_CLOUDS_YAML [RUNS]
# The osimage side runs with OSI_ANSIBLE_VENV (default: the ansible suite's venv, ansible-core
# only), so openstacksdk's imports never weigh on it. openstack.cloud 2.5.0 (ansible 12.3)
# calls openstack.version without importing it, which fails with openstacksdk 4.22 ("module
# 'openstack' has no attribute 'version'"): put a .pth file with "import openstack.version"
# into V's site-packages.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${OSI_COMPARE_VENV:?set OSI_COMPARE_VENV to a venv with ansible and openstacksdk}
clouds=${1:?the keystone stack clouds.yaml}
runs=${2:-3}
ours=${OSI_ANSIBLE_VENV:-$HOME/.cache/osimage-stack/venv-ansible}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export OS_CLIENT_CONFIG_FILE="$clouds" PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}" \
    ANSIBLE_COLLECTIONS_PATH="$root/ansible" ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_NOCOLOR=1 \
    ANSIBLE_INVENTORY_UNPARSED_WARNING=False
head -c 3145728 /dev/urandom >"$scratch/disk.raw"
run() { # run LABEL VENV PLAYBOOK NAME EXPECT
    local start end log="$scratch/run.log" label=$1 env=$2
    shift 2
    start=$(date +%s.%N)
    ANSIBLE_PYTHON_INTERPRETER="$env/bin/python" "$env/bin/ansible-playbook" -i localhost, -c local "$root/Tests/ansible/$1" -e "image_name=$2" \
        -e "image_file=$scratch/disk.raw" -e "expect_changed=$3" >"$log" 2>&1 || tail -20 "$log"
    end=$(date +%s.%N)
    printf '%-28s %s  %.2fs\n' "$label" "$(grep -E '^localhost +:' "$log" | tr -s ' ' | cut -d' ' -f3-5)" \
        "$(python3 -c "print($end - $start)")"
}
a="compare-osimage-$$" b="compare-openstack-$$"
run "osimage first" "$ours" converge.yml "$a" true
run "openstack.cloud first" "$venv" converge-openstack.yml "$b" true
for i in $(seq "$runs"); do
    run "osimage no-change $i" "$ours" converge.yml "$a" false
    run "openstack.cloud no-change $i" "$venv" converge-openstack.yml "$b" false
done
python3 -c 'import osimage, sys
with osimage.Connection(cloud="osi-demo") as conn:
    for name in sys.argv[1:]:
        for image in list(conn.images(name=name)):
            conn.delete_image(image)' "$a" "$b"
