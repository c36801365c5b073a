#!/usr/bin/env bats
# The conventions every umkit command shares (SPEC section 2), exercised
# through due-date.

load helper

AS_OF=2026-06-03T00:00:00-07:00
# A good record: urgent, so the clock start echoes received_at as read.
REC='{"tar_id":"T1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'

# received AT: a one-line record whose received_at is AT.
received() {
	printf '{"request_type":"urgent_preservice","received_at":"%s"}\n' "$@"
}

# --- input and output -------------------------------------------------------

@test "with no operands the records come from standard input, one result key added" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" <<<"$REC"
	assert_equal "$stderr" ""
	assert_equal "$output" '{"tar_id":"T1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00","due":{"rules":"um-medi-cal","request_type":"urgent_preservice","clock_start":"2026-06-02T14:30:00-07:00","decision_by":"2026-06-05T14:30:00-07:00","practitioner_notice_by":"2026-06-05T14:30:00-07:00","member_notice_by":"2026-06-09T23:59:59-07:00","extensions":0,"checks":{"decision":"open","practitioner_notice":"open","member_notice":"open"},"timely":null}}'
}

@test "operands are read in order, and - reads standard input among them" {
	echo '{"tar_id":"A1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}' >"$BATS_TEST_TMPDIR/a.jsonl"
	echo '{"tar_id":"B1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}' >"$BATS_TEST_TMPDIR/b.jsonl"
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/a.jsonl" - "$BATS_TEST_TMPDIR/b.jsonl" \
	    <<<'{"tar_id":"S1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$(json -r .tar_id)" "A1
S1
B1"
	assert_equal "$(json -r .due.decision_by | sort -u)" 2026-06-05T14:30:00-07:00
}

@test "diagnostics name each file and count its physical lines from 1" {
	printf '%s\n' "$REC" "$REC" '{"tar_id":' >"$BATS_TEST_TMPDIR/a.jsonl"
	printf '%s\n' '{"tar_id":' "$REC" >"$BATS_TEST_TMPDIR/b.jsonl"
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/a.jsonl" - "$BATS_TEST_TMPDIR/b.jsonl" <<<"$REC
[]"
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/a.jsonl:3: not valid JSON
due-date: -:2: not a JSON object
due-date: $BATS_TEST_TMPDIR/b.jsonl:1: not valid JSON"
	assert_equal "${#lines[@]}" 4
}

@test "lines ending in CRLF are accepted" {
	printf '%s\r\n' "$REC" '{"tar_id":"T2","request_type":"nonurgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}' >"$BATS_TEST_TMPDIR/crlf.jsonl"
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/crlf.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$(json -c '[.tar_id, .received_at, .due.decision_by]')" '["T1","2026-06-02T14:30:00-07:00","2026-06-05T14:30:00-07:00"]
["T2","2026-06-02T14:30:00-07:00","2026-06-09T23:59:59-07:00"]'
	refute_output --partial $'\r'
}

@test "the last line may lack its newline" {
	printf '%s\n%s' "$REC" '{"tar_id":"T2","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}' >"$BATS_TEST_TMPDIR/nonl.jsonl"
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/nonl.jsonl"
	assert_equal "$(json -r .tar_id)" "T1
T2"
	assert_equal "$(json -r .due.decision_by)" "2026-06-05T14:30:00-07:00
2026-06-05T14:30:00-07:00"
}

@test "blank lines are skipped but still counted" {
	printf '\n   \n\t\r\n%s\n\n{"tar_id"\n' "$REC" >"$BATS_TEST_TMPDIR/blank.jsonl"
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/blank.jsonl"
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/blank.jsonl:6: not valid JSON"
	assert_equal "$(json -r .tar_id)" T1
}

@test "keys keep their input order and values are written unchanged, compact, with due added last" {
	local in='{"z":1,"received_at":"2026-06-02T14:30:00-07:00","a":{"b":[1,2.5,"x"],"c":null,"d":true},"n":[2.5,1.1,0.95,0.30000000000000004,-0,1e+300,1e-07,123456789012,-17],"request_type":"urgent_preservice","id":"00123"}'
	# The input is already in jq's compact form.
	assert_equal "$(jq -c . <<<"$in")" "$in"
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" <<<"$in"
	assert_equal "${output%%,\"due\":\{*}" "${in%\}}"
	assert_equal "$(json -c 'keys_unsorted')" '["z","received_at","a","n","request_type","id","due"]'
}

@test "strings with unicode and escapes are written as jq writes them" {
	local in='{"s":"Zo\u00eb \"Q\" \\ \t\n\r\b\f\u0001\u001f\/\u2028 \ud83d\ude00 \u00e9 ☃","t":"<>&'"'"'","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" <<<"$in"
	local want
	want=$(jq -c . <<<"$in")
	assert_equal "${output%%,\"due\":\{*}" "${want%\}}"
}

@test "an existing due key is replaced, not duplicated" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<'{"tar_id":"T1","due":{"decision_by":"stale","extra":1},"request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$(grep -o '"due":' <<<"$output" | wc -l)" 1
	assert_equal "$(json -c '[.due.decision_by, (.due | has("extra"))]')" '["2026-06-05T14:30:00-07:00",false]'
}

@test "-o csv writes a header of the first record's dotted leaf paths and one row a record" {
	run -0 --separate-stderr due-date -o csv --calendar us-federal --as-of "$AS_OF" <<<'{"tar_id":"T1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00","diagnoses":["E11.9","I10"],"member":{"id":"91234567A","name":"Doe, Jane \"JJ\""}}
{"tar_id":"T2","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00","unseen":1}'
	assert_equal "$output" 'tar_id,request_type,received_at,diagnoses,member.id,member.name,due.rules,due.request_type,due.clock_start,due.decision_by,due.practitioner_notice_by,due.member_notice_by,due.extensions,due.checks.decision,due.checks.practitioner_notice,due.checks.member_notice,due.timely
T1,urgent_preservice,2026-06-02T14:30:00-07:00,E11.9|I10,91234567A,"Doe, Jane ""JJ""",um-medi-cal,urgent_preservice,2026-06-02T14:30:00-07:00,2026-06-05T14:30:00-07:00,2026-06-05T14:30:00-07:00,2026-06-09T23:59:59-07:00,0,open,open,open,
T2,urgent_preservice,2026-06-02T14:30:00-07:00,,,,um-medi-cal,urgent_preservice,2026-06-02T14:30:00-07:00,2026-06-05T14:30:00-07:00,2026-06-05T14:30:00-07:00,2026-06-09T23:59:59-07:00,0,open,open,open,'
}

@test "-i csv builds nested objects from dotted headers, arrays from [] headers, and an integer extensions" {
	printf '%s\r\n' 'tar_id,request_type,received_at,member.id,member.last_name,diagnoses[],extensions,note' \
	    'T1,nonurgent_preservice,2026-06-02T10:00:00-07:00,91234567A,Smith,E11.9|I10,1,"a, b ""c"""' \
	    >"$BATS_TEST_TMPDIR/in.csv"
	run -0 --separate-stderr due-date -i csv --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/in.csv"
	assert_equal "$(json -c 'del(.due)')" '{"tar_id":"T1","request_type":"nonurgent_preservice","received_at":"2026-06-02T10:00:00-07:00","member":{"id":"91234567A","last_name":"Smith"},"diagnoses":["E11.9","I10"],"extensions":1,"note":"a, b \"c\""}'
	# One extension: 14 calendar days from receipt.
	assert_equal "$(json -r .due.decision_by)" 2026-06-16T23:59:59-07:00
}

@test "-i csv: a cell that does not convert is a record error on its physical line" {
	printf '%s\n' 'tar_id,request_type,received_at,extensions,note' \
	    'T1,urgent_preservice,2026-06-02T10:00:00-07:00,,"two' 'lines"' \
	    'T2,urgent_preservice,2026-06-02T10:00:00-07:00,x,' >"$BATS_TEST_TMPDIR/in.csv"
	run -1 --separate-stderr due-date -i csv --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/in.csv"
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/in.csv:4: extensions: not a whole number of 0 or more"
	assert_equal "$(json -c '[.tar_id, .note, .extensions, .due.error // .due.decision_by]')" '["T1","two\nlines",null,"2026-06-05T10:00:00-07:00"]
["T2",null,"x","extensions: not a whole number of 0 or more"]'
}

@test "csv in and csv out compose" {
	printf '%s\n' 'tar_id,request_type,received_at' 'T1,urgent_preservice,2026-06-02T10:00:00-07:00' >"$BATS_TEST_TMPDIR/in.csv"
	run -0 --separate-stderr due-date -i csv -o csv --calendar us-federal \
	    --as-of "$AS_OF" "$BATS_TEST_TMPDIR/in.csv"
	assert_equal "${lines[0]}" "tar_id,request_type,received_at,due.rules,due.request_type,due.clock_start,due.decision_by,due.practitioner_notice_by,due.member_notice_by,due.extensions,due.checks.decision,due.checks.practitioner_notice,due.checks.member_notice,due.timely"
	assert_equal "${lines[1]}" "T1,urgent_preservice,2026-06-02T10:00:00-07:00,um-medi-cal,urgent_preservice,2026-06-02T10:00:00-07:00,2026-06-05T10:00:00-07:00,2026-06-05T10:00:00-07:00,2026-06-09T23:59:59-07:00,0,open,open,open,"
	assert_equal "${#lines[@]}" 2
}

@test "--map renames another export's fields before due-date reads them" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    --map '{tar_id: .TARNumber, request_type: .Kind, received_at: .RecvDate}' \
	    <<<'{"TARNumber":"X1","Kind":"nonurgent_preservice","RecvDate":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$(json -c 'del(.due)')" '{"tar_id":"X1","request_type":"nonurgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$(json -r .due.decision_by)" 2026-06-09T23:59:59-07:00
}

@test "a map that yields no object, a non-object or two objects is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    --map 'if .n == 1 then empty elif .n == 2 then 7 elif .n == 3 then (., .) else . end' \
	    <<<'{"n":1}
{"n":2}
{"n":3}
{"n":4,"request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$stderr" "due-date: -:1: --map: failed or yielded nothing
due-date: -:2: --map: did not yield an object
due-date: -:3: --map: yielded more than one value"
	assert_equal "$(json -c '[.n, .due.error // .due.decision_by]')" '[1,"--map: failed or yielded nothing"]
[2,"--map: did not yield an object"]
[3,"--map: yielded more than one value"]
[4,"2026-06-05T14:30:00-07:00"]'
}

@test "a map that does not compile is a usage error" {
	run -2 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    --map '{tar_id: ' <<<"$REC"
	assert_equal "$output" ""
	assert_equal "${stderr_lines[${#stderr_lines[@]}-1]}" "due-date: --map: the jq program does not compile"
}

# first_line_while_open ARGS: runs due-date ARGS on a fifo, writes one
# record and keeps the fifo open; prints what due-date has written after
# WAIT tenths of a second at most (stopping as soon as there is output).
first_line_while_open() {
	local dir=$BATS_TEST_TMPDIR i
	mkfifo "$dir/fifo"
	due-date "$@" <"$dir/fifo" >"$dir/out" &
	exec 3>"$dir/fifo"
	printf '%s\n' "$REC" >&3
	for ((i = 0; i < WAIT; i++)); do
		[ -s "$dir/out" ] && break
		sleep 0.1
	done
	cat "$dir/out"
	exec 3>&-
	wait
}

@test "--unbuffered writes each record while the input is still open" {
	WAIT=100 run -0 --separate-stderr first_line_while_open --unbuffered \
	    --calendar us-federal --as-of "$AS_OF"
	assert_equal "$(json -r .due.decision_by)" 2026-06-05T14:30:00-07:00
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "$output"
}

@test "without --unbuffered output to a file is block-buffered until the end" {
	WAIT=5 run -0 --separate-stderr first_line_while_open \
	    --calendar us-federal --as-of "$AS_OF"
	assert_equal "$output" ""
	assert_equal "$(jq -r .due.decision_by "$BATS_TEST_TMPDIR/out")" 2026-06-05T14:30:00-07:00
}

@test "--unbuffered output is the same as buffered output" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$FIXTURES/due-date/request-types.jsonl"
	local buffered=$output
	run -0 --separate-stderr due-date --unbuffered --calendar us-federal \
	    --as-of "$AS_OF" "$FIXTURES/due-date/request-types.jsonl"
	assert_equal "$output" "$buffered"
	assert_equal "${#lines[@]}" 4
}

# --- bad input, errors and exit status --------------------------------------

@test "a line that is not JSON or not an object is rejected with its line; the others go through" {
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" <<<"$REC
{\"tar_id\": \"T2\"
[1,2]
\"a string\"
42
null
$REC"
	assert_equal "$stderr" "due-date: -:2: not valid JSON
due-date: -:3: not a JSON object
due-date: -:4: not a JSON object
due-date: -:5: not a JSON object
due-date: -:6: not a JSON object"
	assert_equal "$(json -r .due.decision_by)" "2026-06-05T14:30:00-07:00
2026-06-05T14:30:00-07:00"
}

@test "--rejects appends the rejected lines exactly as they were read" {
	printf 'from an earlier run\n' >"$BATS_TEST_TMPDIR/rejects"
	printf '%s\n' "$REC" '{"member": {"last_name": "O\u0027Hara"' >"$BATS_TEST_TMPDIR/in.jsonl"
	printf '[1, 2]\r\n' >>"$BATS_TEST_TMPDIR/in.jsonl"
	printf '%s\n' "$REC" >>"$BATS_TEST_TMPDIR/in.jsonl"
	printf '  not json at all' >>"$BATS_TEST_TMPDIR/in.jsonl"
	run -1 --separate-stderr due-date --rejects "$BATS_TEST_TMPDIR/rejects" \
	    --calendar us-federal --as-of "$AS_OF" "$BATS_TEST_TMPDIR/in.jsonl"
	printf '%s\n' 'from an earlier run' '{"member": {"last_name": "O\u0027Hara"' >"$BATS_TEST_TMPDIR/want"
	printf '[1, 2]\r\n  not json at all\n' >>"$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/rejects" "$BATS_TEST_TMPDIR/want"
	assert_equal "${#lines[@]}" 2
	assert_equal "${#stderr_lines[@]}" 3
}

@test "a record that cannot be processed is still written, with the error inside due" {
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" <<<'{"tar_id":"T1","request_type":"urgent_preservice"}
{"tar_id":"T2","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$stderr" "due-date: -:1: received_at: missing"
	assert_equal "${lines[0]}" '{"tar_id":"T1","request_type":"urgent_preservice","due":{"error":"received_at: missing"}}'
	assert_equal "$(json -r .due.decision_by | tail -n 1)" 2026-06-05T14:30:00-07:00
}

@test "diagnostics name the file, line and field, never a value from the data" {
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    --map 'if .crash then error(.member.last_name) else . end' <<<'{"member":{"last_name":"Zzyzxquist"}
["Zzyzxquist"]
{"member":{"last_name":"Zzyzxquist"},"request_type":"Zzyzxquist","received_at":"2026-06-02T10:00:00-07:00"}
{"member":{"last_name":"Zzyzxquist"},"request_type":"urgent_preservice","received_at":"Zzyzxquist"}
{"member":{"last_name":"Zzyzxquist"},"line_of_business":"Zzyzxquist","request_type":"urgent_preservice","received_at":"2026-06-02T10:00:00-07:00"}
{"member":{"last_name":"Zzyzxquist"},"crash":true}'
	assert_equal "$stderr" "due-date: -:1: not valid JSON
due-date: -:2: not a JSON object
due-date: -:3: request_type: not a request type of the rule set
due-date: -:4: received_at: not a date or datetime in ISO 8601 form
due-date: -:5: line_of_business: no rule set is mapped to this line of business
due-date: -:6: --map: failed or yielded nothing"
	[[ "$stderr" != *Zzyzxquist* ]]
	# The data stays on standard output, in the records written.
	assert_equal "$(json -r .member.last_name | sort -u)" Zzyzxquist
	assert_equal "${#lines[@]}" 4
}

@test "exit status is 0 when every record is processed" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$FIXTURES/due-date/request-types.jsonl"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 4
}

@test "an unreadable input file is exit 2, and the other files are still processed" {
	printf '%s\n' "$REC" >"$BATS_TEST_TMPDIR/a.jsonl"
	run -2 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/missing.jsonl" "$BATS_TEST_TMPDIR/a.jsonl"
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/missing.jsonl: No such file or directory"
	assert_equal "$(json -r .due.decision_by)" 2026-06-05T14:30:00-07:00
}

@test "the worst status wins: a rejected line and an unreadable file give 2" {
	printf '%s\n' '[]' "$REC" >"$BATS_TEST_TMPDIR/a.jsonl"
	run -2 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/a.jsonl" "$BATS_TEST_TMPDIR/missing.jsonl"
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/a.jsonl:1: not a JSON object
due-date: $BATS_TEST_TMPDIR/missing.jsonl: No such file or directory"
	assert_equal "${#lines[@]}" 1
}

# to_full_disk ARGS: due-date ARGS writing to /dev/full.
to_full_disk() {
	due-date "$@" >/dev/full
}

@test "a write error is exit 2: a full disk must not look like success" {
	run -2 --separate-stderr to_full_disk --calendar us-federal --as-of "$AS_OF" \
	    "$FIXTURES/due-date/request-types.jsonl"
	assert_equal "$stderr" "due-date: write error: No space left on device"
}

# first_line_of_many: 50,000 records through due-date into head -n 1.
first_line_of_many() {
	yes "$REC" | head -n 50000 >"$BATS_TEST_TMPDIR/many.jsonl"
	due-date --calendar us-federal --as-of "$AS_OF" "$BATS_TEST_TMPDIR/many.jsonl" \
	    2>"$BATS_TEST_TMPDIR/stderr" | head -n 1
}

@test "a closed pipe ends the command quietly" {
	run -0 --separate-stderr first_line_of_many
	assert_equal "$(json -r .due.decision_by)" 2026-06-05T14:30:00-07:00
	assert_equal "${#lines[@]}" 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/stderr")" ""
}

# --- options every command has ----------------------------------------------

@test "--help writes the usage to standard error when standard output is not a terminal, exit 0" {
	run -0 --separate-stderr due-date --help
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "usage: due-date [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]"
	[[ "$stderr" == *"--calendar NAME"* && "$stderr" == *"--explain"* ]]
	run -0 --separate-stderr due-date -h
	assert_equal "${stderr_lines[0]}" "usage: due-date [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]"
}

@test "--help writes the usage to standard output on a terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run -0 --separate-stderr script -qec 'due-date --help 2>/dev/null' /dev/null
	assert_equal "${lines[0]%$'\r'}" "usage: due-date [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]"
}

@test "--version names the command and umkit's version" {
	run -0 --separate-stderr due-date --version
	assert_output --regexp '^due-date \(umkit\) [0-9]+\.[0-9]+\.[0-9]+$'
	assert_equal "$stderr" ""
}

@test "an unknown option is a usage error" {
	run -2 --separate-stderr due-date --no-such-option <<<"$REC"
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "due-date: unknown option '--no-such-option'"
	assert_equal "${stderr_lines[1]}" "Try 'due-date --help' for more information."
}

@test "an unknown -i or -o format is a usage error" {
	run -2 --separate-stderr due-date -i xml <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: -i: unknown format 'xml' (jsonl or csv)
Try 'due-date --help' for more information."
	run -2 --separate-stderr due-date -o yaml <<<"$REC"
	assert_equal "${stderr_lines[0]}" "due-date: -o: unknown format 'yaml' (jsonl or csv)"
}

@test "without --as-of, now is the real current time" {
	# Decided nowhere: due in 2000 is overdue now, due in 2099 still open.
	run -0 --separate-stderr due-date --calendar us-federal <<<"$(received 2000-01-03T10:00 2099-06-02T10:00)"
	assert_equal "$(json -r .due.checks.decision)" "overdue
open"
}

@test "a bad --as-of is a usage error" {
	run -2 --separate-stderr due-date --as-of tomorrow <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: --as-of: not a date or datetime in ISO 8601 form
Try 'due-date --help' for more information."
}

@test "the plan's time zone is America/Los_Angeles by default, whatever TZ says" {
	TZ=Asia/Tokyo run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of "$AS_OF" <<<"$(received 2026-06-02T10:00 2026-01-15T10:00)"
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T10:00:00-07:00
2026-01-15T10:00:00-08:00"
}

@test "--tz reads times without an offset in the plan's zone" {
	run -0 --separate-stderr due-date --calendar us-federal --tz America/New_York \
	    --as-of "$AS_OF" <<<"$(received 2026-06-02T10:00)"
	assert_equal "$(json -r .due.clock_start)" 2026-06-02T10:00:00-04:00
}

@test "an unknown --tz is a usage error" {
	run -2 --separate-stderr due-date --tz Mars/Olympus_Mons <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: --tz: unknown time zone 'Mars/Olympus_Mons'
Try 'due-date --help' for more information."
}

@test "--calendar defaults to the plan calendar, which as shipped is the California one" {
	# The day after Thanksgiving 2026 is a California holiday only.
	local rec='{"request_type":"nonurgent_preservice","received_at":"2026-11-24T10:00:00-08:00"}'
	run -0 --separate-stderr due-date --as-of 2026-11-24T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-12-03T23:59:59-08:00
	run -0 --separate-stderr due-date --calendar plan --as-of 2026-11-24T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-12-03T23:59:59-08:00
	run -0 --separate-stderr due-date --calendar us-federal --as-of 2026-11-24T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-12-02T23:59:59-08:00
}

@test "an unknown --calendar name is a usage error naming the file looked for" {
	run -2 --separate-stderr due-date --calendar mars <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: $UMKIT_SHARE/calendars/mars.cal: No such file or directory"
}

# --- time -------------------------------------------------------------------

@test "a datetime without an offset is plan-local, with the offset in force that day" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-06-02T14:30 2026-06-02T14:30:15 2026-01-15T14:30:15)"
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T14:30:00-07:00
2026-06-02T14:30:15-07:00
2026-01-15T14:30:15-08:00"
}

@test "a space may stand for T, and t and z may be lower case" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received '2026-06-02 14:30:00' 2026-06-02t21:30:00z 2026-06-02T21:30:00Z)"
	assert_equal "$(json -r .due.clock_start | sort -u)" 2026-06-02T14:30:00-07:00
	assert_equal "${#lines[@]}" 3
}

@test "a date alone means 00:00:00 plan-local" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-06-02 2026-01-15)"
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T00:00:00-07:00
2026-01-15T00:00:00-08:00"
}

@test "offsets may be +HH:MM, +HHMM or +HH" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-06-03T03:00:00+05:30 2026-06-03T03:00:00+0530 2026-06-03T02:30:00+05 2026-06-02T16:30:00-05)"
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T14:30:00-07:00
2026-06-02T14:30:00-07:00
2026-06-02T14:30:00-07:00
2026-06-02T14:30:00-07:00"
}

@test "fractional seconds of 1 to 9 digits are truncated to whole seconds" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-06-02T14:30:15.9-07:00 2026-06-02T14:30:15.999999999-07:00 2026-06-02T14:30:15.123Z)"
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T14:30:15-07:00
2026-06-02T14:30:15-07:00
2026-06-02T07:30:15-07:00"
}

@test "hour 24, second 60, comma decimals and ten-digit fractions are record errors" {
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-06-02T24:00:00-07:00 2026-06-02T14:30:60-07:00 2026-06-02T14:30:15,5-07:00 2026-06-02T14:30:15.1234567890-07:00)"
	assert_equal "$stderr" "due-date: -:1: received_at: a date or time that does not exist
due-date: -:2: received_at: a date or time that does not exist
due-date: -:3: received_at: not a date or datetime in ISO 8601 form
due-date: -:4: received_at: not a date or datetime in ISO 8601 form"
	assert_equal "$(json 'has("due")' | sort -u)" true
}

@test "a local time in the spring-forward gap moves forward by the length of the gap" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-03-08T02:30 2026-03-08T01:59:59 2026-03-08T03:00)"
	assert_equal "$(json -r .due.clock_start)" "2026-03-08T03:30:00-07:00
2026-03-08T01:59:59-08:00
2026-03-08T03:00:00-07:00"
}

@test "a local time that occurs twice at fall-back is the first one" {
	run -0 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    <<<"$(received 2026-11-01T01:30 2026-11-01T01:30:00-08:00)"
	assert_equal "$(json -r .due.clock_start)" "2026-11-01T01:30:00-07:00
2026-11-01T01:30:00-08:00"
	# 72 hours from each are an hour apart.
	assert_equal "$(json -r .due.decision_by)" "2026-11-04T00:30:00-08:00
2026-11-04T01:30:00-08:00"
}

# --- holiday calendars are rules --------------------------------------------

# decision_by CALENDAR RECEIVED: the non-urgent decision deadline.
decision_by() {
	due-date --calendar "$1" --as-of "$2" <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$2\"}" |
	    jq -r .due.decision_by
}

@test "calendars work in any year: Thanksgiving 2041 on both calendars" {
	run -0 decision_by ca-state 2041-11-27T09:00:00-08:00
	assert_output 2041-12-06T23:59:59-08:00
	run -0 decision_by us-federal 2041-11-27T09:00:00-08:00
	assert_output 2041-12-05T23:59:59-08:00
}

@test "California observes Cesar Chavez Day 2030, a Sunday, on Monday; the federal calendar has no such day" {
	run -0 decision_by ca-state 2030-03-29T10:00:00-07:00
	assert_output 2030-04-08T23:59:59-07:00
	run -0 decision_by us-federal 2030-03-29T10:00:00-07:00
	assert_output 2030-04-05T23:59:59-07:00
}

@test "California does not move a Saturday holiday, except Veterans Day to Friday" {
	# July 4 2026 and November 11 2028 are Saturdays.
	run -0 decision_by ca-state 2026-07-02T10:00:00-07:00
	assert_output 2026-07-09T23:59:59-07:00
	run -0 decision_by us-federal 2026-07-02T10:00:00-07:00
	assert_output 2026-07-10T23:59:59-07:00
	run -0 decision_by ca-state 2028-11-09T10:00:00-08:00
	assert_output 2028-11-17T23:59:59-08:00
}

@test "Juneteenth is a federal holiday from 2021 on only" {
	run -0 decision_by us-federal 2020-06-18T10:00:00-07:00
	assert_output 2020-06-25T23:59:59-07:00
	run -0 decision_by us-federal 2026-06-18T10:00:00-07:00
	assert_output 2026-06-26T23:59:59-07:00
}

# --- data instead of constants ----------------------------------------------

@test "every data file due-date reads states its source and the date it took effect" {
	local f
	for f in "$UMKIT_SHARE"/rules/um-medi-cal.rules "$UMKIT_SHARE"/rules/ccm.rules \
	    "$UMKIT_SHARE"/rules/lines-of-business "$UMKIT_SHARE"/calendars/*.cal; do
		grep -q '^# Source: ' "$f" || fail "$f: no Source line"
		grep -Eq '^# Effective: [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$f" ||
		    fail "$f: no Effective line"
	done
}

@test "a malformed calendar file is a usage error naming the file and line" {
	printf '%s\n' '# closures' 'labor_day  first monday of septembre' >"$BATS_TEST_TMPDIR/bad.cal"
	run -2 --separate-stderr due-date --calendar "$BATS_TEST_TMPDIR/bad.cal" \
	    --as-of "$AS_OF" <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/bad.cal:2: unknown month 'septembre'"
}

@test "a malformed rule file is a usage error naming the file and line" {
	cp "$UMKIT_SHARE/rules/um-medi-cal.rules" "$BATS_TEST_TMPDIR/bad.rules"
	sed -i 's/72 hours after clock_start$/72 fortnights after clock_start/' "$BATS_TEST_TMPDIR/bad.rules"
	local n
	n=$(grep -n fortnights "$BATS_TEST_TMPDIR/bad.rules" | head -n 1 | cut -d: -f1)
	run -2 --separate-stderr due-date --rules "$BATS_TEST_TMPDIR/bad.rules" \
	    --calendar us-federal --as-of "$AS_OF" <<<"$REC"
	assert_equal "$output" ""
	assert_equal "$stderr" "due-date: $BATS_TEST_TMPDIR/bad.rules:$n: unknown unit 'fortnights' (hours, calendar_days or business_days)"
}

# --- scale ------------------------------------------------------------------

# one_at_a_time FILE: due-date run on each line of FILE alone.
one_at_a_time() {
	local line
	while IFS= read -r line; do
		due-date --calendar us-federal --as-of "$AS_OF" <<<"$line"
	done <"$1"
	return 0
}

@test "each line is treated on its own: line by line gives the same output as the whole stream" {
	cat "$FIXTURES/due-date/request-types.jsonl" >"$BATS_TEST_TMPDIR/in.jsonl"
	printf '%s\n' '{"tar_id":"E1","request_type":"postservice","extensions":1,"received_at":"2026-06-02"}' \
	    '{"tar_id":"E2","request_type":"nonurgent_preservice","received_at":"2026-06-05T18:00"}' >>"$BATS_TEST_TMPDIR/in.jsonl"
	run -1 --separate-stderr due-date --calendar us-federal --as-of "$AS_OF" \
	    "$BATS_TEST_TMPDIR/in.jsonl"
	local whole=$output
	run -0 --separate-stderr one_at_a_time "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" "$whole"
	assert_equal "${#lines[@]}" 6
}
