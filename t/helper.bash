# t/helper.bash -- shared set-up for the bats suites: hermetic runs.
bats_require_minimum_version 1.5.0

load_libs() {
	local d
	for d in /usr/lib/bats /usr/lib/bats-core /usr/local/lib/bats; do
		if [ -f "$d/bats-support/load.bash" ]; then
			load "$d/bats-support/load.bash"
			load "$d/bats-assert/load.bash"
			return
		fi
	done
}
load_libs

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
export LC_ALL=C
export TZ=UTC
export UMKIT_SHARE="$TOP/share/umkit"
PATH="${UMKIT_BIN:-$TOP/bin}:$PATH"
export PATH
FIXTURES="$TOP/t/fixtures"

# json FILTER: run jq -c on $output (the command's standard output).
json() {
	printf '%s\n' "$output" | jq -c "$@"
}
