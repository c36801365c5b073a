/* due-date -- add decision and notice deadlines to each record */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "due.h"
#include "record.h"

static const char help_usage[] =
"usage: due-date [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]\n"
"                [--unbuffered] [--as-of DATETIME] [--tz ZONE]\n"
"                [--calendar NAME|FILE] [--rules NAME|FILE] [--explain]\n"
"                [FILE ...]\n"
"\n"
"Adds \"due\": the decision and notice deadlines of each request, and\n"
"whether each was met, from the plan's timeliness rule table.\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] =
"      --as-of DATETIME   the \"now\" for open and overdue (default: now)\n"
"      --tz ZONE          the plan's time zone (America/Los_Angeles)\n"
"      --calendar NAME    holiday calendar: plan (default), us-federal,\n"
"                         ca-state, or a file\n"
"      --rules NAME       rule set for every record: um-medi-cal, ccm, or a\n"
"                         file (default: by line_of_business)\n"
"      --explain          add due.explain, one sentence per deadline\n";

static const char help_status[] =
"Exit status: 0 all records processed, 1 a line rejected or a record\n"
"error, 2 usage, file or write error.  See due-date(1).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

enum { OPT_EXPLAIN = CLI_COMMAND_OPTION, OPT_RULES };

static const struct option longopts[] = {
	{"explain",	no_argument,		NULL,	OPT_EXPLAIN},
	{"rules",	required_argument,	NULL,	OPT_RULES},
	{NULL,		0,			NULL,	0}
};

/* CSV cells that are not text in the record schema. */
static const struct record_column_type schema[] = {
	{"extensions",	RECORD_INTEGER},
	{"requested_los", RECORD_INTEGER},
	{NULL,		RECORD_STRING}
};

struct options {
	struct cli	 cli;
};

int
main(int argc, char *argv[])
{
	struct options opts = {0};
	struct due_options due_opts = {0};
	struct datafile_error error;
	struct due *rules;
	struct record_io *io;
	const char *map_error, *field, *message;
	jv record, due;
	int ch, status;

	diag_init(argv[0]);
	opts.cli.help = &help;
	opts.cli.has_calendar = true;
	opts.cli.record.schema = schema;
	while ((ch = cli_getopt(&opts.cli, argc, argv, "", longopts)) != -1) {
		switch (ch) {
		case OPT_EXPLAIN:
			due_opts.explain = true;
			break;
		case OPT_RULES:
			due_opts.rules_name = optarg;
			break;
		default:
			cli_help_exit(&opts.cli, EXIT_FATAL);
		}
	}
	cli_finish(&opts.cli);
	due_opts.calendar = opts.cli.calendar;
	due_opts.as_of = opts.cli.as_of;
	if ((rules = due_load(&due_opts, &error)) == NULL)
		cli_load_error(&error);
	opts.cli.record.fields = due_fields(rules);
	opts.cli.record.result_key = "due";

	io = record_open(&opts.cli.record, argv + optind, argc - optind);
	while (record_next(io, &record, &map_error)) {
		if (map_error != NULL)
			due = JV_OBJECT(jv_string("error"),
			    record_error(io, "--map", map_error));
		else if (!jv_is_valid(due = due_compute(rules, record, &field,
		    &message)))
			due = JV_OBJECT(jv_string("error"),
			    record_error(io, field, message));
		record_write_result(io, record, due);
	}
	status = record_close(io);
	due_free(rules);
	cli_free(&opts.cli);
	return status;
}
