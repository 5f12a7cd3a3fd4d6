#!/bin/sh
# boot-cmdline.sh -- the command line given to ckboot-install reaches the
# kernel whole (tests/kernels/tk.c prints it from the boot info): a short
# one with a kernel small enough for the boot sector to read along with
# the loader (text.elf: entry.S must skip the line's sectors to find
# it), the longest one, 4095 bytes, with a bigger kernel, and none.  A
# line damaged on the disk stops the boot with a message.
. "${srcdir:-.}/boot-common.sh"

install_kernel text.elf "$tmp/small.img" \
	--cmdline='root=/dev/sda1 console=ttyS0 quiet'
(boot "$tmp/small.img" --memory=64M --timeout=30 \
	--expect-line='fact: cmdline=root=/dev/sda1 console=ttyS0 quiet' \
	--screendump="$tmp/small.ppm") || exit $?

line=$(head -c 4000 /dev/zero | tr '\0' x)
line="$line $(printf '%094d' 0)"
test ${#line} -eq 4095 || { echo "$test_name: line of ${#line}"; exit 99; }
install_kernel handoff.elf "$tmp/long.img" --cmdline="$line"
(boot "$tmp/long.img" --memory=64M --timeout=30 \
	--expect-line="fact: cmdline=$line" \
	--expect-line='fact: cmdline-length=4095') || exit $?

install_kernel handoff.elf "$tmp/none.img"
(boot "$tmp/none.img" --memory=64M --timeout=30 \
	--expect-line='fact: cmdline=none') || exit $?

# One byte of the line changed on the disk: the sector before the
# kernel.
find_kernel "$tmp/small.img"
put_byte "$tmp/small.img" $(( (kernel_lba - 1) * 512 + 5 )) 88
boot "$tmp/small.img" --memory=64M --timeout=30 \
	--expect-fail-line='ckboot: command line damaged (CRC-32 '
