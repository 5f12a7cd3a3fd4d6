/* Shared by config.c and manifest.c, not exported from libckboot: how a
   setting's value is read from text and recorded with its source.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef CKBOOT_SETTINGS_H
#define CKBOOT_SETTINGS_H

#include <stdint.h>
#include "ckboot.h"

/* "0x..." (hexadecimal) or decimal, '_' allowed between digits, as the
   seed's manifests write addresses.  Returns 0, or -1 if S is not such
   a number or does not fit in 64 bits.  */
int ckb_parse_u64(const char *s, uint64_t *out);

/* Record VALUE for WHICH (features: nonzero turns them on) from SRC;
   FILE names the kernel or the manifest, NULL for options.  */
void ckb_settings_set(struct ckb_settings *s, enum ckb_setting which,
		      uint64_t value, enum ckb_source src, const char *file);

#endif /* CKBOOT_SETTINGS_H */
