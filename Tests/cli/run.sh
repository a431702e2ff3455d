#!/usr/bin/env bash
# Tests the `osimage` command (tools/osimage) against the real Glance + Keystone of
# scripts/stack: every subcommand, the output formats, data through stdin and stdout and into
# a FIFO, verification, progress (plain lines and a terminal bar), --debug, --os-* options,
# OS_* variables and the exit codes. Prints ok/FAIL per check and "N passed, N failed" last.
#
#   Tests/cli/run.sh PREFIX      PREFIX: where scripts/install put osimage (PREFIX/bin/osimage)
# Reads the stacks' stack.env from OSI_KEYSTONE_ENV / OSI_NOAUTH_ENV (scripts/test sets them),
# else from $OSI_STACK_STATE (default ~/.cache/osimage-stack/state)/MODE/stack.env.
set -uo pipefail

prefix=$(cd "${1:?usage: run.sh PREFIX}" && pwd)
O="$prefix/bin/osimage"
suite=cli
. "$(dirname "$0")/../install/common.sh"
need_stack_envs
stack_dir=$(value_of "$keystone_env" OSI_STACK_DIR)
web_dir=$(value_of "$keystone_env" OSI_WEB_DIR)
web_url=$(value_of "$keystone_env" OSI_WEB_URL)
keystone_url=$(value_of "$keystone_env" OSI_KEYSTONE_URL)
alt=$(value_of "$keystone_env" OSI_ALT_PROJECT_ID)
noauth_glance=$(value_of "$noauth_env" OSI_GLANCE_URL)
unset OSIMAGE_LIBRARY OSI_LIBRARY LD_LIBRARY_PATH ${!OS_*}
export OS_CLIENT_CONFIG_FILE
OS_CLIENT_CONFIG_FILE=$(value_of "$keystone_env" OS_CLIENT_CONFIG_FILE)
export OS_CLOUD=osi-demo
made=()
cleanup() {
    for id in "${made[@]}"; do
        "$O" set "$id" --unprotected >/dev/null 2>&1
        "$O" --os-cloud osi-admin delete "$id" >/dev/null 2>&1
    done
    # Copies made in the noauth stack (by the copy checks).
    for id in $(cat "$work/noauth_made" 2>/dev/null); do
        OS_CLIENT_CONFIG_FILE="$both_clouds" "$O" --os-cloud osi-noauth delete "$id" >/dev/null 2>&1
    done
    rm -rf "$work"
}
trap cleanup EXIT
tag="cli$$"

# exits EXPECTED COMMAND...: COMMAND exits with status EXPECTED.
exits() {
    local expected=$1 status
    shift
    "$@"
    status=$?
    [ "$status" = "$expected" ] || { echo "exit status $status, expected $expected: $*"; return 1; }
}
# same A B: two strings are equal.
same() { [ "$1" = "$2" ] || { echo "'$1' != '$2'"; return 1; }; }
has() { grep -q -- "$2" "$1" || { echo "no '$2' in $1:"; cat "$1"; return 1; }; }

head -c 3145728 /dev/urandom >"$work/a.raw"
head -c 1048577 /dev/urandom >"$work/b.raw"
size_a=$(stat -c %s "$work/a.raw")

# ---- help, version, usage errors ----
t_help() {
    "$O" --help >"$work/help" && has "$work/help" "Commands:" || return 1
    for word in list show create save copy set unset delete "add project" "remove project" "member list" \
                "member set" import stage "task list" "task show" stores import-info "Exit status"; do
        has "$work/help" "$word" || return 1
    done
    "$O" help create | grep -q "usage: osimage create NAME" && "$O" save --help | grep -q -- "--offset"
}
t_version() { "$O" --version | grep -q "libosimage 0\."; }
t_usage_errors() {
    exits 64 "$O" frobnicate && exits 64 "$O" list --bogus && exits 64 "$O" show \
        && exits 64 "$O" -f xml list && exits 64 "$O" list --limit x && exits 64 "$O" create x --property novalue
}
check help t_help
check version t_version
check usage-errors-exit-64 t_usage_errors

# ---- create: from a file, from standard input ----
t_create_file() {
    "$O" create "$tag-a" --file "$work/a.raw" --disk-format raw --container-format bare --property "purpose=cli test" \
        --tag "$tag" --min-disk 1 --min-ram 64 --progress -f json >"$work/a.json" 2>"$work/a.err" || { cat "$work/a.err"; return 1; }
    has "$work/a.err" "upload: 100% 3.0 MiB of 3.0 MiB" || return 1
    python3 - "$work/a.json" "$size_a" "$tag" <<'PY'
import json, sys
image = json.load(open(sys.argv[1]))
assert image["status"] == "active" and image["size"] == int(sys.argv[2]), image
assert image["tags"] == [sys.argv[3]] and image["properties"]["purpose"] == "cli test", image
assert image["min_disk"] == 1 and image["min_ram"] == 64 and image["disk_format"] == "raw", image
PY
}
check create-from-file t_create_file
id_a=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/a.json" 2>/dev/null)
made+=("$id_a")

t_create_stdin() {
    id_b=$(cat "$work/b.raw" | "$O" create "$tag-b" --file - --disk-format raw -f value -c id) || return 1
    echo "$id_b" >"$work/id_b"
    same "$("$O" show "$id_b" -f value -c size)" 1048577 && same "$("$O" show "$id_b" -f value -c checksum)" "$(md5sum <"$work/b.raw" | cut -d' ' -f1)"
}
check create-from-stdin-pipe t_create_stdin
id_b=$(cat "$work/id_b" 2>/dev/null)
made+=("$id_b")

t_create_decompress() {
    # --decompress: an xz file, a gzip pipe and a zstd file staged; the image holds the
    # decompressed bytes. A corrupt stream fails (16) and leaves no image.
    local id sum
    sum=$(sha256sum <"$work/b.raw" | cut -d' ' -f1)
    xz -c "$work/b.raw" >"$work/b.raw.xz" && gzip -c "$work/b.raw" >"$work/b.raw.gz" && zstd -qc "$work/b.raw" >"$work/b.raw.zst" || return 1
    id=$("$O" create "$tag-xz" --file "$work/b.raw.xz" --decompress -f value -c id) || return 1
    echo "$id" >>"$work/id_decompressed"
    same "$("$O" show "$id" -f value -c size)" 1048577 && same "$("$O" save "$id" | sha256sum | cut -d' ' -f1)" "$sum" || return 1
    id=$(cat "$work/b.raw.gz" | "$O" create "$tag-gz" --file - --decompress --disk-format raw -f value -c id) || return 1
    echo "$id" >>"$work/id_decompressed"
    same "$("$O" save "$id" | sha256sum | cut -d' ' -f1)" "$sum" || return 1
    id=$("$O" create "$tag-zst" --disk-format raw -f value -c id) || return 1
    echo "$id" >>"$work/id_decompressed"
    "$O" stage "$id" --file "$work/b.raw.zst" --decompress && "$O" import "$id" --wait >/dev/null \
        && same "$("$O" save "$id" | sha256sum | cut -d' ' -f1)" "$sum" || return 1
    head -c 100000 "$work/b.raw.xz" >"$work/cut.raw.xz"
    exits 16 "$O" create "$tag-cut" --file "$work/cut.raw.xz" --decompress 2>"$work/cut.err" && has "$work/cut.err" "xz" \
        && same "$("$O" list --name "$tag-cut" -f value)" "" && exits 64 "$O" create "$tag-none" --decompress 2>/dev/null
}
check create-and-stage-decompress t_create_decompress
while read -r id; do made+=("$id"); done <"$work/id_decompressed" 2>/dev/null

# ---- save: stdout, a file, a FIFO, a range, verification, progress ----
t_save_stdout() { "$O" save "$id_b" | cmp - "$work/b.raw" && "$O" save "$tag-a" --file - | cmp - "$work/a.raw"; }
t_save_file() { "$O" save "$id_a" --file "$work/a.copy" && cmp "$work/a.copy" "$work/a.raw"; }
t_save_fifo() {
    mkfifo "$work/fifo"
    cat "$work/fifo" >"$work/fifo.out" &
    local reader=$!
    "$O" save "$id_a" --file "$work/fifo" || return 1
    wait "$reader" && [ -p "$work/fifo" ] && cmp "$work/fifo.out" "$work/a.raw"
}
t_save_range() {
    "$O" save "$id_a" --offset 1000 --length 4096 --file "$work/range" \
        && cmp "$work/range" <(tail -c +1001 "$work/a.raw" | head -c 4096)
}
t_save_progress_lines() {
    "$O" save "$id_a" --file "$work/p.copy" --progress 2>"$work/p.err" && has "$work/p.err" "download: 100% 3.0 MiB of 3.0 MiB" \
        && has "$work/p.err" "verified sha512" && ! grep -q $'\r' "$work/p.err"
}
t_progress_bar_on_terminal() {
    head -c 33554432 /dev/urandom >"$work/big.raw"
    script -qec "'$O' create '$tag-big' --file '$work/big.raw' --progress -f value -c id" /dev/null >"$work/tty.out" </dev/null || return 1
    local id
    id=$(tr -d '\r' <"$work/tty.out" | grep -oE '^[0-9a-f-]{36}$' | tail -n 1)
    echo "$id" >"$work/id_big"
    has "$work/tty.out" $'\r''upload \[' && has "$work/tty.out" "ETA " && has "$work/tty.out" "32.0 MiB of 32.0 MiB" \
        && has "$work/tty.out" "MiB/s"
}
t_save_verifies() {
    # The stored bytes are changed behind Glance's back: the download must fail as a checksum
    # error (exit 10) and leave no file at the target.
    local id store_file
    id=$("$O" create "$tag-corrupt" --file "$work/b.raw" -f value -c id) || return 1
    echo "$id" >"$work/id_corrupt"
    store_file=$(ls "$stack_dir"/glance/images/*/"$id")
    printf 'XXXX' | dd of="$store_file" bs=1 seek=1000 conv=notrunc 2>/dev/null
    exits 10 "$O" save "$id" --file "$work/corrupt.copy" 2>"$work/corrupt.err" && [ ! -e "$work/corrupt.copy" ] \
        && has "$work/corrupt.err" "checksum" && "$O" save "$id" --no-verify --file "$work/corrupt.copy"
}
check save-to-stdout t_save_stdout
check save-to-file t_save_file
check save-into-fifo t_save_fifo
check save-offset-length t_save_range
check save-progress-plain-lines t_save_progress_lines
check progress-bar-on-terminal t_progress_bar_on_terminal
made+=("$(cat "$work/id_big" 2>/dev/null)")
check save-verified-exit-10 t_save_verifies
t_save_parallel() {
    # 32 MiB: four parts of 4 MiB and a tail of 1 MiB parts over four connections, verified.
    "$O" save "$tag-big" --file "$work/par.copy" --connections 4 --progress 2>"$work/par.err" \
        && cmp "$work/par.copy" "$work/big.raw" && has "$work/par.err" "4 connections" \
        && has "$work/par.err" "verified sha512" || return 1
    ! "$O" save "$tag-big" --file "$work/par17.copy" --connections 17 2>"$work/par17.err" \
        && has "$work/par17.err" "connections" && [ ! -e "$work/par17.copy" ]
}
check save-connections t_save_parallel
made+=("$(cat "$work/id_corrupt" 2>/dev/null)")

# ---- save --resume: a download killed mid-body continues with a Range request ----
t_save_resume() {
    # A proxy in front of the noauth Glance hands over the first 1 MiB of the data and then
    # holds the connection; the save through it is killed (a crash, a kill -9) meanwhile.
    local noauth=(env -u OS_CLOUD OS_AUTH_TYPE=none) id proxy saver port="" kept=1048576 partial="$work/r.copy.osimage-partial"
    id=$("${noauth[@]}" OS_ENDPOINT="$noauth_glance" "$O" create "$tag-resume" --file "$work/a.raw" -f value -c id) || return 1
    python3 - "$noauth_glance" "$kept" "$work/proxy.port" <<'PY' &
import http.server, os, sys, time, urllib.error, urllib.request
upstream, limit, port_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        try:
            answer = urllib.request.urlopen(urllib.request.Request(upstream + self.path, headers=headers), timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() not in ("connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.path.endswith("/file"):
            self.wfile.write(answer.read(limit))
            self.wfile.flush()
            time.sleep(60)
        else:
            self.wfile.write(answer.read())
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(port_file + ".new", "w") as file:
    file.write(str(server.server_address[1]))
os.rename(port_file + ".new", port_file)
server.serve_forever()
PY
    proxy=$!
    for _ in $(seq 100); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
    port=$(cat "$work/proxy.port" 2>/dev/null)
    "${noauth[@]}" OS_ENDPOINT="http://127.0.0.1:$port" "$O" save "$id" --resume --file "$work/r.copy" &
    saver=$!
    for _ in $(seq 200); do [ "$(stat -c %s "$partial" 2>/dev/null)" = "$kept" ] && break; sleep 0.1; done
    kill -KILL "$saver"
    wait "$saver" 2>/dev/null
    kill "$proxy"
    wait "$proxy" 2>/dev/null
    [ ! -e "$work/r.copy" ] && [ -s "$partial.json" ] && same "$(stat -c %s "$partial")" "$kept" || return 1
    "${noauth[@]}" OS_ENDPOINT="$noauth_glance" "$O" --debug save "$id" --resume --file "$work/r.copy" --progress \
        2>"$work/r.err" || { cat "$work/r.err"; return 1; }
    cmp "$work/r.copy" "$work/a.raw" && has "$work/r.err" "Range: bytes=$kept-" && has "$work/r.err" "resumed from byte $kept" \
        && has "$work/r.err" "verified sha512" && [ ! -e "$partial" ] && [ ! -e "$partial.json" ] || return 1
    "${noauth[@]}" OS_ENDPOINT="$noauth_glance" "$O" delete "$id"
}
t_save_resume_needs_a_file() {
    exits 64 "$O" save "$id_a" --resume 2>/dev/null && exits 64 "$O" save "$id_a" --resume --file - 2>/dev/null \
        && exits 1 "$O" save "$id_a" --resume --offset 5 --file "$work/never" 2>"$work/resume.err" \
        && has "$work/resume.err" "resume" && [ ! -e "$work/never" ] && "$O" save --help | grep -q -- "--resume"
}
check save-resume-after-kill t_save_resume
check save-resume-needs-a-file t_save_resume_needs_a_file

# ---- list, show and the output formats ----
t_list_filters() {
    same "$("$O" list --name "$tag-a" -f value -c ID)" "$id_a" || return 1
    "$O" list --tag "$tag" -f value -c ID | grep -qx "$id_a" || return 1
    "$O" list --property "purpose=cli test" -f value -c Name | grep -qx "$tag-a" || return 1
    "$O" list --status active --shared -f value | grep -q "^$id_b $tag-b active$" || return 1
    same "$("$O" list --limit 1 -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1 || return 1
    same "$("$O" list --name "$tag-nothing" -f value)" "" || return 1
    # -c picks a --long column without --long, or any lower-case field, after the list's own.
    same "$("$O" list --name "$tag-a" -f value -c id -c protected -c created_at -c purpose)" \
        "$id_a False $("$O" show "$id_a" -f value -c created_at) cli test" || return 1
    "$O" list --name "$tag-a" -f json -c created_at -c ID -c Size | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert list(rows[0]) == ["ID", "created_at", "Size"] and rows[0]["Size"] == int(sys.argv[1]), rows' "$size_a" || return 1
    exits 64 "$O" list --name "$tag-a" -c Nonesuch 2>/dev/null
}
t_list_formats() {
    "$O" list --long --name "$tag-a" -f csv >"$work/list.csv" || return 1
    same "$(head -n 1 "$work/list.csv")" '"ID","Name","Disk Format","Container Format","Size","Checksum","Status","Visibility","Protected","Project","Tags"' \
        && has "$work/list.csv" "^\"$id_a\",\"$tag-a\",\"raw\",\"bare\",$size_a," || return 1
    "$O" list --name "$tag-a" >"$work/list.table" && has "$work/list.table" "^| ID  *| Name  *| Status |$" \
        && has "$work/list.table" "^| $id_a | $tag-a | active |$" || return 1
    "$O" list --name "$tag-a" -f yaml >"$work/list.yaml" && has "$work/list.yaml" "^- ID: $id_a$" && has "$work/list.yaml" "^  Status: active$" || return 1
    "$O" list --name "$tag-a" --long -c Size -c ID -f json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert list(rows[0]) == ["ID", "Size"] and rows[0]["Size"] == int(sys.argv[1]), rows' "$size_a"
}
t_show_formats() {
    "$O" show "$tag-a" -f shell >"$work/show.sh" && has "$work/show.sh" '^status="active"$' && has "$work/show.sh" "^id=\"$id_a\"$" || return 1
    "$O" show "$id_a" -f yaml | grep -qx "status: active" || return 1
    "$O" show "$id_a" -c properties -f value | grep -q "purpose='cli test'" || return 1
    "$O" show "$id_a" | grep -qE '^\| status +\| active +\|$' || return 1
    "$O" image show "$id_a" -c name -f value | grep -qx "$tag-a" || return 1
    # -c also picks a property by name, after the fields.
    same "$("$O" show "$id_a" -f shell -c purpose -c size -c os_hash_algo)" "$(printf 'size="%s"\npurpose="cli test"\nos_hash_algo="sha512"' "$size_a")"
}
t_show_missing() { exits 2 "$O" show "$tag-no-such-image" 2>"$work/missing.err" && has "$work/missing.err" "not found"; }
check list-filters t_list_filters
check list-formats-table-csv-yaml-json t_list_formats
check show-formats t_show_formats
check show-missing-exit-2 t_show_missing

# ---- set, unset ----
t_set() {
    "$O" set "$id_b" --name "$tag-b2" --property os_distro=debian --property "flavor=x y" --tag "$tag-t2" --min-ram 128 \
        --protected --community || return 1
    "$O" show "$id_b" -f json >"$work/b.json"
    python3 - "$work/b.json" "$tag" <<'PY' || return 1
import json, sys
image = json.load(open(sys.argv[1]))
tag = sys.argv[2]
assert image["name"] == tag + "-b2" and image["min_ram"] == 128 and image["protected"] is True, image
assert image["visibility"] == "community" and tag + "-t2" in image["tags"], image
assert image["properties"]["os_distro"] == "debian" and image["properties"]["flavor"] == "x y", image
PY
    exits 5 "$O" delete "$id_b" 2>/dev/null || return 1
    "$O" set "$id_b" --unprotected --shared && same "$("$O" show "$id_b" -f value -c protected)" False
}
t_unset() {
    "$O" unset "$id_b" --tag "$tag-t2" --property flavor || return 1
    "$O" show "$id_b" -f json | python3 -c '
import json, sys
image = json.load(sys.stdin)
assert "flavor" not in image["properties"] and sys.argv[1] + "-t2" not in image["tags"], image
assert image["properties"]["os_distro"] == "debian", image' "$tag"
}
t_deactivate() {
    "$O" set "$id_b" --deactivate && same "$("$O" show "$id_b" -f value -c status)" deactivated || return 1
    exits 5 "$O" save "$id_b" --file "$work/deact" 2>/dev/null || return 1
    "$O" set "$id_b" --activate && same "$("$O" show "$id_b" -f value -c status)" active
}
check set t_set
check unset t_unset
check set-deactivate-activate t_deactivate

# ---- sharing ----
t_sharing() {
    "$O" add project "$id_b" "$alt" -f json | python3 -c 'import json,sys; m=json.load(sys.stdin); assert m["status"]=="pending", m' || return 1
    same "$("$O" member list "$id_b" -f value)" "$id_b $alt pending" || return 1
    "$O" --os-cloud osi-alt member set "$id_b" "$alt" --accept -f value -c status | grep -qx accepted || return 1
    "$O" --os-cloud osi-alt list -f value -c ID | grep -qx "$id_b" || return 1
    "$O" --os-cloud osi-alt set "$id_b" --reject || return 1
    same "$("$O" member show "$id_b" "$alt" -f value -c status)" rejected || return 1
    "$O" remove project "$id_b" "$alt" && same "$("$O" member list "$id_b" -f value)" "" \
        && exits 2 "$O" remove project "$id_b" "$alt" 2>/dev/null
}
check add-project-member-list-set-remove t_sharing

# ---- import, stage, tasks, stores, import-info ----
t_stage_import() {
    local id
    id=$("$O" create "$tag-staged" --disk-format raw -f value -c id) || return 1
    echo "$id" >"$work/id_staged"
    same "$("$O" show "$id" -f value -c status)" queued || return 1
    "$O" stage "$id" --file "$work/b.raw" --progress 2>"$work/stage.err" && has "$work/stage.err" "stage: 100%" || return 1
    same "$("$O" show "$id" -f value -c status)" uploading || return 1
    "$O" import "$id" --method glance-direct --wait -f value -c status | grep -qx active || return 1
    "$O" save "$id" | cmp - "$work/b.raw"
}
t_stage_stdin() {
    local id
    id=$("$O" create "$tag-staged-stdin" --disk-format raw -f value -c id) || return 1
    echo "$id" >"$work/id_staged2"
    "$O" stage "$id" --file - <"$work/b.raw" && "$O" import "$id" --wait -f value -c status | grep -qx active || return 1
    id=$("$O" create "$tag-staged-pipe" --disk-format raw -f value -c id) || return 1
    echo "$id" >"$work/id_staged3"
    cat "$work/b.raw" | "$O" stage "$id" --file - && "$O" import "$id" --wait -f value -c status | grep -qx active \
        && "$O" save "$id" | cmp - "$work/b.raw"
}
t_create_import_web() {
    cp "$work/b.raw" "$web_dir/$tag.raw"
    local id
    id=$("$O" create "$tag-web" --import --uri "$web_url/$tag.raw" --disk-format raw --wait -f value -c id) || return 1
    echo "$id" >"$work/id_web"
    same "$("$O" show "$id" -f value -c status)" active && same "$("$O" show "$id" -f value -c size)" 1048577
}
t_create_import_file() {
    local id
    id=$("$O" create "$tag-direct" --import --file "$work/b.raw" --store slow --wait -f value -c id) || return 1
    echo "$id" >"$work/id_direct"
    "$O" show "$id" -c properties -f value | grep -q "stores='slow'" && "$O" save "$id" | cmp - "$work/b.raw"
}
t_copy_image() {
    "$O" --os-cloud osi-admin import "$id_a" --method copy-image --store slow --wait >/dev/null || return 1
    "$O" show "$id_a" -c properties -f value | grep -qE "stores='(fast,slow|slow,fast)'"
}
t_tasks() {
    exits 5 "$O" task list 2>/dev/null || return 1
    local task
    task=$("$O" --os-cloud osi-admin task list --limit 50 -f value -c ID | head -n 1)
    [ -n "$task" ] || { echo "no task listed"; return 1; }
    "$O" --os-cloud osi-admin task list --type import --status success -f csv | head -n 1 | grep -qx '"ID","Type","Status","Owner"' || return 1
    "$O" --os-cloud osi-admin task show "$task" -f json | python3 -c 'import json,sys; t=json.load(sys.stdin); assert t["id"]==sys.argv[1] and "status" in t, t' "$task" \
        && exits 2 "$O" --os-cloud osi-admin task show 00000000-0000-0000-0000-000000000000 2>/dev/null
}
t_stores() {
    "$O" stores -f value >"$work/stores" && has "$work/stores" "^fast .* True$" && has "$work/stores" "^slow .* False$" || return 1
    "$O" image stores list -f value -c ID | grep -qx slow || return 1
    "$O" --os-cloud osi-admin stores --detail -f json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert {x["ID"] for x in s} == {"fast","slow","web"} and all("Type" in x for x in s), s'
}
t_import_info() {
    "$O" import-info -f value | grep -q "glance-direct, web-download" && "$O" import info -f json | grep -q '"import-methods"'
}
check stage-and-import-glance-direct t_stage_import
check stage-from-stdin t_stage_stdin
check create-import-web-download t_create_import_web
check create-import-file-into-store t_create_import_file
check import-copy-image t_copy_image
check task-list-show t_tasks
check stores t_stores
check import-info t_import_info
for f in id_staged id_staged2 id_staged3 id_web id_direct; do made+=("$(cat "$work/$f" 2>/dev/null)"); done

# ---- copy: between clouds (keystone <-> noauth), between regions (stream, glance-download) ----
# One clouds.yaml with the clouds of both stacks, for --to-cloud.
both_clouds="$work/both-clouds.yaml"
{ cat "$OS_CLIENT_CONFIG_FILE"; sed 1d "$(value_of "$noauth_env" OS_CLIENT_CONFIG_FILE)"; } >"$both_clouds"
id_corrupt=$(cat "$work/id_corrupt" 2>/dev/null)
# no_image NAME [CLOUD]: no image of that name is left (in the keystone demo cloud, or CLOUD of both_clouds).
no_image() {
    same "$(OS_CLIENT_CONFIG_FILE="$both_clouds" "$O" --os-cloud "${2:-osi-demo}" list --name "$1" -f value -c ID)" ""
}
t_copy_to_cloud() {
    # keystone demo -> noauth by clouds.yaml name, with overrides; then back by variables.
    OS_CLIENT_CONFIG_FILE="$both_clouds" "$O" copy "$tag-a" --to-cloud osi-noauth --name "$tag-a-copy" \
        --property stage=prod --tag "$tag-extra" --community --min-ram 128 --progress -f json >"$work/copy.json" 2>"$work/copy.err" \
        || { cat "$work/copy.err"; return 1; }
    has "$work/copy.err" "copy: 100% 3.0 MiB of 3.0 MiB" || return 1
    local id checksum
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/copy.json") || return 1
    echo "$id" >>"$work/noauth_made"
    checksum=$("$O" show "$id_a" -f value -c checksum)
    python3 - "$work/copy.json" "$size_a" "$tag" "$checksum" <<'PY' || return 1
import json, sys
image = json.load(open(sys.argv[1]))
tag = sys.argv[3]
assert image["status"] == "active" and image["size"] == int(sys.argv[2]) and image["checksum"] == sys.argv[4], image
assert image["name"] == tag + "-a-copy" and sorted(image["tags"]) == sorted([tag, tag + "-extra"]), image
assert image["properties"]["purpose"] == "cli test" and image["properties"]["stage"] == "prod", image
assert image["min_disk"] == 1 and image["min_ram"] == 128 and image["visibility"] == "community", image
PY
    OS_CLIENT_CONFIG_FILE="$both_clouds" "$O" --os-cloud osi-noauth save "$id" | cmp - "$work/a.raw" || return 1
    # noauth -> keystone demo, the destination by --to-os-* variables over the source's
    # environment (--to-os-cloud '' clears the OS_CLOUD the source was opened with).
    local back
    back=$(OS_CLIENT_CONFIG_FILE="$both_clouds" OS_CLOUD=osi-noauth "$O" copy "$id" --name "$tag-a-back" --to-os-cloud '' \
        --to-os-auth-url "$keystone_url/v3" --to-os-username demo --to-os-password osi-demo-secret --to-os-project-name demo \
        --to-os-user-domain-name Default --to-os-project-domain-name Default -f value -c id) || return 1
    echo "$back" >"$work/id_back"
    same "$("$O" show "$back" -f value -c checksum)" "$checksum" && same "$("$O" show "$back" -f value -c visibility)" private
}
t_copy_regions() {
    # RegionOne -> RegionTwo of one Keystone (the stack's Glance is in both): streamed by
    # default, fetched by the destination Glance with glance-download (also what auto picks).
    local method id
    for method in stream glance-download auto; do
        id=$("$O" --debug copy "$id_a" --to-region RegionTwo --method "$method" --name "$tag-r2-$method" -f value -c id \
            2>"$work/r2.err") || { cat "$work/r2.err"; return 1; }
        echo "$id" >>"$work/id_regions"
        same "$("$O" show "$id" -f value -c checksum)" "$("$O" show "$id_a" -f value -c checksum)" || return 1
        if [ "$method" = stream ]; then
            has "$work/r2.err" "PUT http://127.0.0.1:.*/v2/images/$id/file" && ! grep -q "/v2/images/$id/import" "$work/r2.err" || return 1
        else
            has "$work/r2.err" "POST http://127.0.0.1:.*/v2/images/$id/import -> 202" && ! grep -q "PUT .*/file" "$work/r2.err" || return 1
        fi
    done
    "$O" save "$id" | cmp - "$work/a.raw"
}
t_copy_failures() {
    # A source without data: refused before anything is created.
    local empty
    empty=$("$O" create "$tag-empty" -f value -c id) || return 1
    echo "$empty" >"$work/id_empty"
    exits 3 "$O" copy "$empty" --to-region RegionTwo --name "$tag-empty-copy" 2>"$work/cf.err" && has "$work/cf.err" "not active" \
        && no_image "$tag-empty-copy" || return 1
    # A bad override (Glance refuses raw bytes as qcow2 at the upload): the copy is deleted.
    exits 7 "$O" copy "$id_a" --to-region RegionTwo --disk-format qcow2 --name "$tag-badformat" 2>"$work/cf.err" \
        && has "$work/cf.err" "was deleted after the failure" && no_image "$tag-badformat" || return 1
    # glance-download cannot change the formats: refused, nothing created.
    exits 13 "$O" copy "$id_a" --to-region RegionTwo --disk-format qcow2 --method glance-download --name "$tag-badformat" \
        2>"$work/cf.err" && has "$work/cf.err" "disk_format" && no_image "$tag-badformat" || return 1
    # A source whose stored bytes no longer match its hash: both routes fail verified.
    exits 10 "$O" copy "$id_corrupt" --to-region RegionTwo --name "$tag-corrupt-copy" 2>"$work/cf.err" \
        && has "$work/cf.err" "was deleted after the failure" && no_image "$tag-corrupt-copy" || return 1
    exits 10 "$O" copy "$id_corrupt" --to-region RegionTwo --method glance-download --name "$tag-corrupt-copy" 2>"$work/cf.err" \
        && has "$work/cf.err" "was deleted after the failure" && no_image "$tag-corrupt-copy" || return 1
    # glance-download between clouds of no common Keystone: unsupported, nothing created.
    OS_CLIENT_CONFIG_FILE="$both_clouds" exits 13 "$O" copy "$id_a" --to-cloud osi-noauth --method glance-download \
        --name "$tag-nokeystone" 2>"$work/cf.err" && has "$work/cf.err" "Keystone" && no_image "$tag-nokeystone" osi-noauth || return 1
    exits 64 "$O" copy "$id_a" 2>/dev/null && exits 64 "$O" copy "$id_a" --to-region RegionTwo --method rsync 2>/dev/null
}
check copy-to-another-cloud-and-back t_copy_to_cloud
check copy-between-regions-stream-glance-download-auto t_copy_regions
check copy-failures-leave-no-image t_copy_failures
made+=("$(cat "$work/id_back" 2>/dev/null)" "$(cat "$work/id_empty" 2>/dev/null)")
for id in $(cat "$work/id_regions" 2>/dev/null); do made+=("$id"); done

# ---- connection options, --debug, exit codes ----
t_debug() {
    "$O" --debug show "$id_a" -f value -c id 2>"$work/debug.err" >/dev/null && has "$work/debug.err" "GET http://127.0.0.1:.*/v2/images/$id_a" \
        && ! grep -q "osi-demo-secret" "$work/debug.err"
}
t_os_options() {
    env -u OS_CLOUD "$O" --os-auth-url "$keystone_url/v3" --os-username demo --os-password osi-demo-secret \
        --os-project-name demo --os-user-domain-name Default --os-project-domain-name Default show "$id_a" -f value -c id | grep -qx "$id_a" || return 1
    exits 4 env -u OS_CLOUD "$O" --os-auth-url "$keystone_url/v3" --os-username demo --os-password wrong \
        --os-project-name demo --os-user-domain-name Default --os-project-domain-name Default list 2>/dev/null || return 1
    exits 15 "$O" --os-cloud no-such-cloud list 2>/dev/null
}
t_os_variables() {
    env -u OS_CLOUD OS_AUTH_TYPE=none OS_ENDPOINT="$noauth_glance" "$O" import-info -f value | grep -q glance-direct || return 1
    env -u OS_CLOUD OS_AUTH_URL="$keystone_url/v3" OS_USERNAME=alt OS_PASSWORD=osi-alt-secret OS_PROJECT_NAME=alt \
        OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default "$O" stores -f value -c ID | grep -qx fast
}
t_delete() {
    local one two
    one=$("$O" create "$tag-del1" -f value -c id) && two=$("$O" create "$tag-del2" -f value -c id) || return 1
    "$O" delete "$one" "$tag-del2" && exits 2 "$O" show "$one" 2>/dev/null && exits 2 "$O" show "$two" 2>/dev/null || return 1
    one=$("$O" create "$tag-del3" -f value -c id) || return 1
    exits 2 "$O" delete "$tag-no-such" "$one" 2>"$work/del.err" && has "$work/del.err" "1 of 2 images failed to delete" \
        && exits 2 "$O" show "$one" 2>/dev/null
}
check debug-request-log t_debug
check os-options-and-exit-codes t_os_options
check os-variables t_os_variables
check delete-several t_delete

finish
