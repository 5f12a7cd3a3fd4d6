/* elf64.h: the ELF64 structures and constants elf.c reads.

   The loader is freestanding and has no <elf.h>; these are the System V
   gABI and x86-64 psABI definitions, only the parts a kernel loader
   needs, with the gABI names so they can be looked up.  */

#ifndef STAGE_ELF64_H
#define STAGE_ELF64_H

#include <stdint.h>

#define EI_NIDENT  16
#define EI_MAG0	   0
#define EI_CLASS   4
#define EI_DATA	   5
#define EI_VERSION 6

#define ELFMAG0	    0x7f
#define ELFMAG1	    'E'
#define ELFMAG2	    'L'
#define ELFMAG3	    'F'
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

#define ET_EXEC	  2
#define ET_DYN	  3
#define EM_X86_64 62

#define PN_XNUM 0xffff /* real e_phnum is in section 0: not for us */

#define PT_NULL	   0
#define PT_LOAD	   1
#define PT_DYNAMIC 2
#define PT_TLS	   7

#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/* The dynamic section of a position-independent kernel: the tags that
   say where its relocations are.  */
#define DT_NULL	    0
#define DT_NEEDED   1
#define DT_PLTRELSZ 2
#define DT_RELA	    7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL	    17
#define DT_JMPREL   23
#define DT_RELR	    36

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

#define R_X86_64_NONE	  0
#define R_X86_64_RELATIVE 8 /* B + A */
#define ELF64_R_TYPE(info) ((uint32_t)(info))

struct elf64_rela {
	uint64_t r_offset;
	uint64_t r_info;
	int64_t r_addend;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_dyn) == 16, "ELF64 dynamic entry");
_Static_assert(sizeof(struct elf64_rela) == 24, "ELF64 RELA entry");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");

#endif /* STAGE_ELF64_H */
