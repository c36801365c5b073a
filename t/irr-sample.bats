#!/usr/bin/env bats
# irr-sample: each reviewer's inter-rater reliability sample (SPEC section
# 7).  Quotas are worked out by hand from min(50, ceil(5% of caseload));
# keys come from a second implementation of the key function, in Python,
# that shares no code with the command.

load helper

# cases REVIEWER N [PREFIX [AT]]: N inpatient cases of REVIEWER, with ids
# PREFIX-0 ... (PREFIX defaults to REVIEWER), decided at AT.
cases() {
	jq -nc --arg r "$1" --argjson n "$2" --arg p "${3:-$1}" \
	    --arg at "${4:-2026-03-02T10:00:00-08:00}" \
	    'range($n) | {case_id: "\($p)-\(.)", reviewer: {id: $r},
	    review_type: "inpatient", decision: {outcome: "approve", at: $at}}'
}

# py_keys SEED: reads case ids, one a line; writes "id key" per id.
py_keys() {
	python3 -c '
import sys
seed = sys.argv[1].encode()
for line in sys.stdin.buffer:
    cid = line.rstrip(b"\n")
    h = 0xcbf29ce484222325
    for b in seed + b"\x1f" + cid:
        h = ((h ^ b) * 0x100000001b3) & (2**64 - 1)
    h ^= h >> 30; h = (h * 0xbf58476d1ce4e5b9) & (2**64 - 1)
    h ^= h >> 27; h = (h * 0x94d049bb133111eb) & (2**64 - 1)
    h ^= h >> 31
    sys.stdout.buffer.write(cid + b" " + b"%016x\n" % h)
' "$1"
}

# py_sample SEED: the sample of JSON Lines on standard input, as
# "reviewer rank case_id" lines, by the rule of SPEC section 7 (every case
# of an audited type, no period).
py_sample() {
	python3 -c '
import json, math, sys
M = 2**64 - 1
def key(seed, cid):
    h = 0xcbf29ce484222325
    for b in seed + b"\x1f" + cid:
        h = ((h ^ b) * 0x100000001b3) & M
    h ^= h >> 30; h = (h * 0xbf58476d1ce4e5b9) & M
    h ^= h >> 27; h = (h * 0x94d049bb133111eb) & M
    return h ^ (h >> 31)
seed = sys.argv[1].encode()
seen, by = set(), {}
for line in sys.stdin:
    r = json.loads(line)
    cid = r["case_id"].encode()
    if cid in seen:
        continue
    seen.add(cid)
    by.setdefault(r["reviewer"]["id"].encode(), []).append((key(seed, cid), cid))
for rid in sorted(by):
    q = min(50, math.ceil(len(by[rid]) * 5 / 100))
    for rank, (k, cid) in enumerate(sorted(by[rid])[:q], 1):
        print(rid.decode(), rank, cid.decode())
' "$1"
}

sample_lines() {
	json -r '"\(.reviewer.id) \(.irr.rank) \(.case_id)"'
}

# --- the key and the sample ---------------------------------------------------

@test "the key of every case id agrees with a second implementation in Python" {
	# Ids with digits, punctuation, spaces and UTF-8 bytes; a seed with a
	# space and an accent.
	{
		for i in $(seq 1 300); do echo "TAR-2026-$i"; done
		printf '%s\n' 'case 7' 'Ñandú-1' 'A' 'a' '0' "x'y" 'tab	in'
	} >"$BATS_TEST_TMPDIR/ids"
	jq -Rc '{case_id: .}' "$BATS_TEST_TMPDIR/ids" >"$BATS_TEST_TMPDIR/in.jsonl"
	for seed in umkit-irr 'año 2026' ''; do
		run -0 --separate-stderr irr-sample --keys --seed "$seed" \
		    "$BATS_TEST_TMPDIR/in.jsonl"
		assert_equal "$stderr" ""
		assert_equal "${#lines[@]}" 307
		assert_equal "$(json -r '"\(.case_id) \(.key)"')" \
		    "$(py_keys "$seed" <"$BATS_TEST_TMPDIR/ids")"
	done
}

@test "a known key: seed umkit-irr and case TAR-2026-00153 give 00c81c2af9378303" {
	# Worked through the formula by hand in Python's integers, as in the
	# man page's example.
	run -0 --separate-stderr irr-sample --keys <<<'{"case_id":"TAR-2026-00153"}'
	assert_equal "$output" '{"case_id":"TAR-2026-00153","key":"00c81c2af9378303"}'
	assert_equal "$(echo TAR-2026-00153 | py_keys umkit-irr)" \
	    "TAR-2026-00153 00c81c2af9378303"
}

@test "the sample is each reviewer's quota of smallest keys, as Python draws it" {
	{ cases R-B 130; cases R-A 45; cases R-C 1001; } >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --seed s1 "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$stderr" ""
	# 45 -> ceil(2.25) = 3; 130 -> ceil(6.5) = 7; 1001 -> 50.
	assert_equal "${#lines[@]}" 60
	assert_equal "$(sample_lines)" \
	    "$(py_sample s1 <"$BATS_TEST_TMPDIR/in.jsonl")"
}

@test "sampled records are written whole, ordered by reviewer id bytewise and rank, with irr" {
	# Bytewise: "Z9" < "a1" < "b"; each reviewer has one case.
	run -0 --separate-stderr irr-sample <<'EOF'
{"case_id":"C3","reviewer":{"id":"b"},"review_type":"ltc","decision":{"at":"2026-05-01"},"note":{"x":[1,2.5,null]}}
{"case_id":"C1","reviewer":{"id":"a1"},"review_type":"ltc","decision":{"at":"2026-05-01"}}
{"case_id":"C2","reviewer":{"id":"Z9"},"review_type":"ltc","decision":{"at":"2026-05-01"}}
EOF
	assert_equal "$stderr" ""
	assert_equal "$output" '{"case_id":"C2","reviewer":{"id":"Z9"},"review_type":"ltc","decision":{"at":"2026-05-01"},"irr":{"reviewer_caseload":1,"quota":1,"rank":1,"seed":"umkit-irr"}}
{"case_id":"C1","reviewer":{"id":"a1"},"review_type":"ltc","decision":{"at":"2026-05-01"},"irr":{"reviewer_caseload":1,"quota":1,"rank":1,"seed":"umkit-irr"}}
{"case_id":"C3","reviewer":{"id":"b"},"review_type":"ltc","decision":{"at":"2026-05-01"},"note":{"x":[1,2.5,null]},"irr":{"reviewer_caseload":1,"quota":1,"rank":1,"seed":"umkit-irr"}}'
}

@test "ranks follow the keys, and the seed is written in every record" {
	cases R 40 >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --seed audit-2026 "$BATS_TEST_TMPDIR/in.jsonl"
	# 40 -> quota 2: the two smallest keys of py_keys, in order.
	assert_equal "$(json -r .case_id)" \
	    "$(jq -r .case_id "$BATS_TEST_TMPDIR/in.jsonl" |
	    py_keys audit-2026 | sort -k2 | head -n 2 | cut -d' ' -f1)"
	assert_equal "$(json -c '[.irr.rank, .irr.quota, .irr.reviewer_caseload, .irr.seed]')" \
	    '[1,2,40,"audit-2026"]
[2,2,40,"audit-2026"]'
}

@test "a different seed draws a different sample" {
	cases R 400 >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 irr-sample --seed one "$BATS_TEST_TMPDIR/in.jsonl"
	one=$(json -r .case_id)
	run -0 irr-sample --seed two "$BATS_TEST_TMPDIR/in.jsonl"
	refute [ "$one" = "$(json -r .case_id)" ]
	assert_equal "$(json -r .irr.seed | sort -u)" two
}

@test "shuffled input gives the same sample" {
	{ cases R-A 300; cases R-B 77; cases R-C 19; } >"$BATS_TEST_TMPDIR/in.jsonl"
	shuf --random-source=<(yes) "$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/shuf.jsonl"
	run -1 cmp -s "$BATS_TEST_TMPDIR/in.jsonl" "$BATS_TEST_TMPDIR/shuf.jsonl"
	run -0 irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	in_order=$output
	run -0 irr-sample "$BATS_TEST_TMPDIR/shuf.jsonl"
	assert_equal "$output" "$in_order"
	assert_equal "${#lines[@]}" 20	# 15 + 4 + 1
}

# --- quota ---------------------------------------------------------------------

@test "19, 20 and 21 cases give quotas of 1, 1 and 2" {
	# ceil(0.95) = 1, ceil(1.00) = 1 exactly, ceil(1.05) = 2.
	{ cases A 19; cases B 20; cases C 21; } >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$output" '{"reviewer":"A","caseload":19,"quota":1,"selected":1}
{"reviewer":"B","caseload":20,"quota":1,"selected":1}
{"reviewer":"C","caseload":21,"quota":2,"selected":2}'
}

@test "980 cases give 49, and 981, 999, 1000 and 1001 cases give the cap of 50" {
	# ceil(49.0) = 49; ceil(49.05) = 50; 49.95, 50 and 50.05 -> 50.
	{ cases A 980; cases B 981; cases C 999; cases D 1000; cases E 1001; } \
	    >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":980,"quota":49,"selected":49}
{"reviewer":"B","caseload":981,"quota":50,"selected":50}
{"reviewer":"C","caseload":999,"quota":50,"selected":50}
{"reviewer":"D","caseload":1000,"quota":50,"selected":50}
{"reviewer":"E","caseload":1001,"quota":50,"selected":50}'
	run -0 irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "${#lines[@]}" 249
}

@test "one case gives a quota of 1" {
	run -0 irr-sample --summary <<<'{"case_id":"X","reviewer":{"id":"R"},"review_type":"pharmacy","decision":{"at":"2026-01-05"}}'
	assert_equal "$output" '{"reviewer":"R","caseload":1,"quota":1,"selected":1}'
}

@test "the cap and the percent are read from irr/quota at run time" {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
	printf 'cap 3\npercent 12.5\n' >"$BATS_TEST_TMPDIR/share/irr/quota"
	{ cases A 16; cases B 100; } >"$BATS_TEST_TMPDIR/in.jsonl"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 irr-sample --summary \
	    "$BATS_TEST_TMPDIR/in.jsonl"
	# 12.5% of 16 = 2; of 100 = 12.5 -> 13, capped at 3.
	assert_equal "$output" '{"reviewer":"A","caseload":16,"quota":2,"selected":2}
{"reviewer":"B","caseload":100,"quota":3,"selected":3}'
}

@test "a malformed irr/quota is exit 2 naming the file and line" {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
	printf '# cap\ncap 50\npercent five\n' >"$BATS_TEST_TMPDIR/share/irr/quota"
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -2 --separate-stderr \
	    irr-sample </dev/null
	assert_equal "$stderr" "irr-sample: $BATS_TEST_TMPDIR/share/irr/quota:3: percent: not a number above 0 and at most 100, with at most four decimals"
	assert_equal "$output" ""
}

# --- repeated case ids -----------------------------------------------------------

@test "a repeated case id counts once, and its first occurrence decides the reviewer" {
	# 21 distinct cases of A (quota 2), then the same 21 ids again under B,
	# then 20 new ones for B: B's caseload is 20, not 41.
	{ cases A 21 X; cases B 21 X; cases B 20 Y; } >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":21,"quota":2,"selected":2}
{"reviewer":"B","caseload":20,"quota":1,"selected":1}'
	run -0 irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json -r .case_id | sort | uniq -d)" ""
	assert_equal "$(json -r 'select(.reviewer.id == "B") | .case_id' | cut -c1)" Y
}

@test "the first occurrence of a repeated id is the record written, and decides the period" {
	printf '%s\n' \
	    '{"case_id":"K1","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-02-01"},"v":1}' \
	    '{"case_id":"K1","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-02-02"},"v":2}' \
	    '{"case_id":"K2","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2025-12-31"},"v":1}' \
	    '{"case_id":"K2","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-01-02"},"v":2}' \
	    >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --year 2026 "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json -c '[.case_id, .v, .irr.reviewer_caseload]')" '["K1",1,1]'
}

@test "past --buffer-size the case ids go to temporary files, and the sample is the same" {
	# 2,000 ids with a third repeated under other reviewers, shuffled:
	# at -S 1 (1 KiB, 48 ids in memory) the set of cases seen writes
	# dozens of files and merges them; the sample and the summary are the
	# ones of the default size, and the ones Python draws.
	{ cases A 700 X; cases B 500 Y; cases C 100 Z; cases B 300 X;
	  cases C 200 Y; cases A 200 W; } |
	    shuf --random-source=<(yes) >"$BATS_TEST_TMPDIR/in.jsonl"
	mkdir "$BATS_TEST_TMPDIR/tmp"
	run -0 --separate-stderr irr-sample --seed s "$BATS_TEST_TMPDIR/in.jsonl"
	one=$output
	assert_equal "$(sample_lines)" "$(py_sample s <"$BATS_TEST_TMPDIR/in.jsonl")"
	TMPDIR=$BATS_TEST_TMPDIR/tmp run -0 --separate-stderr irr-sample -S 1 \
	    --seed s "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$output" "$one"
	TMPDIR=$BATS_TEST_TMPDIR/tmp run -0 --separate-stderr irr-sample \
	    --buffer-size 2K --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json -c '[.reviewer, .caseload]' | paste -sd' ')" \
	    "$(python3 -c '
import json, sys
seen, n = set(), {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["case_id"] not in seen:
        seen.add(r["case_id"])
        n[r["reviewer"]["id"]] = n.get(r["reviewer"]["id"], 0) + 1
print(" ".join(json.dumps([k, n[k]], separators=(",", ":")) for k in sorted(n)))
' "$BATS_TEST_TMPDIR/in.jsonl")"
	# The files are unlinked as soon as they are made.
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/tmp")" ""
}

@test "a temporary directory that cannot be written is exit 2 with no sample, only when it is needed" {
	cases A 200 X >"$BATS_TEST_TMPDIR/in.jsonl"
	TMPDIR=$BATS_TEST_TMPDIR/none run -2 --separate-stderr irr-sample -S 1 \
	    "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" ""
	assert_equal "$stderr" "irr-sample: a temporary file in $BATS_TEST_TMPDIR/none: No such file or directory"
	# 200 ids fit in the default 4 MiB: no file is made.
	TMPDIR=$BATS_TEST_TMPDIR/none run -0 --separate-stderr irr-sample \
	    --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":200,"quota":10,"selected":10}'
}

@test "a bad --buffer-size is a usage error" {
	for size in 0 -1 12X 1KB M '' 99999999999999999999; do
		run -2 --separate-stderr irr-sample -S "$size" /dev/null
		assert_equal "$output" ""
		assert_regex "$stderr" "^irr-sample: --buffer-size: '.*' is (not a size such as 64M|out of range)"
	done
	for size in 1 64b 1024b 3K 1M 1G; do
		run -0 --separate-stderr irr-sample --buffer-size "$size" /dev/null
		assert_equal "$output$stderr" ""
	done
}

@test "shards merged with a small --buffer-size give the sample of one run" {
	{ cases A 700 X; cases B 500 Y; cases B 300 X; cases C 200 Y; } |
	    shuf --random-source=<(yes) >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	one=$output
	run -0 --separate-stderr shard_run -S 1
	assert_equal "$stderr" ""
	assert_equal "$output" "$one"
}

# --- the period --------------------------------------------------------------------

@test "--year is the plan-local year of decision.at" {
	printf '%s\n' \
	    '{"case_id":"in-1","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-12-31T23:30:00-08:00"}}' \
	    '{"case_id":"in-2","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2027-01-01T07:30:00Z"}}' \
	    '{"case_id":"in-3","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-01-01T00:00:00"}}' \
	    '{"case_id":"out-1","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2027-01-01T08:00:00Z"}}' \
	    '{"case_id":"out-2","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-01-01T07:59:59Z"}}' \
	    >"$BATS_TEST_TMPDIR/in.jsonl"
	# 07:30Z on New Year's Day is 23:30 PST on 2026-12-31; 08:00Z is
	# midnight 2027; 07:59:59Z on 2026-01-01 is still 2025 locally.
	run -0 --separate-stderr irr-sample --year 2026 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"R","caseload":3,"quota":1,"selected":1}'
	run -0 --separate-stderr irr-sample --year 2027 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"R","caseload":1,"quota":1,"selected":1}'
	# With --tz UTC, in-1 (07:30Z), in-2 and out-1 fall in 2027.
	run -0 --separate-stderr irr-sample --tz UTC --year 2027 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"R","caseload":3,"quota":1,"selected":1}'
}

@test "--from and --to are inclusive plan-local dates, and either may be alone" {
	for d in 2026-03-31T23:59:59 2026-04-01T00:00:00 2026-04-30T23:59:59 2026-05-01T00:00:00; do
		printf '{"case_id":"%s","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"%s"}}\n' "$d" "$d"
	done >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 irr-sample --from 2026-04-01 --to 2026-04-30 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json .caseload)" 2
	run -0 irr-sample --from 2026-04-01 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json .caseload)" 3
	run -0 irr-sample --to 2026-04-30 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json .caseload)" 3
	run -0 irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json .caseload)" 4
}

@test "a reviewer with no case in the period gets no line" {
	{ cases A 3 A 2026-02-01; cases B 3 B 2025-02-01; } >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 irr-sample --year 2026 --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":3,"quota":1,"selected":1}'
}

@test "--year with --from or --to is a usage error" {
	run -2 --separate-stderr irr-sample --year 2026 --from 2026-01-01 </dev/null
	assert_equal "$output" ""
	assert_equal "$stderr" "irr-sample: --year cannot be combined with --from or --to
Try 'irr-sample --help' for more information."
	run -2 irr-sample --to 2026-01-01 --year 2026 </dev/null
}

@test "a bad --year, --from or --to, and --from after --to, are usage errors" {
	run -2 --separate-stderr irr-sample --year 26x </dev/null
	assert_equal "$stderr" "irr-sample: --year: '26x' is not a whole number from 1 to 9999"
	run -2 --separate-stderr irr-sample --from 2026-02-30 </dev/null
	assert_equal "$stderr" "irr-sample: --from: a date or time that does not exist
Try 'irr-sample --help' for more information."
	run -2 irr-sample --from 2026-05-01 --to 2026-04-30 </dev/null
}

# --- review types --------------------------------------------------------------------

@test "without review_type the type comes from the role, the route, the setting, then the category" {
	run -0 --separate-stderr irr-sample --summary <<'EOF'
{"case_id":"1","reviewer":{"id":"phys","role":"physician_reviewer"},"setting":"home","decision":{"at":"2026-01-05"}}
{"case_id":"2","decision":{"by":{"id":"bh","role":"bh_clinical_director"},"at":"2026-01-05"}}
{"case_id":"3","reviewer":{"id":"rx"},"decision":{"by":{"role":"pharmacy_technician"},"at":"2026-01-05"}}
{"case_id":"4","reviewer":{"id":"route","role":"nurse_coordinator"},"validation":{"route":"sud_residential"},"setting":"home","decision":{"at":"2026-01-05"}}
{"case_id":"5","reviewer":{"id":"setting","role":"nurse_coordinator"},"validation":{"route":"medi-cal-rx"},"setting":"ltc","decision":{"at":"2026-01-05"}}
{"case_id":"6","reviewer":{"id":"category","role":"bh_nurse_coordinator"},"setting":"home","category":"sud_residential","decision":{"at":"2026-01-05"}}
{"case_id":"7","reviewer":{"id":"other","role":"nurse_coordinator"},"setting":"home","category":"home_health","decision":{"at":"2026-01-05"}}
{"case_id":"8","reviewer":{"id":"other"},"review_type":"dme","setting":"inpatient","decision":{"at":"2026-01-05"}}
{"case_id":"9","reviewer":{"id":"given","role":"cmo"},"review_type":"outpatient","decision":{"at":"2026-01-05"}}
EOF
	assert_equal "$(json -r .reviewer)" "bh
category
given
phys
route
rx
setting"
	assert_equal "$stderr" "irr-sample: 2 cases of other review types were not sampled"
}

@test "cases of other review types are counted on standard error, not in the caseload, exit 0" {
	{ cases A 21; cases A 5 O | jq -c '.review_type = "emergency"'; } >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":21,"quota":2,"selected":2}'
	assert_equal "$stderr" "irr-sample: 5 cases of other review types were not sampled"
	run -0 --separate-stderr irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$(json -r .review_type | sort -u)" inpatient
}

@test "one case of another type is counted in the singular" {
	run -0 --separate-stderr irr-sample <<<'{"case_id":"1","reviewer":{"id":"R"},"setting":"home","decision":{"at":"2026-01-05"}}'
	assert_equal "$output" ""
	assert_equal "$stderr" "irr-sample: 1 case of another review type was not sampled"
}

@test "the role lists are read from irr/review-types at run time" {
	cp -R "$UMKIT_SHARE" "$BATS_TEST_TMPDIR/share"
	sed -i 's/^role   pharmacy   clinical_pharmacist pharmacy_technician$/role pharmacy clinical_pharmacist pharmacy_technician nurse_coordinator/' \
	    "$BATS_TEST_TMPDIR/share/irr/review-types"
	rec='{"case_id":"1","reviewer":{"id":"R","role":"nurse_coordinator"},"setting":"home","decision":{"at":"2026-01-05"}}'
	run -0 --separate-stderr irr-sample --summary <<<"$rec"
	assert_equal "$output" ""
	UMKIT_SHARE="$BATS_TEST_TMPDIR/share" run -0 --separate-stderr irr-sample --summary <<<"$rec"
	assert_equal "$output" '{"reviewer":"R","caseload":1,"quota":1,"selected":1}'
}

# --- identifiers and record errors ------------------------------------------------------

@test "tar_id is the case id without case_id, and decision.by.id the reviewer without reviewer.id" {
	run -0 --separate-stderr irr-sample --keys <<<'{"tar_id":"TAR-2026-00153"}'
	assert_equal "$output" '{"case_id":"TAR-2026-00153","key":"00c81c2af9378303"}'
	run -0 --separate-stderr irr-sample <<<'{"tar_id":"T1","review_type":"ltc","decision":{"by":{"id":"D"},"at":"2026-01-05"}}'
	assert_equal "$(json -c '[.tar_id, .irr.rank]')" '["T1",1]'
	run -0 irr-sample --summary <<<'{"tar_id":"T1","review_type":"ltc","decision":{"by":{"id":"D"},"at":"2026-01-05"}}'
	assert_equal "$(json -r .reviewer)" D
}

@test "records without case id, reviewer or decision.at are reported on standard error only, exit 1" {
	cat >"$BATS_TEST_TMPDIR/in.jsonl" <<'EOF'
{"case_id":"G1","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-01-05"}}
{"reviewer":{"id":"R-secret"},"review_type":"ltc","decision":{"at":"2026-01-05"}}
{"case_id":"SECRET-1","review_type":"ltc","decision":{"at":"2026-01-05"}}
{"case_id":"SECRET-2","reviewer":{"id":"R"},"review_type":"ltc"}
{"case_id":"SECRET-3","reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-02-30"}}
{"case_id":12345,"reviewer":{"id":"R"},"review_type":"ltc","decision":{"at":"2026-01-05"}}
{"case_id":"SECRET-4","reviewer":{"id":""},"review_type":"ltc","decision":{"at":"2026-01-05"}}
{"case_id":"SECRET-5","reviewer":{"id":"R"},"review_type":7,"decision":{"at":"2026-01-05"}}
not json SECRET-6
EOF
	run -1 --separate-stderr irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	f=$BATS_TEST_TMPDIR/in.jsonl
	assert_equal "$stderr" "irr-sample: $f:2: case_id: missing
irr-sample: $f:3: reviewer.id: missing
irr-sample: $f:4: decision.at: missing
irr-sample: $f:5: decision.at: a date or time that does not exist
irr-sample: $f:6: case_id: not a string
irr-sample: $f:7: reviewer.id: empty
irr-sample: $f:8: review_type: not a string
irr-sample: $f:9: not valid JSON"
	assert_equal "$(json -c '[.case_id, .irr.reviewer_caseload]')" '["G1",1]'
}

# --- shards ----------------------------------------------------------------------------

# shard_run ARGS...: splits $BATS_TEST_TMPDIR/in.jsonl in three, runs
# --partial ARGS on each, and merges them into $output.
shard_run() {
	local d=$BATS_TEST_TMPDIR p
	split -n l/3 "$d/in.jsonl" "$d/part."
	for p in "$d"/part.aa "$d"/part.ab "$d"/part.ac; do
		irr-sample "$@" --partial "$p" >"$p.state" || return 1
	done
	irr-sample --merge "$@" "$d"/part.aa.state "$d"/part.ab.state "$d"/part.ac.state
}

@test "three shards, each sampled with --partial and merged, give the sample of one run" {
	{ cases R-A 400 A; cases R-B 130 B; cases R-C 19 C; cases R-D 5 D 2025-06-01T12:00:00; } |
	    shuf --random-source=<(yes) >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --year 2026 --seed s "$BATS_TEST_TMPDIR/in.jsonl"
	one=$output
	assert_equal "${#lines[@]}" 28	# 20 + 7 + 1
	run -0 --separate-stderr shard_run --year 2026 --seed s
	assert_equal "$stderr" ""
	assert_equal "$output" "$one"
}

@test "a case id repeated across shards counts once in the merge, its first shard deciding" {
	# Shard 1 holds X-0..X-29 of A; shard 3 repeats them under B with 20
	# new ones.  One run: A 30, B 20.
	{ cases A 30 X; cases A 30 Z; cases B 30 X; cases B 20 Y; } |
	    jq -c '.review_type = (if .case_id | startswith("Z") then "dme" else .review_type end)' \
	    >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 --separate-stderr irr-sample --summary "$BATS_TEST_TMPDIR/in.jsonl"
	assert_equal "$output" '{"reviewer":"A","caseload":30,"quota":2,"selected":2}
{"reviewer":"B","caseload":20,"quota":1,"selected":1}'
	assert_equal "$stderr" "irr-sample: 30 cases of other review types were not sampled"
	run -0 --separate-stderr irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	one=$output
	run -0 --separate-stderr shard_run
	assert_equal "$output" "$one"
	assert_equal "$stderr" "irr-sample: 30 cases of other review types were not sampled"
	d=$BATS_TEST_TMPDIR
	run -0 --separate-stderr irr-sample --merge --summary \
	    "$d"/part.aa.state "$d"/part.ab.state "$d"/part.ac.state
	assert_equal "$output" '{"reviewer":"A","caseload":30,"quota":2,"selected":2}
{"reviewer":"B","caseload":20,"quota":1,"selected":1}'
}

@test "a merge that would need cases a shard did not keep exits 2 instead of writing another sample" {
	# Shard 1: 500 ids outside 2026.  Shard 2: the same 500 ids in 2026
	# and 1000 new ones, all of R.  In one run R's caseload is the 1000
	# new cases, quota 50; shard 2 kept only its 50 smallest keys, about a
	# third of which are the repeated ids.
	cases R 500 D 2025-06-01T12:00:00 >"$BATS_TEST_TMPDIR/s1"
	{ cases R 500 D; cases R 1000 N; } >"$BATS_TEST_TMPDIR/s2"
	irr-sample --year 2026 --partial "$BATS_TEST_TMPDIR/s1" >"$BATS_TEST_TMPDIR/s1.state"
	irr-sample --year 2026 --partial "$BATS_TEST_TMPDIR/s2" >"$BATS_TEST_TMPDIR/s2.state"
	run -2 --separate-stderr irr-sample --merge "$BATS_TEST_TMPDIR/s1.state" "$BATS_TEST_TMPDIR/s2.state"
	assert_equal "$output" ""
	assert_equal "$stderr" "irr-sample: a reviewer's sample cannot be completed from these states: a shard dropped cases that its repeated case ids now call for; run irr-sample once over all the input"
	run -0 irr-sample --year 2026 --summary "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/s2"
	assert_equal "$output" '{"reviewer":"R","caseload":1000,"quota":50,"selected":50}'
}

@test "states of different seeds or periods, truncated states and other files are refused" {
	cases R 30 >"$BATS_TEST_TMPDIR/in.jsonl"
	d=$BATS_TEST_TMPDIR
	irr-sample --seed a --partial "$d/in.jsonl" >"$d/a.state"
	irr-sample --seed b --partial "$d/in.jsonl" >"$d/b.state"
	irr-sample --seed a --year 2026 --partial "$d/in.jsonl" >"$d/y.state"
	run -2 --separate-stderr irr-sample --merge "$d/a.state" "$d/b.state"
	assert_equal "$stderr" "irr-sample: $d/b.state:1: the states were made with different seeds"
	run -2 --separate-stderr irr-sample --merge "$d/a.state" "$d/y.state"
	assert_equal "$stderr" "irr-sample: $d/y.state:1: the states were made for different periods"
	run -2 --separate-stderr irr-sample --merge --seed b "$d/a.state"
	assert_equal "$stderr" "irr-sample: $d/a.state:1: the state was made with another seed"
	run -2 --separate-stderr irr-sample --merge --year 2026 "$d/a.state"
	assert_equal "$stderr" "irr-sample: $d/a.state:1: the state was made for another period"
	head -n 2 "$d/a.state" >"$d/cut.state"
	run -2 --separate-stderr irr-sample --merge "$d/cut.state"
	assert_equal "$stderr" "irr-sample: $d/cut.state: the state ends early: it is incomplete"
	run -2 --separate-stderr irr-sample --merge "$d/in.jsonl"
	assert_equal "$stderr" "irr-sample: $d/in.jsonl:1: not an irr-sample --partial state"
	run -2 --separate-stderr irr-sample --merge
	assert_equal "$stderr" "irr-sample: --merge needs the state files
Try 'irr-sample --help' for more information."
	run -2 irr-sample --partial --summary </dev/null
	run -2 irr-sample --merge --partial "$d/a.state"
	# The matching seed and period are accepted.
	run -0 irr-sample --merge --seed a --year 2026 "$d/y.state"
	assert_equal "${#lines[@]}" 2
}

@test "a state read from standard input merges like a file" {
	cases R 30 >"$BATS_TEST_TMPDIR/in.jsonl"
	run -0 irr-sample "$BATS_TEST_TMPDIR/in.jsonl"
	one=$output
	irr-sample --partial "$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/a.state"
	run -0 irr-sample --merge - <"$BATS_TEST_TMPDIR/a.state"
	assert_equal "$output" "$one"
}

# --- formats ---------------------------------------------------------------------------

@test "CSV in and out: the sample of a CSV export" {
	cat >"$BATS_TEST_TMPDIR/in.csv" <<'EOF'
case_id,reviewer.id,review_type,decision.at
C1,R,ltc,2026-01-05 09:00
C2,R,ltc,2026-01-06 09:00
EOF
	run -0 --separate-stderr irr-sample -i csv -o csv --seed x "$BATS_TEST_TMPDIR/in.csv"
	# Python: key("x", "C1") < key("x", "C2").
	first=$(printf '%s\n' C1 C2 | py_keys x | sort -k2 | head -n 1 | cut -d' ' -f1)
	assert_equal "$output" "case_id,reviewer.id,review_type,decision.at,irr.reviewer_caseload,irr.quota,irr.rank,irr.seed
$first,R,ltc,2026-01-05 09:00,2,1,1,x"
}

# --- the man page's EXAMPLES and the README pipeline --------------------------------------

@test "man page example: this year's caseloads and quotas of examples/decisions.jsonl" {
	cd "$TOP/examples"
	run -0 --separate-stderr irr-sample --year 2026 --summary decisions.jsonl
	assert_equal "$output" '{"reviewer":"MD02","caseload":21,"quota":2,"selected":2}
{"reviewer":"NC01","caseload":21,"quota":2,"selected":2}
{"reviewer":"PH03","caseload":12,"quota":1,"selected":1}'
	assert_equal "$stderr" "irr-sample: 3 cases of other review types were not sampled"
}

sample_of_example() {
	irr-sample --year 2026 decisions.jsonl 2>/dev/null |
	    jq -c '{tar_id, irr}'
}

@test "man page example and README pipeline: the sample of examples/decisions.jsonl" {
	cd "$TOP/examples"
	run -0 sample_of_example
	assert_equal "$output" '{"tar_id":"TAR-2026-00153","irr":{"reviewer_caseload":21,"quota":2,"rank":1,"seed":"umkit-irr"}}
{"tar_id":"TAR-2026-00997","irr":{"reviewer_caseload":21,"quota":2,"rank":2,"seed":"umkit-irr"}}
{"tar_id":"TAR-2026-00284","irr":{"reviewer_caseload":21,"quota":2,"rank":1,"seed":"umkit-irr"}}
{"tar_id":"TAR-2026-01288","irr":{"reviewer_caseload":21,"quota":2,"rank":2,"seed":"umkit-irr"}}
{"tar_id":"TAR-2026-00585","irr":{"reviewer_caseload":12,"quota":1,"rank":1,"seed":"umkit-irr"}}'
	# examples/irr-audited.jsonl is this sample with audit added.
	assert_equal "$(irr-sample --year 2026 decisions.jsonl 2>/dev/null)" \
	    "$(jq -c 'del(.audit)' irr-audited.jsonl)"
}

@test "man page example: the same summary from three shards" {
	cp "$TOP/examples/decisions.jsonl" "$BATS_TEST_TMPDIR/"
	cd "$BATS_TEST_TMPDIR"
	split -n l/3 decisions.jsonl part.
	for p in part.aa part.ab part.ac; do
		irr-sample --year 2026 --partial $p > $p.state
	done
	run -0 --separate-stderr irr-sample --merge --summary part.aa.state part.ab.state part.ac.state
	assert_equal "$output" '{"reviewer":"MD02","caseload":21,"quota":2,"selected":2}
{"reviewer":"NC01","caseload":21,"quota":2,"selected":2}
{"reviewer":"PH03","caseload":12,"quota":1,"selected":1}'
	assert_equal "$stderr" "irr-sample: 3 cases of other review types were not sampled"
}

auditor_python() {
	python3 - umkit-irr TAR-2026-00153 <<'EOF'
import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode() + b"\x1f" + sys.argv[2].encode():
    h = (h ^ b) * 0x100000001b3 % 2**64
for shift, mult in ((30, 0xbf58476d1ce4e5b9), (27, 0x94d049bb133111eb)):
    h = (h ^ h >> shift) * mult % 2**64
print("%016x" % (h ^ h >> 31))
EOF
}

@test "man page example: an auditor recomputes a key with the command and with Python" {
	run -0 --separate-stderr irr-sample --keys <<<'{"case_id":"TAR-2026-00153"}'
	assert_equal "$output" '{"case_id":"TAR-2026-00153","key":"00c81c2af9378303"}'
	run -0 auditor_python
	assert_equal "$output" 00c81c2af9378303
}

@test "the man page's examples are the ones tested here" {
	man=$TOP/man/irr-sample.1
	grep -qF '$ irr-sample --year 2026 --summary decisions.jsonl' "$man"
	grep -qF '{"tar_id":"TAR-2026-00585","irr":{"reviewer_caseload":12,"quota":1,"rank":1,"seed":"umkit-irr"}}' "$man"
	grep -qF '$ irr-sample --merge --summary part.aa.state part.ab.state part.ac.state' "$man"
	grep -qF '$ echo '\''{"case_id":"TAR-2026-00153"}'\'' | irr-sample --keys' "$man"
	grep -qF '    h = (h ^ b) * 0x100000001b3 % 2**64' "$man"
}
