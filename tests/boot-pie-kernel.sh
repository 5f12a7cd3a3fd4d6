#!/bin/sh
# boot-pie-kernel.sh -- position-independent kernels (ET_DYN) run where
# <ckboot/bootinfo.h> says, relocated: pie.elf, handoff.c linked as a
# static PIE at 0, runs at CKBOOT_PIE_BASE (0xffffffff80000000).  (GNU
# ld makes ET_EXEC of a PIE linked elsewhere; tests/unit/elf.c covers
# that rule.)  The kernel checks
# its own address, a pointer stored at link time (an R_X86_64_RELATIVE
# relocation), tk.c's IDT handlers from a table of such words (which
# the handoff's deliberate page faults go through) and the whole
# handoff.
. "${srcdir:-.}/boot-common.sh"

install_kernel pie.elf "$tmp/pie.img"
boot "$tmp/pie.img" --memory=64M \
	--expect-line="fact: pie-start=0xffffffff80000000"
