#!/usr/bin/env bats
# irr-score: agreement of each reviewer with the IRR auditor (SPEC section
# 7).  Every expected value is worked out by hand in the comments, as a
# fraction where there is one; the Wilson bounds from the formula
#   centre = (p + z^2/2n) / (1 + z^2/n)
#   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2),  z = 1.959964.

load helper

# pairs REVIEWER DECISION AUDIT COUNT ...: COUNT audited cases for each
# triple of arguments.
pairs() {
	local r=$1
	shift
	while [ $# -gt 0 ]; do
		jq -nc --arg r "$r" --arg d "$1" --arg a "$2" --argjson n "$3" \
		    'range($n) | {reviewer: {id: $r}, decision: {outcome: $d},
		    audit: {outcome: $a}}'
		shift 3
	done
}

# near FILTER VALUE: the number FILTER selects from $output is VALUE to
# within 1e-12.
near() {
	json -e --argjson v "$2" "($1 - \$v) | fabs < 1e-12" >/dev/null ||
	    fail "$1 is $(json "$1"), not $2"
}

@test "19 of 20 agreeing: agreement, Wilson interval, kappa and AC1 by hand" {
	# Reviewer: approve 14, deny 6; auditor: approve 13, deny 7; one
	# approval the auditor denied.  p_o = 19/20 = 0.95.
	# Kappa: chance = (14*13 + 6*7)/400 = 224/400;
	#   (20*19 - 224) / (400 - 224) = 156/176 = 39/44.
	# AC1: s_approve = 27, s_deny = 13, E = 27*13 + 13*27 = 702, q = 2;
	#   (4*20*1*19 - 702) / (4*400*1 - 702) = 818/898 = 409/449.
	# Wilson: p = 0.95, n = 20: [0.76386880453..., 0.99111855129...].
	run -0 --separate-stderr irr-score < <(pairs R-A approve approve 13 \
	    approve deny 1 deny deny 6)
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" '{"reviewer":"R-A","cases":20,"agree":19,"agreement":0.95,"ci95":[0.7638688045357189,0.9911185512976646],"kappa":0.8863636363636364,"ac1":0.910913140311804,"target":0.9,"meets_target":true,"corrective_action":false}'
	output=${lines[0]}
	near .kappa "$(python3 -c 'print(repr(39/44))')"
	near .ac1 "$(python3 -c 'print(repr(409/449))')"
	near '.ci95[0]' 0.7638688045357189
	near '.ci95[1]' 0.9911185512976646
}

@test "5 of 10 agreeing with chance agreement 0.5: kappa 0, AC1 1/101" {
	# Reviewer: approve 5, deny 5; auditor: approve 6, deny 4; 5 agree.
	# Kappa: chance = 5*6 + 5*4 = 50; (10*5 - 50) / (100 - 50) = 0.
	# AC1: s = 11 and 9, E = 11*9 + 9*11 = 198;
	#   (4*10*5 - 198) / (400 - 198) = 2/202 = 1/101.
	# Wilson: p = 0.5, n = 10: [0.23659308901..., 0.76340691098...].
	run -0 --separate-stderr irr-score < <(pairs R-B approve approve 3 \
	    deny deny 2 approve deny 2 deny approve 3)
	output=${lines[0]}
	assert_equal "$(json -c '[.cases, .agree, .agreement, .kappa, .meets_target, .corrective_action]')" \
	    '[10,5,0.5,0,false,true]'
	near .ac1 "$(python3 -c 'print(repr(1/101))')"
	near '.ci95[0]' 0.2365930890114794
	near '.ci95[1]' 0.7634069109885206
}

@test "three outcomes: kappa 39/59 and AC1 203/283" {
	# approve/approve 5, deny/deny 2, modify/modify 1, approve/deny 1,
	# deny/modify 1: p_o = 8/10.
	# Reviewer: approve 6, deny 3, modify 1; auditor: approve 5, deny 3,
	# modify 2.  Kappa: chance = 6*5 + 3*3 + 1*2 = 41;
	#   (10*8 - 41) / (100 - 41) = 39/59.
	# AC1: s = 11, 6, 3; E = 11*9 + 6*14 + 3*17 = 234; q = 3;
	#   (4*10*2*8 - 234) / (4*100*2 - 234) = 406/566 = 203/283.
	run -0 --separate-stderr irr-score < <(pairs R approve approve 5 \
	    deny deny 2 modify modify 1 approve deny 1 deny modify 1)
	output=${lines[0]}
	near .agreement 0.8
	near .kappa "$(python3 -c 'print(repr(39/59))')"
	near .ac1 "$(python3 -c 'print(repr(203/283))')"
	near '.ci95[0]' 0.49016246912213235
	near '.ci95[1]' 0.943317849062233
}

@test "when both approve every case, kappa and AC1 are null and the interval reaches 1" {
	# Chance agreement 5*5/25 = 1: kappa undefined; one outcome seen:
	# AC1 undefined.  Wilson at p = 1: low = 1/(1 + z^2/5), high = 1.
	run -0 --separate-stderr irr-score < <(pairs R approve approve 5)
	assert_equal "${lines[0]}" '{"reviewer":"R","cases":5,"agree":5,"agreement":1,"ci95":[0.5655175313406071,1],"kappa":null,"ac1":null,"target":0.9,"meets_target":true,"corrective_action":false}'
	output=${lines[0]}
	near '.ci95[0]' "$(python3 -c 'print(repr(1/(1 + 1.959964**2/5)))')"
}

@test "kappa is not null when the raters disagree on a single-outcome reviewer" {
	# Reviewer always approves, auditor denies one of three: chance =
	# 3*2 = 6 of 9, kappa = (3*2 - 6)/(9 - 6) = 0; two outcomes seen.
	run -0 irr-score < <(pairs R approve approve 2 approve deny 1)
	output=${lines[0]}
	assert_equal "$(json -c '[.kappa, (.ac1 != null)]')" '[0,true]'
}

@test "no agreement at all: the interval starts at exactly 0" {
	run -0 irr-score < <(pairs R approve deny 3)
	output=${lines[0]}
	assert_equal "$(json -c '[.agreement, .ci95[0], .meets_target]')" '[0,0,false]'
	near '.ci95[1]' 0.5614970356393196
}

@test "an agreement of exactly 0.90 meets the target, and 8 of 9 does not" {
	run -0 irr-score < <(pairs A approve approve 9 approve deny 1;
	    pairs B approve approve 8 approve deny 1)
	assert_equal "$(json -c '[.reviewer, .agreement, .meets_target, .corrective_action]')" \
	    '["A",0.9,true,false]
["B",0.8888888888888888,false,true]
[null,0.8947368421052632,false,true]'
}

@test "reviewers come in bytewise order of id, then the line for all" {
	run -0 irr-score < <(pairs b approve approve 1; pairs a1 deny deny 1;
	    pairs Z9 approve deny 1; pairs a1 approve approve 1)
	assert_equal "$(json -c '[.reviewer, .cases, .agree]')" '["Z9",1,0]
["a1",2,2]
["b",1,1]
[null,4,3]'
}

@test "decision.by.id is the reviewer when reviewer.id is absent" {
	run -0 irr-score <<<'{"decision":{"outcome":"deny","by":{"id":"MD7"}},"audit":{"outcome":"deny"}}'
	assert_equal "$(json -c '[.reviewer, .cases]')" '["MD7",1]
[null,1]'
}

@test "a record without audit.outcome is a record error on stderr, not counted, exit 1" {
	run -1 --separate-stderr irr-score <<'EOF'
{"case_id":"SECRET-1","reviewer":{"id":"R"},"decision":{"outcome":"approve"},"audit":{"outcome":"approve"}}
{"case_id":"SECRET-2","reviewer":{"id":"R"},"decision":{"outcome":"approve"}}
{"case_id":"SECRET-3","reviewer":{"id":"R"},"decision":{"outcome":"approve"},"audit":{"outcome":null}}
EOF
	assert_equal "$stderr" "irr-score: -:2: audit.outcome: missing
irr-score: -:3: audit.outcome: missing"
	assert_equal "$(json -c '[.reviewer, .cases]')" '["R",1]
[null,1]'
}

@test "missing or unknown outcomes and reviewers are record errors naming the field" {
	printf '%s\n' \
	    '{"reviewer":{"id":"R"},"audit":{"outcome":"approve"}}' \
	    '{"reviewer":{"id":"R"},"decision":{"outcome":"Approve"},"audit":{"outcome":"approve"}}' \
	    '{"reviewer":{"id":"R"},"decision":{"outcome":"deny"},"audit":{"outcome":"denied-SECRET"}}' \
	    '{"reviewer":{"id":"R"},"decision":{"outcome":"deny"},"audit":{"outcome":1}}' \
	    '{"decision":{"outcome":"deny"},"audit":{"outcome":"deny"}}' \
	    '{"reviewer":{"id":""},"decision":{"outcome":"deny"},"audit":{"outcome":"deny"}}' \
	    '[1]' >"$BATS_TEST_TMPDIR/in.jsonl"
	run -1 --separate-stderr irr-score "$BATS_TEST_TMPDIR/in.jsonl"
	f=$BATS_TEST_TMPDIR/in.jsonl
	assert_equal "$stderr" "irr-score: $f:1: decision.outcome: missing
irr-score: $f:2: decision.outcome: not approve, deny, modify or defer
irr-score: $f:3: audit.outcome: not approve, deny, modify or defer
irr-score: $f:4: audit.outcome: not a string
irr-score: $f:5: reviewer.id: missing
irr-score: $f:6: reviewer.id: empty
irr-score: $f:7: not a JSON object"
	assert_equal "$output" '{"reviewer":null,"cases":0,"agree":0,"agreement":null,"ci95":null,"kappa":null,"ac1":null,"target":0.9,"meets_target":null,"corrective_action":null}'
}

@test "the target is read from irr/target at run time" {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
	run -0 irr-score < <(pairs A approve approve 9 approve deny 1)
	assert_equal "$(json -c '[.target, .meets_target]' | head -n 1)" '[0.9,true]'
	sed -i 's/^target  0.90$/target  0.95/' "$BATS_TEST_TMPDIR/share/irr/target"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 irr-score < <(pairs A approve approve 9 approve deny 1)
	assert_equal "$(json -c '[.target, .meets_target, .corrective_action]' | head -n 1)" '[0.95,false,true]'
}

@test "a malformed irr/target is exit 2 naming the file and line" {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
	printf 'target 90%%\n' >"$BATS_TEST_TMPDIR/share/irr/target"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr irr-score </dev/null
	assert_equal "$stderr" "irr-score: $BATS_TEST_TMPDIR/share/irr/target:1: target: not a proportion from 0 to 1 with at most four decimals"
	assert_equal "$output" ""
}

@test "CSV in and out" {
	printf 'reviewer.id,decision.outcome,audit.outcome\nR,approve,approve\nR,deny,approve\n' \
	    >"$BATS_TEST_TMPDIR/in.csv"
	run -0 --separate-stderr irr-score -i csv -o csv "$BATS_TEST_TMPDIR/in.csv"
	# 1 of 2: chance = 1*2 = 2 of 4, kappa = (2*1 - 2)/(4 - 2) = 0;
	# AC1: s = 3, 1, E = 3*1 + 1*3 = 6; (4*2*1 - 6)/(4*4 - 6) = 2/10.
	assert_equal "${lines[0]}" "reviewer,cases,agree,agreement,ci95,kappa,ac1,target,meets_target,corrective_action"
	assert_equal "${lines[1]}" "R,2,1,0.5,0.09453120463920084|0.9054687953607992,0,0.2,0.9,false,true"
}

# --- the man page's EXAMPLES and the README pipeline --------------------------------------

scores_of_example() {
	irr-score irr-audited.jsonl | jq -c '{reviewer, cases, agree, kappa,
    meets_target}'
}

@test "man page example and README pipeline: the scores of examples/irr-audited.jsonl" {
	cd "$TOP/examples"
	run -0 scores_of_example
	# MD02: deny/deny and approve/modify, 1 of 2; reviewer deny 1,
	# approve 1, auditor deny 1, modify 1: chance = 1*1 = 1 of 4, kappa =
	# (2*1 - 1)/(4 - 1) = 1/3.  NC01 approve/approve twice, PH03
	# defer/defer: one outcome each, kappa null.  All five: reviewer
	# deny 1, approve 3, defer 1; auditor deny 1, approve 2, modify 1,
	# defer 1: chance = 1 + 6 + 1 = 8, kappa = (5*4 - 8)/(25 - 8) = 12/17.
	assert_equal "$output" '{"reviewer":"MD02","cases":2,"agree":1,"kappa":0.3333333333333333,"meets_target":false}
{"reviewer":"NC01","cases":2,"agree":2,"kappa":null,"meets_target":true}
{"reviewer":"PH03","cases":1,"agree":1,"kappa":null,"meets_target":true}
{"reviewer":null,"cases":5,"agree":4,"kappa":0.7058823529411765,"meets_target":false}'
}

twenty_cases() {
	jq -nc 'range(20) | {reviewer: {id: "R-A"},
    decision: {outcome: (if . < 14 then "approve" else "deny" end)},
    audit: {outcome: (if . < 13 then "approve" else "deny" end)}}' |
    irr-score | head -n 1
}

@test "man page example: the whole line for 19 agreements in 20 cases" {
	run -0 twenty_cases
	assert_equal "$output" '{"reviewer":"R-A","cases":20,"agree":19,"agreement":0.95,"ci95":[0.7638688045357189,0.9911185512976646],"kappa":0.8863636363636364,"ac1":0.910913140311804,"target":0.9,"meets_target":true,"corrective_action":false}'
}

@test "man page example: a record without the auditor's outcome" {
	run -1 --separate-stderr irr-score <<<'{"reviewer":{"id":"R-A"},"decision":{"outcome":"deny"}}'
	assert_equal "$stderr" "irr-score: -:1: audit.outcome: missing"
}

@test "the man page's examples are the ones tested here" {
	man=$TOP/man/irr-score.1
	grep -qF '$ irr-score irr-audited.jsonl | jq -c '\''{reviewer, cases, agree, kappa,' "$man"
	grep -qF '{"reviewer":null,"cases":5,"agree":4,"kappa":0.7058823529411765,"meets_target":false}' "$man"
	grep -qF 'audit: {outcome: (if . < 13 then "approve" else "deny" end)}}'\'' |' "$man"
	grep -qF 'irr-score: -:1: audit.outcome: missing' "$man"
}
