#!/usr/bin/env bash
# tests/integration/run.sh: run the integration tests against a running stack
# and count their results.
#
# Usage: tests/integration/run.sh [NAME-PREFIX...]
#   e.g. run.sh t0000 t1      only scripts whose names start with these
# Needs the variables of `scripts/stack env DIR` (scripts/test sets them).
# Each tNNNN-*.sh runs in its own bash under `timeout` (DEPOT_TEST_TIMEOUT,
# default 300 s).  Its `ok` and `not ok` lines are counted; a script that
# exits non-zero without a `not ok` line counts as one failure.  The last
# line is `integration: N passed, N failed`; the exit status is 1 if
# anything failed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${DEPOT_TEST_TIMEOUT:-300}

for v in DEPOT_URL DEPOT_CONF DEPOTCTL DEPOTD DEPOT_DIR; do
	if [[ -z ${!v:-} ]]; then
		echo "run.sh: $v is not set; run scripts/test, or: eval \"\$(scripts/stack env DIR)\"" >&2
		exit 2
	fi
done

selected() {
	local name=$1 p
	(($# == 1)) && return 0
	shift
	for p in "$@"; do
		[[ $name == "$p"* ]] && return 0
	done
	return 1
}

pass=0
fail=0
failed_scripts=()
out=$(mktemp /tmp/depot-run.XXXXXX)
trap 'rm -f "$out"' EXIT

for t in "$HERE"/t[0-9]*.sh; do
	[[ -e $t ]] || continue
	name=$(basename "$t" .sh)
	selected "$name" "$@" || continue
	echo "# --- $name"
	start=$SECONDS
	set +e
	timeout -k 10 "$TIMEOUT" bash "$t" </dev/null | tee "$out"
	rc=${PIPESTATUS[0]}
	set -e
	p=$(grep -c '^ok ' "$out" || true)
	f=$(grep -c '^not ok ' "$out" || true)
	if ((rc != 0 && f == 0)); then
		f=1
		if ((rc == 124 || rc == 137)); then
			echo "not ok - $name timed out after $TIMEOUT s"
		else
			echo "not ok - $name exited with status $rc"
		fi
	fi
	((f == 0)) || failed_scripts+=("$name")
	echo "# $name done: $p passed, $f failed ($((SECONDS - start)) s)"
	pass=$((pass + p))
	fail=$((fail + f))
done

if ((${#failed_scripts[@]} > 0)); then
	echo "# failed: ${failed_scripts[*]}"
fi
echo "integration: $pass passed, $fail failed"
((fail == 0))
