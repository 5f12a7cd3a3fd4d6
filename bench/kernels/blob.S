/* blob.S -- the incompressible payload of the large benchmark kernels.

   BLOB_FILE is made at build time from /dev/urandom (see Makefile.am), so
   no loader can gain from compression or from sparse reads; it lands in
   .rodata, a PT_LOAD segment every loader must read and place.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

	.section .rodata.blob, "a"
	.balign 4096
	.globl bench_blob
bench_blob:
	.incbin	BLOB_FILE
	.globl bench_blob_end
bench_blob_end:

	.section .note.GNU-stack, "", @progbits
