/* tap.h -- a tiny header-only TAP producer for the C unit tests */
#ifndef UMKIT_TAP_H
#define UMKIT_TAP_H

/*
 * Each check prints "ok N - name" or "not ok N - name", a failure
 * followed by "#" lines with where it was and what was got and wanted.
 * There is no plan up front: done_testing() prints "1..N" at the end
 * and gives main() its exit status, 1 when any check failed.
 *
 *	ok(cond, fmt, ...)		a condition
 *	is_int(got, want, fmt, ...)	two integers
 *	is_str(got, want, fmt, ...)	two strings (either may be NULL)
 *	diag(fmt, ...)			a "#" comment line
 *	return done_testing();
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ok(cond, ...) \
	tap_result((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, \
	    __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define diag(...)		tap_diag(__VA_ARGS__)
#define done_testing()		tap_done()

static int tap_count, tap_failed;

static inline void tap_diag(const char *, ...)
    __attribute__((format(printf, 1, 2)));
static inline int tap_result(int, const char *, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));
static inline int tap_is_int(long long, long long, const char *, int,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static inline int tap_is_str(const char *, const char *, const char *, int,
    const char *, ...) __attribute__((format(printf, 5, 6)));

static inline void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Prints one result line; returns pass so a caller can add diagnostics. */
static inline int
tap_vresult(int pass, const char *file, int line, const char *fmt,
    va_list ap)
{
	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   Failed test at %s line %d.\n", file, line);
	}
	fflush(stdout);
	return pass;
}

static inline int
tap_result(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = tap_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static inline int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_vresult(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#          got: %lld\n", got);
		printf("#     expected: %lld\n", want);
	}
	return pass;
}

static inline int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass;

	if (got == NULL || want == NULL)
		pass = got == want;
	else
		pass = strcmp(got, want) == 0;
	va_start(ap, fmt);
	pass = tap_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		if (got != NULL)
			printf("#          got: '%s'\n", got);
		else
			printf("#          got: NULL\n");
		if (want != NULL)
			printf("#     expected: '%s'\n", want);
		else
			printf("#     expected: NULL\n");
	}
	return pass;
}

/*
 * Writes text to a new file made by mkstemp(3) under /tmp and returns its
 * path (malloc'd); a test that cannot make one stops with status 2.
 */
static inline char *
tap_write_temp(const char *text)
{
	char *path = strdup("/tmp/umkit-test-XXXXXX");
	int fd;
	FILE *fp;

	if (path == NULL || (fd = mkstemp(path)) < 0 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		exit(2);
	}
	fputs(text, fp);
	if (fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* Prints the plan; the exit status for main(): 0, or 1 after a failure. */
static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failed > 0)
		printf("# Looks like you failed %d test%s of %d.\n",
		    tap_failed, tap_failed == 1 ? "" : "s", tap_count);
	fflush(stdout);
	return tap_failed > 0 ? 1 : 0;
}

#endif
