#!/usr/bin/env python3
"""The openstacksdk compatibility test: every script in scripts/ is openstacksdk-style code
(conn.image.* calls as a user writes them, `import osimage as openstack` being the only
change) run unchanged against osimage.connect(...) on the keystone stack; each checks its
results against the server with plain HTTP. Prints one line per script and
"N passed, N failed" last.

    python3 Tests/compat/run.py [name-part ...]

The stack is found as Tests/python finds it (OSI_KEYSTONE_ENV, else OSI_STACK_STATE).
"""
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, HERE)

import server  # noqa: E402


def main(wanted):
    state = os.environ.get("OSI_STACK_STATE", os.path.expanduser("~/.cache/osimage-stack/state"))
    env_path = os.environ.get("OSI_KEYSTONE_ENV") or os.path.join(state, "keystone", "stack.env")
    env = server.read_env(env_path)
    # openstacksdk users point at clouds.yaml the same way.
    os.environ["OS_CLIENT_CONFIG_FILE"] = env["OS_CLIENT_CONFIG_FILE"]
    scripts = sorted(name for name in os.listdir(os.path.join(HERE, "scripts")) if name.endswith(".py"))
    passed = failed = 0
    for name in scripts:
        if wanted and not any(part in name for part in wanted):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(HERE, "scripts", name))
        module = importlib.util.module_from_spec(spec)
        started = time.monotonic()
        try:
            spec.loader.exec_module(module)
            module.main(env)
            passed += 1
            print("ok   %s (%.1f s)" % (name, time.monotonic() - started))
        except Exception:  # pylint: disable=broad-except
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc(file=sys.stdout)
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
