#!/bin/sh
# boot-pie-kernel.sh -- position-independent kernels (ET_DYN) run where
# <ckboot/bootinfo.h> says, relocated: pie.elf, handoff.c linked as a
# static PIE at 0, runs at CKBOOT_PIE_BASE (0xffffffff80000000).  (GNU
# ld makes ET_EXEC of a PIE linked elsewhere; tests/unit/elf.c covers
# that rule.)  The kernel checks its own address, a pointer stored at
# link time (an R_X86_64_RELATIVE relocation), tk.c's IDT handlers from
# a table of such words (which the handoff's deliberate page faults go
# through) and the whole handoff.
. "${srcdir:-.}/boot-common.sh"

install_kernel pie.elf "$tmp/pie.img"
boot_keep "$tmp/pie.img" "$tmp/pie.log" --memory=64M \
	--expect-line="fact: pie-start=0xffffffff80000000" || exit $?

# settings-pie.elf: settings.c as a PIE, every feature and no address:
# the physical map, the recursive slot, the stack and the boot info are
# placed clear of a kernel in the top 2 GiB.
install_kernel settings-pie.elf "$tmp/settings.img"
boot "$tmp/settings.img" --memory=64M --timeout=30 \
	--expect-line="fact: features=physical-memory recursive-page-table vga-320x200"
