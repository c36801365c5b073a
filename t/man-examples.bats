#!/usr/bin/env bats
# The EXAMPLES of the pages that have no suite of their own, run as
# printed: each "$ " command's output must equal the page's (STYLE 17).

load helper

check_page() {
	local work="$BATS_TEST_TMPDIR/work"
	mkdir -p "$work"
	# The pages run their examples from the top of the source tree.
	ln -s "$TOP/share" "$work/share"
	ln -s "$TOP/examples" "$work/examples"
	run -0 "$TOP/t/mancheck" "$TOP/man/$1" "$work"
	refute_output --partial MISMATCH
}

@test "due-date(1) examples print what the page shows" {
	check_page due-date.1
}

@test "umkit(7) examples print what the page shows" {
	check_page umkit.7
}

@test "umkit-calendar(5) examples print what the page shows" {
	check_page umkit-calendar.5
}

@test "umkit-rules(5) examples print what the page shows" {
	check_page umkit-rules.5
}
