#!/bin/sh
# ckboot-install opens a disk with nothing mounted with O_EXCL: while
# another program holds it exclusively, the install (and --dry-run, which
# checks the same) is refused with exit status 1, the disk unchanged.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices need root"
need losetup
need python3

truncate -s 16M "$tmp/disk.img"
dev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null) || skip "losetup cannot attach"
cleanup="losetup -d $dev;"

# Hold the device open exclusively until $tmp/done appears.
python3 -c '
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_EXCL)
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
' "$dev" "$tmp/held" "$tmp/done" &
holder=$!
cleanup="touch $tmp/done; wait $holder; $cleanup"
wait_file "$tmp/held"

make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" "$dev: device is busy" \
	--kernel="$tmp/k.elf" "$dev"
expect_refusal "$tmp/disk.img" "$dev: device is busy" \
	--dry-run --kernel="$tmp/k.elf" "$dev"
exit 0
