#!/usr/bin/env bats
# ccm-eligible: complex case management eligibility (SPEC section 6, policy
# MPCP2007 B, C, G.6).  Every expected value below was worked out by hand
# from the policy, the SPEC's code lists and a calendar, not copied from the
# command's output.

load helper

# A covered adult Medi-Cal member identified Friday 2026-05-01 at 10:00 PDT,
# born 1959-03-10 (67 that day), with no criterion met yet.
BASE='{"member":{"id":"90412837A","first_name":"Luis","last_name":"Ortega","dob":"1959-03-10"},"line_of_business":"medi-cal","coverage":{"partnership_primary":true},"identified_at":"2026-05-01T10:00:00-07:00"}'

# rec [OVERRIDES [FILTER]]: the base record merged with OVERRIDES (deeply),
# then passed through the jq FILTER (to delete a field, say).
rec() {
	jq -cn --argjson b "$BASE" --argjson o "${1:-"{}"}" "\$b * \$o | ${2:-.}"
}

# ccm_of [OVERRIDES [FILTER]]: runs ccm-eligible on one record; exit 0.
ccm_of() {
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$@")"
	assert_equal "$stderr" ""
}

# copy_share: a private copy of share/umkit in $BATS_TEST_TMPDIR/share.
copy_share() {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
}

# --- the result ------------------------------------------------------------

@test "two chronic conditions and a care plan need make an eligible adult, keys in the SPEC's order" {
	ccm_of '{"diagnoses":["E11.9","I10"],"needs_icp":true}'
	assert_equal "$(json -c .ccm)" '{"eligible":true,"criteria":["chronic_conditions"],"chronic_conditions":["diabetes","hypertension"],"exclusions":[],"refer":[],"assessment":"adult","age":67,"contact_by":"2026-05-31","outreach_by":"2026-05-15","assessment_by":"2026-06-30"}'
}

@test "the input record passes through unchanged with ccm added at the end" {
	ccm_of '{"diagnoses":["E11.9","I10"],"needs_icp":true,"zzz":[1,{"a":null}]}'
	assert_equal "$(json -c 'del(.ccm)')" "$(rec '{"diagnoses":["E11.9","I10"],"needs_icp":true,"zzz":[1,{"a":null}]}')"
	assert_equal "$(json -c 'keys_unsorted | last')" '"ccm"'
}

@test "a record that already has ccm gets it replaced where it was" {
	ccm_of '{"ccm":{"old":1},"barriers":["poor_support"]}'
	assert_equal "$(json -c '[keys_unsorted[4], .ccm.eligible, .ccm.old]')" '["ccm",true,null]'
}

@test "with enrolled_at the reevaluation and closure dates follow, 60 and 45 days after enrolment" {
	ccm_of '{"barriers":["poor_support"],"enrolled_at":"2026-05-20T09:00:00-07:00"}'
	assert_equal "$(json -c '.ccm | to_entries | map(.key) | .[6:]')" '["age","contact_by","outreach_by","assessment_by","reevaluate_by","close_if_unresponsive_after"]'
	assert_equal "$(json -c '.ccm | [.reevaluate_by, .close_if_unresponsive_after]')" '["2026-07-19","2026-07-04"]'
}

@test "without enrolled_at there is no reevaluate_by or close_if_unresponsive_after" {
	ccm_of '{"barriers":["poor_support"]}'
	assert_equal "$(json -c '.ccm | [has("reevaluate_by"), has("close_if_unresponsive_after")]')" '[false,false]'
}

@test "the clock dates count from the local date of identified_at" {
	# 06:00Z on May 1 is 23:00 PDT on April 30.
	ccm_of '{"identified_at":"2026-05-01T06:00:00Z"}'
	assert_equal "$(json -c '.ccm | [.contact_by, .outreach_by, .assessment_by]')" '["2026-05-30","2026-05-14","2026-06-29"]'
}

@test "the clocks are the ccm rule set's: editing contact_by there changes ccm-eligible without a rebuild" {
	copy_share
	sed -i 's/^\(deadline *contact_by *\)30 /\120 /' "$BATS_TEST_TMPDIR/share/rules/ccm.rules"
	grep -q '^deadline *contact_by *20 calendar_days' "$BATS_TEST_TMPDIR/share/rules/ccm.rules"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$(json -r .ccm.contact_by)" 2026-05-21
}

@test "--calendar is accepted, and calendar-day clocks do not depend on it" {
	for cal in plan us-federal ca-state; do
		run -0 --separate-stderr ccm-eligible --calendar "$cal" <<<"$(rec '{"identified_at":"2026-06-19"}')"
		assert_equal "$(json -c '.ccm | [.contact_by, .outreach_by]')" '["2026-07-19","2026-07-03"]'
	done
}

@test "an ineligible member is a finding: exit 0 and nothing on standard error" {
	ccm_of '{"coverage":{"partnership_primary":false}}'
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[false,["not_covered"]]'
}

# --- coverage ----------------------------------------------------------------

@test "a medi-cal member is covered as Partnership primary or as a responsible secondary, else not_covered" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"barriers":["poor_support"],"coverage":{"partnership_primary":true}}')
$(rec '{"barriers":["poor_support"],"coverage":{"partnership_primary":false,"partnership_secondary_responsible":true}}')
$(rec '{"barriers":["poor_support"],"coverage":{"partnership_primary":false,"partnership_secondary_responsible":false}}')
$(rec '{"barriers":["poor_support"]}' 'del(.coverage)')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[true,[]]
[true,[]]
[false,["not_covered"]]
[false,["not_covered"]]'
}

@test "an absent line_of_business is medi-cal" {
	ccm_of '{"barriers":["poor_support"]}' 'del(.line_of_business)'
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[true,[]]'
}

@test "criteria are listed even when the member is not covered" {
	ccm_of '{"coverage":{"partnership_primary":false},"diagnoses":["E11.9","I10"],"needs_icp":true,"spd_needs_ccm":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .chronic_conditions]')" '[false,["spd","chronic_conditions"],["diabetes","hypertension"]]'
}

@test "Partnership Advantage identified 2026-12-31 is not in effect, and 2027-01-01 is" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"partnership_primary":false,"dual_full_benefit":true},"barriers":["poor_support"]}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.identified_at = "2026-12-31T23:59:59-08:00"')
$(rec "$pa" '.identified_at = "2027-01-01T00:00:00-08:00"')
$(rec "$pa" '.identified_at = "2027-01-01"')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[false,["partnership_advantage_not_effective"]]
[true,[]]
[true,[]]'
}

@test "2027-01-01T05:00:00Z is still 2026-12-31 in Los Angeles; 08:00Z is 2027-01-01" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"]}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.identified_at = "2027-01-01T05:00:00Z"')
$(rec "$pa" '.identified_at = "2027-01-01T08:00:00Z"')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[false,["partnership_advantage_not_effective"]]
[true,[]]'
}

@test "--tz UTC moves the Partnership Advantage boundary with the local date" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"]}'
	run -0 --separate-stderr ccm-eligible --tz UTC <<<"$(rec "$pa" '.identified_at = "2027-01-01T05:00:00Z"')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[true,[]]'
}

@test "a Partnership Advantage member whose 21st birthday is the identification date is old enough; the day before is not" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"],"identified_at":"2027-01-05T10:00:00-08:00"}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.member.dob = "2006-01-05"')
$(rec "$pa" '.member.dob = "2006-01-06"')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions, .age, .assessment]')" '[true,[],21,"adult"]
[false,["partnership_advantage_age"],20,"pediatric"]'
}

@test "a Partnership Advantage member who is not a full-benefit dual is not_covered, whatever partnership_primary says" {
	local pa='{"line_of_business":"partnership-advantage","barriers":["poor_support"],"identified_at":"2027-01-05"}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.coverage = {"partnership_primary":true,"dual_full_benefit":false}')
$(rec "$pa" '.coverage = {"partnership_primary":true}')
$(rec "$pa" '.coverage = {"partnership_primary":false,"dual_full_benefit":true}')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[false,["not_covered"]]
[false,["not_covered"]]
[true,[]]'
}

@test "Partnership Advantage lists only the first failing test: effective date, then age, then dual" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":false},"barriers":["poor_support"],"member":{"dob":"2010-01-01"}}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.identified_at = "2026-12-15"')
$(rec "$pa" '.identified_at = "2027-01-05"')
$(rec "$pa" '.identified_at = "2027-01-05" | .member.dob = "1950-01-01"')"
	assert_equal "$(json -c .ccm.exclusions)" '["partnership_advantage_not_effective"]
["partnership_advantage_age"]
["not_covered"]'
}

# --- Enhanced Care Management and the order of exclusions and referrals -----

@test "an ECM member is excluded and referred to ECM even when every criterion is met" {
	ccm_of '{"ecm_enrolled":true,"barriers":["poor_support"],"spd_needs_ccm":true,"diagnoses":["E11.9","I10"],"needs_icp":true,"ccs_eligible":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .exclusions, .refer]')" '[false,["barriers","spd","ccs","chronic_conditions"],["ecm_enrolled"],["ecm"]]'
}

@test "exclusions list the coverage exclusion first, then ecm_enrolled" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"ecm_enrolled":true}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"coverage":{"partnership_primary":false},"ecm_enrolled":true}')
$(rec "$pa" '.identified_at = "2026-12-31"')
$(rec "$pa" '.identified_at = "2027-01-05" | .member.dob = "2010-01-01"')
$(rec "$pa" '.identified_at = "2027-01-05" | .coverage.dual_full_benefit = false')"
	assert_equal "$(json -c .ccm.exclusions)" '["not_covered","ecm_enrolled"]
["partnership_advantage_not_effective","ecm_enrolled"]
["partnership_advantage_age","ecm_enrolled"]
["not_covered","ecm_enrolled"]'
}

@test "refer lists ecm first, then county_bh" {
	ccm_of '{"ecm_enrolled":true,"diagnoses":["F20.9"]}'
	assert_equal "$(json -c .ccm.refer)" '["ecm","county_bh"]'
}

# --- the criteria -------------------------------------------------------------

@test "any barrier alone qualifies; blank barriers do not count" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"barriers":["health_literacy"]}')
$(rec '{"barriers":[""," "]}')
$(rec '{"barriers":[]}')"
	assert_equal "$(json -c '.ccm | [.eligible, .criteria]')" '[true,["barriers"]]
[false,[]]
[false,[]]'
}

@test "an SPD member needing CCM qualifies as spd" {
	ccm_of '{"spd_needs_ccm":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria]')" '[true,["spd"]]'
}

@test "Whole Child Model risk factors qualify under 21 and not at 21" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"wcm_needs_ccm":true,"member":{"dob":"2005-05-02"}}')
$(rec '{"wcm_needs_ccm":true,"member":{"dob":"2005-05-01"}}')"
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .age]')" '[true,["pediatric_wcm"],20]
[false,[],21]'
}

@test "a CCS-eligible condition qualifies only with the need of a care plan" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"ccs_eligible":true,"needs_icp":true}')
$(rec '{"ccs_eligible":true}')"
	assert_equal "$(json -c '.ccm | [.eligible, .criteria]')" '[true,["ccs"]]
[false,[]]'
}

@test "two chronic conditions qualify only with the need of a care plan, but are listed either way" {
	ccm_of '{"diagnoses":["E11.9","I10"],"needs_icp":false}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .chronic_conditions]')" '[false,[],["diabetes","hypertension"]]'
}

@test "one chronic category twice is not two conditions" {
	ccm_of '{"diagnoses":["E11.9","E11.65","E10.9"],"needs_icp":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .chronic_conditions]')" '[false,[],["diabetes"]]'
}

@test "every criterion met is listed, in the order barriers, spd, pediatric_wcm, ccs, chronic_conditions" {
	ccm_of '{"member":{"dob":"2012-06-01"},"diagnoses":["I10","E10.9"],"needs_icp":true,"ccs_eligible":true,"wcm_needs_ccm":true,"spd_needs_ccm":true,"barriers":["fragmented_care"]}'
	assert_equal "$(json -c '.ccm.criteria')" '["barriers","spd","pediatric_wcm","ccs","chronic_conditions"]'
}

@test "the chronic categories are listed in the data file's order, not the diagnoses' order" {
	ccm_of '{"diagnoses":["E78.5","J44.9","N18.3","I50.9"],"needs_icp":true}'
	assert_equal "$(json -c .ccm.chronic_conditions)" '["chronic_kidney_disease","copd","heart_failure","hyperlipidemia"]'
}

@test "each default category matches its prefixes" {
	run -0 --separate-stderr ccm-eligible <<<"$(for d in N18.6 J43.9 J44.1 I50.23 I13.2 E08.65 E09.9 E10.10 E11.22 E13.9 I10 I12.9 I15.0 I16.1 E78.00 E78.49 E78.5; do
		rec "{\"diagnoses\":[\"$d\"]}"
	done)"
	assert_equal "$(json -c .ccm.chronic_conditions | paste -sd' ')" '["chronic_kidney_disease"] ["copd"] ["copd"] ["heart_failure"] ["heart_failure","hypertension"] ["diabetes"] ["diabetes"] ["diabetes"] ["diabetes"] ["diabetes"] ["hypertension"] ["hypertension"] ["hypertension"] ["hypertension"] ["hyperlipidemia"] ["hyperlipidemia"] ["hyperlipidemia"]'
}

@test "I11.0 is hypertensive heart disease with heart failure: both categories, so two conditions" {
	ccm_of '{"diagnoses":["I11.0"],"needs_icp":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .chronic_conditions]')" '[true,["chronic_conditions"],["heart_failure","hypertension"]]'
}

@test "I11.9 and I13.1 are hypertension without heart failure" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"diagnoses":["I11.9"]}')
$(rec '{"diagnoses":["I13.10"]}')"
	assert_equal "$(json -c .ccm.chronic_conditions)" '["hypertension"]
["hypertension"]'
}

@test "hyperlipidemia is E78.0 to E78.5: E78.6 and a bare E78 are not" {
	ccm_of '{"diagnoses":["E78.6","E78.71","E78"]}'
	assert_equal "$(json -c .ccm.chronic_conditions)" '[]'
}

@test "codes match with or without the dot, in any letter case, after trimming spaces" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"diagnoses":["e11.9","i10"],"needs_icp":true}')
$(rec '{"diagnoses":["E119"," I10 "],"needs_icp":true}')
$(rec '{"diagnoses":["e1165","\tn18.3"],"needs_icp":true}')"
	assert_equal "$(json -c '.ccm | [.eligible, .chronic_conditions]')" '[true,["diabetes","hypertension"]]
[true,["diabetes","hypertension"]]
[true,["chronic_kidney_disease","diabetes"]]'
}

@test "a member with many diagnoses is matched on all of them" {
	local many
	many=$(printf '"Z00.0%s",' $(seq 10 40))
	ccm_of "{\"diagnoses\":[${many}\"E11.9\",\"F20.9\",\"I10\"],\"needs_icp\":true}"
	assert_equal "$(json -c '.ccm | [.eligible, .chronic_conditions, .refer]')" '[true,["diabetes","hypertension"],["county_bh"]]'
}

@test "a diagnosis with other characters matches nothing and is not an error" {
	ccm_of '{"diagnoses":["E11-9","I 10","","E11.9;I10"]}'
	assert_equal "$(json -c .ccm.chronic_conditions)" '[]'
}

@test "missing booleans are false, null is missing, and missing diagnoses and barriers are empty" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec)
$(rec '{"ecm_enrolled":null,"needs_icp":null,"pregnant":null,"diagnoses":null,"barriers":null,"spd_needs_ccm":null}')"
	assert_equal "$(json -c .ccm)" '{"eligible":false,"criteria":[],"chronic_conditions":[],"exclusions":[],"refer":[],"assessment":"adult","age":67,"contact_by":"2026-05-31","outreach_by":"2026-05-15","assessment_by":"2026-06-30"}
{"eligible":false,"criteria":[],"chronic_conditions":[],"exclusions":[],"refer":[],"assessment":"adult","age":67,"contact_by":"2026-05-31","outreach_by":"2026-05-15","assessment_by":"2026-06-30"}'
}

# --- serious mental illness and substance use disorder -------------------------

@test "serious mental illness keeps the member eligible and refers to county behavioral health" {
	ccm_of '{"diagnoses":["E11.9","I10","F20.9"],"needs_icp":true}'
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions, .refer]')" '[true,[],["county_bh"]]'
}

@test "SMI alone refers but is not a criterion" {
	ccm_of '{"diagnoses":["F20.9"]}'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .refer]')" '[false,[],["county_bh"]]'
}

@test "the serious mental illness list is F20-F29, F30, F31, F32.2, F32.3, F33.2, F33.3" {
	run -0 --separate-stderr ccm-eligible <<<"$(for d in F20.0 F25.1 F29 F30.10 F31.9 F32.2 F32.3 F33.2 F33.3 F32.1 F32.9 F32.A F33.1 F34.1 F19.9X F41.1; do
		rec "{\"diagnoses\":[\"$d\"]}"
	done)"
	assert_equal "$(json -c .ccm.refer | paste -sd' ')" '["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] [] [] [] [] [] ["county_bh"] []'
}

@test "F10.20 is a substance use disorder; F17.210 nicotine dependence is not" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"diagnoses":["F10.20"]}')
$(rec '{"diagnoses":["F17.210"]}')
$(rec '{"diagnoses":["f17200"]}')"
	assert_equal "$(json -c .ccm.refer)" '["county_bh"]
[]
[]'
}

@test "the substance use disorder list is F10-F16, F18, F19" {
	run -0 --separate-stderr ccm-eligible <<<"$(for d in F10.10 F11.20 F12.90 F13.10 F14.20 F15.10 F16.20 F18.10 F19.20 F17.290 F09 F40.10; do
		rec "{\"diagnoses\":[\"$d\"]}"
	done)"
	assert_equal "$(json -c .ccm.refer | paste -sd' ')" '["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] ["county_bh"] [] [] []'
}

@test "SMI and SUD together refer to county behavioral health once" {
	ccm_of '{"diagnoses":["F20.9","F10.20"]}'
	assert_equal "$(json -c .ccm.refer)" '["county_bh"]'
}

# --- the assessment and age -----------------------------------------------------

@test "a pregnant member has the perinatal assessment, by flag or by a chapter O, Z33.1 or Z34 diagnosis" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"pregnant":true}')
$(rec '{"diagnoses":["O09.90"]}')
$(rec '{"diagnoses":["o24.419"]}')
$(rec '{"diagnoses":["Z33.1"]}')
$(rec '{"diagnoses":["Z34.00"]}')
$(rec '{"diagnoses":["Z33.2"]}')
$(rec '{"diagnoses":["Z3A.20"]}')
$(rec '{"pregnant":false}')"
	assert_equal "$(json -r .ccm.assessment | paste -sd' ')" 'perinatal perinatal perinatal perinatal perinatal adult adult adult'
}

@test "a pregnant member under 21 has the perinatal assessment" {
	ccm_of '{"pregnant":true,"member":{"dob":"2009-08-15"}}'
	assert_equal "$(json -c '.ccm | [.assessment, .age]')" '["perinatal",16]'
}

@test "a member whose 21st birthday is the identification date is an adult; the day before, pediatric" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"member":{"dob":"2005-05-01"}}')
$(rec '{"member":{"dob":"2005-05-02"}}')"
	assert_equal "$(json -c '.ccm | [.assessment, .age]')" '["adult",21]
["pediatric",20]'
}

@test "age is counted on the local date of identified_at" {
	# 2026-05-01T06:00:00Z is 2026-04-30 in Los Angeles, the day before
	# the 21st birthday.
	ccm_of '{"member":{"dob":"2005-05-01"},"identified_at":"2026-05-01T06:00:00Z"}'
	assert_equal "$(json -c '.ccm | [.assessment, .age]')" '["pediatric",20]'
}

@test "a February 29 birthday counts on March 1 in common years and on February 29 in leap years" {
	run -0 --separate-stderr ccm-eligible <<<"$(rec '{"member":{"dob":"2008-02-29"}}' '.identified_at = "2029-02-28"')
$(rec '{"member":{"dob":"2008-02-29"}}' '.identified_at = "2029-03-01"')
$(rec '{"member":{"dob":"2008-02-29"}}' '.identified_at = "2028-02-28"')
$(rec '{"member":{"dob":"2008-02-29"}}' '.identified_at = "2028-02-29"')"
	assert_equal "$(json -c '.ccm | [.age, .assessment]')" '[20,"pediatric"]
[21,"adult"]
[19,"pediatric"]
[20,"pediatric"]'
}

@test "a Partnership Advantage member born February 29 turns 21 on March 1 of a common year" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"],"member":{"dob":"2008-02-29"}}'
	run -0 --separate-stderr ccm-eligible <<<"$(rec "$pa" '.identified_at = "2029-02-28T12:00:00-08:00"')
$(rec "$pa" '.identified_at = "2029-03-01T12:00:00-08:00"')"
	assert_equal "$(json -c '.ccm | [.eligible, .exclusions]')" '[false,["partnership_advantage_age"]]
[true,[]]'
}

# --- record errors ------------------------------------------------------------------

@test "a missing member.dob is a record error: written, reported without values, exit 1, and the next record goes on" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{}' 'del(.member.dob)')
$(rec '{"barriers":["poor_support"]}')"
	assert_equal "$stderr" "ccm-eligible: -:1: member.dob: missing"
	assert_equal "$(json -c .ccm)" '{"error":"member.dob: missing"}
{"eligible":true,"criteria":["barriers"],"chronic_conditions":[],"exclusions":[],"refer":[],"assessment":"adult","age":67,"contact_by":"2026-05-31","outreach_by":"2026-05-15","assessment_by":"2026-06-30"}'
	assert_equal "$(json -c '.member')" '{"id":"90412837A","first_name":"Luis","last_name":"Ortega"}
{"id":"90412837A","first_name":"Luis","last_name":"Ortega","dob":"1959-03-10"}'
}

@test "a missing or null identified_at is a record error" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{}' 'del(.identified_at)')
$(rec '{"identified_at":null}')"
	assert_equal "$stderr" "ccm-eligible: -:1: identified_at: missing
ccm-eligible: -:2: identified_at: missing"
	assert_equal "$(json -r .ccm.error)" "identified_at: missing
identified_at: missing"
}

@test "every flag that is not a boolean is a record error naming its path" {
	local f
	for f in coverage.partnership_primary coverage.partnership_secondary_responsible \
	    coverage.dual_full_benefit ecm_enrolled spd_needs_ccm wcm_needs_ccm \
	    ccs_eligible needs_icp pregnant; do
		run -1 --separate-stderr ccm-eligible <<<"$(rec '{}' "setpath(\"$f\" | split(\".\"); \"true\")")
$(rec '{}' "setpath(\"$f\" | split(\".\"); 1)")"
		assert_equal "$stderr" "ccm-eligible: -:1: $f: not a boolean
ccm-eligible: -:2: $f: not a boolean"
		assert_equal "$(json -r .ccm.error | sort -u)" "$f: not a boolean"
	done
}

@test "a date of birth that is not a date, does not exist, or follows identification is a record error" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{"member":{"dob":19590310}}')
$(rec '{"member":{"dob":"03/10/1959"}}')
$(rec '{"member":{"dob":"1959-02-30"}}')
$(rec '{"member":{"dob":"2026-05-02"}}')"
	assert_equal "$stderr" "ccm-eligible: -:1: member.dob: not a date string
ccm-eligible: -:2: member.dob: not a date or datetime in ISO 8601 form
ccm-eligible: -:3: member.dob: a date or time that does not exist
ccm-eligible: -:4: member.dob: later than identified_at"
}

@test "a bad identified_at or enrolled_at is a record error naming the field" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{"identified_at":"2026-02-30T10:00:00"}')
$(rec '{"identified_at":20260501}')
$(rec '{"enrolled_at":"soon"}')"
	assert_equal "$stderr" "ccm-eligible: -:1: identified_at: a date or time that does not exist
ccm-eligible: -:2: identified_at: not a datetime string
ccm-eligible: -:3: enrolled_at: not a date or datetime in ISO 8601 form"
}

@test "a line of business that is not medi-cal or partnership-advantage is a record error" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{"line_of_business":"Medi-Cal"}')
$(rec '{"line_of_business":1}')"
	assert_equal "$stderr" "ccm-eligible: -:1: line_of_business: not medi-cal or partnership-advantage
ccm-eligible: -:2: line_of_business: not medi-cal or partnership-advantage"
}

@test "diagnoses or barriers that are not arrays of strings, or a coverage that is not an object, are record errors" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{"diagnoses":"E11.9"}')
$(rec '{"diagnoses":["E11.9",119]}')
$(rec '{"barriers":[true]}')
$(rec '{}' '.coverage = true')"
	assert_equal "$stderr" "ccm-eligible: -:1: diagnoses: not an array of strings
ccm-eligible: -:2: diagnoses: not an array of strings
ccm-eligible: -:3: barriers: not an array of strings
ccm-eligible: -:4: coverage: not an object"
}

@test "diagnostics never print values from the data" {
	run -1 --separate-stderr ccm-eligible <<<"$(rec '{"member":{"dob":"1959-02-30"},"diagnoses":["F20.9"]}')"
	assert_equal "$stderr" "ccm-eligible: -:1: member.dob: a date or time that does not exist"
	refute_output --partial 'ccm-eligible:'
	[[ "$stderr" != *1959* && "$stderr" != *90412837A* && "$stderr" != *Ortega* ]]
}

@test "a line that is not a JSON object is rejected to --rejects and the rest is processed" {
	run -1 --separate-stderr ccm-eligible --rejects "$BATS_TEST_TMPDIR/rejects" <<<"$(rec '{"spd_needs_ccm":true}')
not json
[1,2]
$(rec '{"spd_needs_ccm":true}')"
	assert_equal "$stderr" "ccm-eligible: -:2: not valid JSON
ccm-eligible: -:3: not a JSON object"
	assert_equal "$(json -c .ccm.criteria)" '["spd"]
["spd"]'
	assert_equal "$(cat "$BATS_TEST_TMPDIR/rejects")" 'not json
[1,2]'
}

@test "a record error in a named file names the file and line" {
	printf '%s\n' "$(rec '{}' 'del(.member.dob)')" >"$BATS_TEST_TMPDIR/m.jsonl"
	run -1 --separate-stderr ccm-eligible "$BATS_TEST_TMPDIR/m.jsonl"
	assert_equal "$stderr" "ccm-eligible: $BATS_TEST_TMPDIR/m.jsonl:1: member.dob: missing"
}

@test "a --map that does not yield one object is a record error" {
	run -1 --separate-stderr ccm-eligible --map 'empty' <<<"$(rec)"
	local error
	error=$(json -r .ccm.error)
	[[ "$error" == "--map: "?* ]]
	assert_equal "$stderr" "ccm-eligible: -:1: $error"
	assert_equal "$(json -c 'del(.ccm)')" "$(rec)"
}

@test "--map adapts another export's schema" {
	run -0 --separate-stderr ccm-eligible --map '{member: {dob: .DOB}, coverage: {partnership_primary: (.Plan == "PHC")}, diagnoses: (.Dx | split(",")), needs_icp: true, identified_at: .Found}' <<<'{"DOB":"1959-03-10","Plan":"PHC","Dx":"E11.9,I10","Found":"2026-05-01"}'
	assert_equal "$(json -c '.ccm | [.eligible, .chronic_conditions]')" '[true,["diabetes","hypertension"]]'
}

# --- --explain --------------------------------------------------------------------------

@test "--explain gives the chronic condition sentence with the codes found" {
	run -0 --separate-stderr ccm-eligible --explain <<<"$(rec '{"diagnoses":["E11.9","I10"],"needs_icp":true}')"
	assert_equal "$(json -r '.ccm.explain[]')" "two chronic conditions: diabetes (E11.9) and hypertension (I10), and the member needs an individualized care plan
adult assessment: the member is 67 on the identification date, so not under 21"
}

@test "--explain says why a criterion is not met" {
	run -0 --separate-stderr ccm-eligible --explain <<<"$(rec '{"diagnoses":["E11.9","E11.65"],"needs_icp":true}')
$(rec '{"diagnoses":["E11.9","I10"],"ccs_eligible":true}')"
	assert_equal "$(json -c '.ccm.explain')" '["one chronic condition: diabetes (E11.9, E11.65); two or more are needed","no criterion is met: CCM needs barriers to care, an SPD or Whole Child Model risk, a CCS-eligible condition, or two chronic conditions, the last two with the need of an individualized care plan","adult assessment: the member is 67 on the identification date, so not under 21"]
["a CCS-eligible condition, but the member is not marked as needing an individualized care plan, so it does not count","two chronic conditions: diabetes (E11.9) and hypertension (I10), but the member is not marked as needing an individualized care plan, so they do not count","no criterion is met: CCM needs barriers to care, an SPD or Whole Child Model risk, a CCS-eligible condition, or two chronic conditions, the last two with the need of an individualized care plan","adult assessment: the member is 67 on the identification date, so not under 21"]'
}

@test "--explain has a sentence for each exclusion and the county referral" {
	local pa='{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"],"ecm_enrolled":true,"diagnoses":["F20.9","F10.20"]}'
	run -0 --separate-stderr ccm-eligible --explain <<<"$(rec "$pa" '.identified_at = "2027-01-01T05:00:00Z"')
$(rec '{"barriers":["poor_support"],"line_of_business":"partnership-advantage","identified_at":"2027-01-05","member":{"dob":"2010-01-01"},"coverage":{"dual_full_benefit":true}}')
$(rec '{"barriers":["poor_support"],"line_of_business":"partnership-advantage","identified_at":"2027-01-05"}')
$(rec '{"barriers":["poor_support"],"coverage":{"partnership_primary":false}}')"
	assert_equal "$(json -c '.ccm.explain[1:-1]')" '["not covered: Partnership Advantage takes effect on 2027-01-01, and the member was identified on 2026-12-31","enrolled in Enhanced Care Management, which a member cannot have at the same time as CCM: refer to ECM","serious mental illness (F20.9) and substance use disorder (F10.20): still a CCM candidate, and referred to county behavioral health"]
["not covered: Partnership Advantage serves members 21 or over, and the member was 17 when identified"]
["not covered: Partnership Advantage serves full-benefit dual-eligible members, and the member is not marked as one"]
["not covered: Partnership Medi-Cal is not the member'"'"'s primary plan, and Partnership is not marked as responsible as the secondary plan"]'
}

@test "--explain names the barriers and the pediatric and perinatal reasons" {
	run -0 --separate-stderr ccm-eligible --explain <<<"$(rec '{"barriers":["poor_support"," health_literacy "],"wcm_needs_ccm":true,"member":{"dob":"2016-01-20"},"diagnoses":["Z34.00"]}')"
	assert_equal "$(json -r '.ccm.explain[]')" "barriers to managing care without CCM: poor_support and health_literacy
a pediatric member (age 10, under 21) identified as needing CCM by the Whole Child Model risk factors of policy MCCP2024
perinatal assessment: pregnancy (Z34.00)"
}

@test "without --explain there is no explain key" {
	ccm_of '{"barriers":["poor_support"]}'
	assert_equal "$(json -c '.ccm | has("explain")')" false
}

# --- data, not constants --------------------------------------------------------------

@test "a seventh chronic category added to the data file is counted without a rebuild" {
	copy_share
	echo 'category  asthma  "asthma"  J45' >>"$BATS_TEST_TMPDIR/share/ccm/chronic-conditions.codes"
	local r
	r=$(rec '{"diagnoses":["J45.909","I10"],"needs_icp":true}')
	run -0 --separate-stderr ccm-eligible <<<"$r"
	assert_equal "$(json -c '.ccm | [.eligible, .chronic_conditions]')" '[false,["hypertension"]]'
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr ccm-eligible --explain <<<"$r"
	assert_equal "$(json -c '.ccm | [.eligible, .chronic_conditions, .explain[0]]')" '[true,["hypertension","asthma"],"two chronic conditions: hypertension (I10) and asthma (J45.909), and the member needs an individualized care plan"]'
}

@test "a category may continue on a second line with the same name and label" {
	copy_share
	echo 'category  diabetes  "diabetes"  R73.03' >>"$BATS_TEST_TMPDIR/share/ccm/chronic-conditions.codes"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr ccm-eligible <<<"$(rec '{"diagnoses":["R73.03","I10"]}')"
	assert_equal "$(json -c .ccm.chronic_conditions)" '["diabetes","hypertension"]'
}

@test "the Partnership Advantage start and the pediatric age are read from the eligibility file" {
	copy_share
	sed -i 's/^\(date *partnership_advantage_start *\).*/\12026-07-01/; s/^\(age *pediatric_under *\).*/\118/' \
	    "$BATS_TEST_TMPDIR/share/ccm/eligibility"
	local r
	r=$(rec '{"line_of_business":"partnership-advantage","coverage":{"dual_full_benefit":true},"barriers":["poor_support"],"identified_at":"2026-08-03","member":{"dob":"2007-01-01"}}')
	run -0 --separate-stderr ccm-eligible <<<"$r"
	assert_equal "$(json -c '.ccm | [.exclusions, .assessment]')" '[["partnership_advantage_not_effective"],"pediatric"]'
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr ccm-eligible <<<"$r"
	assert_equal "$(json -c '.ccm | [.exclusions, .assessment]')" '[["partnership_advantage_age"],"adult"]'
}

@test "a malformed code list is exit 2 naming the file and line, before any record" {
	copy_share
	local f="$BATS_TEST_TMPDIR/share/ccm/chronic-conditions.codes"
	echo 'category  asthma  "asthma"' >>"$f"
	local line
	line=$(wc -l <"$f")
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $f:$line: a category needs a NAME, a \"LABEL\" and at least one code"
	assert_equal "$output" ""
}

@test "a bad code or range in a code list is exit 2 naming the file and line" {
	copy_share
	local f="$BATS_TEST_TMPDIR/share/ccm/county-bh.codes"
	sed -i 's/F10-F16/F16-F10/' "$f"
	local line
	line=$(grep -n 'F16-F10' "$f" | cut -d: -f1)
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $f:$line: a range's codes must have the same length, the lower first: 'F16-F10'"
}

@test "a malformed or incomplete eligibility file is exit 2 naming the file" {
	copy_share
	local f="$BATS_TEST_TMPDIR/share/ccm/eligibility"
	sed -i 's/^\(date *partnership_advantage_start *\).*/\12027-02-30/' "$f"
	local line
	line=$(grep -n '^date' "$f" | cut -d: -f1)
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $f:$line: not a date YYYY-MM-DD: '2027-02-30'"
	sed -i '/^age *pediatric_under/d; s/2027-02-30/2027-01-01/' "$f"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $f: missing 'age pediatric_under'"
}

@test "a missing data file is exit 2 naming it" {
	copy_share
	rm "$BATS_TEST_TMPDIR/share/ccm/pregnancy.codes"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr ccm-eligible <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $BATS_TEST_TMPDIR/share/ccm/pregnancy.codes: No such file or directory"
}

# --- CSV ---------------------------------------------------------------------------------

@test "CSV input converts the boolean columns and splits diagnoses[] and barriers[]" {
	printf '%s\n' \
	    'member.id,member.dob,coverage.partnership_primary,ecm_enrolled,needs_icp,pregnant,diagnoses[],barriers[],identified_at' \
	    '90412837A,1959-03-10,TRUE,no,1,0,E11.9|I10,,2026-05-01T10:00:00-07:00' \
	    '91827364C,1991-07-19,yes,false,true,true,O24.419,transportation|health_literacy,2026-05-04' \
	    >"$BATS_TEST_TMPDIR/m.csv"
	run -0 --separate-stderr ccm-eligible -i csv "$BATS_TEST_TMPDIR/m.csv"
	assert_equal "$(json -c '[.coverage.partnership_primary, .ecm_enrolled, .needs_icp, .pregnant, .diagnoses, .barriers]')" '[true,false,true,false,["E11.9","I10"],null]
[true,false,true,true,["O24.419"],["transportation","health_literacy"]]'
	assert_equal "$(json -c '.ccm | [.eligible, .criteria, .assessment, .age]')" '[true,["chronic_conditions"],"adult",67]
[true,["barriers"],"perinatal",34]'
}

@test "a CSV boolean cell that does not convert is a record error at its line" {
	printf '%s\n' 'member.dob,ecm_enrolled,identified_at' '1959-03-10,no,2026-05-01' \
	    '1959-03-10,maybe,2026-05-01' >"$BATS_TEST_TMPDIR/m.csv"
	run -1 --separate-stderr ccm-eligible -i csv "$BATS_TEST_TMPDIR/m.csv"
	assert_equal "$stderr" "ccm-eligible: $BATS_TEST_TMPDIR/m.csv:3: ecm_enrolled: not a boolean"
	assert_equal "$(json -c '.ccm.error')" 'null
"ecm_enrolled: not a boolean"'
}

@test "CSV output joins the arrays with |" {
	run -0 --separate-stderr ccm-eligible -o csv <<<"$(rec '{"diagnoses":["E11.9","I10","F20.9"],"needs_icp":true,"barriers":["poor_support"]}')"
	assert_equal "$output" 'member.id,member.first_name,member.last_name,member.dob,line_of_business,coverage.partnership_primary,identified_at,diagnoses,needs_icp,barriers,ccm.eligible,ccm.criteria,ccm.chronic_conditions,ccm.exclusions,ccm.refer,ccm.assessment,ccm.age,ccm.contact_by,ccm.outreach_by,ccm.assessment_by
90412837A,Luis,Ortega,1959-03-10,medi-cal,true,2026-05-01T10:00:00-07:00,E11.9|I10|F20.9,true,poor_support,true,barriers|chronic_conditions,diabetes|hypertension,,county_bh,adult,67,2026-05-31,2026-05-15,2026-06-30'
}

# --- options ------------------------------------------------------------------------------

@test "--help prints the usage and exits 0; an unknown option exits 2" {
	run -0 --separate-stderr ccm-eligible --help
	[[ "$stderr$output" == "usage: ccm-eligible "* ]]
	[[ "$stderr$output" == *"--explain"* ]]
	run -2 --separate-stderr ccm-eligible --no-such-option </dev/null
	assert_equal "$output" ""
}

@test "an unknown calendar is exit 2" {
	run -2 --separate-stderr ccm-eligible --calendar "$BATS_TEST_TMPDIR/none.cal" <<<"$(rec)"
	assert_equal "$stderr" "ccm-eligible: $BATS_TEST_TMPDIR/none.cal: No such file or directory"
}

# --- the man page's EXAMPLES and the README pipeline -------------------------------------

@test "man page example: a member with diabetes and hypertension" {
	ex() {
		echo '{"member":{"id":"90412837A","dob":"1959-03-10"},'\
'"coverage":{"partnership_primary":true},"diagnoses":["E11.9","I10"],'\
'"needs_icp":true,"identified_at":"2026-05-01T10:00:00-07:00"}' |
		    ccm-eligible | jq .ccm
	}
	run -0 ex
	assert_equal "$output" '{
  "eligible": true,
  "criteria": [
    "chronic_conditions"
  ],
  "chronic_conditions": [
    "diabetes",
    "hypertension"
  ],
  "exclusions": [],
  "refer": [],
  "assessment": "adult",
  "age": 67,
  "contact_by": "2026-05-31",
  "outreach_by": "2026-05-15",
  "assessment_by": "2026-06-30"
}'
}

@test "man page example: why a member in Enhanced Care Management is not eligible" {
	ex() {
		echo '{"member":{"id":"97788990F","dob":"1955-09-30"},'\
'"coverage":{"partnership_primary":true},"ecm_enrolled":true,'\
'"diagnoses":["J44.1","I10","F10.20"],"needs_icp":true,'\
'"identified_at":"2026-05-05T13:00:00-07:00"}' |
		    ccm-eligible --explain | jq -r '.ccm.explain[]'
	}
	run -0 ex
	assert_equal "$output" 'two chronic conditions: COPD (J44.1) and hypertension (I10), and the member needs an individualized care plan
enrolled in Enhanced Care Management, which a member cannot have at the same time as CCM: refer to ECM
substance use disorder (F10.20): still a CCM candidate, and referred to county behavioral health
adult assessment: the member is 70 on the identification date, so not under 21'
}

@test "man page example: Partnership Advantage starts on 2027-01-01 in the plan's time zone" {
	ex() {
		for t in 2027-01-01T05:00:00Z 2027-01-01T08:00:00Z; do
		    echo '{"member":{"dob":"1951-08-21"},'\
'"line_of_business":"partnership-advantage",'\
'"coverage":{"dual_full_benefit":true},"barriers":["poor_support"],'\
'"identified_at":"'$t'"}'
		done | ccm-eligible | jq -c '.ccm | [.eligible, .exclusions]'
	}
	run -0 ex
	assert_equal "$output" '[false,["partnership_advantage_not_effective"]]
[true,[]]'
}

@test "man page example: a monthly utilization export in CSV, written as CSV" {
	cd "$BATS_TEST_TMPDIR"
	cat >members.csv <<'EOF'
member.id,member.dob,coverage.partnership_primary,diagnoses[],barriers[],needs_icp,identified_at
90011223T,1966-10-03,true,F17.210|J44.9,poor_support,no,2026-05-08
90412837A,1959-03-10,true,E11.9|I10,,yes,2026-05-01
98899001N,1979-01-17,true,E11.9|E11.42,,yes,2026-05-07
EOF
	ex() {
		ccm-eligible -i csv -o csv members.csv | cut -d, -f1,8-10,12,15
	}
	run -0 ex
	assert_equal "$output" 'member.id,ccm.eligible,ccm.criteria,ccm.chronic_conditions,ccm.refer,ccm.contact_by
90011223T,true,barriers,copd,,2026-06-07
90412837A,true,chronic_conditions,diabetes|hypertension,,2026-05-31
98899001N,false,,diabetes,,2026-06-06'
}

@test "man page example and README pipeline: the eligible members of examples/members.jsonl as a CSV call list" {
	cd "$TOP"
	ex() {
		ccm-eligible examples/members.jsonl |
		    jq -rn '["cin","first_name","last_name","language","assessment",
		             "refer","contact_by"],
		      (inputs | select(.ccm.eligible)
		       | [.member.id, .member.first_name, .member.last_name,
		          .member.language, .ccm.assessment, (.ccm.refer | join("|")),
		          .ccm.contact_by])
		      | @csv'
	}
	run -0 ex
	assert_equal "$output" '"cin","first_name","last_name","language","assessment","refer","contact_by"
"90412837A","Luis","Ortega","es","adult","","2026-05-31"
"91827364C","Dana","Whitfield","en","adult","","2026-06-03"
"93344556D","Marisol","Vega","es","perinatal","","2026-06-03"
"95566778E","Tyler","Nguyen","en","pediatric","","2026-06-04"
"92233445G","Aaliyah","Brooks","en","adult","county_bh","2026-06-05"
"96677889M","Rosa","Delgado","es","adult","","2026-06-06"
"90011223T","Nadia","Haddad","ar","adult","","2026-06-07"
"93344557V","Evelyn","Tran","vi","adult","","2027-02-04"'
}

@test "examples/members.jsonl: every member's result, worked out by hand" {
	run -0 --separate-stderr ccm-eligible "$TOP/examples/members.jsonl"
	assert_equal "$(json -c '[.member.last_name, .ccm.eligible, .ccm.criteria, .ccm.exclusions, .ccm.refer, .ccm.assessment, .ccm.age]')" '["Ortega",true,["chronic_conditions"],[],[],"adult",67]
["Whitfield",true,["spd","chronic_conditions"],[],[],"adult",77]
["Vega",true,["barriers"],[],[],"perinatal",34]
["Nguyen",true,["pediatric_wcm","ccs"],[],[],"pediatric",12]
["Becker",false,["chronic_conditions"],["ecm_enrolled"],["ecm","county_bh"],"adult",70]
["Brooks",true,["chronic_conditions"],[],["county_bh"],"adult",39]
["Lindqvist",false,["chronic_conditions"],["not_covered"],[],"adult",63]
["Delgado",true,["chronic_conditions"],[],[],"adult",55]
["Okafor",false,[],[],[],"adult",47]
["Haddad",true,["barriers"],[],[],"adult",59]
["Pruitt",false,["chronic_conditions"],["partnership_advantage_not_effective"],[],"adult",75]
["Tran",true,["chronic_conditions"],[],[],"adult",77]
["Ellis",false,["barriers"],["partnership_advantage_age"],[],"pediatric",20]
["Ruiz",false,[],[],[],"adult",42]'
}

@test "man page example: bad input is written with errors and exit 1" {
	cd "$BATS_TEST_TMPDIR"
	ex() {
		printf '%s\n' '{"member":{"id":"90412837A"},"identified_at":"2026-05-01"}' \
		    '{"member":{"dob":"1959-03-10"},"identified_at":"2026-05-01","needs_icp":"yes"}' |
		    ccm-eligible > out.jsonl; echo $?
	}
	run -0 --separate-stderr ex
	assert_equal "$output" 1
	assert_equal "$stderr" 'ccm-eligible: -:1: member.dob: missing
ccm-eligible: -:2: needs_icp: not a boolean'
	run -0 jq -c .ccm out.jsonl
	assert_equal "$output" '{"error":"member.dob: missing"}
{"error":"needs_icp: not a boolean"}'
}
