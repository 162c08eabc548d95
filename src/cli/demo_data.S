/* demo_data.S: the reference mission bundle and the fictional sample
 * mission, built into the binary so `pavilion demo` needs no files. */
	.section .rodata
	.global demo_bundle
	.global demo_bundle_end
	.balign 16
demo_bundle:
	.incbin "examples/jeonbuk-us-2024.json"
demo_bundle_end:
	.byte 0
	.global sample_bundle
	.global sample_bundle_end
	.balign 16
sample_bundle:
	.incbin "examples/sample-outcomes-2025.json"
sample_bundle_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
