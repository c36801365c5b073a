#!/usr/bin/env bats
# The README's due-date pipeline and the demo pipeline, run as printed.

load helper

late_requests() {
	due-date --as-of 2026-04-30T17:00:00-07:00 "$TOP/examples/tars.jsonl" |
	    jq -c 'select(.due.timely == false) | {tar_id, due: .due.checks}'
}

@test "the README's pipeline lists the late and overdue example requests" {
	run -0 late_requests
	assert_line --index 0 '{"tar_id":"T26-000102","due":{"decision":"overdue","practitioner_notice":"overdue","member_notice":"overdue"}}'
	assert_line '{"tar_id":"T26-000107","due":{"decision":"met","practitioner_notice":"overdue","member_notice":"overdue"}}'
	refute_line --partial '"T26-000101"'
}

@test "make demo validates the examples and shows their deadlines" {
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" demo
	assert_line --index 1 "$(printf 'T26-000101\ttrue\toutpatient\t2026-03-09T23:59:59-07:00\ttrue')"
	assert_line "$(printf 'T26-000108\ttrue\tmedi-cal-rx\t2026-03-17T23:59:59-07:00\tfalse')"
}
