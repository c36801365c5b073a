/* peakrss -- run a command, then report its wall time and peak memory */

/*
 * usage: peakrss CMD [ARG ...]
 *
 * Runs CMD with the standard streams it was given and, when it ends, prints
 * one line to standard error:
 *
 *	peakrss: SECONDS_WALL MAXRSS_KB SECONDS_CPU
 *
 * SECONDS_CPU, user plus system time, comes last so that readers of the
 * first two fields need not know of it; on a busy machine it moves much
 * less than the wall time.
 * then exits with CMD's status (128 + the signal when a signal ended it, 127
 * when it could not be run).  The peak resident set size comes from
 * wait4(2), so make bench needs neither GNU time nor /proc.
 */

#define _GNU_SOURCE		/* wait4 */

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double	 now(void);
static double	 seconds(const struct timeval *);

/* Seconds on the monotonic clock, which no clock adjustment moves. */
static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct rusage	 ru;
	double		 start;
	pid_t		 pid;
	int		 status;

	if (argc < 2) {
		fputs("usage: peakrss CMD [ARG ...]\n", stderr);
		return 2;
	}
	start = now();
	if ((pid = fork()) == -1) {
		fprintf(stderr, "peakrss: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "peakrss: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	/* A ^C reaches the child as well; wait for it to report on it. */
	signal(SIGINT, SIG_IGN);
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR) {
			fprintf(stderr, "peakrss: wait4: %s\n",
			    strerror(errno));
			return 2;
		}
	/* ru_maxrss is in kilobytes on Linux. */
	fprintf(stderr, "peakrss: %.3f %ld %.3f\n", now() - start, ru.ru_maxrss,
	    seconds(&ru.ru_utime) + seconds(&ru.ru_stime));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
