# Sourced by the suites of Tests/install, Tests/cli and Tests/shell (set suite=NAME first): a
# work folder removed at exit, the pass/fail counters, check NAME COMMAND..., a clean
# environment for "a user's shell" and finish, which prints "N passed, N failed" last and
# gives the exit status.
work=$(mktemp -d "/tmp/osimage-$suite.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND in a subshell; ok, or FAIL with the end of its output.
check() {
    local name=$1
    shift
    if ("$@") >"$work/log" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $suite.$name"
    else
        failed=$((failed + 1))
        echo "FAIL $suite.$name"
        sed 's/^/    /' "$work/log" | tail -n 20
    fi
}

# Only what a user's shell would have (no OSIMAGE_LIBRARY/OSI_LIBRARY, LD_LIBRARY_PATH,
# PYTHONPATH, RUBYLIB, PKG_CONFIG_PATH), plus where the test stack is: "${clean[@]}" COMMAND.
clean=(env -i HOME="$HOME" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
       OSI_STACK_STATE="${OSI_STACK_STATE:-$HOME/.cache/osimage-stack/state}")
[ -n "${OSI_NOAUTH_ENV:-}" ] && clean+=(OSI_NOAUTH_ENV="$OSI_NOAUTH_ENV")
[ -n "${OSI_KEYSTONE_ENV:-}" ] && clean+=(OSI_KEYSTONE_ENV="$OSI_KEYSTONE_ENV")

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

# For the suites that use both stacks: need_stack_envs sets keystone_env and noauth_env to
# their stack.env (OSI_KEYSTONE_ENV / OSI_NOAUTH_ENV, which scripts/test sets, else under
# $OSI_STACK_STATE), or prints a failure count and exits; value_of FILE NAME reads one value.
need_stack_envs() {
    local state=${OSI_STACK_STATE:-$HOME/.cache/osimage-stack/state} file
    keystone_env=${OSI_KEYSTONE_ENV:-$state/keystone/stack.env}
    noauth_env=${OSI_NOAUTH_ENV:-$state/noauth/stack.env}
    for file in "$keystone_env" "$noauth_env"; do
        [ -f "$file" ] || { echo "no $file: start the stack (scripts/stack up keystone; scripts/stack up noauth)"; echo "0 passed, 1 failed"; exit 1; }
    done
}
value_of() { (. "$1"; eval "echo \"\$$2\""); }
