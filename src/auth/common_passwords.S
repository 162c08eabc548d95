/* common_passwords.S: the list of common passwords that policy.c refuses,
 * built into the binary.  mk/auth.mk makes it from Openwall's list that
 * Debian ships in john-data (/usr/share/john/password.lst): lower case,
 * at least 6 bytes, one a line, sorted. */
	.section .rodata
	.global auth_common_passwords
	.global auth_common_passwords_end
auth_common_passwords:
	.incbin "build/auth/common-passwords.txt"
auth_common_passwords_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
