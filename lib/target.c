/* The install target: an image file or a whole disk.  ckb_plan_make()
   probes it read-only through target_probe() and target_check_busy();
   only ckb_plan_execute() calls target_open_write().

   From the probe on, the target is held under an exclusive flock(), the
   lock util-linux's sfdisk --lock, systemd-repart and another
   ckboot-install take, and which tells udev not to probe the disk while
   it is being written: the plan is made from what is there, and nobody
   who asks for the lock changes it before the install is done.

   A disk is refused when it, or a partition holding a byte ckboot would
   write, is mounted, used as swap or held by another driver (device
   mapper, RAID).  Mounts are matched by device number, never by name:
   /dev/disk/by-id/... and /dev/sda are the same disk.  A mounted
   partition elsewhere on the disk is allowed, as grub-install allows it,
   since the boot code and the gap lie outside every partition; the disk
   is then opened without O_EXCL, which such a mount would make fail.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/loop.h>

#include "disk.h"
#include "safe-read.h"

/* How long a lock held by someone else is waited for: udev holds a
   shared one while it probes a disk, for well under a second.  */
#define LOCK_WAIT_MS 5000
#define LOCK_POLL_MS 50
#define LOCK_HELD    (-2) /* target_lock(): someone else has it */

int disk_fail(struct ckb_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

const char *disk_human(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= MIB && bytes % MIB == 0)
		snprintf(buf, len, "%" PRIu64 " MiB", bytes / MIB);
	else if (bytes >= MIB)
		snprintf(buf, len, "%.1f MiB", (double)bytes / MIB);
	else if (bytes % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 " KiB", bytes / 1024);
	else
		snprintf(buf, len, "%.1f KiB", (double)bytes / 1024);
	return buf;
}

int disk_all_zero(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	/* Compare the buffer with itself shifted by one byte: memcmp is
	   much faster than a byte loop on megabyte chunks.  */
	return len == 0 || (p[0] == 0 && memcmp(p, p + 1, len - 1) == 0);
}

/* ---- probing ---- */

/* Read a small sysfs file into BUF; returns 0 or -1.  */
static int sysfs_read(const char *dir, const char *file, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = safe_read(fd, buf, len - 1);
	close(fd);
	if (n == SAFE_READ_ERROR)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static void sysfs_dev_dir(dev_t d, char *buf, size_t len)
{
	snprintf(buf, len, "/sys/dev/block/%u:%u", major(d), minor(d));
}

/* Refuse a partition as target: its first sector is a boot record of
   the partition's file system, not the disk's MBR.  */
static int probe_partition(struct disk_target *t, struct ckb_error *err)
{
	char dir[128], buf[64], real[512];

	sysfs_dev_dir(t->rdev, dir, sizeof dir);
	if (sysfs_read(dir, "partition", buf, sizeof buf) < 0)
		return 0;
	if (!realpath(dir, real))
		snprintf(real, sizeof real, "%s", dir);
	*strrchr(real, '/') = '\0';
	return disk_fail(err,
			 "%s: is partition %s of /dev/%s; ckboot installs on "
			 "a whole disk (its MBR and gap), give /dev/%s",
			 t->path, buf, strrchr(real, '/') + 1,
			 strrchr(real, '/') + 1);
}

static int probe_blk(struct disk_target *t, struct ckb_error *err)
{
	int ssz = 0;
	uint64_t size = 0;

	if (ioctl(t->fd, BLKSSZGET, &ssz) < 0)
		return disk_fail(err, "%s: cannot read the sector size: %s",
				 t->path, strerror(errno));
	if (ssz != SECTOR)
		return disk_fail(
		    err,
		    "%s: logical sectors of %d bytes; ckboot supports "
		    "512-byte sectors only (the BIOS boot path needs "
		    "them)",
		    t->path, ssz);
	if (ioctl(t->fd, BLKGETSIZE64, &size) < 0)
		return disk_fail(err, "%s: cannot read the size: %s", t->path,
				 strerror(errno));
	t->size = size;
	return probe_partition(t, err);
}

/* A new image file: its directory must let us create it, so that the
   refusal comes from ckb_plan_make(), before anything is written.  */
static int probe_new(struct disk_target *t, struct ckb_error *err)
{
	char *dir = strdup(t->path), *slash;
	int ok;

	if (!dir)
		return disk_fail(err, "%s: out of memory", t->path);
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0'; /* "/img" -> "/" */
	ok = access(slash ? dir : ".", W_OK | X_OK) == 0;
	free(dir);
	if (!ok)
		return disk_fail(err, "%s: cannot create: %s", t->path,
				 strerror(errno));
	return 0;
}

/* A file system without locks (NFS without a lock daemon, some FUSE and
   9p mounts): nobody else can lock the image there either, so the
   install goes on without.  */
static int no_locks(int e)
{
	return e == ENOLCK || e == EOPNOTSUPP || e == ENOSYS || e == EINVAL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Take the lock, exclusive or shared (OP, as flock() takes it),
   through LOCK_FD, a descriptor of the target of its own, which
   outlives t->fd (target_open_write() reopens) and is closed by
   target_release().  Returns 0, LOCK_HELD when someone else kept it
   for LOCK_WAIT_MS, or -1 for any other failure.  */
static int target_lock(struct disk_target *t, int lock_fd, int op,
		       struct ckb_error *err)
{
	const struct timespec poll = {0, LOCK_POLL_MS * 1000000L};
	int64_t deadline = now_ms() + LOCK_WAIT_MS;

	t->lock_fd = lock_fd;
	if (t->lock_fd < 0 && errno == ESTALE)
		return disk_fail(err, "%s: replaced while it was examined",
				 t->path);
	if (t->lock_fd < 0)
		return disk_fail(err, "%s: cannot open to lock: %s", t->path,
				 strerror(errno));
	while (flock(t->lock_fd, op | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (no_locks(errno)) {
			close(t->lock_fd);
			t->lock_fd = -1;
			return 0;
		}
		if (errno != EWOULDBLOCK)
			return disk_fail(err, "%s: cannot lock: %s", t->path,
					 strerror(errno));
		if (now_ms() >= deadline) {
			disk_fail(err,
				  "%s: locked by another program (a "
				  "partitioner, another install) for %d s; "
				  "try again when it is done",
				  t->path, LOCK_WAIT_MS / 1000);
			return LOCK_HELD;
		}
		nanosleep(&poll, NULL);
	}
	return 0;
}

/* A descriptor to lock an existing image file through: open for
   writing, since NFSv4 grants an exclusive lock on no other (EBADF),
   and checked to be the file probed.  A disk's is a copy of the probe's
   read-only one: a descriptor opened for writing would, once closed,
   have udev probe the disk again for nothing.  */
static int lock_descriptor(const struct disk_target *t, const struct stat *st)
{
	struct stat now;
	int fd;

	if (!S_ISREG(st->st_mode))
		return fcntl(t->fd, F_DUPFD_CLOEXEC, 0);
	fd = open(t->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &now) < 0 || now.st_dev != st->st_dev ||
			now.st_ino != st->st_ino)) {
		close(fd);
		errno = ESTALE; /* replaced meanwhile */
		return -1;
	}
	return fd;
}

int target_probe(struct disk_target *t, const char *path, struct ckb_error *err)
{
	struct stat st;

	memset(t, 0, sizeof *t);
	t->fd = -1;
	t->lock_fd = -1;
	t->path = strdup(path);
	if (!t->path)
		return disk_fail(err, "%s: out of memory", path);
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return probe_new(t, err);
		return disk_fail(err, "%s: %s", path, strerror(errno));
	}
	t->exists = 1;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return disk_fail(err, "%s: not an image file or a block device",
				 path);
	if (access(path, W_OK) < 0)
		return disk_fail(err, "%s: cannot write: %s", path,
				 strerror(errno));
	t->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (t->fd < 0)
		return disk_fail(err, "%s: %s", path, strerror(errno));
	if (fstat(t->fd, &st) < 0)
		return disk_fail(err, "%s: %s", path, strerror(errno));
	if (target_lock(t, lock_descriptor(t, &st), LOCK_EX, err) < 0)
		return -1;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	if (S_ISREG(st.st_mode)) {
		t->size = st.st_size;
		return 0;
	}
	t->is_blk = 1;
	t->rdev = st.st_rdev;
	return probe_blk(t, err);
}

int target_open_read(struct disk_target *t, const char *path,
		     struct ckb_error *err)
{
	struct stat st;

	memset(t, 0, sizeof *t);
	t->fd = -1;
	t->lock_fd = -1;
	t->path = strdup(path);
	if (!t->path)
		return disk_fail(err, "%s: out of memory", path);
	t->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (t->fd < 0 || fstat(t->fd, &st) < 0)
		return disk_fail(err, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return disk_fail(err, "%s: not an image file or a block device",
				 path);
	t->exists = 1;
	if (target_lock(t, fcntl(t->fd, F_DUPFD_CLOEXEC, 0), LOCK_SH, err) < 0)
		return -1;
	if (S_ISREG(st.st_mode)) {
		t->size = st.st_size;
	} else {
		t->is_blk = 1;
		t->rdev = st.st_rdev;
		if (probe_blk(t, err) < 0)
			return -1;
		/* Read the disk, not what the page cache kept of an
		   install's writes; needs CAP_SYS_ADMIN, as in
		   target_flush().  */
		(void)ioctl(t->fd, BLKFLSBUF, 0);
	}
	(void)posix_fadvise(t->fd, 0, 0, POSIX_FADV_DONTNEED);
	return 0;
}

/* ---- who uses the disk ---- */

/* One device in use and by what ("mounted on /home", "swap").  */
struct busy {
	dev_t dev;
	char what[200];
};

struct busy_list {
	struct busy *b;
	size_t n, cap;
};

static void busy_add(struct busy_list *l, dev_t dev, const char *fmt,
		     const char *arg)
{
	struct busy *nb;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		nb = realloc(l->b, l->cap * sizeof *nb);
		if (!nb)
			return; /* a partial list still refuses most uses */
		l->b = nb;
	}
	l->b[l->n].dev = dev;
	snprintf(l->b[l->n].what, sizeof l->b[l->n].what, fmt, arg);
	l->n++;
}

/* Undo the octal escapes (\040 for a space) of /proc/mounts fields.  */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] &&
		    s[3]) {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

/* /proc/self/mountinfo gives each mount's device number; the source
   name after " - " is checked too, since btrfs reports an anonymous
   device number.  */
static void busy_mounts(struct busy_list *l)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], mnt[1024], src[1024], *sep;
	unsigned maj, min;
	struct stat st;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%*u %*u %u:%u %*s %1023s", &maj, &min, mnt) !=
		    3)
			continue;
		unescape(mnt);
		busy_add(l, makedev(maj, min), "mounted on %s", mnt);
		sep = strstr(line, " - ");
		if (sep && sscanf(sep, " - %*s %1023s", src) == 1) {
			unescape(src);
			if (src[0] == '/' && stat(src, &st) == 0 &&
			    S_ISBLK(st.st_mode))
				busy_add(l, st.st_rdev, "mounted on %s", mnt);
		}
	}
	fclose(f);
}

static void busy_swaps(struct busy_list *l)
{
	FILE *f = fopen("/proc/swaps", "re");
	char line[4096], name[1024];
	struct stat st;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%1023s", name) != 1 || name[0] != '/')
			continue;
		unescape(name);
		if (stat(name, &st) == 0 && S_ISBLK(st.st_mode))
			busy_add(l, st.st_rdev, "used as swap (%s)", name);
	}
	fclose(f);
}

/* The device DIR (a sysfs directory) is held by device mapper, RAID or
   bcache when its holders/ directory is not empty.  */
static int held(const char *dir, char *who, size_t len)
{
	char path[512];
	struct dirent *de;
	DIR *d;
	int found = 0;

	snprintf(path, sizeof path, "%s/holders", dir);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)) && !found) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(who, len, "held by %s (device mapper or RAID)",
			 de->d_name);
		found = 1;
	}
	closedir(d);
	return found;
}

/* How the device DEV (sysfs directory DIR) is used, or NULL.  */
static const char *busy_find(const struct busy_list *l, dev_t dev,
			     const char *dir, char *buf, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->b[i].dev == dev)
			return l->b[i].what;
	return held(dir, buf, len) ? buf : NULL;
}

/* Does partition [start, start + count) (512-byte units, as sysfs
   counts) hold a byte of one of the ranges?  */
static int overlaps(uint64_t start, uint64_t count, const struct disk_range *r,
		    size_t n)
{
	uint64_t a = start * 512, b = (start + count) * 512;

	for (size_t i = 0; i < n; i++)
		if (r[i].len && r[i].off < b && a < r[i].off + r[i].len)
			return 1;
	return 0;
}

/* Check one partition (sysfs directory PDIR, named NAME) of the disk.  */
static int check_partition(struct disk_target *t, const struct busy_list *l,
			   const char *pdir, const char *name,
			   const struct disk_range *r, size_t n,
			   struct ckb_error *err)
{
	char devs[64], start[64], size[64], num[16], buf[320];
	unsigned maj, min;
	const char *what;

	if (sysfs_read(pdir, "partition", num, sizeof num) < 0 ||
	    sysfs_read(pdir, "dev", devs, sizeof devs) < 0 ||
	    sysfs_read(pdir, "start", start, sizeof start) < 0 ||
	    sysfs_read(pdir, "size", size, sizeof size) < 0 ||
	    sscanf(devs, "%u:%u", &maj, &min) != 2)
		return 0;
	what = busy_find(l, makedev(maj, min), pdir, buf, sizeof buf);
	if (!what)
		return 0;
	if (overlaps(strtoull(start, NULL, 10), strtoull(size, NULL, 10), r, n))
		return disk_fail(
		    err,
		    "%s: partition %s (/dev/%s), which ckboot would "
		    "write to, is %s",
		    t->path, num, name, what);
	t->partition_busy = 1;
	snprintf(t->busy_note, sizeof t->busy_note,
		 "partition %s (/dev/%s) is %s; ckboot does not touch it", num,
		 name, what);
	return 0;
}

/* Nothing mounted: then nobody else may hold the disk exclusively
   either (a file system being made, a partitioner, another installer).
   Found now, so that the refusal comes before anything is written.  */
static int check_exclusive(const struct disk_target *t, struct ckb_error *err)
{
	int fd;

	if (t->partition_busy)
		return 0; /* O_EXCL would fail on the mounted partition */
	fd = open(t->path, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0 && errno == EBUSY)
		return disk_fail(err,
				 "%s: device is busy (opened exclusively by "
				 "another program)",
				 t->path);
	if (fd >= 0)
		close(fd);
	return 0;
}

int target_check_busy(struct disk_target *t, const struct disk_range *r,
		      size_t n, struct ckb_error *err)
{
	struct busy_list l = {0};
	char dir[128], pdir[512], buf[320];
	const char *what;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (!t->is_blk)
		return 0;
	busy_mounts(&l);
	busy_swaps(&l);
	sysfs_dev_dir(t->rdev, dir, sizeof dir);
	what = busy_find(&l, t->rdev, dir, buf, sizeof buf);
	if (what) {
		ret = disk_fail(err,
				"%s: is %s; ckboot does not write to a "
				"disk in use",
				t->path, what);
		goto out;
	}
	d = opendir(dir);
	if (!d)
		goto out;
	while (ret == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(pdir, sizeof pdir, "%s/%s", dir, de->d_name);
		ret = check_partition(t, &l, pdir, de->d_name, r, n, err);
	}
	closedir(d);
	if (ret == 0)
		ret = check_exclusive(t, err);
out:
	free(l.b);
	return ret;
}

/* ---- writing ---- */

/* The target must still be the one probed: same file, same device.  */
static int same_target(const struct disk_target *t, struct ckb_error *err)
{
	struct stat st;

	if (fstat(t->fd, &st) < 0)
		return disk_fail(err, "%s: %s", t->path, strerror(errno));
	if (t->is_blk ? st.st_rdev != t->rdev
		      : (st.st_dev != t->dev || st.st_ino != t->ino))
		return disk_fail(err, "%s: changed since it was examined",
				 t->path);
	return 0;
}

static int open_existing(struct disk_target *t, uint64_t size,
			 struct ckb_error *err)
{
	int flags = O_RDWR | O_CLOEXEC;

	if (t->is_blk && !t->partition_busy)
		flags |= O_EXCL;
	t->fd = open(t->path, flags);
	if (t->fd < 0 && errno == EBUSY)
		return disk_fail(err,
				 "%s: device is busy (mounted, or opened "
				 "exclusively by another program)",
				 t->path);
	if (t->fd < 0)
		return disk_fail(err, "%s: cannot open for writing: %s",
				 t->path, strerror(errno));
	if (same_target(t, err) < 0)
		return -1;
	if (!t->is_blk && size > t->size && ftruncate(t->fd, size) < 0)
		return disk_fail(err,
				 "%s: cannot grow to %" PRIu64 " bytes: %s",
				 t->path, size, strerror(errno));
	return 0;
}

int target_open_write(struct disk_target *t, uint64_t size,
		      struct ckb_error *err)
{
	int r;

	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->exists)
		return open_existing(t, size, err);
	t->fd = open(t->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (t->fd < 0)
		return disk_fail(err, "%s: cannot create: %s", t->path,
				 strerror(errno));
	/* Another install that found the file just now may hold its lock
	   already: the file is then its, not ours to remove.  Any other
	   failure leaves it ours, for undo() to remove.  */
	r = target_lock(t, fcntl(t->fd, F_DUPFD_CLOEXEC, 0), LOCK_EX, err);
	t->created = r != LOCK_HELD;
	if (r < 0)
		return -1;
	/* A sparse file: the blocks ckboot does not write cost nothing.  */
	if (ftruncate(t->fd, size) < 0)
		return disk_fail(err,
				 "%s: cannot make it %" PRIu64 " bytes: %s",
				 t->path, size, strerror(errno));
	return 0;
}

int target_read(const struct disk_target *t, void *buf, size_t len,
		uint64_t off)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pread(t->fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) { /* past the end of an image file */
			memset(p, 0, len);
			return 0;
		}
		p += n, len -= n, off += n;
	}
	return 0;
}

int target_write(const struct disk_target *t, const void *buf, size_t len,
		 uint64_t off)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pwrite(t->fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n, len -= n, off += n;
	}
	return 0;
}

int target_flush(const struct disk_target *t)
{
	if (fsync(t->fd) < 0)
		return -1;
	/* Throw away the cached blocks so the verification reads what the
	   disk holds.  Needs CAP_SYS_ADMIN; without it the check still
	   compares the cache, which fsync has written out.  */
	if (t->is_blk && ioctl(t->fd, BLKFLSBUF, 0) < 0 && errno == EIO)
		return -1;
	return 0;
}

void target_close(struct disk_target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

/* The lock goes first: udev re-reads a disk's partition table when the
   descriptor that wrote it is closed, and skips a disk that is locked;
   ckboot may have written a new table.  */
void target_release(struct disk_target *t)
{
	if (t->lock_fd >= 0)
		close(t->lock_fd);
	t->lock_fd = -1;
	target_close(t);
}

void target_free(struct disk_target *t)
{
	target_release(t);
	free(t->path);
	t->path = NULL;
}

/* ---- identity ---- */

/* The sysfs attributes that name a disk, best first: the world-wide id
   of an NVMe namespace or a SCSI unit, the serial number virtio and
   MMC report, the UUID of a device-mapper or RAID volume.  A name of
   the controller alone (NVMe's device/serial) would be shared by its
   namespaces, hence after "wwid".  */
static const char *const id_attrs[] = {
    "wwid", "device/wwid", "serial", "device/serial", "dm/uuid", "md/uuid"};

static uint64_t fsid64(const struct statfs *sf)
{
	return (uint32_t)sf->f_fsid.__val[0] |
	       (uint64_t)(uint32_t)sf->f_fsid.__val[1] << 32;
}

/* SCSI pads its strings with spaces.  */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t');)
		*--e = '\0';
	return s;
}

/* A loop device is the file behind it: an image installed through
   /dev/loop0 restores onto the file, or through /dev/loop3 next time.  */
static int loop_identity(const struct disk_target *t, const char *dir,
			 struct disk_id *id)
{
	struct loop_info64 li;
	char file[1024];
	struct statfs sf;
	struct stat st;

	if (sysfs_read(dir, "loop/backing_file", file, sizeof file) < 0 ||
	    ioctl(t->fd, LOOP_GET_STATUS64, &li) < 0)
		return -1;
	id->kind = DISK_ID_FILE;
	id->dev = li.lo_device;
	id->ino = li.lo_inode;
	/* The file system's id through the file's name, if that is still
	   the file.  */
	if (stat(file, &st) == 0 && st.st_dev == li.lo_device &&
	    st.st_ino == li.lo_inode && statfs(file, &sf) == 0)
		id->fsid = fsid64(&sf);
	return 0;
}

static void blk_identity(const struct disk_target *t, struct disk_id *id)
{
	char dir[128], buf[DISK_ID_SERIAL_LEN - 8], *v;
	const char *name;

	sysfs_dev_dir(t->rdev, dir, sizeof dir);
	if (loop_identity(t, dir, id) == 0)
		return;
	for (size_t i = 0; i < sizeof id_attrs / sizeof *id_attrs; i++) {
		if (sysfs_read(dir, id_attrs[i], buf, sizeof buf) < 0)
			continue;
		v = trim(buf);
		if (!*v)
			continue;
		name = strrchr(id_attrs[i], '/');
		snprintf(id->serial, sizeof id->serial, "%s %s",
			 name ? name + 1 : id_attrs[i], v);
		id->kind = DISK_ID_SERIAL;
		return;
	}
	id->kind = DISK_ID_DEVNUM;
	id->dev = t->rdev;
}

void target_identity(const struct disk_target *t, struct disk_id *id)
{
	struct statfs sf;
	struct stat st;

	memset(id, 0, sizeof *id);
	if (t->is_blk) {
		blk_identity(t, id);
		return;
	}
	if (t->fd < 0 || fstat(t->fd, &st) < 0)
		return;
	id->kind = DISK_ID_FILE;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	if (fstatfs(t->fd, &sf) == 0)
		id->fsid = fsid64(&sf);
}

int disk_id_same(const struct disk_id *a, const struct disk_id *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case DISK_ID_FILE:
		/* st_dev may change when the disk holding the file does
		   (a reboot, another USB port); the f_fsid of ext4 and
		   btrfs, made from their UUID, does not.  */
		return a->ino == b->ino &&
		       (a->dev == b->dev || (a->fsid && a->fsid == b->fsid));
	case DISK_ID_SERIAL:
		return strcmp(a->serial, b->serial) == 0;
	case DISK_ID_DEVNUM:
		return a->dev == b->dev;
	default:
		return 0;
	}
}

const char *disk_id_describe(const struct disk_id *id, char *buf, size_t len)
{
	switch (id->kind) {
	case DISK_ID_FILE:
		snprintf(buf, len, "inode %" PRIu64 " on device %u:%u", id->ino,
			 major(id->dev), minor(id->dev));
		break;
	case DISK_ID_SERIAL:
		snprintf(buf, len, "%s", id->serial);
		break;
	case DISK_ID_DEVNUM:
		snprintf(buf, len, "device %u:%u", major(id->dev),
			 minor(id->dev));
		break;
	default:
		snprintf(buf, len, "unknown");
	}
	return buf;
}
