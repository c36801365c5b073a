/* rules -- timeliness rule tables: deadlines as data (umkit-rules(5)) */
#ifndef UMKIT_RULES_H
#define UMKIT_RULES_H

#include <stdbool.h>

#include <jv.h>

#include "calendar.h"
#include "datafile.h"
#include "json.h"
#include "timefmt.h"

enum rules_unit { RULES_HOURS, RULES_CALENDAR_DAYS, RULES_BUSINESS_DAYS };

/* What a span counts from. */
enum rules_anchor {
	RULES_RECEIVED_AT,		/* received_at */
	RULES_CLOCK_START,		/* received_at, rolled over if so */
	RULES_DECISION,			/* decision.at, else the deadline */
	RULES_ADMISSION_NOTICE,		/* admission_notified_at */
	RULES_FIELD			/* any datetime field (clock sets) */
};

/* "N UNIT after ANCHOR" */
struct rules_span {
	int		 amount;
	enum rules_unit	 unit;
	enum rules_anchor anchor;
	char		*field;		/* RULES_FIELD: its dotted path */
};

#define RULES_MAX_EXTENSIONS	4

/* One row of the timeliness table. */
struct rules_type {
	char		*name;
	bool		 next_opening;	/* after hours waits for opening */
	struct rules_span decision, practitioner, member, review;
	bool		 has_review;
	bool		 practitioner_capped;
	struct rules_span practitioner_cap;
	bool		 practitioner_moves;	/* with an extension */
	int		 nextensions;
	struct rules_span extensions[RULES_MAX_EXTENSIONS];
};

/* A named deadline of a clock set (the ccm rule set). */
struct rules_clock {
	char		*name;
	struct rules_span span;
	struct json_path path;		/* the span's field, split once */
};

struct rules {
	char		*name;
	bool		 is_clock_set;	/* "deadline" lines, not "type" */
	int		 open, close;	/* business hours, seconds of day */
	struct rules_type *types;
	int		 ntypes;
	struct rules_clock *clocks;
	int		 nclocks;
	char		*required;	/* clock sets: the field every record needs */
	struct json_path required_path;
};

/* Loads NAME (share/umkit/rules/NAME.rules) or FILE; NULL on error. */
struct rules	*rules_load(const char *name_or_file,
		    struct datafile_error *);
void		 rules_free(struct rules *);
const struct rules_type *rules_find_type(const struct rules *,
		    const char *name);

/*
 * A clock set's deadlines on a record, added to *out in file order as
 * datetimes (or dates, with dates_only).  A deadline whose field is
 * absent is left out.  Returns NULL, or a message with *field set when
 * the required field is missing or a field is not a datetime.
 */
const char	*rules_clocks(const struct rules *, const struct calendar *,
		    jv record, bool dates_only, jv *out, const char **field);

/* The line-of-business map: which rule set serves each line. */
struct rules_map;
struct rules_map *rules_map_load(const char *name_or_file,
		    struct datafile_error *);
void		 rules_map_free(struct rules_map *);
const char	*rules_map_default(const struct rules_map *);
/* The rule set's name for a line of business, or NULL. */
const char	*rules_map_find(const struct rules_map *, const char *line);
int		 rules_map_count(const struct rules_map *);
const char	*rules_map_rules(const struct rules_map *, int i);

/*
 * The end of a span from an instant (SPEC section 2): N hours is N*3600
 * seconds; N calendar or business days end at 23:59:59 local on the day.
 */
timefmt_instant	 rules_span_end(const struct rules_span *,
		    const struct calendar *, timefmt_instant from);
const char	*rules_unit_name(enum rules_unit, int amount);

#endif
