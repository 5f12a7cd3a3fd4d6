#!/bin/sh
# boot-kernel-lengths.sh -- the loader's CRC-32 of the kernel agrees with
# ckboot-install's at every length its long-mode loop (stage/crc32_long.S)
# treats differently: that loop takes a chunk's words one at a time until
# a multiple of five is left, then five at a time, so five kernels 8
# bytes apart (handoff.elf with 100 KiB and 3 to 35 bytes appended, an
# odd length each) reach every rest from 0 to 4.  Each must be one chunk
# (one trip of three 127-sector reads, stage/disk.c) and 128 KiB or
# more, far more than the boot sector reads with the loader
# (CKBOOT_PREREAD_MAX sectors).  Each must boot and pass the handoff
# checks.
. "${srcdir:-.}/boot-common.sh"

for pad in 3 11 19 27 35; do
	cp "$kernels/handoff.elf" "$tmp/k.elf"
	head -c $((102400 + pad)) /dev/zero | tr '\0' '\252' >> "$tmp/k.elf"
	size=$(wc -c < "$tmp/k.elf")
	test "$size" -ge 131072 && test "$size" -le $((3 * 127 * 512)) || {
		echo "$test_name: handoff.elf + $pad bytes is $size bytes," \
			"not one chunk of the long-mode loop"
		exit 1
	}
	rm -f "$tmp/disk.img"
	install_file "$tmp/k.elf" "$tmp/disk.img"
	boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30
	status=$?
	test $status -eq 0 || {
		echo "$test_name: handoff.elf + $pad bytes did not pass"
		grep -a "ckboot" "$tmp/serial.log" | tail -n 3
		exit $status
	}
done
exit 0
