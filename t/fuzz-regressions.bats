#!/usr/bin/env bats
# Inputs the fuzz targets (make fuzz) once crashed on, run through the
# commands: each must be handled, with the status and the answer below.

load helper

REG="$BATS_TEST_DIRNAME/fuzz/regressions"

@test "a malformed line that made libjq leak is rejected, and the next line still comes out" {
	{ cat "$REG/record-libjq-leak"; echo; echo '{"tar_id":"T2"}'; } >"$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr tar-validate --calendar us-federal "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "tar-validate: $BATS_TEST_TMPDIR/in:1: not valid JSON"
	assert_equal "$(json -r .tar_id)" "T2"
}

@test "a huge extensions count is a record error, not undefined behaviour" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-01T00:00:00-07:00 "$REG/record-huge-extensions"
	assert_equal "$(json -r .due.error)" "extensions: more extensions than this request type allows"
	assert_equal "$stderr" "due-date: $REG/record-huge-extensions:1: extensions: more extensions than this request type allows"
}

@test "a date before standard time prints in whole minutes and reads back" {
	run -0 due-date --calendar us-federal --as-of 2026-06-01T00:00:00-07:00 \
	    <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$(cat "$REG/datetime-lmt-offset")\"}"
	assert_equal "$(json -r .due.clock_start)" "1222-03-13T00:00:58-07:52"
}
