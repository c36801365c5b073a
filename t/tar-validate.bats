#!/usr/bin/env bats
# tar-validate: is a treatment authorization request complete and in order
# (SPEC section 5).  Every expected value below was worked out by hand from
# the SPEC, the UM Program Description and a calendar, not copied from the
# command's output.

load helper

# A complete non-urgent outpatient surgical request received Monday
# 2026-03-02 at 10:00 PST: valid, no warnings, route outpatient.
BASE='{"tar_id":"T26-000101","request_type":"nonurgent_preservice","line_of_business":"medi-cal","received_at":"2026-03-02T10:00:00-08:00","member":{"id":"91234567A","first_name":"Ana","last_name":"Reyes","dob":"1958-02-11","language":"es"},"provider":{"npi":"1234567893","name":"Valley Orthopedics"},"setting":"outpatient","category":"surgical","services":[{"code":"29881","units":1,"description":"Knee arthroscopy, meniscectomy"}],"diagnoses":["M23.205"],"clinical_indications":"Locked knee, failed 8 weeks of physical therapy.","history":"MRI 2026-02-10 shows a medial meniscus tear.","place_of_service":"22","procedure_date":"2026-03-20"}'

# The same request made post-service: the surgery was done Friday
# 2026-02-20, six business days before the receipt.  An outpatient
# surgical request needs its procedure date even after the fact.
POST='.request_type = "postservice" | .procedure_date = "2026-02-20" | .service_date = "2026-02-20"'

# An inpatient stay: urgent concurrent review, three days requested.
INPATIENT='.request_type = "urgent_concurrent" | .setting = "inpatient" | .category = "medical" | .place_of_service = "21" | .requested_los = 3 | del(.procedure_date)'

# A denial on medical necessity by a medical director, with reason and
# criteria, three days after the receipt.
DENIAL='.decision = {"outcome":"deny","basis":"medical_necessity","at":"2026-03-05T11:00:00-08:00","reason":"Conservative treatment not yet tried for six weeks.","criteria":"InterQual 2026 Knee Arthroscopy","by":{"id":"MD-07","name":"Dr. Lee","role":"medical_director"}}'

# rec CHANGE: the base record changed by the jq program CHANGE, one line.
rec() {
	jq -c "$1" <<<"$BASE"
}

# recs CHANGE...: one line for each CHANGE, in order.
recs() {
	local c

	for c in "$@"; do
		rec "$c"
	done
}

# validate CHANGE...: runs tar-validate (us-federal holidays) on one
# record per CHANGE; exit 0 and nothing on standard error.
validate() {
	run -0 --separate-stderr tar-validate --calendar us-federal \
	    <<<"$(recs "$@")"
	assert_equal "$stderr" ""
}

# finding CODE FIELD MESSAGE: one finding as tar-validate writes it.
finding() {
	jq -nc --arg c "$1" --arg f "$2" --arg m "$3" \
	    '{code: $c, field: $f, message: $m}'
}

# result: valid, errors and warnings of each output line.
result() {
	json -c '.validation | [.valid, .errors, .warnings]'
}

# summary: valid, the codes and fields of errors and warnings, whether
# authorization is required and the route, of each output line.
summary() {
	json -c '.validation | [.valid, [.errors[] | .code + " " + .field],
	    [.warnings[] | .code + " " + .field], .auth_required, .route]'
}

# copy_share: a private copy of share/umkit in $BATS_TEST_TMPDIR/share.
copy_share() {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
}

# npi_check_digit NINE: the NPI check digit of nine digits, computed the
# way the CMS check digit note does it by hand (double every other digit
# from the rightmost, add the digits, add 24 for the prefix 80840), not
# the way lib/codes.c does (Luhn over all fifteen digits).
npi_check_digit() {
	awk -v n="$1" 'BEGIN {
		sum = 24
		for (i = 9; i >= 1; i--) {
			d = substr(n, i, 1) + 0
			if ((9 - i) % 2 == 0) {
				d *= 2
				if (d > 9)
					d = int(d / 10) + d % 10
			}
			sum += d
		}
		print (10 - sum % 10) % 10
	}'
}

# --- the result ------------------------------------------------------------

@test "a complete request is valid, with no findings, needs authorization and goes to the outpatient queue" {
	validate .
	assert_equal "$(json -c .validation)" '{"valid":true,"errors":[],"warnings":[],"auth_required":true,"route":"outpatient"}'
}

@test "the input passes through byte for byte with validation added at the end" {
	validate '.zz = {"n":[1.5,-0.25,1e+300],"s":"caf\u00e9 \"q\" \\ /","t":true,"u":null}'
	assert_equal "$(json -c 'del(.validation)')" "$(rec '.zz = {"n":[1.5,-0.25,1e+300],"s":"caf\u00e9 \"q\" \\ /","t":true,"u":null}')"
	assert_equal "${output%%,\"validation\":*}" "$(rec '.zz = {"n":[1.5,-0.25,1e+300],"s":"caf\u00e9 \"q\" \\ /","t":true,"u":null}' | sed 's/}$//')"
	assert_equal "$(json -c 'keys_unsorted | last')" '"validation"'
}

@test "a record that already has validation gets it replaced where it was" {
	validate '{tar_id, validation: {"valid":"stale"}} + .'
	assert_equal "$(json -c '[keys_unsorted[1], .validation.valid]')" '["validation",true]'
}

@test "input written with spaces and the same input written compactly are validated the same" {
	recs . "$INPATIENT | del(.requested_los)" "$POST | .service_date = \"2026-13-01\"" \
	    '.services = [{"code":"2988"}] | .zz = [1.10, 2.50e1]' \
	    >"$BATS_TEST_TMPDIR/compact.jsonl"
	# One record a line, with spaces after every comma and colon.
	python3 -c 'import json, sys
for line in sys.stdin:
    print(json.dumps(json.loads(line)))' <"$BATS_TEST_TMPDIR/compact.jsonl" \
	    >"$BATS_TEST_TMPDIR/spaced.jsonl"
	run -0 --separate-stderr grep -c '", "' "$BATS_TEST_TMPDIR/spaced.jsonl"
	assert_equal "$output" 4
	run -0 --separate-stderr tar-validate --calendar us-federal "$BATS_TEST_TMPDIR/spaced.jsonl"
	spaced=$(printf '%s\n' "$output" | jq -c .)
	run -0 --separate-stderr tar-validate --calendar us-federal "$BATS_TEST_TMPDIR/compact.jsonl"
	compact=$(printf '%s\n' "$output" | jq -c .)
	assert_equal "$spaced" "$compact"
	assert_equal "$(json -c .validation.valid)" 'true
false
false
false'
}

# --- every check: a record that passes it, then one that fails it ---------

@test "request_type.missing: a request without a type is an error" {
	validate '.request_type = "urgent_preservice"' 'del(.request_type)' \
	    '.request_type = null'
	f=$(finding request_type.missing request_type "a request needs its type: urgent concurrent, urgent pre-service, non-urgent pre-service or post-service")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "request_type.invalid: a type other than the four is an error" {
	validate '.request_type = "urgent_concurrent"' \
	    '.request_type = "urgent_preservice"' '.' "$POST" \
	    '.request_type = "pre-service"' '.request_type = "Urgent_Preservice"'
	f=$(finding request_type.invalid request_type "the request type must be urgent concurrent, urgent pre-service, non-urgent pre-service or post-service")
	assert_equal "$(result)" "[true,[],[]]
[true,[],[]]
[true,[],[]]
[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "line_of_business.invalid: medi-cal, partnership-advantage or none; anything else is an error" {
	validate '.line_of_business = "partnership-advantage"' \
	    'del(.line_of_business)' '.line_of_business = "medicare"' \
	    '.line_of_business = "Medi-Cal"'
	f=$(finding line_of_business.invalid line_of_business "the line of business must be Medi-Cal or Partnership Advantage")
	assert_equal "$(result)" "[true,[],[]]
[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "received_at.missing: a request without its receipt time is an error" {
	validate '.received_at = "2026-03-02"' 'del(.received_at)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding received_at.missing received_at "a request needs the date and time the plan received it")],[]]"
}

@test "received_at.invalid: a receipt time that does not parse or does not exist is a finding, exit 0" {
	validate '.received_at = "2026-03-02 10:00"' \
	    '.received_at = "2026-03-02t18:00:00.5z"' \
	    '.received_at = "2026-02-30T10:00:00-08:00"' \
	    '.received_at = "03/02/2026 10:00"' '.received_at = 20260302'
	f=$(finding received_at.invalid received_at "the date the plan received the request is not a real date and time")
	assert_equal "$(result)" "[true,[],[]]
[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "member.id.missing: a request without the member's CIN is an error, blank included" {
	validate . 'del(.member.id)' '.member.id = "   "'
	f=$(finding member.id.missing member.id "a request needs the member's Medi-Cal ID (CIN)")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "member.id.invalid: a CIN must be 9, seven digits and a check letter" {
	validate '.member.id = " 91234567a "' '.member.id = "9123456A"' \
	    '.member.id = "81234567A"' '.member.id = "912345678"' \
	    '.member.id = 912345670'
	f=$(finding member.id.invalid member.id "the member's Medi-Cal ID must be a 9, seven digits and a check letter")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "member.first_name.missing: a request without the member's first name is an error" {
	validate . 'del(.member.first_name)' '.member.first_name = ""'
	f=$(finding member.first_name.missing member.first_name "a request needs the member's first name")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "member.last_name.missing: a request without the member's last name is an error" {
	validate . 'del(.member.last_name)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding member.last_name.missing member.last_name "a request needs the member's last name")],[]]"
}

@test "member.dob.missing: a request without the member's date of birth is an error" {
	validate . 'del(.member.dob)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding member.dob.missing member.dob "a request needs the member's date of birth")],[]]"
}

@test "member.dob.invalid: a date of birth that does not exist is a finding, exit 0" {
	validate '.member.dob = "1960-02-29"' '.member.dob = "1958-02-29"' \
	    '.member.dob = "11/02/1958"'
	f=$(finding member.dob.invalid member.dob "the member's date of birth is not a real date")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "member.dob.order: a birth after the plan-local receipt date is an error; the same day is not" {
	# 2026-03-03T01:00Z is 17:00 PST on March 2, so the receipt date is
	# March 2 in the plan's time zone.
	validate '.member.dob = "2026-03-02"' '.member.dob = "2026-03-03"' \
	    '.member.dob = "2026-03-03" | .received_at = "2026-03-03T01:00:00Z"'
	f=$(finding member.dob.order member.dob "the member's date of birth cannot be after the request was received")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "provider.npi.missing: a request without the provider's NPI is an error" {
	validate . 'del(.provider.npi)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding provider.npi.missing provider.npi "a request needs the provider's NPI")],[]]"
}

@test "provider.npi.invalid: an NPI must be ten digits with a correct check digit" {
	validate '.provider.npi = "1234567893"' '.provider.npi = "1234567890"' \
	    '.provider.npi = "123456789"' '.provider.npi = 1234567893'
	f=$(finding provider.npi.invalid provider.npi "the provider's NPI must be ten digits with a correct check digit")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "provider.name.missing: a request without the provider's name is an error" {
	validate . 'del(.provider.name)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding provider.name.missing provider.name "a request needs the provider's name")],[]]"
}

@test "services.missing: a request with no service at all is an error" {
	validate . 'del(.services)' '.services = []'
	f=$(finding services.missing services "a request needs at least one service")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "services.code.missing: a service without a code beside coded ones is named by its index" {
	validate '.services += [{"code":"G0283"}]' \
	    '.services += [{"units":2},{"code":"G0283"},{"code":" "}]'
	m="each service needs its CPT or HCPCS code"
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding services.code.missing 'services[1].code' "$m"),$(finding services.code.missing 'services[3].code' "$m")],[]]"
}

@test "services.code.invalid: a malformed service code is named by its index" {
	validate '.services += [{"code":"J1745"}]' \
	    '.services += [{"code":"2988"}]'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding services.code.invalid 'services[1].code' "a service code must be a CPT code (5 digits, or 4 digits and F, T or U) or a HCPCS code (a letter and 4 digits)")],[]]"
}

@test "diagnoses.missing: a request with no diagnosis is an error" {
	validate . 'del(.diagnoses)' '.diagnoses = []'
	f=$(finding diagnoses.missing diagnoses "a request needs at least one diagnosis")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "diagnoses.invalid: each malformed diagnosis is named by its index" {
	validate '.diagnoses = ["M23.205","M17.11"]' \
	    '.diagnoses = ["M23.205","E11.","M17.11","x"]'
	m="a diagnosis must be an ICD-10-CM code, such as E11.9"
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding diagnoses.invalid 'diagnoses[1]' "$m"),$(finding diagnoses.invalid 'diagnoses[3]' "$m")],[]]"
}

@test "clinical_indications.missing: a request without clinical indications is an error" {
	validate . 'del(.clinical_indications)' '.clinical_indications = " "'
	f=$(finding clinical_indications.missing clinical_indications "a request needs the clinical indications for the service")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "history.missing: a request without pertinent history is an error" {
	validate . 'del(.history)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding history.missing history "a request needs the pertinent medical history, treatment or clinical data")],[]]"
}

@test "location.missing: a place of service or a facility name will do; neither is an error on place_of_service" {
	validate 'del(.place_of_service) | .facility = {"name":"Valley Surgery Center"}' \
	    'del(.place_of_service)' \
	    'del(.place_of_service) | .facility = {"npi":"1234567893"}'
	f=$(finding location.missing place_of_service "a request needs where the service will be given: a place of service or a facility")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "place_of_service.invalid: a place of service must be two digits" {
	validate '.place_of_service = " 11 "' '.place_of_service = "2"' \
	    '.place_of_service = "022"' '.place_of_service = 22'
	f=$(finding place_of_service.invalid place_of_service "the place of service must be a two-digit CMS code")
	assert_equal "$(result)" "[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "requested_los.missing: an inpatient request without a length of stay is an error; outpatient needs none" {
	validate "$INPATIENT" "$INPATIENT | del(.requested_los)" .
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding requested_los.missing requested_los "an inpatient request needs a requested length of stay")],[]]
[true,[],[]]"
	assert_equal "$(json -r .validation.route)" 'inpatient
inpatient
outpatient'
}

@test "requested_los.invalid: 0, 2.5, \"3\" and -1 are not a whole number of days, 1 or more" {
	validate "$INPATIENT | .requested_los = 1" "$INPATIENT | .requested_los = 3" \
	    "$INPATIENT | .requested_los = 1e20" "$INPATIENT | .requested_los = 0" "$INPATIENT | .requested_los = 2.5" \
	    "$INPATIENT | .requested_los = \"3\"" "$INPATIENT | .requested_los = -1"
	f=$(finding requested_los.invalid requested_los "the requested length of stay must be a whole number of days, 1 or more")
	assert_equal "$(result)" "[true,[],[]]
[true,[],[]]
[true,[],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]
[false,[$f],[]]"
}

@test "procedure_date.missing: an outpatient surgical request needs a proposed date; other requests do not" {
	validate '.category = "medical" | del(.procedure_date)' \
	    '.setting = "home" | del(.procedure_date)' 'del(.procedure_date)'
	assert_equal "$(result)" "[true,[],[]]
[true,[],[]]
[false,[$(finding procedure_date.missing procedure_date "an outpatient surgical request needs the proposed date of the procedure")],[]]"
}

@test "procedure_date.invalid: a proposed date that does not exist is a finding, exit 0" {
	validate '.procedure_date = "2026-04-30"' '.procedure_date = "2026-04-31"'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding procedure_date.invalid procedure_date "the proposed date of the procedure is not a real date")],[]]"
}

@test "service_date.missing: a post-service request must say when the service was given" {
	validate "$POST" "$POST | del(.service_date)" 'del(.service_date)'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding service_date.missing service_date "a post-service request needs the date the service was given")],[]]
[true,[],[]]"
}

@test "service_date.invalid: a service date that does not exist is a finding, exit 0" {
	validate "$POST" "$POST | .service_date = \"2026-13-01\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding service_date.invalid service_date "the date the service was given is not a real date")],[]]"
}

@test "service_date.order: a service after the receipt date is an error; the same day is not" {
	validate "$POST | .service_date = \"2026-03-02\"" \
	    "$POST | .service_date = \"2026-03-03\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding service_date.order service_date "the date the service was given cannot be after the request was received")],[]]"
}

@test "primary_denial_date.invalid: a denial date that does not exist is a finding" {
	validate "$POST | .primary_denial_date = \"2026-02-25\"" \
	    "$POST | .primary_denial_date = \"2026-02-29\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding primary_denial_date.invalid primary_denial_date "the date the other coverage denied the service is not a real date")],[]]"
}

@test "retro_eligibility_date.invalid: an eligibility date that does not exist is a finding" {
	validate "$POST | .retro_eligibility_date = \"2026-02-25\"" \
	    "$POST | .retro_eligibility_date = \"2026-02-25T25:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding retro_eligibility_date.invalid retro_eligibility_date "the date Medi-Cal eligibility was granted is not a real date")],[]]"
}

@test "admitted_at.invalid: an admission time that does not exist is a finding" {
	validate "$INPATIENT | .admitted_at = \"2026-03-01T22:00:00-08:00\"" \
	    "$INPATIENT | .admitted_at = \"2026-03-01T24:00:00-08:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding admitted_at.invalid admitted_at "the admission date and time is not a real date and time")],[]]"
}

@test "admission_notified_at.invalid: an admission notice time that does not exist is a finding" {
	validate "$INPATIENT | .admission_notified_at = \"2026-03-02T08:15:00-08:00\"" \
	    "$INPATIENT | .admission_notified_at = \"2026-03-02T08:15:60-08:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding admission_notified_at.invalid admission_notified_at "the date and time the facility reported the admission is not a real date and time")],[]]"
}

@test "admission_notified_at.order: a notice before the admission is an error, not a late notice" {
	validate "$INPATIENT | .admitted_at = \"2026-03-01T22:00:00-08:00\" | .admission_notified_at = \"2026-03-01T22:00:00-08:00\"" \
	    "$INPATIENT | .admitted_at = \"2026-03-01T22:00:00-08:00\" | .admission_notified_at = \"2026-03-01T21:59:00-08:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding admission_notified_at.order admission_notified_at "the facility cannot report an admission before it happened")],[]]"
}

@test "decision.at.invalid: a decision time that does not exist is a finding" {
	validate "$DENIAL" "$DENIAL | .decision.at = \"2026-03-05T11:00:00,5-08:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding decision.at.invalid decision.at "the decision date and time is not a real date and time")],[]]"
}

@test "decision.at.order: a decision before the receipt time is an error; at the same instant it is not" {
	validate "$DENIAL | .decision.at = \"2026-03-02T18:00:00Z\"" \
	    "$DENIAL | .decision.at = \"2026-03-02T09:59:59-08:00\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding decision.at.order decision.at "a decision cannot be made before the request was received")],[]]"
}

@test "notified.practitioner_at.invalid: a practitioner notice time that does not exist is a finding" {
	validate '.notified.practitioner_at = "2026-03-05T12:00:00-08:00"' \
	    '.notified.practitioner_at = "2026-03-05T12:00:00+25:00"'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding notified.practitioner_at.invalid notified.practitioner_at "the date the practitioner was told is not a real date and time")],[]]"
}

@test "notified.member_mailed_at.invalid: a mailing time that does not exist is a finding" {
	validate '.notified.member_mailed_at = "2026-03-06"' \
	    '.notified.member_mailed_at = "2026-03-32"'
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding notified.member_mailed_at.invalid notified.member_mailed_at "the date the member's notice was mailed is not a real date and time")],[]]"
}

@test "auth.not_required: emergency, place of service 23 and mental health need no authorization, naming the field" {
	validate '.category = "medical" | .place_of_service = "11"' \
	    '.category = "emergency"' '.category = "medical" | .place_of_service = "23"' \
	    '.category = "mental_health"'
	m="this service does not need prior authorization: emergency room visits and mental health services are covered without it"
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding auth.not_required category "$m")]]
[true,[],[$(finding auth.not_required place_of_service "$m")]]
[true,[],[$(finding auth.not_required category "$m")]]"
	assert_equal "$(json -c '.validation | [.auth_required, .route]')" '[true,"outpatient"]
[false,"none"]
[false,"none"]
[false,"none"]'
}

@test "submission.late: a post-service request more than 15 business days after the service is late but valid" {
	# Service Monday 2026-04-06; business day 15 is Monday 2026-04-27.
	validate "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-27T16:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-28T08:00:00-07:00\""
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding submission.late received_at "this post-service request came more than 15 business days after the service; late requests are still reviewed")]]"
}

@test "retro.window: a service more than one year before the receipt draws a warning" {
	# Eligibility granted 2026-03-01 exempts both from submission.late.
	validate "$POST | .service_date = \"2025-03-10\" | .retro_eligibility_date = \"2026-03-01\" | .received_at = \"2026-03-10T09:00:00-07:00\"" \
	    "$POST | .service_date = \"2025-03-10\" | .retro_eligibility_date = \"2026-03-01\" | .received_at = \"2026-03-11T09:00:00-07:00\""
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding retro.window received_at "this service was given more than one year before the request was received")]]"
}

@test "admission.notice_late: an admission reported more than one business day after it happened draws a warning" {
	# Admitted Friday 2026-04-10 at 22:00; Monday 04-13 is the next
	# business day.
	validate "$INPATIENT | .admitted_at = \"2026-04-10T22:00:00-07:00\" | .admission_notified_at = \"2026-04-13T16:00:00-07:00\"" \
	    "$INPATIENT | .admitted_at = \"2026-04-10T22:00:00-07:00\" | .admission_notified_at = \"2026-04-14T08:00:00-07:00\""
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding admission.notice_late admission_notified_at "the facility reported this admission more than one business day after it happened, which is a ground for denial")]]"
}

@test "pharmacy.medi_cal_rx: a drug given outside a medical setting belongs to Medi-Cal Rx" {
	validate '.drug = {"hcpcs":"J1745","name":"infliximab","administered_by":"clinic"}' \
	    '.drug = {"ndc":"0002-8215-01","name":"insulin lispro","administered_by":"self"}'
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding pharmacy.medi_cal_rx drug.administered_by "a drug the member takes at home or gets from a pharmacy is covered by Medi-Cal Rx, not by the plan")]]"
	assert_equal "$(json -c '.validation | [.auth_required, .route]')" '[true,"pharmacy"]
[false,"medi-cal-rx"]'
}

@test "pharmacy.carved_out: a carved-out drug class draws a warning and the carved-out route" {
	validate '.drug = {"name":"infliximab","class":"tnf_inhibitor","administered_by":"clinic"}' \
	    '.drug = {"name":"paliperidone palmitate","class":"antipsychotic","administered_by":"clinic"}'
	assert_equal "$(result)" "[true,[],[]]
[true,[],[$(finding pharmacy.carved_out drug.class "this drug class is carved out of the plan and is billed to Medi-Cal Rx or the State")]]"
	assert_equal "$(json -c '.validation | [.auth_required, .route]')" '[true,"pharmacy"]
[false,"carved-out"]'
}

@test "decision.authority: a nurse may not deny for medical necessity; a medical director may" {
	validate "$DENIAL" "$DENIAL | .decision.by.role = \"nurse_coordinator\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding decision.authority decision.by.role "only a physician reviewer (or, for mental health and substance use services, the behavioral health clinical director) may deny or change a request for medical necessity; a pharmacy technician never denies")],[]]"
}

@test "decision.reason.missing: a denial must state its reason" {
	validate "$DENIAL" "$DENIAL | del(.decision.reason)"
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding decision.reason.missing decision.reason "a denial or change must state the reason, so the notice can explain it")],[]]"
}

@test "decision.criteria.missing: a modification must name its criteria" {
	validate "$DENIAL | .decision.outcome = \"modify\" | .decision.approved = {\"description\":\"physical therapy\",\"units\":6}" \
	    "$DENIAL | .decision.outcome = \"modify\" | .decision.criteria = \"\""
	assert_equal "$(result)" "[true,[],[]]
[false,[$(finding decision.criteria.missing decision.criteria "a denial or change must name the criteria used, so the notice can cite them")],[]]"
}

@test "every check in the rule book has a test above" {
	codes=$(awk '!/^#/ && NF { print $1 }' "$UMKIT_SHARE/tar/rulebook")
	assert_equal "$(printf '%s\n' "$codes" | wc -l)" 49
	for c in $codes; do
		grep -q "^@test \"$c: " "$BATS_TEST_FILENAME" ||
		    fail "no test for $c"
	done
}

# --- codes ------------------------------------------------------------------

@test "a CIN's check letter is any but B, I, J, K, L, O, P, Q, R and S" {
	changes=()
	for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
		changes+=(".member.id = \"91234567$l\"")
	done
	validate "${changes[@]}"
	assert_equal "$(json -r '.member.id[8:] + " " + (.validation.valid | tostring)' | tr '\n' ' ')" \
	    "A true B false C true D true E true F true G true H true I false J false K false L false M true N true O false P false Q false R false S false T true U true V true W true X true Y true Z true "
}

@test "a CIN is trimmed and upper-cased, but a space inside it is invalid" {
	validate '.member.id = "91234567t"' '.member.id = "  91234567T  "' \
	    '.member.id = "9123 4567T"' '.member.id = "91234567 T"'
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]
[true,[],[],true,"outpatient"]
[false,["member.id.invalid member.id"],[],true,"outpatient"]
[false,["member.id.invalid member.id"],[],true,"outpatient"]'
}

@test "an NPI is valid only with the Luhn check digit over 80840 and its first nine digits" {
	assert_equal "$(npi_check_digit 123456789)" 3
	a=987654321$(npi_check_digit 987654321)
	b=164000008$(npi_check_digit 164000008)
	bad_a=987654321$(( ($(npi_check_digit 987654321) + 1) % 10 ))
	bad_b=164000008$(( ($(npi_check_digit 164000008) + 5) % 10 ))
	validate '.provider.npi = "1234567893"' '.provider.npi = "1234567890"' \
	    ".provider.npi = \"$a\"" ".provider.npi = \"$b\"" \
	    ".provider.npi = \"$bad_a\"" ".provider.npi = \"$bad_b\"" \
	    '.provider.npi = " 1234567893 "' '.provider.npi = "12345678930"'
	assert_equal "$(json -c '[.provider.npi, .validation.valid]')" "[\"1234567893\",true]
[\"1234567890\",false]
[\"$a\",true]
[\"$b\",true]
[\"$bad_a\",false]
[\"$bad_b\",false]
[\" 1234567893 \",true]
[\"12345678930\",false]"
}

@test "CPT categories I, II and III, PLA and HCPCS Level II codes are accepted, upper-cased and trimmed" {
	validate '.services = [{"code":"29881"},{"code":"3008F"},{"code":"0042T"},{"code":"0001U"},{"code":"J1745"},{"code":"e0601"},{"code":" 99213 "}]'
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]'
}

@test "malformed service codes are each named by index: 2988, 29881X, J174, 1036G, 99 213, 12345F" {
	validate '.services = [{"code":"2988"},{"code":"29881"},{"code":"29881X"},{"code":"J174"},{"code":"1036G"},{"code":"99 213"},{"code":"12345F"},{"code":29881}]'
	assert_equal "$(summary)" '[false,["services.code.invalid services[0].code","services.code.invalid services[2].code","services.code.invalid services[3].code","services.code.invalid services[4].code","services.code.invalid services[5].code","services.code.invalid services[6].code","services.code.invalid services[7].code"],[],true,"outpatient"]'
}

@test "ICD-10-CM codes are accepted with and without the dot and in lower case" {
	validate '.diagnoses = ["M23.205","M23205","e11.9"," E119 ","Z79.4","S72.001A","s72001a","F32.A"]'
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]'
}

@test "malformed ICD-10-CM codes are each named by index" {
	validate '.diagnoses = ["E11.9","E11.","E1","11.9","E11.12345","E1 1.9","E11..9",119]'
	assert_equal "$(json -c '[.validation.errors[].field]')" '["diagnoses[1]","diagnoses[2]","diagnoses[3]","diagnoses[4]","diagnoses[5]","diagnoses[6]","diagnoses[7]"]'
}

# --- dates ------------------------------------------------------------------

@test "dates that do not parse are findings: the record gets its full validation and the exit status stays 0" {
	validate '.member.dob = "1958-02-30" | .procedure_date = "soon" | .diagnoses = ["E11.9","E11."]'
	assert_equal "$(summary)" '[false,["member.dob.invalid member.dob","diagnoses.invalid diagnoses[1]","procedure_date.invalid procedure_date"],[],true,"outpatient"]'
}

@test "an unparseable receipt time skips the checks that need it but not the others" {
	validate "$POST | .service_date = \"2025-01-02\" | .received_at = \"2026-03-02T10:00:00-08\"" \
	    "$POST | .service_date = \"2025-01-02\" | .received_at = \"2026-03-02T10:00:00 PST\""
	assert_equal "$(summary)" '[true,[],["submission.late received_at","retro.window received_at"],true,"outpatient"]
[false,["received_at.invalid received_at"],[],true,"outpatient"]'
}

# --- late submission --------------------------------------------------------

@test "a post-service request received on the 15th business day after the service is on time, the 16th late" {
	# Service Monday 2026-04-06: Apr 7-10, 13-17, 20-24, 27 are business
	# days 1 to 15, with no holiday in either calendar.
	for cal in us-federal ca-state; do
		run -0 --separate-stderr tar-validate --calendar "$cal" <<<"$(recs \
		    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-27T23:59:59-07:00\"" \
		    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-28T00:00:00-07:00\"")"
		assert_equal "$(summary)" '[true,[],[],true,"outpatient"]
[true,[],["submission.late received_at"],true,"outpatient"]'
	done
}

@test "the receipt date that counts is the plan-local one" {
	# 2026-04-28T06:30Z is 23:30 PDT on April 27, business day 15.
	validate "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-28T06:30:00Z\"" \
	    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-28T07:00:00Z\""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
["submission.late"]'
}

@test "a receipt on the weekend after the 15th business day is late" {
	# Service Friday 2026-04-03: business day 15 is Friday 2026-04-24.
	validate "$POST | .service_date = \"2026-04-03\" | .received_at = \"2026-04-24T16:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-04-03\" | .received_at = \"2026-04-25T10:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-04-03\" | .received_at = \"2026-04-26T10:00:00-07:00\""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
["submission.late"]
["submission.late"]'
}

@test "a holiday inside the window moves the 15th business day: Juneteenth counts in us-federal, not in ca-state" {
	# Service Monday 2026-06-01.  us-federal skips Friday 06-19, so day
	# 15 is Tuesday 06-23; ca-state has no Juneteenth, so day 15 is
	# Monday 06-22.  The plan calendar, as shipped, is ca-state.
	line=$(rec "$POST | .service_date = \"2026-06-01\" | .received_at = \"2026-06-23T11:00:00-07:00\"")
	run -0 --separate-stderr tar-validate --calendar us-federal <<<"$line"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]'
	run -0 --separate-stderr tar-validate --calendar ca-state <<<"$line"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '["submission.late"]'
	run -0 --separate-stderr tar-validate <<<"$line"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '["submission.late"]'
}

@test "a receipt within 60 calendar days of the primary denial is not late; on day 61 it is" {
	# Service 2026-01-05 (business day 15 is 2026-01-27); denied by the
	# primary payer 2026-03-02; day 60 after that is 2026-05-01.
	validate "$POST | .service_date = \"2026-01-05\" | .primary_denial_date = \"2026-03-02\" | .received_at = \"2026-03-02T09:00:00-08:00\"" \
	    "$POST | .service_date = \"2026-01-05\" | .primary_denial_date = \"2026-03-02\" | .received_at = \"2026-05-01T16:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-01-05\" | .primary_denial_date = \"2026-03-02\" | .received_at = \"2026-05-02T09:00:00-07:00\""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
[]
["submission.late"]'
}

@test "a receipt before the primary denial date has no exemption" {
	validate "$POST | .service_date = \"2026-01-05\" | .primary_denial_date = \"2026-03-02\" | .received_at = \"2026-02-27T09:00:00-08:00\""
	assert_equal "$(summary)" '[true,[],["submission.late received_at"],true,"outpatient"]'
}

@test "retroactive eligibility exempts a late request the same way, for 60 calendar days" {
	validate "$POST | .service_date = \"2026-01-05\" | .retro_eligibility_date = \"2026-03-02\" | .received_at = \"2026-05-01T16:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-01-05\" | .retro_eligibility_date = \"2026-03-02\" | .received_at = \"2026-05-02T09:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-01-05\" | .retro_eligibility_date = \"2026-03-02\" | .received_at = \"2026-02-27T09:00:00-08:00\""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
["submission.late"]
["submission.late"]'
}

@test "late submission applies to post-service requests only" {
	validate ".service_date = \"2025-01-02\""
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]'
}

# --- retrospective window ---------------------------------------------------

@test "exactly one year after the service is within the window; one day more is not" {
	validate "$POST | .service_date = \"2025-03-10\" | .retro_eligibility_date = \"2026-03-01\" | .received_at = \"2026-03-10T23:59:59-07:00\"" \
	    "$POST | .service_date = \"2025-03-10\" | .retro_eligibility_date = \"2026-03-01\" | .received_at = \"2026-03-11T00:00:00-07:00\""
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]
[true,[],["retro.window received_at"],true,"outpatient"]'
}

@test "a service on 2024-02-29 is within the window until 2025-02-28" {
	validate "$POST | .service_date = \"2024-02-29\" | .retro_eligibility_date = \"2025-02-20\" | .received_at = \"2025-02-28T12:00:00-08:00\"" \
	    "$POST | .service_date = \"2024-02-29\" | .retro_eligibility_date = \"2025-02-20\" | .received_at = \"2025-03-01T12:00:00-08:00\""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
["retro.window"]'
}

# --- admission notice -------------------------------------------------------

@test "an admission reported the next business day over a weekend is in time; two business days later is late" {
	# Admitted Friday 2026-04-10 22:00: Saturday, Sunday and Monday 04-13
	# are in time, Tuesday 04-14 is late.
	validate "$INPATIENT | .admitted_at = \"2026-04-10T22:00:00-07:00\" | .admission_notified_at = \"2026-04-11T09:00:00-07:00\"" \
	    "$INPATIENT | .admitted_at = \"2026-04-10T22:00:00-07:00\" | .admission_notified_at = \"2026-04-13T23:59:59-07:00\"" \
	    "$INPATIENT | .admitted_at = \"2026-04-10T22:00:00-07:00\" | .admission_notified_at = \"2026-04-14T00:00:00-07:00\""
	assert_equal "$(summary)" '[true,[],[],true,"inpatient"]
[true,[],[],true,"inpatient"]
[true,[],["admission.notice_late admission_notified_at"],true,"inpatient"]'
}

@test "a holiday after the admission gives the facility one more day" {
	# Admitted Thursday 2026-11-26, Thanksgiving; ca-state also closes
	# Friday 11-27, so the next business day is Monday 11-30.  us-federal
	# is open on Friday.
	line=$(rec "$INPATIENT | .admitted_at = \"2026-11-26T10:00:00-08:00\" | .admission_notified_at = \"2026-11-30T09:00:00-08:00\" | .received_at = \"2026-11-30T09:00:00-08:00\"")
	run -0 --separate-stderr tar-validate --calendar ca-state <<<"$line"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]'
	run -0 --separate-stderr tar-validate --calendar us-federal <<<"$line"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '["admission.notice_late"]'
}

# --- routes and authorization ----------------------------------------------

@test "routes: first that applies of none, medi-cal-rx, carved-out, pharmacy, sud_residential, inpatient, ltc, outpatient" {
	validate \
	    '.category = "emergency" | .setting = "inpatient" | .requested_los = 2 | .drug = {"class":"antipsychotic","administered_by":"self"}' \
	    '.place_of_service = "23" | .category = "pharmacy"' \
	    '.drug = {"class":"antipsychotic","administered_by":"pharmacy"}' \
	    '.drug = {"class":"hiv_antiviral","administered_by":"clinic"} | .category = "pharmacy"' \
	    '.category = "pharmacy" | .setting = "inpatient" | .requested_los = 2' \
	    '.drug = {"hcpcs":"J1745","administered_by":"hospital"} | .category = "sud_residential"' \
	    '.category = "sud_residential" | .setting = "inpatient" | .requested_los = 30' \
	    '.category = "snf" | .setting = "inpatient" | .requested_los = 5' \
	    '.category = "medical" | .setting = "ltc"' \
	    '.category = "snf" | .setting = "outpatient"' \
	    '.category = "home_health" | .setting = "home"' \
	    '.category = "dme" | del(.setting)' \
	    '.drug = {"name":"unknown","administered_by":"nurse"} | .category = "therapy"'
	assert_equal "$(json -c '.validation | [.auth_required, .route]')" '[false,"none"]
[false,"none"]
[false,"medi-cal-rx"]
[false,"carved-out"]
[true,"pharmacy"]
[true,"pharmacy"]
[true,"sud_residential"]
[true,"inpatient"]
[true,"ltc"]
[true,"ltc"]
[true,"outpatient"]
[true,"outpatient"]
[true,"outpatient"]'
}

@test "every check that applies is listed even when a higher route wins" {
	# Mental health with a self-administered drug: both warnings, route
	# none.
	validate '.category = "mental_health" | .drug = {"name":"sertraline","administered_by":"self"}'
	assert_equal "$(summary)" '[true,[],["auth.not_required category","pharmacy.medi_cal_rx drug.administered_by"],false,"none"]'
}

@test "a late, old, emergency post-service request for a self-administered carved-out drug lists all five warnings in rule-book order" {
	validate "$POST | .service_date = \"2025-01-02\" | .category = \"emergency\" | .drug = {\"class\":\"maoi\",\"administered_by\":\"self\"}"
	assert_equal "$(summary)" '[true,[],["auth.not_required category","submission.late received_at","retro.window received_at","pharmacy.medi_cal_rx drug.administered_by","pharmacy.carved_out drug.class"],false,"none"]'
}

@test "an emergency category with place of service 23 is named once, by its category" {
	validate '.category = "emergency" | .place_of_service = "23"'
	assert_equal "$(summary)" '[true,[],["auth.not_required category"],false,"none"]'
}

@test "every carved-out class of the SPEC is carved out" {
	validate '.drug = {"class":"hiv_antiviral","administered_by":"clinic"}' \
	    '.drug = {"class":"hemophilia_factor","administered_by":"clinic"}' \
	    '.drug = {"class":"sud_non_ntp","administered_by":"clinic"}' \
	    '.drug = {"class":"antipsychotic","administered_by":"clinic"}' \
	    '.drug = {"class":"maoi","administered_by":"clinic"}'
	assert_equal "$(json -r .validation.route | sort -u)" carved-out
}

@test "each place outside a medical setting is Medi-Cal Rx's, each medical setting the plan's" {
	changes=()
	for by in self pharmacy ltc_facility infusion_pharmacy home_health clinic hospital physician_office dialysis; do
		changes+=(".drug = {\"administered_by\":\"$by\"}")
	done
	validate "${changes[@]}"
	assert_equal "$(json -r .validation.route | tr '\n' ' ')" "medi-cal-rx medi-cal-rx medi-cal-rx medi-cal-rx medi-cal-rx pharmacy pharmacy pharmacy pharmacy "
}

# --- order ------------------------------------------------------------------

@test "errors are listed in rule-book order and by array index within a check" {
	validate 'del(.request_type) | .member.id = "9123456B" | .services = [{"code":"2988"},{},{"code":"X1"}] | .diagnoses = ["bad","E11.9","1"] | del(.history) | .place_of_service = "A1" | .decision = {"outcome":"deny","by":{"role":"coordinator"}}'
	assert_equal "$(summary)" '[false,["request_type.missing request_type","member.id.invalid member.id","services.code.missing services[1].code","services.code.invalid services[0].code","services.code.invalid services[2].code","diagnoses.invalid diagnoses[0]","diagnoses.invalid diagnoses[2]","history.missing history","place_of_service.invalid place_of_service","decision.authority decision.by.role","decision.reason.missing decision.reason","decision.criteria.missing decision.criteria"],[],true,"outpatient"]'
}

@test "reordering the rule book reorders the findings" {
	copy_share
	rb=$BATS_TEST_TMPDIR/share/tar/rulebook
	{ grep '^history.missing ' "$rb"; grep -v '^history.missing ' "$rb"; } >"$rb.new"
	mv "$rb.new" "$rb"
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share validate 'del(.request_type) | del(.history)'
	assert_equal "$(json -c '[.validation.errors[].code]')" '["history.missing","request_type.missing"]'
}

@test "a record with more than 64 findings lists every one of them" {
	validate '.diagnoses = [range(70) | "bad"] | del(.history)'
	assert_equal "$(json -c '.validation.errors | length')" 71
	assert_equal "$(json -c '[.validation.errors[].field] | .[0], .[69], .[70]')" '"diagnoses[0]"
"diagnoses[69]"
"history"'
}

# --- decision authority -----------------------------------------------------

@test "each physician designee may deny on medical necessity" {
	changes=()
	for role in cmo medical_director medical_director_quality medical_director_medicare regional_medical_director associate_medical_director physician_reviewer; do
		changes+=("$DENIAL | .decision.by.role = \"$role\"")
	done
	validate "${changes[@]}"
	assert_equal "$(json -c .validation.valid | sort -u)" true
}

@test "a pharmacy technician may not deny, even on a benefit basis, but may approve" {
	validate "$DENIAL | .decision.by.role = \"pharmacy_technician\" | .decision.basis = \"benefit\"" \
	    "$DENIAL | .decision.by.role = \"pharmacy_technician\" | .decision.basis = \"administrative\" | .decision.outcome = \"modify\"" \
	    "$DENIAL | .decision.by.role = \"pharmacy_technician\" | .decision.outcome = \"approve\" | del(.decision.reason, .decision.criteria)" \
	    "$DENIAL | .decision.by.role = \"clinical_pharmacist\" | .decision.basis = \"benefit\""
	assert_equal "$(summary)" '[false,["decision.authority decision.by.role"],[],true,"outpatient"]
[false,["decision.authority decision.by.role"],[],true,"outpatient"]
[true,[],[],true,"outpatient"]
[true,[],[],true,"outpatient"]'
}

@test "the behavioral health clinical director may deny mental health, SUD residential and BHT, not surgical" {
	validate "$DENIAL | .decision.by.role = \"bh_clinical_director\" | .category = \"mental_health\"" \
	    "$DENIAL | .decision.by.role = \"bh_clinical_director\" | .category = \"sud_residential\"" \
	    "$DENIAL | .decision.by.role = \"bh_clinical_director\" | .category = \"bht\"" \
	    "$DENIAL | .decision.by.role = \"bh_clinical_director\""
	assert_equal "$(summary)" '[true,[],["auth.not_required category"],false,"none"]
[true,[],[],true,"sud_residential"]
[true,[],[],true,"outpatient"]
[false,["decision.authority decision.by.role"],[],true,"outpatient"]'
}

@test "a nurse may deny on an administrative or benefit basis, not on medical necessity or with no basis" {
	validate "$DENIAL | .decision.by.role = \"nurse_coordinator\" | .decision.basis = \"administrative\"" \
	    "$DENIAL | .decision.by.role = \"nurse_coordinator\" | .decision.basis = \"benefit\"" \
	    "$DENIAL | .decision.by.role = \"nurse_coordinator\" | .decision.basis = \"medical_necessity\"" \
	    "$DENIAL | .decision.by.role = \"nurse_coordinator\" | del(.decision.basis)" \
	    "$DENIAL | del(.decision.by)"
	assert_equal "$(json -c '[.validation.errors[].code]')" '[]
[]
["decision.authority"]
["decision.authority"]
["decision.authority"]'
}

@test "approvals and deferrals need no authority, reason or criteria" {
	validate '.decision = {"outcome":"approve","at":"2026-03-03T09:00:00-08:00","by":{"role":"nurse_coordinator"}}' \
	    '.decision = {"outcome":"defer","by":{"role":"coordinator"}}'
	assert_equal "$(json -c .validation.errors)" '[]
[]'
}

# --- options ----------------------------------------------------------------

@test "--only valid writes the valid records, warnings included; --only invalid the rest" {
	recs '.tar_id = "V1"' '.tar_id = "I1" | del(.history)' \
	    '.tar_id = "W1" | .category = "emergency"' \
	    '.tar_id = "I2" | .provider.npi = "1234567890"' >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr tar-validate --only valid "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$(json -r .tar_id)" 'V1
W1'
	run -0 --separate-stderr tar-validate --only invalid "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json -c '[.tar_id, .validation.errors[0].code]')" '["I1","history.missing"]
["I2","provider.npi.invalid"]'
}

@test "--only with another word is a usage error" {
	run -2 --separate-stderr tar-validate --only some </dev/null
	assert_equal "$output" ""
	assert_equal "$stderr" "tar-validate: --only: valid or invalid, not 'some'
Try 'tar-validate --help' for more information."
}

@test "--tz sets the zone whose dates are compared" {
	# 2026-03-03T01:00Z is March 2 in Los Angeles and March 3 in UTC.
	line=$(rec '.member.dob = "2026-03-03" | .received_at = "2026-03-03T01:00:00Z"')
	run -0 --separate-stderr tar-validate <<<"$line"
	assert_equal "$(json -c '[.validation.errors[].code]')" '["member.dob.order"]'
	run -0 --separate-stderr tar-validate --tz UTC <<<"$line"
	assert_equal "$(json -c '[.validation.errors[].code]')" '[]'
}

@test "CSV input: a service list needs --map to become objects; a length of stay that is not whole is a finding" {
	cat >"$BATS_TEST_TMPDIR/in.csv" <<-'EOF'
	tar_id,request_type,received_at,member.id,member.first_name,member.last_name,member.dob,provider.npi,provider.name,setting,category,services[],diagnoses[],clinical_indications,history,place_of_service,requested_los
	C1,urgent_concurrent,2026-03-02T10:00:00-08:00,91234567A,Ana,Reyes,1958-02-11,1234567893,Valley Medical Center,inpatient,medical,99223,J18.9|E11.9,"Pneumonia, hypoxic on room air",COPD on home oxygen,21,3
	C2,urgent_concurrent,2026-03-02T10:00:00-08:00,91234567A,Ana,Reyes,1958-02-11,1234567893,Valley Medical Center,inpatient,medical,99223|9922,J18.9,"Pneumonia, hypoxic on room air",COPD on home oxygen,21,2.5
	EOF
	run -0 --separate-stderr tar-validate -i csv -m '.services |= map({code: .})' \
	    "$BATS_TEST_TMPDIR/in.csv"
	assert_equal "$stderr" ""
	assert_equal "$(summary)" '[true,[],[],true,"inpatient"]
[false,["services.code.invalid services[1].code","requested_los.invalid requested_los"],[],true,"inpatient"]'
	assert_equal "$(json -c '[.requested_los, .diagnoses]')" '[3,["J18.9","E11.9"]]
["2.5",["J18.9"]]'
}

# --- data without rebuild ---------------------------------------------------

@test "demoting history.missing to a warning in the rule book makes a request without history valid" {
	copy_share
	sed -i 's/^history\.missing\( *\)error /history.missing\1warning /' \
	    "$BATS_TEST_TMPDIR/share/tar/rulebook"
	line=$(rec 'del(.history)')
	run -0 --separate-stderr tar-validate <<<"$line"
	assert_equal "$(json -c .validation.valid)" false
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -0 --separate-stderr tar-validate <<<"$line"
	assert_equal "$stderr" ""
	assert_equal "$(result)" "[true,[],[$(finding history.missing history "a request needs the pertinent medical history, treatment or clinical data")]]"
}

@test "a check set off is not made" {
	copy_share
	sed -i 's/^member\.dob\.order\( *\)error /member.dob.order\1off /' \
	    "$BATS_TEST_TMPDIR/share/tar/rulebook"
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share validate '.member.dob = "2027-01-01"'
	assert_equal "$(summary)" '[true,[],[],true,"outpatient"]'
}

@test "--policy DIR with late_submission_business_days 20 moves the late line" {
	mkdir "$BATS_TEST_TMPDIR/policy"
	cp "$UMKIT_SHARE"/tar/* "$BATS_TEST_TMPDIR/policy/"
	sed -i 's/^late_submission_business_days .*/late_submission_business_days 20/' \
	    "$BATS_TEST_TMPDIR/policy/scope"
	# Service Monday 2026-04-06: business day 15 is 04-27, day 20 is
	# Monday 05-04.
	input=$(recs "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-04-28T09:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-05-04T09:00:00-07:00\"" \
	    "$POST | .service_date = \"2026-04-06\" | .received_at = \"2026-05-05T09:00:00-07:00\"")
	run -0 --separate-stderr tar-validate --calendar us-federal <<<"$input"
	assert_equal "$(json -c '[.validation.warnings[].code]')" '["submission.late"]
["submission.late"]
["submission.late"]'
	run -0 --separate-stderr tar-validate --calendar us-federal \
	    --policy "$BATS_TEST_TMPDIR/policy" <<<"$input"
	assert_equal "$stderr" ""
	assert_equal "$(json -c '[.validation.warnings[].code]')" '[]
[]
["submission.late"]'
}

@test "--policy DIR reads the carved-out list and the authority from DIR" {
	mkdir "$BATS_TEST_TMPDIR/policy"
	cp "$UMKIT_SHARE"/tar/* "$BATS_TEST_TMPDIR/policy/"
	echo 'tnf_inhibitor' >>"$BATS_TEST_TMPDIR/policy/carved-out-drugs"
	echo 'may nurse_supervisor deny for dme' >>"$BATS_TEST_TMPDIR/policy/authority"
	run -0 --separate-stderr tar-validate --policy "$BATS_TEST_TMPDIR/policy" <<<"$(recs \
	    '.drug = {"class":"tnf_inhibitor","administered_by":"clinic"}' \
	    "$DENIAL | .decision.by.role = \"nurse_supervisor\" | .category = \"dme\"" \
	    "$DENIAL | .decision.by.role = \"nurse_supervisor\" | .decision.outcome = \"modify\" | .category = \"dme\"")"
	assert_equal "$(summary)" '[true,[],["pharmacy.carved_out drug.class"],false,"carved-out"]
[true,[],[],true,"outpatient"]
[false,["decision.authority decision.by.role"],[],true,"outpatient"]'
}

@test "a rule book line with an unknown check is exit 2 naming the file and line" {
	copy_share
	rb=$BATS_TEST_TMPDIR/share/tar/rulebook
	n=$(grep -n '^history\.missing ' "$rb" | cut -d: -f1)
	sed -i 's/^history\.missing /history.absent /' "$rb"
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -2 --separate-stderr tar-validate <<<"$BASE"
	assert_equal "$output" ""
	assert_equal "$stderr" "tar-validate: $rb:$n: unknown check 'history.absent'"
}

@test "a rule book line with a bad severity is exit 2 naming the file and line" {
	copy_share
	rb=$BATS_TEST_TMPDIR/share/tar/rulebook
	n=$(grep -n '^history\.missing ' "$rb" | cut -d: -f1)
	sed -i 's/^history\.missing\( *\)error /history.missing\1fatal /' "$rb"
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -2 --separate-stderr tar-validate <<<"$BASE"
	assert_equal "$output" ""
	assert_equal "$stderr" "tar-validate: $rb:$n: severity is error, warning or off"
}

@test "a rule book without one of the checks is exit 2 naming the file and its last line" {
	copy_share
	rb=$BATS_TEST_TMPDIR/share/tar/rulebook
	sed -i '/^history\.missing /d' "$rb"
	n=$(wc -l <"$rb")
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -2 --separate-stderr tar-validate <<<"$BASE"
	assert_equal "$output" ""
	assert_equal "$stderr" "tar-validate: $rb:$n: check 'history.missing' is not listed"
}

@test "a rule book line without its message, or a check listed twice, is exit 2" {
	copy_share
	rb=$BATS_TEST_TMPDIR/share/tar/rulebook
	n=$(grep -n '^history\.missing ' "$rb" | cut -d: -f1)
	cp "$rb" "$rb.orig"
	sed -i 's/^history\.missing .*/history.missing error/' "$rb"
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -2 --separate-stderr tar-validate <<<"$BASE"
	assert_equal "$stderr" "tar-validate: $rb:$n: expected 'CODE SEVERITY \"MESSAGE\"'"
	cp "$rb.orig" "$rb"
	echo 'history.missing warning "again"' >>"$rb"
	n=$(wc -l <"$rb")
	UMKIT_SHARE=$BATS_TEST_TMPDIR/share run -2 --separate-stderr tar-validate <<<"$BASE"
	assert_equal "$stderr" "tar-validate: $rb:$n: check 'history.missing' is listed twice"
}

@test "malformed scope, patterns and authority files are exit 2 naming the file and line" {
	mkdir "$BATS_TEST_TMPDIR/p"
	cp "$UMKIT_SHARE"/tar/* "$BATS_TEST_TMPDIR/p/"
	p=$BATS_TEST_TMPDIR/p
	cp "$p/scope" "$p/scope.orig"
	echo 'late_submission_business_days fifteen' >>"$p/scope"
	run -2 --separate-stderr tar-validate --policy "$p" <<<"$BASE"
	assert_equal "$stderr" "tar-validate: $p/scope:$(wc -l <"$p/scope"): late_submission_business_days takes a whole number"
	cp "$p/scope.orig" "$p/scope"
	echo 'cin ^9[0-9{7}$' >>"$p/patterns"
	run -2 --separate-stderr tar-validate --policy "$p" <<<"$BASE"
	assert_equal "$stderr" "tar-validate: $p/patterns:$(wc -l <"$p/patterns"): 'cin' is defined twice"
	echo 'sometimes nurse_lead deny' >>"$p/authority"
	sed -i '$d' "$p/patterns"
	run -2 --separate-stderr tar-validate --policy "$p" <<<"$BASE"
	assert_equal "$stderr" "tar-validate: $p/authority:$(wc -l <"$p/authority"): expected 'may ROLE OUTCOME... [for CATEGORY...]' or 'never ROLE OUTCOME...'"
}

@test "a --policy directory without the files is exit 2 naming the missing file" {
	run -2 --separate-stderr tar-validate --policy "$BATS_TEST_TMPDIR/none" <<<"$BASE"
	assert_equal "$output" ""
	assert_equal "$stderr" "tar-validate: $BATS_TEST_TMPDIR/none/rulebook: No such file or directory"
}

# --- bad input --------------------------------------------------------------

@test "a line that is not JSON is rejected, exit 1, with no data in the diagnostic; the others are validated" {
	printf '%s\n' "$(rec '.tar_id = "A1"')" '{"tar_id":"T-SECRET-99","member":{"id":"91234567A"' \
	    '["T-SECRET-98"]' '' "$(rec '.tar_id = "A2" | del(.history)')" >"$BATS_TEST_TMPDIR/in.jsonl"
	run -1 --separate-stderr tar-validate --rejects "$BATS_TEST_TMPDIR/rejects" \
	    "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$stderr" "tar-validate: $BATS_TEST_TMPDIR/in.jsonl:2: not valid JSON
tar-validate: $BATS_TEST_TMPDIR/in.jsonl:3: not a JSON object"
	refute_output --partial SECRET
	assert_equal "$(json -c '[.tar_id, .validation.valid]')" '["A1",true]
["A2",false]'
	assert_equal "$(cat "$BATS_TEST_TMPDIR/rejects")" '{"tar_id":"T-SECRET-99","member":{"id":"91234567A"
["T-SECRET-98"]'
}

@test "findings never carry the record's values" {
	validate '.member.id = "9SECRET7B" | .provider.npi = "SECRET" | .services = [{"code":"SECRET"}] | .diagnoses = ["SECRET"] | .member.dob = "SECRET"'
	assert_equal "$(json -c '[.validation.errors[] | tostring | select(test("SECRET"))]')" '[]'
	assert_equal "$(json -c '.validation.errors | length')" 5
}

# --- the examples of tar-validate(1), umkit-tar(5) and the README ---------

# in_top CMD...: runs CMD from the top of the source tree.
in_top() {
	(cd "$TOP" && "$@")
}

@test "examples/tars.jsonl: 18 compact requests of every type, valid and invalid" {
	run -0 --separate-stderr tar-validate "$TOP/examples/tars.jsonl"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 18
	assert_equal "$(jq -c . "$TOP/examples/tars.jsonl")" "$(cat "$TOP/examples/tars.jsonl")"
	assert_equal "$(json -r .request_type | sort -u | tr '\n' ' ')" "nonurgent_preservice postservice urgent_concurrent urgent_preservice "
	assert_equal "$(json -c .validation.valid | sort | uniq -c | tr -s ' ')" " 6 false
 12 true"
}

@test "tar-validate(1) example: which requests are valid, and their queues" {
	example() {
		in_top tar-validate examples/tars.jsonl |
		    jq -c '[.tar_id, .validation.valid, .validation.route]' | head -n 4
	}
	run -0 example
	assert_output '["T26-000101",true,"outpatient"]
["T26-000102",true,"inpatient"]
["T26-000103",false,"inpatient"]
["T26-000104",true,"outpatient"]'
}

@test "tar-validate(1) and README example: the invalid requests counted by error code" {
	example() {
		in_top tar-validate --only invalid examples/tars.jsonl |
		    jq -r '.validation.errors[].code' | sort | uniq -c | sort -rn
	}
	run -0 example
	assert_output '      2 decision.authority
      1 services.code.invalid
      1 requested_los.missing
      1 provider.npi.invalid
      1 member.id.invalid
      1 history.missing'
}

@test "tar-validate(1) example: what is wrong with one request" {
	example() {
		in_top tar-validate examples/tars.jsonl |
		    jq 'select(.tar_id == "T26-000116") | .validation'
	}
	run -0 example
	assert_output '{
  "valid": false,
  "errors": [
    {
      "code": "services.code.invalid",
      "field": "services[1].code",
      "message": "a service code must be a CPT code (5 digits, or 4 digits and F, T or U) or a HCPCS code (a letter and 4 digits)"
    },
    {
      "code": "history.missing",
      "field": "history",
      "message": "a request needs the pertinent medical history, treatment or clinical data"
    }
  ],
  "warnings": [],
  "auth_required": true,
  "route": "outpatient"
}'
}

@test "tar-validate(1) example: the warnings, one a line" {
	example() {
		in_top tar-validate examples/tars.jsonl |
		    jq -r '.validation.warnings[] as $w | [.tar_id, $w.code, $w.field] | @tsv'
	}
	run -0 example
	assert_output "T26-000104	submission.late	received_at
T26-000108	pharmacy.medi_cal_rx	drug.administered_by
T26-000109	pharmacy.carved_out	drug.class
T26-000110	auth.not_required	category
T26-000111	auth.not_required	category
T26-000115	admission.notice_late	admission_notified_at
T26-000117	retro.window	received_at"
}

@test "tar-validate(1) example: the valid requests by work queue" {
	example() {
		in_top tar-validate --only valid examples/tars.jsonl |
		    jq -r .validation.route | sort | uniq -c | sort -rn
	}
	run -0 example
	assert_output '      4 outpatient
      2 none
      2 inpatient
      1 sud_residential
      1 pharmacy
      1 medi-cal-rx
      1 carved-out'
}

@test "tar-validate(1) example: Juneteenth makes a bill on time with us-federal and late with ca-state" {
	example() {
		echo '{"tar_id":"T-3001","request_type":"postservice",'\
'"received_at":"2026-06-23T11:00","service_date":"2026-06-01"}' |
		    tar-validate --calendar "$1" | jq -c '[.validation.warnings[].code]'
	}
	run -0 example us-federal
	assert_output '[]'
	run -0 example ca-state
	assert_output '["submission.late"]'
}

@test "tar-validate(1) example: a CSV export whose services are a list of codes" {
	cd "$BATS_TEST_TMPDIR"
	cat > tars.csv <<'CSV'
tar_id,request_type,received_at,member.id,member.first_name,member.last_name,member.dob,provider.npi,provider.name,setting,category,services[],diagnoses[],clinical_indications,history,place_of_service,requested_los
C1,urgent_concurrent,2026-03-02T10:00,91234567A,Ana,Reyes,1958-02-11,1234567893,Valley Medical Center,inpatient,medical,99223,J18.9|E11.9,Pneumonia,COPD,21,3
C2,urgent_concurrent,2026-03-02T10:00,91234567A,Ana,Reyes,1958-02-11,1234567893,Valley Medical Center,inpatient,medical,99223|9922,J18.9,Pneumonia,COPD,21,2.5
CSV
	example() {
		tar-validate -i csv -m '.services |= map({code: .})' tars.csv |
		    jq -c '[.tar_id, .validation.valid, [.validation.errors[].field]]'
	}
	run -0 example
	assert_output '["C1",true,[]]
["C2",false,["services[1].code","requested_los"]]'
}

@test "tar-validate(1) example: a line that is not JSON is rejected with exit status 1" {
	cd "$BATS_TEST_TMPDIR"
	run -1 --separate-stderr tar-validate --rejects rejects.txt <<<'{"tar_id":"T-3002"'
	assert_equal "$stderr" "tar-validate: -:1: not valid JSON"
	assert_equal "$output" ""
	assert_equal "$(cat rejects.txt)" '{"tar_id":"T-3002"'
}

@test "umkit-tar(5) example: demoting history.missing with --policy" {
	cd "$BATS_TEST_TMPDIR"
	cp -R "$TOP/share/umkit/tar" mytar
	sed -i 's/^\(history\.missing *\)error/\1warning/' mytar/rulebook
	run -0 grep '^history.missing' mytar/rulebook
	assert_output 'history.missing                 warning    "a request needs the pertinent medical history, treatment or clinical data"'
	example() {
		tar-validate --policy mytar "$TOP/examples/tars.jsonl" |
		    jq -c 'select(.tar_id == "T26-000116") | .validation |
		        [.valid, [.errors[].code], [.warnings[].code]]'
	}
	run -0 example
	assert_output '[false,["services.code.invalid"],["history.missing"]]'
}

@test "umkit-tar(5) examples: the scope and authority lines it shows are valid" {
	mkdir "$BATS_TEST_TMPDIR/p"
	cp "$UMKIT_SHARE"/tar/* "$BATS_TEST_TMPDIR/p/"
	echo 'late_submission_business_days   20' >>"$BATS_TEST_TMPDIR/p/scope"
	echo 'may    nurse_supervisor             modify       for dme' >>"$BATS_TEST_TMPDIR/p/authority"
	run -0 --separate-stderr tar-validate --policy "$BATS_TEST_TMPDIR/p" <<<"$(rec "$DENIAL | .category = \"dme\" | .decision.outcome = \"modify\" | .decision.by.role = \"nurse_supervisor\"")"
	assert_equal "$stderr" ""
	assert_equal "$(json -c .validation.valid)" true
}
