/* faultwrite.so: an LD_PRELOAD shim that makes one write to one file fail,
   so the install tests can prove that ckboot-install rolls back, and
   can keep a file's fstat() as it was.

   FAULT_PATH	the file or device whose writes are counted (as given
		to ckboot-install; compared after realpath)
   FAULT_NTH	which write to that file fails, from 1; "N+" makes
		that one and every later one fail (a dead disk)
   FAULT_ERRNO	EIO (default) or ENOSPC
   FAULT_SIGNAL	instead of failing, the Nth write succeeds and then the
		process sends itself this signal (TERM, INT, HUP, PIPE,
		STOP or a number), as a kill(1) arriving mid-install
		would; "N+" counts as "N" here
   FAULT_CORRUPT	instead of failing, the Nth write reports success
		but puts its last byte down inverted, as a disk that
		loses a bit would; "N+" counts as "N" here
   FAULT_SAME_STAT	a file (compared as FAULT_PATH is) whose every
		fstat reports what the first one did, as on a file system
		whose clock has not ticked since: an edit of the file
		meanwhile (the process stopped with FAULT_SIGNAL=STOP)
		then leaves its size and times as they were
   FAULT_NO_LOCKS	a file (compared as FAULT_PATH is) on which flock()
		fails with ENOLCK, as on NFS without a lock daemon
   FAULT_LOCK_NEEDS_WRITE  a file on which flock(LOCK_EX) fails with
		EBADF through a descriptor not open for writing, as on
		NFSv4

   write, pwrite and pwrite64 are counted; every other write goes
   through.  With "N" only the Nth fails, so the rollback's own writes
   succeed; with "N+" the rollback fails too.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long count;

/* Is FD the file PATH (NULL: none)?  WANT, of PATH_MAX bytes, keeps
   PATH made absolute.  */
static int is_file(int fd, const char *path, char *want)
{
	char link[64], got[PATH_MAX];
	ssize_t n;

	if (!path)
		return 0;
	if (!want[0] && !realpath(path, want))
		snprintf(want, PATH_MAX, "%s", path);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, got, sizeof got - 1);
	if (n < 0)
		return 0;
	got[n] = '\0';
	return strcmp(got, want) == 0;
}

/* Is FD the file under test?  */
static int targeted(int fd)
{
	static char want[PATH_MAX];

	return is_file(fd, getenv("FAULT_PATH"), want);
}

static int signal_number(const char *s)
{
	static const struct {
		const char *name;
		int sig;
	} names[] = {{"TERM", SIGTERM},
		     {"INT", SIGINT},
		     {"HUP", SIGHUP},
		     {"PIPE", SIGPIPE},
		     {"STOP", SIGSTOP}};

	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].sig;
	return atoi(s);
}

/* Should this write fail?  Sets errno and returns 1 if so.  With
   FAULT_SIGNAL, returns 2 instead: do the write, then raise the
   signal; with FAULT_CORRUPT, 3: write a damaged copy.  */
static int fault(int fd)
{
	const char *nth = getenv("FAULT_NTH"), *e = getenv("FAULT_ERRNO");
	const char *sig = getenv("FAULT_SIGNAL");
	const char *corrupt = getenv("FAULT_CORRUPT");

	if (!nth || !targeted(fd))
		return 0;
	count++;
	if (sig && *sig)
		return count == atol(nth) ? 2 : 0;
	if (corrupt && *corrupt)
		return count == atol(nth) ? 3 : 0;
	if (strchr(nth, '+') ? count < atol(nth) : count != atol(nth))
		return 0;
	errno = e && strcmp(e, "ENOSPC") == 0 ? ENOSPC : EIO;
	return 1;
}

/* The write is done: now the signal, to the process as kill(1) sends
   it, not to the thread.  */
static ssize_t then_signal(ssize_t ret)
{
	int e = errno;

	kill(getpid(), signal_number(getenv("FAULT_SIGNAL")));
	errno = e;
	return ret;
}

/* BUF's LEN bytes with the last one inverted, in memory of our own
   (BUF may be a read-only mapping); NULL if there is none.  */
static void *damaged(const void *buf, size_t len)
{
	unsigned char *copy = len ? malloc(len) : NULL;

	if (copy) {
		memcpy(copy, buf, len);
		copy[len - 1] ^= 0xff;
	}
	return copy;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);

/* The write FAULT_CORRUPT asks for: all LEN bytes reported written,
   the last one wrong (at OFF, or at the file offset if OFF is -1).  */
static ssize_t corrupted_write(int fd, const void *buf, size_t len, off_t off)
{
	void *copy = damaged(buf, len);
	ssize_t n;
	int e;

	if (!copy) {
		errno = ENOMEM;
		return -1;
	}
	if (off < 0)
		n = ((write_fn)dlsym(RTLD_NEXT, "write"))(fd, copy, len);
	else
		n = ((pwrite_fn)dlsym(RTLD_NEXT, "pwrite"))(fd, copy, len, off);
	e = errno;
	free(copy);
	errno = e;
	return n;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	static write_fn real;

	if (!real)
		real = (write_fn)dlsym(RTLD_NEXT, "write");
	switch (fault(fd)) {
	case 1:
		return -1;
	case 2:
		return then_signal(real(fd, buf, len));
	case 3:
		return corrupted_write(fd, buf, len, -1);
	default:
		return real(fd, buf, len);
	}
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	static pwrite_fn real;

	if (!real)
		real = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
	switch (fault(fd)) {
	case 1:
		return -1;
	case 2:
		return then_signal(real(fd, buf, len, off));
	case 3:
		return corrupted_write(fd, buf, len, off);
	default:
		return real(fd, buf, len, off);
	}
}

/* On an LP64 system pwrite64 is pwrite by another name.  */
_Static_assert(sizeof(off64_t) == sizeof(off_t), "64-bit off_t");

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	return pwrite(fd, buf, len, off);
}

/* FAULT_SAME_STAT's file as its first fstat found it.  fstatat() is
   the real fstat(), whether or not the C library has one by that
   name.  */
int fstat(int fd, struct stat *st)
{
	static char want[PATH_MAX];
	static struct stat first;
	static int have_first;
	int r;

	if (have_first && is_file(fd, getenv("FAULT_SAME_STAT"), want)) {
		*st = first;
		return 0;
	}
	r = fstatat(fd, "", st, AT_EMPTY_PATH);
	if (r == 0 && is_file(fd, getenv("FAULT_SAME_STAT"), want)) {
		first = *st;
		have_first = 1;
	}
	return r;
}

_Static_assert(sizeof(struct stat64) == sizeof(struct stat),
	       "64-bit struct stat");

int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

int flock(int fd, int op)
{
	static char want[PATH_MAX], want_w[PATH_MAX];
	static int (*real)(int, int);

	if (is_file(fd, getenv("FAULT_NO_LOCKS"), want)) {
		errno = ENOLCK;
		return -1;
	}
	if ((op & LOCK_EX) && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY &&
	    is_file(fd, getenv("FAULT_LOCK_NEEDS_WRITE"), want_w)) {
		errno = EBADF;
		return -1;
	}
	if (!real)
		real = (int (*)(int, int))dlsym(RTLD_NEXT, "flock");
	return real(fd, op);
}
