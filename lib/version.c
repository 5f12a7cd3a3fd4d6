/* gnulib's version-etc module leaves the copyright line to the package
   (its version-etc-fsf module would name the FSF, which ckboot is not).
   libgnu is linked whole into libckboot, so the string must be here for
   every program that links the library, not only for ckboot-install.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include "version-etc.h"

const char version_etc_copyright[] =
	"Copyright %s %d the ckboot developers";
