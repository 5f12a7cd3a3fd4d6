#!/bin/sh
# boot-kernel-preread.sh -- a kernel of at most CKBOOT_PREREAD_MAX (64)
# sectors is read by the boot sector along with the loader
# (include/ckboot/layout.h): the boot sector's count covers both, the
# loader header's kernel_preread says how many of the kernel's sectors
# came along, and the loader takes them from memory (stage/entry.S,
# stage/kernel.c).  One byte more and the loader reads the kernel
# itself.  text.elf padded to 64 sectors must install pre-read, padded
# to 64 sectors and a byte must not, and both must boot through their
# checks (text.elf then waits for a screendump, which qemu-boot takes).
# In the pre-read image, a flipped byte in the kernel's last sector must
# stop at the checksum.  With the boot sector reading the loader only,
# the loader must take kernel_preread at its word (and find the checksum
# wrong), and read the kernel from disk when the count is 0 or more
# than 64.
. "${srcdir:-.}/boot-common.sh"

preread_max=64
# kernel_preread in struct ckboot_loader_header
preread_at=$(sed -n 's/^#define CKBOOT_LOADER_PREREAD_OFFSET \([0-9]*\).*/\1/p' \
	"$srcdir/../include/ckboot/layout.h")
test -n "$preread_at" || { echo "$test_name: no preread offset"; exit 99; }

for size in 32768 32769; do
	cp "$kernels/text.elf" "$tmp/k.elf"
	pad=$((size - $(wc -c < "$tmp/k.elf")))
	test $pad -gt 0 || { echo "$test_name: text.elf over $size bytes"
		exit 99; }
	head -c $pad /dev/zero | tr '\0' '\252' >> "$tmp/k.elf"
	image=$tmp/k$size.img
	install_file "$tmp/k.elf" "$image"
	find_kernel "$image"
	mbr_count=$(le "$image" $((0x5a + 4)) 2)
	preread=$(le "$image" $((header + preread_at)) 4)
	sectors=$(((kernel_size + 511) / 512))
	echo "$size bytes: $sectors sectors; boot sector reads $mbr_count" \
		"from LBA $loader_lba, kernel_preread $preread"
	if test $sectors -le $preread_max; then
		want_preread=$sectors
	else
		want_preread=0
	fi
	test "$preread" -eq $want_preread &&
	test "$mbr_count" -eq $((kernel_lba - loader_lba + want_preread)) || {
		echo "$test_name: FAIL: want kernel_preread $want_preread and" \
			"a boot sector count of" \
			"$((kernel_lba - loader_lba + want_preread))"
		exit 1
	}
	boot_keep "$image" "$tmp/serial.log" --memory=64M --timeout=30 \
		--screendump="$tmp/screen.ppm" ||
		{ echo "$test_name: FAIL: $size-byte kernel did not pass"
		  exit 1; }
done

small=$tmp/k32768.img
find_kernel "$small"
cp "$small" "$tmp/bad.img"
at=$((kernel_lba * 512 + kernel_size - 1))
old=$(le "$tmp/bad.img" $at 1)
put_byte "$tmp/bad.img" $at $((old ^ 255))
echo "flipped the kernel's last byte (LBA $((at / 512)))"
boot_keep "$tmp/bad.img" "$tmp/serial.log" --memory=64M --timeout=30 \
	--expect-fail-line="kernel checksum mismatch" ||
	{ echo "$test_name: FAIL: no checksum error"; exit 1; }

# The boot sector told to read the loader only: a loader that trusts
# kernel_preread takes what memory holds instead of the kernel and must
# find the checksum wrong; with a count it may not trust it must read
# the kernel from disk and boot.
cp "$small" "$tmp/short.img"
put_le "$tmp/short.img" $((0x5a + 4)) 2 $((kernel_lba - loader_lba))
echo "boot sector reads $((kernel_lba - loader_lba)) sectors, the loader's"
boot_keep "$tmp/short.img" "$tmp/serial.log" --memory=64M --timeout=30 \
	--expect-fail-line="kernel checksum mismatch" ||
	{ echo "$test_name: FAIL: the loader did not use kernel_preread"
	  exit 1; }
for count in 0 $((preread_max + 1)) 4294967295; do
	cp "$tmp/short.img" "$tmp/count.img"
	put_le "$tmp/count.img" $((header + preread_at)) 4 $count
	echo "kernel_preread = $count"
	boot_keep "$tmp/count.img" "$tmp/serial.log" --memory=64M \
		--timeout=30 --screendump="$tmp/screen.ppm" ||
		{ echo "$test_name: FAIL: kernel_preread $count: no boot"
		  exit 1; }
done
exit 0
