/* test-irr -- sampling keys, quota, review types, selection and scores */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irr.h"
#include "tap.h"

static const char *hex(uint64_t);
static void	 test_keys(void);
static void	 test_quota(void);
static void	 test_data_files(void);
static void	 test_review_types(void);
static void	 test_roster(void);
static void	 test_scores(void);

static const char *
hex(uint64_t key)
{
	static char buf[IRR_KEY_HEX_SIZE];

	irr_key_format(key, buf);
	return buf;
}

/*
 * FNV-1a 64 of "a" is af63dc4c8601ec8c and of "foobar" 85944171f73967e8
 * (the published test vectors); the SplitMix64 finalizer of the first was
 * worked out with Python's integers, as were the keys.
 */
static void
test_keys(void)
{
	uint64_t k;

	is_str(hex(irr_case_hash("a", 1)), "02c0bdbf481420f8",
	    "case hash of \"a\" is the finalizer of FNV-1a af63dc4c8601ec8c");
	is_str(hex(irr_case_hash("", 0)), "f52a15e9a9b5e89b",
	    "case hash of the empty id is the finalizer of the offset basis");
	is_str(hex(irr_key("", 0, "", 0)), "6168c18c5583c71b",
	    "key of empty seed and id hashes the 0x1F byte alone");
	is_str(hex(irr_key("umkit-irr", 9, "TAR-2026-00153", 14)),
	    "00c81c2af9378303", "key of the man page's worked example");
	ok(irr_key("ab", 2, "c", 1) != irr_key("a", 1, "bc", 1),
	    "the 0x1F byte separates seed and id");
	ok(irr_key_parse("00c81c2af9378303", &k) == 0 &&
	    k == 0x00c81c2af9378303ULL, "a key reads back from its hex");
	ok(irr_key_parse("00C81C2AF9378303", &k) != 0,
	    "upper-case hex is not a key");
	ok(irr_key_parse("00c81c2af937830", &k) != 0 &&
	    irr_key_parse("00c81c2af93783030", &k) != 0,
	    "15 or 17 digits are not a key");
}

static void
test_quota(void)
{
	struct irr_quota q = {50, 50000};	/* 50 cases, 5% */
	struct irr_quota eighth = {3, 125000};	/* 3 cases, 12.5% */

	is_int(irr_quota_of(&q, 0), 0, "no case, no quota");
	is_int(irr_quota_of(&q, 1), 1, "1 case: ceil(0.05) = 1");
	is_int(irr_quota_of(&q, 19), 1, "19 cases: ceil(0.95) = 1");
	is_int(irr_quota_of(&q, 20), 1, "20 cases: 1.00 exactly = 1");
	is_int(irr_quota_of(&q, 21), 2, "21 cases: ceil(1.05) = 2");
	is_int(irr_quota_of(&q, 130), 7, "130 cases: ceil(6.5) = 7");
	is_int(irr_quota_of(&q, 980), 49, "980 cases: 49");
	is_int(irr_quota_of(&q, 981), 50, "981 cases: ceil(49.05) = 50");
	is_int(irr_quota_of(&q, 1001), 50, "1001 cases: the cap");
	is_int(irr_quota_of(&q, 100000000), 50, "1e8 cases: the cap");
	is_int(irr_quota_of(&eighth, 16), 2, "12.5%% of 16 = 2");
	is_int(irr_quota_of(&eighth, 17), 3, "12.5%% of 17 = 2.125 -> 3");
	is_int(irr_quota_of(&eighth, 100), 3, "capped at 3");
}

static void
test_data_files(void)
{
	struct datafile_error e;
	struct irr_quota q;
	double target = 0;

	ok(irr_quota_load(&q, &e) == 0, "irr/quota loads");
	is_int(q.cap, 50, "the shipped cap is 50");
	is_int(q.percent_e4, 50000, "the shipped percent is 5");
	ok(irr_target_load(&target, &e) == 0, "irr/target loads");
	ok(target == 0.9, "the shipped target is 0.90");
}

static const char *
type_of(const struct irr_types *t, const char *json, const char **error)
{
	jv record = jv_parse(json);
	const char *field, *type = irr_review_type(t, record, &field, error);

	jv_free(record);
	return type;
}

static void
test_review_types(void)
{
	struct datafile_error e;
	struct irr_types *t = irr_types_load(&e);
	const char *error;

	ok(t != NULL, "irr/review-types loads");
	if (t == NULL)
		return;
	is_str(type_of(t, "{\"review_type\":\"ltc\",\"setting\":\"inpatient\"}",
	    &error), "ltc", "review_type wins");
	is_str(type_of(t, "{\"review_type\":\"dme\"}", &error), NULL,
	    "an unknown review_type is another type");
	is_str(type_of(t, "{\"reviewer\":{\"role\":\"cmo\"},"
	    "\"setting\":\"inpatient\"}", &error), "physician",
	    "a physician designee reviews physician cases");
	is_str(type_of(t, "{\"decision\":{\"by\":{\"role\":"
	    "\"pharmacy_technician\"}}}", &error), "pharmacy",
	    "decision.by.role when reviewer.role is absent");
	is_str(type_of(t, "{\"reviewer\":{\"role\":\"nurse_coordinator\"},"
	    "\"decision\":{\"by\":{\"role\":\"cmo\"}},\"setting\":\"ltc\"}",
	    &error), "ltc", "reviewer.role, when present, is the role");
	is_str(type_of(t, "{\"validation\":{\"route\":\"sud_residential\"},"
	    "\"setting\":\"inpatient\"}", &error), "sud_residential",
	    "the route before the setting");
	is_str(type_of(t, "{\"validation\":{\"route\":\"pharmacy\"},"
	    "\"setting\":\"outpatient\"}", &error), "outpatient",
	    "a route that is not a type falls through to the setting");
	is_str(type_of(t, "{\"setting\":\"home\",\"category\":"
	    "\"sud_residential\"}", &error), "sud_residential",
	    "the category last");
	is_str(type_of(t, "{\"setting\":\"home\"}", &error), NULL,
	    "home is of no audited type");
	ok(error == NULL, "... and that is no error");
	is_str(type_of(t, "{\"setting\":3}", &error), NULL,
	    "a setting that is not a string");
	is_str(error, "not a string", "... is an error");
	irr_types_free(t);
}

static void
test_roster(void)
{
	struct irr_roster *s = irr_roster_new(3);
	struct irr_reviewer *r;
	char id[16];

	r = irr_roster_reviewer(s, "b", 1);
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "c%d", i);
		/* Keys 90, 80, ... 0: the smallest come last. */
		irr_roster_offer(s, r, (uint64_t)(90 - 10 * i), id,
		    strlen(id), id, strlen(id));
		r->caseload++;
	}
	/* A tie on key 10 with c8: "c10" < "c8" bytewise. */
	irr_roster_offer(s, r, 10, "c10", 3, "c10", 3);
	r = irr_roster_reviewer(s, "a", 1);
	irr_roster_offer(s, r, 5, "x", 1, "{}", 2);
	ok(irr_roster_reviewer(s, "b", 1) != irr_roster_reviewer(s, "a", 1),
	    "two reviewers");
	is_int(s->n, 2, "found again, not added");
	irr_roster_sort(s);
	is_str(s->reviewers[0].id, "a", "sorted by id");
	r = &s->reviewers[1];
	is_int(r->n, 3, "the heap keeps the cap");
	is_str(r->heap[0].id, "c9", "smallest key first");
	is_str(r->heap[1].id, "c10", "a tie goes to the smaller id");
	is_str(r->heap[2].id, "c8", "then the larger");
	ok(irr_reviewer_complete(r, 3), "an unbounded heap is complete");
	irr_reviewer_bound(r, 10, "c10", 3);
	ok(irr_reviewer_complete(r, 2), "bounded at the 2nd: 2 are certain");
	ok(!irr_reviewer_complete(r, 3), "but not 3");
	irr_roster_free(s);
}

static void
test_scores(void)
{
	struct irr_tally t = {0};
	struct irr_score sc;
	double lo, hi;

	/* 19 of 20: kappa 39/44, AC1 409/449 (see t/irr-score.bats). */
	for (int i = 0; i < 13; i++)
		irr_tally_add(&t, 0, 0);
	irr_tally_add(&t, 0, 1);
	for (int i = 0; i < 6; i++)
		irr_tally_add(&t, 1, 1);
	irr_score_of(&t, &sc);
	ok(sc.agreement == 0.95, "agreement 19/20");
	ok(sc.has_kappa && fabs(sc.kappa - 39.0 / 44) < 1e-15, "kappa 39/44");
	ok(sc.has_ac1 && fabs(sc.ac1 - 409.0 / 449) < 1e-15, "AC1 409/449");
	ok(fabs(sc.ci_low - 0.7638688045357189) < 1e-15 &&
	    fabs(sc.ci_high - 0.9911185512976646) < 1e-15, "Wilson 19/20");

	memset(&t, 0, sizeof(t));
	for (int i = 0; i < 4; i++)
		irr_tally_add(&t, 0, 0);
	irr_score_of(&t, &sc);
	ok(!sc.has_kappa && !sc.has_ac1, "one outcome: kappa, AC1 null");
	ok(sc.ci_high == 1, "all agree: the interval ends at 1");

	memset(&t, 0, sizeof(t));
	irr_score_of(&t, &sc);
	ok(!sc.has_agreement, "no case: no agreement");

	irr_wilson(5, 10, IRR_Z95, &lo, &hi);
	ok(fabs(lo + hi - 1) < 1e-15, "at p = 0.5 the interval is symmetric");
	irr_wilson(0, 3, IRR_Z95, &lo, &hi);
	ok(lo == 0, "none agree: the interval starts at 0");
	is_int(irr_outcome("modify"), 2, "modify is an outcome");
	is_int(irr_outcome("Modify"), -1, "Modify is not");
}

int
main(void)
{
	test_keys();
	test_quota();
	test_data_files();
	test_review_types();
	test_roster();
	test_scores();
	return done_testing();
}
