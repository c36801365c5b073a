/* tar-validate -- is each treatment authorization request complete and in order */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "diag.h"
#include "json.h"
#include "record.h"
#include "tar.h"

static const char help_usage[] =
"usage: tar-validate [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ]\n"
"                    [--rejects FILE] [--unbuffered] [--as-of DATETIME]\n"
"                    [--tz ZONE] [--calendar NAME|FILE]\n"
"                    [--only valid|invalid] [--policy DIR] [FILE ...]\n"
"\n"
"Adds \"validation\": whether each treatment authorization request is\n"
"complete and in order, with every error and warning in plain words,\n"
"whether it needs authorization, and its work queue (route).\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] =
"      --as-of DATETIME   accepted for symmetry; no check depends on now\n"
"      --tz ZONE          the plan's time zone (America/Los_Angeles)\n"
"      --calendar NAME    holiday calendar for business days: plan\n"
"                         (default), us-federal, ca-state, or a file\n"
"      --only WHICH       write only the valid or only the invalid records\n"
"      --policy DIR       read the rule book and its lists from DIR\n"
"                         instead of share/umkit/tar\n";

static const char help_status[] =
"Exit status: 0 all records processed (valid or not), 1 a line rejected\n"
"or a record error, 2 usage, file or write error.  See tar-validate(1).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

enum { OPT_ONLY = CLI_COMMAND_OPTION, OPT_POLICY };

static const struct option longopts[] = {
	{"only",	required_argument,	NULL,	OPT_ONLY},
	{"policy",	required_argument,	NULL,	OPT_POLICY},
	{NULL,		0,			NULL,	0}
};

static const struct record_column_type schema[] = {
	{"requested_los", RECORD_INTEGER},
	{"extensions",	RECORD_INTEGER},
	{"services.units", RECORD_INTEGER},
	{NULL,		RECORD_STRING}
};

enum only { ONLY_ALL, ONLY_VALID, ONLY_INVALID };

struct options {
	struct cli	 cli;
	enum only	 only;
	const char	*policy_dir;
};

int
main(int argc, char *argv[])
{
	struct options opts = {0};
	struct datafile_error error;
	struct calendar *calendar;
	struct tar_policy *policy;
	struct record_io *io;
	const char *map_error;
	jv record, validation;
	int ch, status;

	diag_init(argv[0]);
	opts.cli.help = &help;
	opts.cli.has_calendar = true;
	opts.cli.record.schema = schema;
	while ((ch = cli_getopt(&opts.cli, argc, argv, "", longopts)) != -1) {
		switch (ch) {
		case OPT_ONLY:
			if (strcmp(optarg, "valid") == 0)
				opts.only = ONLY_VALID;
			else if (strcmp(optarg, "invalid") == 0)
				opts.only = ONLY_INVALID;
			else
				cli_usage_error(&opts.cli, "--only: valid or "
				    "invalid, not '%s'", optarg);
			break;
		case OPT_POLICY:
			opts.policy_dir = optarg;
			break;
		default:
			cli_help_exit(&opts.cli, EXIT_FATAL);
		}
	}
	cli_finish(&opts.cli);
	if ((calendar = calendar_load(opts.cli.calendar, &error)) == NULL)
		cli_load_error(&error);
	if ((policy = tar_policy_load(opts.policy_dir, &error)) == NULL)
		cli_load_error(&error);

	opts.cli.record.fields = tar_fields();
	opts.cli.record.result_key = "validation";
	io = record_open(&opts.cli.record, argv + optind, argc - optind);
	while (record_next(io, &record, &map_error)) {
		bool valid = false;

		if (map_error != NULL)
			validation = JV_OBJECT(jv_string("error"),
			    record_error(io, "--map", map_error));
		else {
			validation = tar_validate(policy, calendar, record);
			valid = jv_get_kind(json_get_key(validation,
			    "valid")) == JV_KIND_TRUE;
		}
		/* A record in error is neither valid nor invalid: keep it. */
		if ((opts.only == ONLY_VALID && !valid && map_error == NULL) ||
		    (opts.only == ONLY_INVALID && valid)) {
			jv_free(record);
			jv_free(validation);
		} else
			record_write_result(io, record, validation);
	}
	status = record_close(io);
	tar_policy_free(policy);
	calendar_free(calendar);
	cli_free(&opts.cli);
	return status;
}
