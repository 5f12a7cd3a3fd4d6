#!/bin/sh
# boot-corrupt-kernel.sh -- one byte flipped inside the installed kernel:
# the loader's CRC-32 check must say "kernel checksum mismatch" on the
# serial port and halt, not enter the kernel.  The loader checks in
# three parts (stage/crc32.c): the first word, which takes the start
# value, the words stage/crc32_long.S reduces as it copies them, and the
# last 38-45 bytes.  Two kernels: handoff.elf as built, read in one
# trip to the BIOS (stage/disk.c), and with 256 KiB appended, in two.
# One byte in each part, each in a fresh copy of the image.
. "${srcdir:-.}/boot-common.sh"

cp "$kernels/handoff.elf" "$tmp/small.elf"
cp "$kernels/handoff.elf" "$tmp/large.elf"
head -c 262144 /dev/zero | tr '\0' '\252' >> "$tmp/large.elf"

for k in small large; do
	image=$tmp/$k.img
	install_file "$tmp/$k.elf" "$image"
	find_kernel "$image"
	kernel_bytes=$(wc -c < "$tmp/$k.elf")
	test "$kernel_size" -eq "$kernel_bytes" ||
		{ echo "$test_name: header says $kernel_size bytes, kernel" \
			"has $kernel_bytes"; exit 1; }
	cmp -s -i "$((kernel_lba * 512)):0" -n "$kernel_bytes" "$image" \
		"$tmp/$k.elf" ||
		{ echo "$test_name: the kernel is not at LBA $kernel_lba"
		  exit 1; }

	# Flip every bit of one byte.
	for off in 0 $((kernel_size / 2)) $((kernel_size - 1)); do
		cp "$image" "$tmp/bad.img"
		at=$((kernel_lba * 512 + off))
		old=$(le "$tmp/bad.img" $at 1)
		put_byte "$tmp/bad.img" $at $((old ^ 255))
		echo "$k.elf: flipped byte $at (kernel offset $off):" \
			"$old -> $((old ^ 255))"
		boot_keep "$tmp/bad.img" "$tmp/serial.log" --memory=64M \
			--timeout=30 \
			--expect-fail-line="kernel checksum mismatch"
		status=$?
		test $status -eq 0 || {
			echo "$test_name: $k.elf offset $off: no checksum error"
			exit $status
		}
	done
done
exit 0
