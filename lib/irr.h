/* irr -- inter-rater reliability: sampling keys, bounded selection, scores */
#ifndef UMKIT_IRR_H
#define UMKIT_IRR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "datafile.h"

/* Sixteen lower-case hex digits and a NUL. */
#define IRR_KEY_HEX_SIZE	17

/* z of a two-sided 95% interval. */
#define IRR_Z95			1.959964

/*
 * The sampling key of a case (SPEC section 7): FNV-1a 64-bit over the
 * seed's bytes, one 0x1F byte and the case id's bytes, then the SplitMix64
 * finalizer.  An auditor recomputes it in a few lines of any language.
 */
uint64_t	 irr_key(const char *seed, size_t seedlen, const char *id,
		    size_t idlen);
void		 irr_key_format(uint64_t, char[IRR_KEY_HEX_SIZE]);
/* Sixteen hex digits to a key; -1 when the text is not that. */
int		 irr_key_parse(const char *, uint64_t *);

/*
 * The identity of a case id in the set of cases seen: the same
 * construction as the key without a seed, so it does not depend on --seed.
 */
uint64_t	 irr_case_hash(const char *id, size_t idlen);

/* share/umkit/irr/quota: the most cases and the share of a caseload. */
struct irr_quota {
	long	 cap;		/* at most this many cases per reviewer */
	long	 percent_e4;	/* percent of the caseload, times 10000 */
};

int		 irr_quota_load(struct irr_quota *, struct datafile_error *);
/* min(cap, ceil(percent of caseload)). */
long		 irr_quota_of(const struct irr_quota *, long caseload);

/* share/umkit/irr/target: the agreement a reviewer must reach. */
int		 irr_target_load(double *, struct datafile_error *);

/*
 * share/umkit/irr/review-types: the audited review types and the
 * derivation of a record's type when it has no review_type.
 */
struct irr_types;

struct irr_types *irr_types_load(struct datafile_error *);
/*
 * The review type of a record: review_type when present, else the first
 * derivation rule that applies.  NULL with *error NULL when the record is
 * of no audited type; NULL with *error set (and *field the path) when a
 * field it needs is not a string.
 */
const char	*irr_review_type(const struct irr_types *, jv record,
		    const char **field, const char **error);
/* Adds the fields the derivation reads, as record_fields_add() does. */
int		 irr_types_fields(const struct irr_types *, char ***fields,
		    int *n);
void		 irr_types_free(struct irr_types *);

/* The outcomes of a decision (SPEC section 3), in a fixed order. */
#define IRR_OUTCOMES	4
/* The index of an outcome, or -1. */
int		 irr_outcome(const char *);

/* Counts of one reviewer's audited cases (or of all). */
struct irr_tally {
	long	 cases, agree;
	long	 decision[IRR_OUTCOMES], audit[IRR_OUTCOMES];
};

/* One candidate case of a reviewer, with its record as compact JSON. */
struct irr_case {
	uint64_t	 key;
	char		*id;
	size_t		 idlen;
	char		*text;
	size_t		 textlen;
};

/*
 * A reviewer: for irr-sample the caseload and a max-heap of at most cap
 * candidates, the ones with the smallest (key, case id); for irr-score
 * the tally.  When a merge took candidates from a state that had to drop
 * some, the ones above the bound may be missing.
 */
struct irr_reviewer {
	char		*id;
	size_t		 idlen;
	long		 caseload;
	struct irr_case	*heap;
	int		 n;
	bool		 bounded;
	struct irr_case	 bound;		/* key and id only */
	struct irr_tally tally;
};

/* The reviewers seen, found by id. */
struct irr_roster {
	long		 cap;		/* of each heap; 0 for none */
	struct irr_reviewer *reviewers;
	size_t		 n, alloc;
	size_t		*index;		/* hash table of reviewer indexes + 1 */
	size_t		 index_cap;
};

struct irr_roster *irr_roster_new(long cap);
/*
 * The reviewer of an id, added when new; NULL when out of memory.  The
 * pointer is valid until the next call.
 */
struct irr_reviewer *irr_roster_reviewer(struct irr_roster *,
		    const char *id, size_t idlen);
/* Whether a case with this key and id would be kept now. */
bool		 irr_roster_wants(const struct irr_roster *,
		    const struct irr_reviewer *, uint64_t key, const char *id,
		    size_t idlen);
/*
 * Offers a case (the strings are copied); a case that is not among the
 * cap smallest is not kept.  Returns -1 when out of memory.
 */
int		 irr_roster_offer(struct irr_roster *, struct irr_reviewer *,
		    uint64_t key, const char *id, size_t idlen,
		    const char *text, size_t textlen);
/* Notes that cases above (key, id) may be missing from a merge. */
int		 irr_reviewer_bound(struct irr_reviewer *, uint64_t key,
		    const char *id, size_t idlen);
/*
 * Sorts the reviewers by id, bytewise, and each heap by (key, id),
 * smallest first.  No reviewer is added after this.
 */
void		 irr_roster_sort(struct irr_roster *);
/* After the sort: whether the first quota candidates are certain. */
bool		 irr_reviewer_complete(const struct irr_reviewer *, long quota);
void		 irr_roster_free(struct irr_roster *);

struct irr_score {
	bool	 has_agreement;	/* false when there is no case */
	double	 agreement, ci_low, ci_high;
	bool	 has_kappa, has_ac1;
	double	 kappa, ac1;
};

void		 irr_tally_add(struct irr_tally *, int decision, int audit);
/* Agreement, its Wilson interval, Cohen's kappa and Gwet's AC1. */
void		 irr_score_of(const struct irr_tally *, struct irr_score *);
void		 irr_wilson(long agree, long cases, double z, double *low,
		    double *high);

#endif
