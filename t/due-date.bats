#!/usr/bin/env bats
# due-date: decision and notice deadlines (SPEC section 4).  Every expected
# value below was worked out by hand from the UM-PD timeliness table and a
# calendar, not copied from the command's output.

load helper

# A Tuesday in June 2026 with no holiday within two weeks (Juneteenth is
# Friday 2026-06-19): PDT, -07:00.
TUE=2026-06-02T14:30:00-07:00

# --- the four request types ------------------------------------------------

@test "each request type gets its decision, practitioner and member deadlines and checks" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-04T12:00:00-07:00 \
	    "$FIXTURES/due-date/request-types.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(cat "$FIXTURES/due-date/request-types.expected.jsonl")"
}

@test "an urgent request is due 72 elapsed hours after receipt, at any hour or day" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-07T00:00:00-07:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-06-06T23:10:00-07:00"}'
	assert_equal "$(json -r '.due | .clock_start, .decision_by, .practitioner_notice_by')" \
	    "2026-06-06T23:10:00-07:00
2026-06-09T23:10:00-07:00
2026-06-09T23:10:00-07:00"
}

@test "72 hours across the spring DST change end an hour later on the clock" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-03-07T00:00:00-08:00 <<<'{"request_type":"urgent_concurrent","received_at":"2026-03-06T23:30:00-08:00"}'
	assert_equal "$(json -r .due.decision_by)" 2026-03-10T00:30:00-07:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-03-10T00:30:00-07:00
}

@test "72 hours across the autumn DST change end an hour earlier on the clock" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-10-31T09:00:00-07:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-10-31T08:00:00-07:00"}'
	assert_equal "$(json -r .due.decision_by)" 2026-11-03T07:00:00-08:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-11-03T07:00:00-08:00
}

@test "an urgent request received Friday evening does not wait for business hours" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-05T19:00:00-07:00 <<<'{"request_type":"urgent_concurrent","received_at":"2026-06-05T18:00:00-07:00"}'
	assert_equal "$(json -r .due.clock_start)" 2026-06-05T18:00:00-07:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-08T18:00:00-07:00
}

@test "the member notice of every type is due 2 business days after the decision" {
	# Decision Thursday 2026-07-02; Friday 07-03 is Independence Day
	# observed (federal), so Monday 07-06 is day 1 and Tuesday day 2.
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-07-02T12:00:00-07:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-07-01T09:00:00-07:00","decision":{"at":"2026-07-02T10:00:00-07:00"}}'
	assert_equal "$(json -r .due.member_notice_by)" 2026-07-07T23:59:59-07:00
}

# --- the non-urgent clock start --------------------------------------------

@test "a non-urgent request received before 08:00 on a business day starts at 08:00 the same day" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-02T09:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-02T07:59:59-07:00"}'
	assert_equal "$(json -r .due.clock_start)" 2026-06-02T08:00:00-07:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-09T23:59:59-07:00
}

@test "a non-urgent request received at 08:00:00 or 16:59:59 starts at once" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-02T18:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-02T08:00:00-07:00"}
{"request_type":"nonurgent_preservice","received_at":"2026-06-02T16:59:59-07:00"}'
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T08:00:00-07:00
2026-06-02T16:59:59-07:00"
	assert_equal "$(json -r .due.decision_by)" "2026-06-09T23:59:59-07:00
2026-06-09T23:59:59-07:00"
}

@test "a non-urgent request received at 17:00:00 exactly is after hours and starts the next business day" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-02T18:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-02T17:00:00-07:00"}'
	assert_equal "$(json -r .due.clock_start)" 2026-06-03T08:00:00-07:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-10T23:59:59-07:00
}

@test "a non-urgent request received Friday evening starts Monday at 08:00" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-06T09:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-05T18:00:00-07:00"}'
	assert_equal "$(json -r .due.clock_start)" 2026-06-08T08:00:00-07:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-15T23:59:59-07:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-06-16T23:59:59-07:00
	assert_equal "$(json -r .due.member_notice_by)" 2026-06-17T23:59:59-07:00
}

@test "a non-urgent request received on a holiday starts at the next business day of the calendar in use" {
	# Thanksgiving 2026 is Thursday 11-26; California also closes Friday.
	local rec='{"request_type":"nonurgent_preservice","received_at":"2026-11-26T10:00:00-08:00"}'
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-11-26T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.clock_start)" 2026-11-27T08:00:00-08:00
	run -0 --separate-stderr due-date --calendar ca-state \
	    --as-of 2026-11-26T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.clock_start)" 2026-11-30T08:00:00-08:00
}

# --- business days and calendar days ---------------------------------------

@test "business days skip Thanksgiving, and on the California calendar the day after too" {
	local rec='{"request_type":"nonurgent_preservice","received_at":"2026-11-24T10:00:00-08:00"}'
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-11-24T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-12-02T23:59:59-08:00
	run -0 --separate-stderr due-date --calendar ca-state \
	    --as-of 2026-11-24T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-12-03T23:59:59-08:00
}

@test "New Year's Day 2028, a Saturday, is observed Friday 2027-12-31 on the federal calendar only" {
	local rec='{"request_type":"nonurgent_preservice","received_at":"2027-12-30T10:00:00-08:00"}'
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2027-12-30T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2028-01-07T23:59:59-08:00
	run -0 --separate-stderr due-date --calendar ca-state \
	    --as-of 2027-12-30T11:00:00-08:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2028-01-06T23:59:59-08:00
}

@test "calendar days end at 23:59:59 on the plan-local date, even for a receipt given late in UTC" {
	# 2026-06-03T05:00Z is 2026-06-02 22:00 in Los Angeles.
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T06:00:00Z <<<'{"request_type":"postservice","received_at":"2026-06-03T05:00:00Z"}'
	assert_equal "$(json -r .due.clock_start)" 2026-06-02T22:00:00-07:00
	assert_equal "$(json -r .due.decision_by)" 2026-07-02T23:59:59-07:00
}

@test "30 calendar days across the autumn DST change end at 23:59:59 standard time" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-10-15T10:00:00-07:00 <<<'{"request_type":"postservice","received_at":"2026-10-15T09:00:00-07:00"}'
	assert_equal "$(json -r .due.decision_by)" 2026-11-14T23:59:59-08:00
}

# --- post-service -----------------------------------------------------------

@test "a post-service decision late in its window caps the practitioner notice at 30 calendar days from receipt" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-07-02T21:00:00-07:00 <<<'{"request_type":"postservice","received_at":"2026-06-02T14:30:00-07:00","decision":{"at":"2026-07-02T20:00:00-07:00"}}'
	assert_equal "$(json -r .due.decision_by)" 2026-07-02T23:59:59-07:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-07-02T23:59:59-07:00
	assert_equal "$(json -r .due.checks.decision)" met
}

@test "a post-service request without a decision has its practitioner notice capped too" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<'{"request_type":"postservice","received_at":"2026-06-02T14:30:00-07:00"}'
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-07-02T23:59:59-07:00
	# Independence Day is observed Friday 2026-07-03 (federal).
	assert_equal "$(json -r .due.member_notice_by)" 2026-07-07T23:59:59-07:00
}

# --- extensions -------------------------------------------------------------

@test "an urgent request extended once is due 14 calendar days from receipt, and so is its practitioner notice" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":1}"
	assert_equal "$(json -r .due.decision_by)" 2026-06-16T23:59:59-07:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-06-16T23:59:59-07:00
	assert_equal "$(json -r .due.member_notice_by)" 2026-06-18T23:59:59-07:00
	assert_equal "$(json .due.extensions)" 1
}

@test "an urgent request extended twice is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_concurrent\",\"received_at\":\"$TUE\",\"extensions\":2}"
	assert_equal "$stderr" "due-date: -:1: extensions: more extensions than this request type allows"
	assert_equal "$(json .due)" '{"error":"extensions: more extensions than this request type allows"}'
}

@test "a non-urgent extension counts from the received date, not from the rolled-over clock start" {
	# Received Friday evening: the clock starts Monday 06-08, but the
	# extensions run 14 and 28 days from Friday 06-05.
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-06T00:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-05T18:00:00-07:00","extensions":1}
{"request_type":"nonurgent_preservice","received_at":"2026-06-05T18:00:00-07:00","extensions":2}'
	assert_equal "$(json -r .due.clock_start)" "2026-06-08T08:00:00-07:00
2026-06-08T08:00:00-07:00"
	assert_equal "$(json -r .due.decision_by)" "2026-06-19T23:59:59-07:00
2026-07-03T23:59:59-07:00"
	assert_equal "$(json -r .due.practitioner_notice_by)" "2026-06-20T23:59:59-07:00
2026-07-04T23:59:59-07:00"
	assert_equal "$(json .due.extensions)" "1
2"
}

@test "a non-urgent request extended three times is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":3}"
	assert_equal "$stderr" "due-date: -:1: extensions: more extensions than this request type allows"
}

@test "a post-service request cannot be extended" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"postservice\",\"received_at\":\"$TUE\",\"extensions\":1}"
	assert_equal "$stderr" "due-date: -:1: extensions: more extensions than this request type allows"
	assert_equal "$(json .due)" '{"error":"extensions: more extensions than this request type allows"}'
}

@test "extensions of 1.0 is one extension" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":1.0}"
	assert_equal "$(json -r .due.decision_by)" 2026-06-16T23:59:59-07:00
	assert_equal "$(json .due.extensions)" 1
}

@test "extensions that are not a whole number of 0 or more are record errors" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":-1}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":1.5}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":\"1\"}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":true}"
	assert_equal "$stderr" "due-date: -:1: extensions: not a whole number of 0 or more
due-date: -:2: extensions: not a whole number of 0 or more
due-date: -:3: extensions: not a whole number of 0 or more
due-date: -:4: extensions: not a whole number of 0 or more"
	assert_equal "$(json -c .due)" '{"error":"extensions: not a whole number of 0 or more"}
{"error":"extensions: not a whole number of 0 or more"}
{"error":"extensions: not a whole number of 0 or more"}
{"error":"extensions: not a whole number of 0 or more"}'
}

@test "null or absent extensions mean no extension" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":null}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\"}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"extensions\":0}"
	assert_equal "$stderr" ""
	assert_equal "$(json -r .due.decision_by)" "2026-06-05T14:30:00-07:00
2026-06-05T14:30:00-07:00
2026-06-05T14:30:00-07:00"
	assert_equal "$(json .due.extensions)" "0
0
0"
}

# --- no decision yet --------------------------------------------------------

@test "without decision.at the notices count from the decision deadline" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -r .due.decision_by)" 2026-06-09T23:59:59-07:00
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-06-10T23:59:59-07:00
	assert_equal "$(json -r .due.member_notice_by)" 2026-06-11T23:59:59-07:00
}

@test "a decision without decision.at counts as no decision yet" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"decision\":{\"outcome\":\"approve\"}}"
	assert_equal "$(json -r .due.practitioner_notice_by)" 2026-06-10T23:59:59-07:00
	assert_equal "$(json -r .due.member_notice_by)" 2026-06-11T23:59:59-07:00
	assert_equal "$(json -c .due.checks)" '{"decision":"open","practitioner_notice":"open","member_notice":"open"}'
}

# --- checks and timely ------------------------------------------------------

@test "a decision at exactly its deadline is met and one second later is missed" {
	# Decision deadline: Tuesday 2026-06-09 23:59:59 -07:00, which is
	# 2026-06-10 06:59:59 UTC.
	local r="\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\""
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-12T00:00:00-07:00 <<<"{$r,\"decision\":{\"at\":\"2026-06-09T23:59:59-07:00\"}}
{$r,\"decision\":{\"at\":\"2026-06-10T00:00:00-07:00\"}}
{$r,\"decision\":{\"at\":\"2026-06-10T06:59:59Z\"}}
{$r,\"decision\":{\"at\":\"2026-06-10T07:00:00Z\"}}"
	assert_equal "$(json -r .due.checks.decision)" "met
missed
met
missed"
}

@test "with no decision, --as-of at the deadline is open and one second later overdue" {
	local rec="{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-09T23:59:59-07:00 <<<"$rec"
	assert_equal "$(json -r .due.checks.decision)" open
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-10T00:00:00-07:00 <<<"$rec"
	assert_equal "$(json -r .due.checks.decision)" overdue
	assert_equal "$(json .due.timely)" false
}

@test "a fraction of a second past the deadline still meets it: fractions are truncated" {
	local r="\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\""
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-12T00:00:00-07:00 <<<"{$r,\"decision\":{\"at\":\"2026-06-09T23:59:59.5-07:00\"}}
{$r,\"decision\":{\"at\":\"2026-06-09T23:59:59.999999999-07:00\"}}"
	assert_equal "$(json -r .due.checks.decision)" "met
met"
}

@test "the notice checks compare notified times with their deadlines" {
	# Decision Thursday 06-04 11:00: practitioner by Friday 11:00, member
	# by Monday 06-08 23:59:59.
	local r="\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"decision\":{\"at\":\"2026-06-04T11:00:00-07:00\"}"
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-12T00:00:00-07:00 <<<"{$r,\"notified\":{\"practitioner_at\":\"2026-06-05T11:00:00-07:00\",\"member_mailed_at\":\"2026-06-08T23:59:59-07:00\"}}
{$r,\"notified\":{\"practitioner_at\":\"2026-06-05T11:00:01-07:00\",\"member_mailed_at\":\"2026-06-09T00:00:00-07:00\"}}
{$r}"
	assert_equal "$(json -c .due.checks)" '{"decision":"met","practitioner_notice":"met","member_notice":"met"}
{"decision":"met","practitioner_notice":"missed","member_notice":"missed"}
{"decision":"met","practitioner_notice":"overdue","member_notice":"overdue"}'
}

@test "timely is true when all are met, false when any is missed or overdue, null when one is open and none failed" {
	local r="\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"decision\":{\"at\":\"2026-06-04T11:00:00-07:00\"}"
	# As of Friday 06-05 12:00 the practitioner notice (by 11:00) is
	# overdue when not sent, the member notice (by Monday) still open.
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-05T12:00:00-07:00 <<<"{$r,\"notified\":{\"practitioner_at\":\"2026-06-05T10:00:00-07:00\",\"member_mailed_at\":\"2026-06-05T09:00:00-07:00\"}}
{$r,\"notified\":{\"practitioner_at\":\"2026-06-05T10:00:00-07:00\"}}
{$r,\"notified\":{\"member_mailed_at\":\"2026-06-05T09:00:00-07:00\"}}
{$r}
{$r,\"notified\":{\"practitioner_at\":\"2026-06-05T11:30:00-07:00\",\"member_mailed_at\":\"2026-06-05T09:00:00-07:00\"}}"
	assert_equal "$(json -c '[.due.checks.practitioner_notice, .due.checks.member_notice, .due.timely]')" '["met","met",true]
["met","open",null]
["overdue","met",false]
["overdue","open",false]
["missed","met",false]'
}

@test "a late decision is a finding, not an error: exit 0 and nothing on standard error" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-30T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"decision\":{\"at\":\"2026-06-20T10:00:00-07:00\"}}"
	assert_equal "$stderr" ""
	assert_equal "$(json -r .due.checks.decision)" missed
	assert_equal "$(json .due.timely)" false
}

# --- continued stay review --------------------------------------------------

@test "an urgent concurrent request with an admission notice is reviewed within 24 hours of it" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-03-07T13:00:00-08:00 <<<'{"request_type":"urgent_concurrent","received_at":"2026-03-07T12:30:00-08:00","admission_notified_at":"2026-03-07T12:00:00-08:00"}'
	# 24 elapsed hours across the spring change: 13:00 PDT.
	assert_equal "$(json -r .due.review_by)" 2026-03-08T13:00:00-07:00
	assert_equal "$(json -c '.due | keys_unsorted')" '["rules","request_type","clock_start","decision_by","practitioner_notice_by","member_notice_by","review_by","extensions","checks","timely"]'
}

@test "review_by is left out without an admission notice and for the other request types" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_concurrent\",\"received_at\":\"$TUE\"}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"admission_notified_at\":\"$TUE\"}
{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\",\"admission_notified_at\":\"$TUE\"}
{\"request_type\":\"postservice\",\"received_at\":\"$TUE\",\"admission_notified_at\":\"$TUE\"}"
	assert_equal "$(json '.due | has("review_by")')" "false
false
false
false"
}

@test "review_by has no check and does not count toward timely" {
	# Everything met; the review (by 06-03 10:15) is long past.
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-20T00:00:00-07:00 <<<"{\"request_type\":\"urgent_concurrent\",\"received_at\":\"$TUE\",\"admission_notified_at\":\"2026-06-02T10:15:00-07:00\",\"decision\":{\"at\":\"2026-06-03T09:00:00-07:00\"},\"notified\":{\"practitioner_at\":\"2026-06-03T09:30:00-07:00\",\"member_mailed_at\":\"2026-06-04T09:00:00-07:00\"}}"
	assert_equal "$(json -r .due.review_by)" 2026-06-03T10:15:00-07:00
	assert_equal "$(json -c .due.checks)" '{"decision":"met","practitioner_notice":"met","member_notice":"met"}'
	assert_equal "$(json .due.timely)" true
}

# --- rule sets and lines of business ---------------------------------------

@test "partnership-advantage, medi-cal and an absent line of business all use the um-medi-cal rules" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"line_of_business\":\"partnership-advantage\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}
{\"line_of_business\":\"medi-cal\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}
{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -c '[.due.rules, .due.decision_by]')" '["um-medi-cal","2026-06-09T23:59:59-07:00"]
["um-medi-cal","2026-06-09T23:59:59-07:00"]
["um-medi-cal","2026-06-09T23:59:59-07:00"]'
}

@test "a line of business that no rule set is mapped to is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"tar_id\":\"T1\",\"line_of_business\":\"commercial\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}
{\"tar_id\":\"T2\",\"line_of_business\":7,\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$stderr" "due-date: -:1: line_of_business: no rule set is mapped to this line of business
due-date: -:2: line_of_business: not a string"
	assert_equal "$(json -c '[.tar_id, .due]')" '["T1",{"error":"line_of_business: no rule set is mapped to this line of business"}]
["T2",{"error":"line_of_business: not a string"}]'
}

@test "--rules um-medi-cal applies that rule set whatever the line of business" {
	run -0 --separate-stderr due-date --calendar us-federal --rules um-medi-cal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"line_of_business\":\"commercial\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -c '[.due.rules, .due.decision_by]')" '["um-medi-cal","2026-06-09T23:59:59-07:00"]'
}

# --- record errors ----------------------------------------------------------

@test "a missing request_type is a record error, and the record is still written" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"tar_id\":\"T1\",\"received_at\":\"$TUE\"}"
	assert_equal "$stderr" "due-date: -:1: request_type: missing"
	assert_equal "$output" "{\"tar_id\":\"T1\",\"received_at\":\"$TUE\",\"due\":{\"error\":\"request_type: missing\"}}"
}

@test "an unknown request_type is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"routine\",\"received_at\":\"$TUE\"}
{\"request_type\":[\"urgent_preservice\"],\"received_at\":\"$TUE\"}"
	assert_equal "$stderr" "due-date: -:1: request_type: not a request type of the rule set
due-date: -:2: request_type: not a request type of the rule set"
	assert_equal "$(json -c .due)" '{"error":"request_type: not a request type of the rule set"}
{"error":"request_type: not a request type of the rule set"}'
}

@test "a missing received_at is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<'{"request_type":"postservice"}
{"request_type":"postservice","received_at":null}'
	assert_equal "$stderr" "due-date: -:1: received_at: missing
due-date: -:2: received_at: missing"
	assert_equal "$(json -c .due)" '{"error":"received_at: missing"}
{"error":"received_at: missing"}'
}

@test "a received_at that does not exist is a record error: 2026-02-30, hour 24, second 60" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<'{"request_type":"urgent_preservice","received_at":"2026-02-30T10:00:00-08:00"}
{"request_type":"urgent_preservice","received_at":"2026-02-03T24:00:00-08:00"}
{"request_type":"urgent_preservice","received_at":"2026-02-03T23:59:60-08:00"}
{"request_type":"urgent_preservice","received_at":"2026-02-28T10:00:00-08:00"}'
	assert_equal "$stderr" "due-date: -:1: received_at: a date or time that does not exist
due-date: -:2: received_at: a date or time that does not exist
due-date: -:3: received_at: a date or time that does not exist"
	assert_equal "$(json -c '.due.error // .due.decision_by')" '"received_at: a date or time that does not exist"
"received_at: a date or time that does not exist"
"received_at: a date or time that does not exist"
"2026-03-03T10:00:00-08:00"'
}

@test "a bad decision or notice time is a record error naming its field" {
	run -1 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"decision\":{\"at\":\"soon\"}}
{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\",\"notified\":{\"member_mailed_at\":20260603}}
{\"request_type\":\"urgent_concurrent\",\"received_at\":\"$TUE\",\"admission_notified_at\":\"2026-06-31\"}"
	assert_equal "$stderr" "due-date: -:1: decision.at: not a date or datetime in ISO 8601 form
due-date: -:2: notified.member_mailed_at: not a datetime string
due-date: -:3: admission_notified_at: a date or time that does not exist"
}

# --- the ccm rule set -------------------------------------------------------

@test "the ccm rule set puts contact, outreach and assessment deadlines on a member record, with no checks" {
	# Identified 2026-01-20: +30 is 02-19, +14 is 02-03, +60 is 03-21 (PDT).
	run -0 --separate-stderr due-date --calendar us-federal --rules ccm \
	    --as-of 2026-01-21T00:00:00-08:00 <<<'{"member":{"id":"91234567A"},"identified_at":"2026-01-20T16:00:00-08:00"}'
	assert_equal "$(json -c .due)" '{"rules":"ccm","contact_by":"2026-02-19T23:59:59-08:00","outreach_by":"2026-02-03T23:59:59-08:00","assessment_by":"2026-03-21T23:59:59-07:00"}'
}

@test "with enrolled_at the ccm rule set adds reevaluate_by and close_if_unresponsive_after" {
	# Enrolled 2026-02-10: +60 is 04-11, +45 is 03-27.
	run -0 --separate-stderr due-date --calendar us-federal --rules ccm \
	    --as-of 2026-02-11T00:00:00-08:00 <<<'{"identified_at":"2026-01-20T16:00:00-08:00","enrolled_at":"2026-02-10T09:00:00-08:00"}'
	assert_equal "$(json -c .due)" '{"rules":"ccm","contact_by":"2026-02-19T23:59:59-08:00","outreach_by":"2026-02-03T23:59:59-08:00","assessment_by":"2026-03-21T23:59:59-07:00","reevaluate_by":"2026-04-11T23:59:59-07:00","close_if_unresponsive_after":"2026-03-27T23:59:59-07:00"}'
}

@test "a ccm record without identified_at is a record error" {
	run -1 --separate-stderr due-date --calendar us-federal --rules ccm \
	    --as-of 2026-02-11T00:00:00-08:00 <<<'{"member":{"id":"91234567A"},"enrolled_at":"2026-02-10T09:00:00-08:00"}'
	assert_equal "$stderr" "due-date: -:1: identified_at: missing"
	assert_equal "$(json -c .due)" '{"error":"identified_at: missing"}'
}

# --- --explain --------------------------------------------------------------

@test "--explain tells how an after-hours request's clock rolls over, one sentence per deadline" {
	run -0 --separate-stderr due-date --calendar us-federal --explain \
	    --as-of 2026-06-06T00:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-05T18:00:00-07:00"}'
	assert_equal "$(json '.due.explain | length')" 4
	assert_equal "$(json -r '.due.explain[0]')" "received Friday 2026-06-05 18:00, outside business hours, so the clock starts Monday 2026-06-08 08:00"
	assert_equal "$(json -r '.due.explain[1]')" "the decision is due 5 business days after the clock start, Monday 2026-06-08 08:00: by Monday 2026-06-15 23:59:59"
}

@test "--explain names the holidays a business-day count skips" {
	run -0 --separate-stderr due-date --calendar ca-state --explain \
	    --as-of 2026-11-24T11:00:00-08:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-11-24T10:00:00-08:00"}'
	assert_equal "$(json -r '.due.explain[0]')" "received Tuesday 2026-11-24 10:00, within business hours, so the clock starts then"
	assert_equal "$(json -r '.due.explain[1]')" "the decision is due 5 business days after the clock start, Tuesday 2026-11-24 10:00, skipping thanksgiving day and day after thanksgiving: by Thursday 2026-12-03 23:59:59"
}

@test "without --explain there is no explain key" {
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json '.due | has("explain")')" false
}

# --- the plan's time zone ---------------------------------------------------

@test "--tz America/New_York writes deadlines with New York offsets" {
	run -0 --separate-stderr due-date --calendar us-federal --tz America/New_York \
	    --as-of 2026-06-03T00:00:00-04:00 <<<"{\"request_type\":\"urgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -r .due.clock_start)" 2026-06-02T17:30:00-04:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-05T17:30:00-04:00
}

@test "--tz moves business hours and local dates to the plan's zone" {
	# 14:30 in Los Angeles is 17:30 in New York: after hours there.
	run -0 --separate-stderr due-date --calendar us-federal --tz America/New_York \
	    --as-of 2026-06-03T00:00:00-04:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -r .due.clock_start)" 2026-06-03T08:00:00-04:00
	assert_equal "$(json -r .due.decision_by)" 2026-06-10T23:59:59-04:00
}

# --- data, not constants ----------------------------------------------------

# copy_share: a private copy of share/umkit in $BATS_TEST_TMPDIR/share.
copy_share() {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
}

@test "editing the timeliness table from 5 to 3 business days changes the deadline without a rebuild" {
	copy_share
	sed -i 's/^\( *decision *\)5 business_days/\13 business_days/' \
	    "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules"
	grep -q 'decision *3 business_days after clock_start' \
	    "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules"
	local rec="{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	run -0 --separate-stderr due-date --calendar us-federal \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-06-09T23:59:59-07:00
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr \
	    due-date --calendar us-federal --as-of 2026-06-03T00:00:00-07:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-06-05T23:59:59-07:00
}

@test "--rules FILE reads an edited timeliness table" {
	copy_share
	sed -i 's/^\( *decision *\)5 business_days/\13 business_days/' \
	    "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules"
	run -0 --separate-stderr due-date --calendar us-federal \
	    --rules "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules" \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -c '[.due.rules, .due.decision_by]')" '["um-medi-cal","2026-06-05T23:59:59-07:00"]'
}

@test "business hours are read from the timeliness table" {
	copy_share
	sed -i 's/^hours .*/hours  09:00 18:00/' \
	    "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr \
	    due-date --calendar us-federal --as-of 2026-06-03T00:00:00-07:00 <<<'{"request_type":"nonurgent_preservice","received_at":"2026-06-02T08:30:00-07:00"}
{"request_type":"nonurgent_preservice","received_at":"2026-06-02T17:30:00-07:00"}'
	assert_equal "$(json -r .due.clock_start)" "2026-06-02T09:00:00-07:00
2026-06-02T17:30:00-07:00"
}

@test "the lines-of-business file chooses the rule set of each line" {
	copy_share
	sed 's/^rules .*/rules  um-partnership/; s/^\( *decision *\)5 business_days/\110 business_days/' \
	    "$BATS_TEST_TMPDIR/share/rules/um-medi-cal.rules" \
	    >"$BATS_TEST_TMPDIR/share/rules/um-partnership.rules"
	sed -i 's/^partnership-advantage .*/partnership-advantage  um-partnership/' \
	    "$BATS_TEST_TMPDIR/share/rules/lines-of-business"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr \
	    due-date --calendar us-federal --as-of 2026-06-03T00:00:00-07:00 <<<"{\"line_of_business\":\"partnership-advantage\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}
{\"line_of_business\":\"medi-cal\",\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -c '[.due.rules, .due.decision_by]')" '["um-partnership","2026-06-16T23:59:59-07:00"]
["um-medi-cal","2026-06-09T23:59:59-07:00"]'
}

@test "a calendar file with a one-off closure moves the deadline" {
	printf '%s\n' '# office closed for a move' \
	    'office_move  once 2026-06-04' >"$BATS_TEST_TMPDIR/closures.cal"
	run -0 --separate-stderr due-date --calendar "$BATS_TEST_TMPDIR/closures.cal" \
	    --as-of 2026-06-03T00:00:00-07:00 <<<"{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	assert_equal "$(json -r .due.decision_by)" 2026-06-10T23:59:59-07:00
}

@test "a one-off closure added to the plan calendar changes the default calendar's deadlines" {
	copy_share
	echo 'office_move  once 2026-06-04' >>"$BATS_TEST_TMPDIR/share/calendars/plan.cal"
	local rec="{\"request_type\":\"nonurgent_preservice\",\"received_at\":\"$TUE\"}"
	run -0 --separate-stderr due-date --as-of 2026-06-03T00:00:00-07:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-06-09T23:59:59-07:00
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr \
	    due-date --as-of 2026-06-03T00:00:00-07:00 <<<"$rec"
	assert_equal "$(json -r .due.decision_by)" 2026-06-10T23:59:59-07:00
}
