"""Runs a Python example's program file inline through the Pulumi Automation API.

The Python language host cannot be installed on the build machines, so the e2e
suite runs the example's ``__main__.py`` with runpy inside an inline program;
the real CLI and engine on PATH do the rest. With a normal Pulumi install the
same program runs with ``pulumi up``.

Usage: python driver.py preview|up|refresh|destroy
Environment: E2E_WORK_DIR (the program folder), E2E_STACK (the stack name).
"""

import os
import re
import runpy
import sys

from pulumi import automation as auto


def project_name(work_dir: str) -> str:
    with open(os.path.join(work_dir, "Pulumi.yaml"), encoding="utf-8") as f:
        match = re.search(r"^name:\s*(\S+)", f.read(), re.MULTILINE)
    if not match:
        raise SystemExit(f"no project name in {work_dir}/Pulumi.yaml")
    return match.group(1)


def main() -> None:
    op = sys.argv[1] if len(sys.argv) > 1 else ""
    work_dir = os.environ["E2E_WORK_DIR"]
    stack_name = os.environ["E2E_STACK"]

    def program() -> None:
        runpy.run_path(os.path.join(work_dir, "__main__.py"), run_name="__main__")

    stack = auto.create_or_select_stack(
        stack_name=stack_name,
        project_name=project_name(work_dir),
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    on_output = print
    if op == "preview":
        stack.preview(on_output=on_output)
    elif op == "up":
        stack.up(on_output=on_output)
    elif op == "refresh":
        stack.refresh(on_output=on_output)
    elif op == "destroy":
        stack.destroy(on_output=on_output)
    else:
        raise SystemExit(f"unknown operation {op!r}")


if __name__ == "__main__":
    main()
