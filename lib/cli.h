/* cli -- the options every command shares, parsed in one place */
#ifndef UMKIT_CLI_H
#define UMKIT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "datafile.h"
#include "record.h"
#include "timefmt.h"

/* Long-only options of a command take values from here up. */
#define CLI_COMMAND_OPTION	0x400

/* --help: the usage, every command's options and the command's, status. */
struct cli_help {
	const char	*usage;		/* and what the command does */
	const char	*options;	/* its own options, a line each */
	const char	*status;	/* what its exit statuses mean */
};

struct cli {
	/* Set by the command before parsing. */
	const struct cli_help *help;
	bool		 has_calendar;	/* takes --calendar */

	/* The shared options, after cli_getopt and cli_finish. */
	struct record_options record;
	const char	*as_of_text;
	timefmt_instant	 as_of;
	const char	*tz;
	const char	*calendar;

	struct option	*longopts;	/* the merged table */
	char		*shortopts;
};

/*
 * getopt_long over the shared options and the command's own: handles the
 * shared ones (-h prints help and exits 0, --version, a bad option prints
 * the usage to standard error and exits 2) and returns the command's.
 */
int	 cli_getopt(struct cli *, int argc, char *const argv[],
	    const char *shortopts, const struct option *longopts);

/*
 * Prints the help and exits: with 0 (--help) to standard output on a
 * terminal, else to standard error; with another status to standard error.
 */
void	 cli_help_exit(const struct cli *, int status)
	    __attribute__((noreturn));

/* Sets the time zone and reads --as-of; a bad value exits 2. */
void	 cli_finish(struct cli *);
void	 cli_usage_error(const struct cli *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	 cli_free(struct cli *);
/* A data file that cannot be read or is malformed: "FILE:LINE: why", exit 2. */
void	 cli_load_error(const struct datafile_error *)
	    __attribute__((noreturn));

/* Range-checked integer from the command line; exits 2 when not. */
long	 cli_number(const char *option, const char *text, long min, long max);

#endif
