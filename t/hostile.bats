#!/usr/bin/env bats
# Hostile input against every command in bin/: whatever the input holds,
# a command never crashes or hangs, never loses a good record, never
# prints a value from the data, and says so in its exit status (SPEC
# section 2; umkit(7), BAD INPUT).  Each behaviour is one function below,
# run once for each command; a command not built yet is skipped.

load helper

BIN=${UMKIT_BIN:-$TOP/bin}
HOSTILE=$FIXTURES/hostile
REGRESSIONS=$TOP/t/fuzz/regressions

# use CMD: CMD is the command under test.  Sets ARGS, its arguments;
# GOOD, the printf format of its good record (%s: the record's ref);
# PROBE, a jq condition that holds for the good record's result; SUMMARY,
# the jq filter that reduces an output line to the lines of the fixture
# files t/fixtures/hostile/CMD/*.out.  Skips the test when CMD is not built.
use() {
	CMD=$1
	[ -x "$BIN/$CMD" ] || skip "$CMD not built"
	case $CMD in
	due-date)
		ARGS=(--calendar us-federal --as-of 2026-06-01T00:00:00-07:00)
		GOOD='{"ref":"%s","tar_id":"T1","request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00"}'
		PROBE='.due.decision_by == "2026-06-05T14:30:00-07:00"'
		SUMMARY='[.ref, .due.error // [.due.clock_start, .due.decision_by, .due.timely]]'
		;;
	tar-validate)
		ARGS=(--calendar us-federal)
		GOOD='{"ref":"%s","tar_id":"T26-000001","request_type":"nonurgent_preservice","line_of_business":"medi-cal","received_at":"2026-03-02T10:00:00-08:00","member":{"id":"91234567A","first_name":"Ana","last_name":"Reyes","dob":"1958-02-11","language":"es"},"provider":{"npi":"1234567893","name":"Valley Orthopedics"},"setting":"outpatient","category":"surgical","services":[{"code":"29881","units":1}],"diagnoses":["M23.205","M17.11"],"clinical_indications":"Locked knee, failed 8 weeks of physical therapy.","history":"MRI 2026-02-10 shows a medial meniscus tear.","place_of_service":"22","procedure_date":"2026-03-20"}'
		PROBE='.validation.valid == true and .validation.route == "outpatient"'
		SUMMARY='[.ref, .validation.error // [.validation.valid, [.validation.errors[].code], [.validation.warnings[].code]]]'
		;;
	ccm-eligible)
		ARGS=(--calendar us-federal)
		GOOD='{"ref":"%s","member":{"id":"91234567A","first_name":"Luis","last_name":"Ortega","dob":"1959-03-10","language":"en"},"line_of_business":"medi-cal","coverage":{"partnership_primary":true},"ecm_enrolled":false,"diagnoses":["E11.9","I10"],"needs_icp":true,"identified_at":"2026-05-01T10:00:00-07:00"}'
		PROBE='.ccm.eligible == true and .ccm.age == 67 and .ccm.contact_by == "2026-05-31"'
		SUMMARY='[.ref, .ccm.error // [.ccm.eligible, .ccm.age, .ccm.outreach_by, .ccm.contact_by, .ccm.assessment_by]]'
		;;
	irr-sample)
		# --summary: one line per reviewer, so the good records show
		# as the caseload of reviewer R-H.
		ARGS=(--summary)
		GOOD='{"case_id":"%s","reviewer":{"id":"R-H","role":"nurse_coordinator"},"review_type":"inpatient","decision":{"outcome":"approve","at":"2026-03-03T10:00:00-08:00"}}'
		PROBE=
		SUMMARY='[.reviewer, .caseload, .quota, .selected]'
		;;
	irr-score)
		# One line for reviewer R-H and one for all.
		ARGS=()
		GOOD='{"case_id":"%s","reviewer":{"id":"R-H"},"decision":{"outcome":"approve"},"audit":{"outcome":"approve"}}'
		PROBE=
		SUMMARY='[.reviewer, .cases, .agree]'
		;;
	letter-render)
		ARGS=(-t noa-denial --as-of 2026-03-03T12:00:00-08:00)
		GOOD='{"ref":"%s","tar_id":"T26-000001","request_type":"nonurgent_preservice","line_of_business":"medi-cal","received_at":"2026-03-02T10:00:00-08:00","member":{"id":"91234567A","first_name":"Ana","last_name":"Reyes","dob":"1958-02-11","language":"en","address":{"line1":"12 Oak St","city":"Eureka","state":"CA","zip":"95501"}},"provider":{"npi":"1234567893","name":"Valley Orthopedics"},"setting":"outpatient","category":"surgical","services":[{"code":"29881","units":1,"description":"knee arthroscopy (a scope of the knee joint)"}],"diagnoses":["M23.205","M17.11"],"clinical_indications":"Locked knee, failed 8 weeks of physical therapy.","history":"MRI 2026-02-10 shows a medial meniscus tear.","place_of_service":"22","procedure_date":"2026-03-20","decision":{"outcome":"deny","basis":"medical_necessity","at":"2026-03-03T10:00:00-08:00","reason":"The request is for knee arthroscopy. Your records do not show 12 weeks of physical therapy.","criteria":"InterQual 2026 Knee Arthroscopy","by":{"id":"D3","name":"Dr. Kim","role":"medical_director"}}}'
		PROBE='.letter.template == "noa-denial" and (.letter.body | contains("InterQual 2026 Knee Arthroscopy"))'
		SUMMARY='[.ref, .letter.error // [.letter.template, .letter.language, (.letter.body | capture("On (?<d>[A-Z][a-z]+ [0-9]+, [0-9]+), we said no").d)]]'
		;;
	*)
		fail "no hostile set-up for $CMD"
		;;
	esac
}

# good REF...: one good record of the command under test for each REF.
good() {
	# shellcheck disable=SC2059 # GOOD is the format
	printf "$GOOD\n" "$@"
}

# good_with MEMBERS REF: the good record REF with MEMBERS (JSON text, or
# raw bytes) as its first members.
good_with() {
	printf '{%s,' "$1"
	good "$2" | cut -c2-
}

# irr_quota N: the IRR quota of a caseload of N, min(50, ceil(5% of N)).
irr_quota() {
	local q=$((($1 * 5 + 99) / 100))
	echo $((q > 50 ? 50 : q))
}

# assert_good REF...: the output is exactly the good records REF..., each
# with its right result, in order, every line whole JSON.  For irr-sample
# and irr-score, whose lines are per reviewer, the count of good records
# is reviewer R-H's caseload or number of cases.
assert_good() {
	local n=$#

	case $CMD in
	irr-sample)
		if [ "$n" -eq 0 ]; then
			assert_equal "$output" ""
			return
		fi
		assert_equal "$(json -s -c 'map([.reviewer, .caseload, .quota, .selected])')" \
		    "[[\"R-H\",$n,$(irr_quota "$n"),$(irr_quota "$n")]]"
		;;
	irr-score)
		# With no cases there is still the line for all.
		if [ "$n" -eq 0 ]; then
			assert_equal "$(json -s -c 'map([.reviewer, .cases, .agree, .agreement])')" \
			    '[[null,0,0,null]]'
			return
		fi
		assert_equal "$(json -s -c 'map([.reviewer, .cases, .agree, .agreement])')" \
		    "[[\"R-H\",$n,$n,1],[null,$n,$n,1]]"
		;;
	*)
		assert_equal "$(json -s length)" "$n"
		assert_equal "$(json -r "select($PROBE) | .ref")" \
		    "$( ((n == 0)) || printf '%s\n' "$@")"
		;;
	esac
}

# assert_no_data: standard error holds no value from the data (every
# hostile input here spells its values Zzyzxquist or 4242...).
assert_no_data() {
	if [[ "$stderr" == *Zzyzx* || "$stderr" == *quist* ||
	    "$stderr" == *4242* ]]; then
		fail "a value from the data on standard error: $stderr"
	fi
}

# to_file ARGS...: the command under test on ARGS, standard output to
# $BATS_TEST_TMPDIR/out (for outputs too big to keep in $output).
to_file() {
	"$CMD" "${ARGS[@]}" "$@" >"$BATS_TEST_TMPDIR/out"
}

# to_full_disk ARGS...: the command under test on ARGS, writing to /dev/full.
to_full_disk() {
	"$CMD" "${ARGS[@]}" "$@" >/dev/full
}

# many N: N good records; for irr-sample and irr-score each from its own
# reviewer, so that their output is as long as a stream command's.
many() {
	case $CMD in
	irr-sample)
		seq "$1" | awk '{ printf "{\"case_id\":\"C%d\",\"reviewer\":{\"id\":\"R%07d\",\"role\":\"nurse_coordinator\"},\"review_type\":\"inpatient\",\"decision\":{\"outcome\":\"approve\",\"at\":\"2026-03-03T10:00:00-08:00\"}}\n", $1, $1 }'
		;;
	irr-score)
		seq "$1" | awk '{ printf "{\"case_id\":\"C%d\",\"reviewer\":{\"id\":\"R%07d\"},\"decision\":{\"outcome\":\"approve\"},\"audit\":{\"outcome\":\"approve\"}}\n", $1, $1 }'
		;;
	*)
		# shellcheck disable=SC2046 # one word per ref
		good $(seq -f 'G%.0f' "$1")
		;;
	esac
}

# first_line_of_many: 50,000 records through the command into head -n 1;
# the command's standard error goes to $BATS_TEST_TMPDIR/err and its exit
# status to $BATS_TEST_TMPDIR/status.
first_line_of_many() {
	many 50000 >"$BATS_TEST_TMPDIR/many.jsonl"
	"$CMD" "${ARGS[@]}" "$BATS_TEST_TMPDIR/many.jsonl" \
	    2>"$BATS_TEST_TMPDIR/err" | head -n 1
	echo "${PIPESTATUS[0]}" >"$BATS_TEST_TMPDIR/status"
}

# stop_mid_stream SIGNAL: feeds 1,000 good records and the first half of
# one more through a FIFO that stays open, waits until the command has
# read all it was given (it sleeps in read), and sends SIGNAL.  Sets
# status to the command's exit status; its standard output and error are
# in $BATS_TEST_TMPDIR/out and err.
stop_mid_stream() {
	local fifo=$BATS_TEST_TMPDIR/fifo pid state _

	mkfifo "$fifo"
	"$CMD" "${ARGS[@]}" "$fifo" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	# Not descriptor 3: bats writes its report there.
	exec 8>"$fifo"
	# shellcheck disable=SC2046 # one word per ref
	good $(seq -f 'G%.0f' 1000) >&8
	printf '{"ref":"Zzyzxquist' >&8
	# The writes have returned, so the command was woken for the last of
	# them: once it sleeps again, it has read everything there is.
	for _ in $(seq 1200); do
		state=$(cut -d' ' -f3 "/proc/$pid/stat")
		case $state in
		S | Z) break ;;	# all read, or dead already
		esac
		sleep 0.05
	done
	kill -s "$1" "$pid"
	status=0
	wait "$pid" || status=$?
	exec 8>&-
}

# --- the behaviours --------------------------------------------------------

# A 10 MB string in a good record is kept whole; a 10 MB line of garbage
# is rejected with a short diagnostic.
big_lines() {
	local f=$BATS_TEST_TMPDIR/big.jsonl

	{
		printf '{"note":"'
		yes Zzyzxquist | head -n 1048576 | tr -d '\n'
		printf '",'
		good G1 | cut -c2-
		yes Zzyzxquist | head -n 1048576 | tr -d '\n'
		echo
		good G2
	} >"$f"
	run -1 --separate-stderr to_file "$f"
	assert_equal "$stderr" "$CMD: $f:2: not valid JSON"
	assert_no_data
	output=$(jq -c 'if has("note") then .note |= [length, .[0:10]] else . end' \
	    "$BATS_TEST_TMPDIR/out")
	assert_good G1 G2
	if [ -n "$PROBE" ]; then
		assert_equal "$(json -c 'select(.ref == "G1") | .note')" \
		    '[10485760,"Zzyzxquist"]'
	fi
}

# Bytes that are not UTF-8 inside strings become U+FFFD, as in libjq.
bad_utf8() {
	local f=$BATS_TEST_TMPDIR/utf8.jsonl

	{
		good_with "$(printf '"note":"Zzyzx\xff\xfequist","\xc0\xaf":"\xed\xa0\x80","x":["\xf4\x90\x80\x80\xe2\x82"]')" G1
		good G2
	} >"$f"
	run -0 --separate-stderr "$CMD" "${ARGS[@]}" "$f"
	assert_equal "$stderr" ""
	assert_good G1 G2
	# What is written is valid UTF-8.
	printf '%s\n' "$output" | iconv -f UTF-8 -t UTF-8 >/dev/null
	# The strings are as jq(1) reads them, which is libjq's doing too.
	if [ -n "$PROBE" ]; then
		assert_equal "$(json -c 'select(.ref == "G1") | [.note, keys_unsorted[1], .x]')" \
		    "$(head -n 1 "$f" | jq -c '[.note, keys_unsorted[1], .x]')"
		assert_equal "$(json -r 'select(.ref == "G1") | .note')" \
		    $'Zzyzx\xef\xbf\xbd\xef\xbf\xbdquist'
	fi
}

# A NUL byte is never valid JSON, wherever it is in the line.
nul_bytes() {
	local f=$BATS_TEST_TMPDIR/nul.jsonl

	{
		printf '{"note":"Zzyzxquist\0",'
		good B1 | cut -c2-
		printf '\0\n'
		good B3 | tr -d '\n'
		printf '\0\n'
		printf '{\0'
		good B4 | cut -c2-
		good G1
	} >"$f"
	run -1 --separate-stderr "$CMD" "${ARGS[@]}" "$f"
	assert_equal "$stderr" "$CMD: $f:1: not valid JSON
$CMD: $f:2: not valid JSON
$CMD: $f:3: not valid JSON
$CMD: $f:4: not valid JSON"
	assert_good G1
}

crlf_line_ends() {
	local f=$BATS_TEST_TMPDIR/crlf.jsonl

	good G1 G2 | sed 's/$/\r/' >"$f"
	run -0 --separate-stderr "$CMD" "${ARGS[@]}" "$f"
	assert_equal "$stderr" ""
	assert_good G1 G2
	refute_output --partial $'\r'
}

# The last line may lack its newline, and may end in a bare CR instead.
no_final_newline() {
	local a=$BATS_TEST_TMPDIR/a.jsonl b=$BATS_TEST_TMPDIR/b.jsonl

	printf '%s\n%s' "$(good G1)" "$(good G2)" >"$a"
	printf '%s\r' "$(good G3)" >"$b"
	run -0 --separate-stderr "$CMD" "${ARGS[@]}" "$a" "$b"
	assert_equal "$stderr" ""
	assert_good G1 G2 G3
}

# Nesting deeper than libjq follows is rejected before libjq sees it (our
# own validator, 256 levels) or by libjq (128 objects): no recursion runs
# away, and the next line is read as usual.
deep_nesting() {
	local f=$BATS_TEST_TMPDIR/deep.jsonl

	{
		printf '{"Zzyzxquist":%.0s' $(seq 10000)
		printf 4242
		printf '}%.0s' $(seq 10000)
		echo
		printf '{"a":'
		printf '[%.0s' $(seq 10000)
		printf 4242
		printf ']%.0s' $(seq 10000)
		echo '}'
		printf '[%.0s' $(seq 10000)
		echo
		printf '{"Zzyzxquist":%.0s' $(seq 10000)
		echo
		printf '{"Zzyzxquist":%.0s' $(seq 200)
		printf 4242
		printf '}%.0s' $(seq 200)
		echo
		good G1
	} >"$f"
	run -1 --separate-stderr "$CMD" "${ARGS[@]}" "$f"
	assert_equal "$stderr" "$CMD: $f:1: not valid JSON
$CMD: $f:2: not valid JSON
$CMD: $f:3: not valid JSON
$CMD: $f:4: not valid JSON
$CMD: $f:5: not valid JSON"
	assert_good G1
}

# fixture NAME: t/fixtures/hostile/CMD/NAME.jsonl through the command;
# the output, reduced by SUMMARY, must be NAME.out and standard error
# NAME.err (exit 1 when that is not empty, else 0).
fixture() {
	local dir=$HOSTILE/$CMD want=0

	[ -f "$dir/$1.jsonl" ] || fail "no fixture $dir/$1.jsonl"
	cd "$dir" || return
	[ ! -s "$1.err" ] || want=1
	run "-$want" --separate-stderr "$CMD" "${ARGS[@]}" "$1.jsonl"
	assert_equal "$stderr" "$(cat "$1.err")"
	assert_equal "$(json -c "$SUMMARY")" "$(cat "$1.out")"
	assert_no_data
	# A stream command writes every record, each as one whole line.
	[ -z "$PROBE" ] ||
	    assert_equal "$(json -s length)" "$(grep -c . "$1.jsonl")"
}

# Every record with a value of the wrong JSON type comes out with a record
# error or a finding; the good record at the end comes out as always.
wrong_types() {
	fixture types
}

# Year 0, 9999-12-31 with deadlines beyond it, 2038-01-19T03:14:08Z (one
# second past 32-bit time) and 2106 (past unsigned 32-bit time).
dates_out_of_range() {
	fixture dates
}

empty_input() {
	local e=$BATS_TEST_TMPDIR/empty.jsonl b=$BATS_TEST_TMPDIR/blank.jsonl

	: >"$e"
	printf '\n  \r\n\t\n' >"$b"
	run -0 --separate-stderr "$CMD" "${ARGS[@]}" "$e" "$b"
	assert_equal "$stderr" ""
	assert_good
	run -0 --separate-stderr "$CMD" "${ARGS[@]}" </dev/null
	assert_equal "$stderr" ""
	assert_good
}

directory_input() {
	local d=$BATS_TEST_TMPDIR/dir a=$BATS_TEST_TMPDIR/a.jsonl \
	    b=$BATS_TEST_TMPDIR/b.jsonl

	mkdir "$d"
	good G1 >"$a"
	good G2 >"$b"
	run -2 --separate-stderr "$CMD" "${ARGS[@]}" "$a" "$d" "$b"
	assert_equal "$stderr" "$CMD: $d: Is a directory"
	assert_good G1 G2
	run -2 --separate-stderr "$CMD" "${ARGS[@]}" "$a" - "$b" <"$d"
	assert_equal "$stderr" "$CMD: -: Is a directory"
	assert_good G1 G2
}

missing_file() {
	local a=$BATS_TEST_TMPDIR/a.jsonl b=$BATS_TEST_TMPDIR/b.jsonl \
	    m=$BATS_TEST_TMPDIR/missing.jsonl

	good G1 >"$a"
	good G2 >"$b"
	run -2 --separate-stderr "$CMD" "${ARGS[@]}" "$a" "$m" "$b"
	assert_equal "$stderr" "$CMD: $m: No such file or directory"
	assert_good G1 G2
}

unreadable_file() {
	local a=$BATS_TEST_TMPDIR/a.jsonl b=$BATS_TEST_TMPDIR/b.jsonl \
	    u=$BATS_TEST_TMPDIR/unreadable.jsonl

	[ "$(id -u)" -ne 0 ] || skip "root reads a file of mode 000"
	good G1 >"$a"
	good G2 >"$b"
	good B1 >"$u"
	chmod 000 "$u"
	run -2 --separate-stderr "$CMD" "${ARGS[@]}" "$a" "$u" "$b"
	assert_equal "$stderr" "$CMD: $u: Permission denied"
	assert_good G1 G2
}

full_disk() {
	local f=$BATS_TEST_TMPDIR/good.jsonl

	good G1 G2 >"$f"
	run -2 --separate-stderr to_full_disk "$f"
	assert_equal "$stderr" "$CMD: write error: No space left on device"
	# Many records: the first block that fails ends the input, and is
	# reported once.
	many 20000 >"$f"
	run -2 --separate-stderr to_full_disk "$f"
	assert_equal "$stderr" "$CMD: write error: No space left on device"
}

closed_pipe() {
	run -0 --separate-stderr first_line_of_many
	assert_equal "${#lines[@]}" 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
	# Killed by SIGPIPE, as cat(1) is.
	assert_equal "$(cat "$BATS_TEST_TMPDIR/status")" 141
	if [ -n "$PROBE" ]; then
		assert_equal "$(json -r "select($PROBE) | .ref")" G1
	fi
}

# stopped SIGNAL STATUS: the command dies of SIGNAL (STATUS) after writing
# every record it had read whole (irr-sample and irr-score: its result
# over those records), and no part of the record it was given half of.
stopped() {
	stop_mid_stream "$1"
	assert_equal "$status" "$2"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
	output=$(cat "$BATS_TEST_TMPDIR/out")
	# shellcheck disable=SC2046 # one word per ref
	assert_good $(seq -f 'G%.0f' 1000)
	# Every line is whole JSON, and the output ends with a newline.
	assert_equal "$(json -s length)" "$(grep -c . "$BATS_TEST_TMPDIR/out")"
	[ ! -s "$BATS_TEST_TMPDIR/out" ] ||
	    assert_equal "$(tail -c 1 "$BATS_TEST_TMPDIR/out" | od -An -c | tr -d ' ')" '\n'
}

# The line libFuzzer found making libjq 1.6 leak: rejected before libjq.
libjq_leak_line() {
	local f=$BATS_TEST_TMPDIR/good.jsonl

	good G1 >"$f"
	run -1 --separate-stderr "$CMD" "${ARGS[@]}" "$REGRESSIONS/record-libjq-leak" "$f"
	assert_equal "$stderr" "$CMD: $REGRESSIONS/record-libjq-leak:1: not valid JSON"
	assert_good G1
}

# Every input that fuzzing found (t/fuzz/regressions) goes through: exit
# 0 or 1, and no diagnostic but those of its own lines.
fuzz_regressions() {
	local r line

	for r in "$REGRESSIONS"/*; do
		run --separate-stderr "$CMD" "${ARGS[@]}" "$r"
		[ "$status" -le 1 ] || fail "$r: exit status $status"
		for line in "${stderr_lines[@]}"; do
			[[ "$line" == "$CMD: $r:"[1-9]*": "* ]] ||
			    fail "$r: diagnostic not of its lines: $line"
		done
	done
}

# --- due-date --------------------------------------------------------------

@test "due-date: a 10 MB string is kept whole; a 10 MB line of garbage is rejected" {
	use due-date
	big_lines
}

@test "due-date: bytes that are not UTF-8 inside strings become U+FFFD and the record comes out" {
	use due-date
	bad_utf8
}

@test "due-date: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use due-date
	nul_bytes
}

@test "due-date: CRLF line ends are accepted and not written" {
	use due-date
	crlf_line_ends
}

@test "due-date: the last line may lack its newline or end in a bare CR" {
	use due-date
	no_final_newline
}

@test "due-date: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use due-date
	deep_nesting
}

@test "due-date: numbers where strings belong and strings where numbers belong are record errors without the value" {
	use due-date
	wrong_types
}

@test "due-date: year 0 and deadlines after 9999 are record errors; 2038 and 2106 work" {
	use due-date
	dates_out_of_range
}

@test "due-date: a decision on 9999-12-31 that pushes a notice past 9999 is an error of decision.at" {
	use due-date
	run -1 --separate-stderr due-date "${ARGS[@]}" <<<'{"request_type":"urgent_preservice","received_at":"2026-06-02T14:30:00-07:00","decision":{"at":"9999-12-31T23:59:59Z"}}'
	assert_equal "$stderr" "due-date: -:1: decision.at: a deadline falls after the year 9999"
	assert_equal "$(json -c .due)" '{"error":"decision.at: a deadline falls after the year 9999"}'
}

@test "due-date: an empty file or only blank lines give no output and exit 0" {
	use due-date
	empty_input
}

@test "due-date: a directory as input is exit 2 and the other files are still read" {
	use due-date
	directory_input
}

@test "due-date: a missing input file is exit 2 and the other files are still read" {
	use due-date
	missing_file
}

@test "due-date: an input file of mode 000 is exit 2 and the other files are still read" {
	use due-date
	unreadable_file
}

@test "due-date: a full disk is exit 2 with a write error" {
	use due-date
	full_disk
}

@test "due-date: a closed pipe ends it quietly" {
	use due-date
	closed_pipe
}

@test "due-date: SIGTERM mid-stream writes every whole record read, then kills it" {
	use due-date
	stopped TERM 143
}

@test "due-date: SIGINT and SIGHUP mid-stream do the same" {
	use due-date
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "due-date: the fuzzed line that made libjq leak is rejected" {
	use due-date
	libjq_leak_line
}

@test "due-date: every input found by fuzzing goes through without a crash" {
	use due-date
	fuzz_regressions
}

@test "due-date: the fuzzed extensions value of 2.2e125 is a record error" {
	use due-date
	run -1 --separate-stderr due-date "${ARGS[@]}" "$REGRESSIONS/record-huge-extensions"
	assert_equal "$stderr" "due-date: $REGRESSIONS/record-huge-extensions:1: extensions: more extensions than this request type allows"
	assert_equal "$(json -c .due)" '{"error":"extensions: more extensions than this request type allows"}'
}

@test "due-date: the fuzzed date 1222-03-13 gives a clock start in local mean time that reads back" {
	use due-date
	run -0 --separate-stderr due-date "${ARGS[@]}" \
	    <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$(cat "$REGRESSIONS/datetime-lmt-offset")\"}"
	assert_equal "$stderr" ""
	# Los Angeles kept local mean time, -07:52:58, until 1883; the offset
	# is written to the minute and the time moved to match.
	assert_equal "$(json -r .due.clock_start)" 1222-03-13T00:00:58-07:52
	assert_equal "$(date -d "$(json -r .due.clock_start)" +%s)" \
	    "$(date -u -d '1222-03-13 07:52:58' +%s)"
}

# --- tar-validate ----------------------------------------------------------

@test "tar-validate: a 10 MB string is kept whole; a 10 MB line of garbage is rejected" {
	use tar-validate
	big_lines
}

@test "tar-validate: bytes that are not UTF-8 inside strings become U+FFFD and the record comes out" {
	use tar-validate
	bad_utf8
}

@test "tar-validate: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use tar-validate
	nul_bytes
}

@test "tar-validate: CRLF line ends are accepted and not written" {
	use tar-validate
	crlf_line_ends
}

@test "tar-validate: the last line may lack its newline or end in a bare CR" {
	use tar-validate
	no_final_newline
}

@test "tar-validate: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use tar-validate
	deep_nesting
}

@test "tar-validate: numbers where strings belong and strings where numbers belong are findings" {
	use tar-validate
	wrong_types
}

@test "tar-validate: year 0 is an invalid date; 9999-12-31, 2038 and 2106 work" {
	use tar-validate
	dates_out_of_range
}

@test "tar-validate: an empty file or only blank lines give no output and exit 0" {
	use tar-validate
	empty_input
}

@test "tar-validate: a directory as input is exit 2 and the other files are still read" {
	use tar-validate
	directory_input
}

@test "tar-validate: a missing input file is exit 2 and the other files are still read" {
	use tar-validate
	missing_file
}

@test "tar-validate: an input file of mode 000 is exit 2 and the other files are still read" {
	use tar-validate
	unreadable_file
}

@test "tar-validate: a full disk is exit 2 with a write error" {
	use tar-validate
	full_disk
}

@test "tar-validate: a closed pipe ends it quietly" {
	use tar-validate
	closed_pipe
}

@test "tar-validate: SIGTERM mid-stream writes every whole record read, then kills it" {
	use tar-validate
	stopped TERM 143
}

@test "tar-validate: SIGINT and SIGHUP mid-stream do the same" {
	use tar-validate
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "tar-validate: the fuzzed line that made libjq leak is rejected" {
	use tar-validate
	libjq_leak_line
}

@test "tar-validate: every input found by fuzzing goes through without a crash" {
	use tar-validate
	fuzz_regressions
}

# --- ccm-eligible ----------------------------------------------------------

@test "ccm-eligible: a 10 MB string is kept whole; a 10 MB line of garbage is rejected" {
	use ccm-eligible
	big_lines
}

@test "ccm-eligible: bytes that are not UTF-8 inside strings become U+FFFD and the record comes out" {
	use ccm-eligible
	bad_utf8
}

@test "ccm-eligible: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use ccm-eligible
	nul_bytes
}

@test "ccm-eligible: CRLF line ends are accepted and not written" {
	use ccm-eligible
	crlf_line_ends
}

@test "ccm-eligible: the last line may lack its newline or end in a bare CR" {
	use ccm-eligible
	no_final_newline
}

@test "ccm-eligible: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use ccm-eligible
	deep_nesting
}

@test "ccm-eligible: numbers where strings belong and strings where booleans or arrays belong are record errors without the value" {
	use ccm-eligible
	wrong_types
}

@test "ccm-eligible: year 0 and clocks after 9999 are record errors; 2038 and 2106 work" {
	use ccm-eligible
	dates_out_of_range
}

@test "ccm-eligible: an empty file or only blank lines give no output and exit 0" {
	use ccm-eligible
	empty_input
}

@test "ccm-eligible: a directory as input is exit 2 and the other files are still read" {
	use ccm-eligible
	directory_input
}

@test "ccm-eligible: a missing input file is exit 2 and the other files are still read" {
	use ccm-eligible
	missing_file
}

@test "ccm-eligible: an input file of mode 000 is exit 2 and the other files are still read" {
	use ccm-eligible
	unreadable_file
}

@test "ccm-eligible: a full disk is exit 2 with a write error" {
	use ccm-eligible
	full_disk
}

@test "ccm-eligible: a closed pipe ends it quietly" {
	use ccm-eligible
	closed_pipe
}

@test "ccm-eligible: SIGTERM mid-stream writes every whole record read, then kills it" {
	use ccm-eligible
	stopped TERM 143
}

@test "ccm-eligible: SIGINT and SIGHUP mid-stream do the same" {
	use ccm-eligible
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "ccm-eligible: the fuzzed line that made libjq leak is rejected" {
	use ccm-eligible
	libjq_leak_line
}

@test "ccm-eligible: every input found by fuzzing goes through without a crash" {
	use ccm-eligible
	fuzz_regressions
}

# --- letter-render ------------------------------------------------------------

@test "letter-render: a 10 MB string is kept whole; a 10 MB line of garbage is rejected" {
	use letter-render
	big_lines
}

@test "letter-render: bytes that are not UTF-8 inside strings become U+FFFD and the record comes out" {
	use letter-render
	bad_utf8
}

@test "letter-render: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use letter-render
	nul_bytes
}

@test "letter-render: CRLF line ends are accepted and not written" {
	use letter-render
	crlf_line_ends
}

@test "letter-render: the last line may lack its newline or end in a bare CR" {
	use letter-render
	no_final_newline
}

@test "letter-render: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use letter-render
	deep_nesting
}

@test "letter-render: numbers where text belongs are written as text; values of the wrong kind are record errors without the value" {
	use letter-render
	wrong_types
}

@test "letter-render: year 0 is a record error; 9999-12-31, 2038 and 2106 are spelled out" {
	use letter-render
	dates_out_of_range
}

@test "letter-render: an empty file or only blank lines give no output and exit 0" {
	use letter-render
	empty_input
}

@test "letter-render: a directory as input is exit 2 and the other files are still read" {
	use letter-render
	directory_input
}

@test "letter-render: a missing input file is exit 2 and the other files are still read" {
	use letter-render
	missing_file
}

@test "letter-render: an input file of mode 000 is exit 2 and the other files are still read" {
	use letter-render
	unreadable_file
}

@test "letter-render: a full disk is exit 2 with a write error" {
	use letter-render
	full_disk
}

@test "letter-render: a closed pipe ends it quietly" {
	use letter-render
	closed_pipe
}

@test "letter-render: SIGTERM mid-stream writes every whole record read, then kills it" {
	use letter-render
	stopped TERM 143
}

@test "letter-render: SIGINT and SIGHUP mid-stream do the same" {
	use letter-render
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "letter-render: the fuzzed line that made libjq leak is rejected" {
	use letter-render
	libjq_leak_line
}

@test "letter-render: every input found by fuzzing goes through without a crash" {
	use letter-render
	fuzz_regressions
}

# --- irr-sample ---------------------------------------------------------------

@test "irr-sample: a 10 MB string in a case is no trouble; a 10 MB line of garbage is rejected" {
	use irr-sample
	big_lines
}

@test "irr-sample: bytes that are not UTF-8 inside strings are accepted and the case counts" {
	use irr-sample
	bad_utf8
}

@test "irr-sample: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use irr-sample
	nul_bytes
}

@test "irr-sample: CRLF line ends are accepted" {
	use irr-sample
	crlf_line_ends
}

@test "irr-sample: the last line may lack its newline or end in a bare CR" {
	use irr-sample
	no_final_newline
}

@test "irr-sample: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use irr-sample
	deep_nesting
}

@test "irr-sample: values of the wrong type are record errors without the value, and the case does not count" {
	use irr-sample
	wrong_types
}

@test "irr-sample: year 0 is a record error; decisions on 9999-12-31, in 2038 and in 2106 count" {
	use irr-sample
	dates_out_of_range
}

@test "irr-sample: an empty file or only blank lines give no output and exit 0" {
	use irr-sample
	empty_input
}

@test "irr-sample: a directory as input is exit 2 and the other files are still read" {
	use irr-sample
	directory_input
}

@test "irr-sample: a missing input file is exit 2 and the other files are still read" {
	use irr-sample
	missing_file
}

@test "irr-sample: an input file of mode 000 is exit 2 and the other files are still read" {
	use irr-sample
	unreadable_file
}

@test "irr-sample: a full disk is exit 2 with a write error" {
	use irr-sample
	full_disk
}

@test "irr-sample: a closed pipe ends it quietly" {
	use irr-sample
	closed_pipe
}

@test "irr-sample: SIGTERM mid-stream writes the summary of every whole case read, then kills it" {
	use irr-sample
	stopped TERM 143
}

@test "irr-sample: SIGINT and SIGHUP mid-stream do the same" {
	use irr-sample
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "irr-sample: the fuzzed line that made libjq leak is rejected" {
	use irr-sample
	libjq_leak_line
}

@test "irr-sample: every input found by fuzzing goes through without a crash" {
	use irr-sample
	fuzz_regressions
}

# --- irr-score ----------------------------------------------------------------

@test "irr-score: a 10 MB string in a case is no trouble; a 10 MB line of garbage is rejected" {
	use irr-score
	big_lines
}

@test "irr-score: bytes that are not UTF-8 inside strings are accepted and the case counts" {
	use irr-score
	bad_utf8
}

@test "irr-score: a NUL byte anywhere in a line rejects the line; the next line goes through" {
	use irr-score
	nul_bytes
}

@test "irr-score: CRLF line ends are accepted" {
	use irr-score
	crlf_line_ends
}

@test "irr-score: the last line may lack its newline or end in a bare CR" {
	use irr-score
	no_final_newline
}

@test "irr-score: JSON nested 10,000 deep is rejected without a crash; the next line goes through" {
	use irr-score
	deep_nesting
}

@test "irr-score: values of the wrong type are record errors without the value, and the case does not count" {
	use irr-score
	wrong_types
}

@test "irr-score: dates it does not read, year 0 and 10000 included, change nothing" {
	use irr-score
	dates_out_of_range
}

@test "irr-score: an empty file or only blank lines give only the line for all, with no cases, and exit 0" {
	use irr-score
	empty_input
}

@test "irr-score: a directory as input is exit 2 and the other files are still read" {
	use irr-score
	directory_input
}

@test "irr-score: a missing input file is exit 2 and the other files are still read" {
	use irr-score
	missing_file
}

@test "irr-score: an input file of mode 000 is exit 2 and the other files are still read" {
	use irr-score
	unreadable_file
}

@test "irr-score: a full disk is exit 2 with a write error" {
	use irr-score
	full_disk
}

@test "irr-score: a closed pipe ends it quietly" {
	use irr-score
	closed_pipe
}

@test "irr-score: SIGTERM mid-stream writes the scores of every whole case read, then kills it" {
	use irr-score
	stopped TERM 143
}

@test "irr-score: SIGINT and SIGHUP mid-stream do the same" {
	use irr-score
	stopped INT 130
	rm -f "$BATS_TEST_TMPDIR/fifo"
	stopped HUP 129
}

@test "irr-score: the fuzzed line that made libjq leak is rejected" {
	use irr-score
	libjq_leak_line
}

@test "irr-score: every input found by fuzzing goes through without a crash" {
	use irr-score
	fuzz_regressions
}
