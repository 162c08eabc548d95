/* assets.S: the web UI's files, built into the binary so `pavilion serve`
 * alone serves the UI.  The table (struct web_asset, web.h) is generated
 * from the files under web/src by mk/web.mk into build/web/assets.inc. */
	.include "build/web/assets.inc"
	.section .note.GNU-stack,"",@progbits
