# summary.awk -- turn run-bench's measurement lines into the Markdown
# tables of results.md: medians, ratios, the ratios within each
# repetition, and the targets of issue 7.
#
# Input lines (fields separated by blanks, "-" for a failed boot):
#   wall   IFACE KERNEL LOADER REP MS CPU_MS TSC
#   icount IFACE KERNEL LOADER REP MS TSC
#   reads  IFACE KERNEL LOADER COUNT
#   install BYTES CKBOOT_S DD_S CKBOOT_RSS_KIB DD_RSS_KIB
#
# Copyright (C) 2026 the ckboot developers.  GPLv3+.

function add(key, v) {
	if (v == "-") {
		failed[key]++
		return
	}
	n[key]++
	val[key, n[key]] = v + 0
}

# The values of KEY into A, sorted; returns how many.
function sorted(key, a,    i, j, t, m) {
	m = n[key]
	for (i = 1; i <= m; i++)
		a[i] = val[key, i]
	for (i = 2; i <= m; i++)	# insertion sort: a handful of values
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return m
}

# The Q quantile of KEY (0.5: the median), interpolating between ranks.
function quantile(key, q,    a, m, at, lo) {
	m = sorted(key, a)
	if (m == 0)
		return "-"
	at = 1 + (m - 1) * q
	lo = int(at)
	return lo < m ? a[lo] + (at - lo) * (a[lo + 1] - a[lo]) : a[m]
}

function median(key) {
	return quantile(key, 0.5)
}

function ratio(a, b) {
	if (a == "-" || b == "-" || b == 0)
		return "-"
	return sprintf("%.2f", a / b)
}

function fmt(v, scale, prec) {
	return v == "-" ? "-" : sprintf("%." prec "f", v / scale)
}

function cell(key, scale, prec,    s) {
	s = fmt(median(key), scale, prec)
	if (failed[key])
		s = s " (" failed[key] " failed)"
	return s
}

# One table: for each disk and kernel, the three loaders and two ratios.
function table(kind, title, scale, prec,    i, j, c, g, f, if_, k) {
	print ""
	print "### " title
	print ""
	print "| disk | kernel | ckboot | GRUB | floor | GRUB/ckboot | ckboot/floor |"
	print "|---|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= nif; i++)
		for (j = 1; j <= nk; j++) {
			if_ = ifaces[i]; k = kernels[j]
			c = median(kind SUBSEP if_ SUBSEP k SUBSEP "ckboot")
			g = median(kind SUBSEP if_ SUBSEP k SUBSEP "grub")
			f = median(kind SUBSEP if_ SUBSEP k SUBSEP "floor")
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", if_, k,
			       cell(kind SUBSEP if_ SUBSEP k SUBSEP "ckboot", scale, prec),
			       cell(kind SUBSEP if_ SUBSEP k SUBSEP "grub", scale, prec),
			       cell(kind SUBSEP if_ SUBSEP k SUBSEP "floor", scale, prec),
			       ratio(g, c), ratio(c, f)
		}
}

# Each repetition's own ratio WHAT of KIND, and the median of those.
# ckboot, GRUB and the floor boot one after the other in a repetition,
# so a change in the machine's speed over the run cancels out.
function paired(kind, what, if_, k,    r, key, num, den, a, b) {
	key = "paired" SUBSEP kind SUBSEP what SUBSEP if_ SUBSEP k
	if (!(key in done_pair)) {
		done_pair[key] = 1
		num = what == "GRUB/ckboot" ? "grub" : "ckboot"
		den = what == "GRUB/ckboot" ? "ckboot" : "floor"
		for (r = 1; r <= nrep; r++) {
			a = kind SUBSEP if_ SUBSEP k SUBSEP num SUBSEP reps[r]
			b = kind SUBSEP if_ SUBSEP k SUBSEP den SUBSEP reps[r]
			if ((a in per) && (b in per) && per[b] > 0)
				add(key, per[a] / per[b])
		}
	}
	if (!n[key])
		return "-"
	return sprintf("%.2f (%.2f-%.2f)", median(key), quantile(key, 0.25),
		       quantile(key, 0.75))
}

function paired_table(    i, j, if_, k) {
	print ""
	print "### Ratios within each repetition (medians of each repetition's own ratio, with the middle half of them in parentheses: the three loaders boot back to back, so slow changes in the machine's speed cancel out)"
	print ""
	print "| disk | kernel | GRUB/ckboot wall | ckboot/floor wall | GRUB/ckboot power-on | ckboot/floor power-on |"
	print "|---|---|---:|---:|---:|---:|"
	for (i = 1; i <= nif; i++)
		for (j = 1; j <= nk; j++) {
			if_ = ifaces[i]; k = kernels[j]
			printf "| %s | %s | %s | %s | %s | %s |\n", if_, k,
			       paired("wall", "GRUB/ckboot", if_, k),
			       paired("wall", "ckboot/floor", if_, k),
			       paired("entry", "GRUB/ckboot", if_, k),
			       paired("entry", "ckboot/floor", if_, k)
		}
}

function seen(list, count, x,    i) {
	for (i = 1; i <= count; i++)
		if (list[i] == x)
			return 1
	return 0
}

# The ratio WHAT ("GRUB/ckboot" or "ckboot/floor") of the medians of KIND.
function kind_ratio(kind, what, if_, k,    c) {
	c = median(kind SUBSEP if_ SUBSEP k SUBSEP "ckboot")
	if (what == "GRUB/ckboot")
		return ratio(median(kind SUBSEP if_ SUBSEP k SUBSEP "grub"), c)
	return ratio(c, median(kind SUBSEP if_ SUBSEP k SUBSEP "floor"))
}

function verdict(r, limit, at_least) {
	if (r == "-")
		return "not measured"
	if (at_least)
		return (r + 0 >= limit) ? "met" : "missed"
	return (r + 0 <= limit) ? "met" : "missed"
}

# One target: the wall-time verdict, with power-on to entry, CPU time
# and instructions.
function check(what, if_, k, limit,    w, e, c, i, at_least) {
	at_least = what == "GRUB/ckboot"
	w = kind_ratio("wall", what, if_, k)
	e = kind_ratio("entry", what, if_, k)
	c = kind_ratio("cpu", what, if_, k)
	i = kind_ratio("icount", what, if_, k)
	printf "- %s, %s kernel: %s %s %s: wall %s, %s; power-on to entry %s, %s; CPU time %s, %s; instructions %s, %s\n",
	       if_, k, what, at_least ? ">=" : "<=", limit,
	       w, verdict(w, limit, at_least), e, verdict(e, limit, at_least),
	       c, verdict(c, limit, at_least), i, verdict(i, limit, at_least)
}

$1 == "wall" || $1 == "icount" {
	if (!seen(ifaces, nif, $2))
		ifaces[++nif] = $2
	if (!seen(kernels, nk, $3))
		kernels[++nk] = $3
	if ($1 == "wall") {
		add("wall" SUBSEP $2 SUBSEP $3 SUBSEP $4, $6)
		add("cpu" SUBSEP $2 SUBSEP $3 SUBSEP $4, $7)
		if (NF >= 8)
			add("entry" SUBSEP $2 SUBSEP $3 SUBSEP $4, $8)
		if (!seen(reps, nrep, $5))
			reps[++nrep] = $5
		if ($6 != "-")
			per["wall", $2, $3, $4, $5] = $6 + 0
		if (NF >= 8 && $8 != "-")
			per["entry", $2, $3, $4, $5] = $8 + 0
	} else {
		add("icount" SUBSEP $2 SUBSEP $3 SUBSEP $4, $7)
		has_icount = 1
	}
	next
}

$1 == "reads" {
	reads[$2, $3, $4] = $5
	has_reads = 1
	next
}

$1 == "install" {
	inst_bytes = $2; inst_ck = $3; inst_dd = $4
	inst_ck_rss = $5; inst_dd_rss = $6
	has_install = 1
	next
}

END {
	table("wall", "Wall time, ms (QEMU start to exit)", 1, 0)
	table("entry", "Power-on to kernel entry, million TSC ticks (the TSC the kernel printed: without -icount, TCG's TSC counts host TSC ticks from the start of the machine, so QEMU's own start-up is left out)", 1e6, 1)
	table("cpu", "QEMU CPU time, ms (user + system; less disturbed by other load than wall time)", 1, 0)
	paired_table()
	if (has_icount)
		table("icount", "-icount shift=0,sleep=off: TSC at entry = guest instructions, millions (deterministic; disk transfers cost none)", 1e6, 2)
	if (has_reads) {
		print ""
		print "### Disk read commands per boot (one per INT 13h read; QEMU trace ide_exec_cmd / virtio_blk_handle_read)"
		print ""
		print "| disk | kernel | ckboot | GRUB | floor |"
		print "|---|---|---:|---:|---:|"
		for (i = 1; i <= nif; i++)
			for (j = 1; j <= nk; j++) {
				if_ = ifaces[i]; k = kernels[j]
				c = ((if_, k, "ckboot") in reads) ? reads[if_, k, "ckboot"] : "-"
				printf "| %s | %s | %s | %s | %s |\n", if_, k, c,
				       reads[if_, k, "grub"], reads[if_, k, "floor"]
			}
	}
	print ""
	print "### ckboot-install throughput (new image file, 64 MiB kernel; dd: same bytes, same offset, bs=1M, conv=fsync)"
	print ""
	if (has_install) {
		mib = inst_bytes / 1048576
		print "| kernel | ckboot-install | dd | ckboot MiB/s | dd MiB/s | ckboot/dd throughput | ckboot peak RSS | dd peak RSS |"
		print "|---:|---:|---:|---:|---:|---:|---:|---:|"
		printf "| %.1f MiB | %.3f s | %.3f s | %.0f | %.0f | %.2f | %s | %s |\n",
		       mib, inst_ck, inst_dd, mib / inst_ck, mib / inst_dd,
		       inst_dd / inst_ck,
		       inst_ck_rss == "-" ? "-" : sprintf("%.1f MiB", inst_ck_rss / 1024),
		       inst_dd_rss == "-" ? "-" : sprintf("%.1f MiB", inst_dd_rss / 1024)
	} else
		print "not measured (ckboot-install missing or failed, or BENCH_INSTALL=0)"
	print ""
	print "### Targets of issue 7 (medians of this run)"
	print ""
	check("GRUB/ckboot", "ahci", "tiny", 4)
	check("GRUB/ckboot", "ahci", "big", 4.5)
	check("ckboot/floor", "ahci", "big", 1.3)
	check("ckboot/floor", "ide", "big", 1.15)
	check("ckboot/floor", "ide", "tiny", 1.15)
	check("ckboot/floor", "virtio", "big", 1.15)
	check("ckboot/floor", "virtio", "tiny", 1.15)
	if (has_install) {
		r = inst_dd / inst_ck
		printf "- install: ckboot/dd throughput %.2f (target >= 0.8): %s\n",
		       r, (r >= 0.8) ? "met" : "missed"
		if (inst_ck_rss != "-")
			printf "- install: peak RSS %.1f MiB (target < 16 MiB): %s\n",
			       inst_ck_rss / 1024, (inst_ck_rss < 16384) ? "met" : "missed"
	}
}
