/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot shim for QEMU's mps2-an385 board (Cortex-M3, no MMU).
 *
 * An M-profile core starts from the vector table at address 0, so a
 * vmlinux ELF cannot be started directly. QEMU places this shim at 0, the
 * vmlinux ELF and the device tree with its generic loader; the reset
 * handler turns on CMSDK UART0 (firmware normally does) and enters the
 * kernel with r0 = 0, r1 = ~0 (device-tree boot), r2 = the DTB address.
 * KERNEL_ENTRY (a Thumb address) and DTB_ADDR come from the command line.
 */
	.syntax unified
	.cpu cortex-m3
	.thumb
	.text
	.globl	_start
_start:
	.word	0x21008000		@ initial SP, below the kernel image
	.word	reset			@ reset vector

	.thumb_func
reset:
	ldr	r3, =0x40004000		@ CMSDK APB UART0
	movs	r0, #16
	str	r0, [r3, #0x10]		@ BAUDDIV
	movs	r0, #3
	str	r0, [r3, #0x08]		@ CTRL: TX and RX enabled
	movs	r0, #0
	mvn	r1, #0
	ldr	r2, =DTB_ADDR
	ldr	r3, =KERNEL_ENTRY
	bx	r3
	.ltorg
