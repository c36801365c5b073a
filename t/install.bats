#!/usr/bin/env bats
# make install: the installed commands work from any directory, without
# the source tree.

load helper

@test "an installed due-date finds its data under PREFIX from any directory" {
	local prefix="$BATS_TEST_TMPDIR/prefix"
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" install PREFIX="$prefix"
	[ -x "$prefix/bin/due-date" ]
	[ -f "$prefix/share/umkit/rules/um-medi-cal.rules" ]
	[ -f "$prefix/share/man/man1/due-date.1" ]
	[ -f "$prefix/share/man/man7/umkit.7" ]
	cd "$BATS_TEST_TMPDIR"
	unset UMKIT_SHARE
	run -0 "$prefix/bin/due-date" --calendar us-federal \
	    --as-of 2026-03-07T11:00:00-08:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-03-07T10:00:00-08:00"}'
	assert_equal "$(json -r .due.decision_by)" "2026-03-10T11:00:00-07:00"
}

@test "DESTDIR stages the files under it" {
	local stage="$BATS_TEST_TMPDIR/stage"
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" install PREFIX=/usr/local DESTDIR="$stage"
	[ -x "$stage/usr/local/bin/tar-validate" ]
	[ -f "$stage/usr/local/share/umkit/tar/rulebook" ]
	[ -f "$stage/usr/local/share/man/man5/umkit-rules.5" ]
}

@test "a command moved away from PREFIX finds the data directory compiled in for that PREFIX" {
	# The tree was built before with the default PREFIX: make install
	# with another one must rebuild what knows the data directory.
	local prefix="$BATS_TEST_TMPDIR/prefix2"
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" install PREFIX="$prefix"
	mkdir "$BATS_TEST_TMPDIR/elsewhere"
	mv "$prefix/bin/due-date" "$BATS_TEST_TMPDIR/elsewhere/"
	cd "$BATS_TEST_TMPDIR"
	unset UMKIT_SHARE
	run -0 "$BATS_TEST_TMPDIR/elsewhere/due-date" --calendar us-federal \
	    --as-of 2026-03-07T11:00:00-08:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-03-07T10:00:00-08:00"}'
	assert_equal "$(json -r .due.decision_by)" "2026-03-10T11:00:00-07:00"
	# And a plain make puts the default back.
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP"
	run -0 strings "$TOP/bin/due-date"
	assert_output --partial "/usr/local/share/umkit"
	refute_output --partial "$prefix"
}
