#!/bin/bash
# The CRC-32 ckboot-install records for the loader is zlib's CRC-32 of
# the whole kernel file, computed in chunks: checked against gzip's
# trailer (which holds the same CRC) for a small kernel and for one of
# several MiB whose size is not a multiple of the chunk size.
. "${srcdir:-.}/config-lib.sh"
command -v gzip >/dev/null 2>&1 || skip "gzip not found"

# crc_of FILE: the CRC-32 in gzip's trailer, as 0x%08x.
crc_of () { printf '0x%s' "$(gzip -c <"$1" | tail -c 8 | od -An -tx4 -N4 | tr -d ' ')"; }

make_kernel "$tmp/small.elf"
cp "$tmp/small.elf" "$tmp/big.elf"
# Data after the last section is part of the file the loader checks.
head -c 3500001 /dev/urandom >>"$tmp/big.elf"
for k in "$tmp/small.elf" "$tmp/big.elf"; do
	ckinstall --dry-run --kernel="$k" "$tmp/new.img" ||
		fail "refused: $(cat "$tmp/err")"
	want=$(crc_of "$k")
	grep -q "CRC-32 $want" "$tmp/out" ||
		fail "CRC-32 of $k is not $want: $(grep CRC "$tmp/out")"
done
exit 0
