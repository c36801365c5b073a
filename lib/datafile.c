/* datafile -- finding and reading the line-based data files in share/umkit */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datafile.h"

#ifndef SHAREDIR
#define SHAREDIR "/usr/local/share/umkit"
#endif

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * An uninstalled build runs as BUILD/bin/CMD and finds BUILD/share/umkit;
 * an installed one finds SHAREDIR.  The result is computed once per call
 * site's need; it is cheap and only used at start-up.
 */
const char *
datafile_share_dir(void)
{
	static char found[PATH_MAX];
	const char *env = getenv("UMKIT_SHARE");
	char exe[PATH_MAX - 16];
	ssize_t n;
	char *slash = NULL;

	if (env != NULL && *env != '\0')
		return env;
	if (found[0] != '\0')
		return found;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	/* BUILD/bin/CMD, or BUILD/OBJDIR/bin/CMD for the sanitizer build. */
	for (int up = 0; n > 0 && up < 2; up++) {
		exe[n] = '\0';
		for (int i = 0; i < 2 + up; i++) {
			if ((slash = strrchr(exe, '/')) == NULL)
				break;
			*slash = '\0';
		}
		if (slash == NULL)
			break;
		snprintf(found, sizeof(found), "%s/share/umkit", exe);
		if (is_dir(found) && strcmp(found, SHAREDIR) != 0)
			return found;
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	}
	snprintf(found, sizeof(found), "%s", SHAREDIR);
	return found;
}

char *
datafile_resolve(const char *subdir, const char *name, const char *ext)
{
	char *path;
	size_t n;

	size_t nlen = strlen(name), elen = strlen(ext);

	/*
	 * A path has a '/' or, when it exists, the file type's extension:
	 * a stray file named "plan" in the current directory must not stand
	 * in for the shipped calendar.
	 */
	if (strchr(name, '/') != NULL || (elen > 0 && nlen > elen &&
	    strcmp(name + nlen - elen, ext) == 0 && access(name, F_OK) == 0))
		return strdup(name);
	n = strlen(datafile_share_dir()) + strlen(subdir) + strlen(name) +
	    strlen(ext) + 3;
	if ((path = malloc(n)) != NULL)
		snprintf(path, n, "%s/%s/%s%s", datafile_share_dir(), subdir,
		    name, ext);
	return path;
}

int
datafile_open(struct datafile *df, const char *path,
    struct datafile_error *error)
{
	memset(df, 0, sizeof(*df));
	df->error = error;
	snprintf(df->path, sizeof(df->path), "%s", path);
	if (is_dir(path)) {
		errno = EISDIR;
		df->fp = NULL;
	} else
		df->fp = fopen(path, "r");
	if (df->fp == NULL) {
		snprintf(error->file, sizeof(error->file), "%s", path);
		error->line = 0;
		snprintf(error->message, sizeof(error->message), "%s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
datafile_open_named(struct datafile *df, const char *subdir,
    const char *name, const char *ext, struct datafile_error *error)
{
	char *path = datafile_resolve(subdir, name, ext);
	int rc;

	if (path == NULL) {
		snprintf(error->file, sizeof(error->file), "%s", name);
		error->line = 0;
		snprintf(error->message, sizeof(error->message),
		    "out of memory");
		return -1;
	}
	rc = datafile_open(df, path, error);
	free(path);
	return rc;
}

int
datafile_fail(struct datafile *df, const char *fmt, ...)
{
	va_list ap;

	snprintf(df->error->file, sizeof(df->error->file), "%s", df->path);
	df->error->line = df->line;
	va_start(ap, fmt);
	vsnprintf(df->error->message, sizeof(df->error->message), fmt, ap);
	va_end(ap);
	return -1;
}

/* Splits buf in place; returns the number of tokens or -1. */
static int
tokenize(struct datafile *df, char *p)
{
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n == DATAFILE_MAX_TOKENS)
			return datafile_fail(df, "too many words on a line");
		if (*p == '"') {
			char *out = ++p;

			df->tokens[n++] = out;
			while (*p != '"') {
				if (*p == '\0' || *p == '\n' || *p == '\r')
					return datafile_fail(df,
					    "a quoted text is not closed");
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p++;
			}
			p++;
			*out = '\0';
			if (*p != '\0' && *p != ' ' && *p != '\t' &&
			    *p != '\r' && *p != '\n')
				return datafile_fail(df,
				    "a quoted text must be followed by a space");
			continue;
		}
		df->tokens[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

int
datafile_next(struct datafile *df)
{
	ssize_t len;
	int n;

	while ((len = getline(&df->buf, &df->cap, df->fp)) != -1) {
		df->line++;
		if (memchr(df->buf, '\0', (size_t)len) != NULL)
			return datafile_fail(df, "a NUL byte in a data file");
		if ((n = tokenize(df, df->buf)) != 0) {
			df->ntokens = n;
			return n;
		}
	}
	if (ferror(df->fp))
		return datafile_fail(df, "%s", strerror(errno));
	df->ntokens = 0;
	return 0;
}

void
datafile_close(struct datafile *df)
{
	if (df->fp != NULL)
		fclose(df->fp);
	free(df->buf);
	df->fp = NULL;
	df->buf = NULL;
}

int
datafile_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
datafile_clock(const char *s, int *seconds)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0';
	int m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*seconds = h * 3600 + m * 60;
	return 0;
}
