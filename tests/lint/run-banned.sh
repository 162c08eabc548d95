#!/bin/sh
# Functions that invite overflows or silent failures have safer
# replacements in this code base (snprintf, buf_*, strtoll with checks).
# Fails naming every use in src/.
hits=$(grep -rnE '(^|[^a-z_])(sprintf|vsprintf|strcat|strncpy|strtok|atoi|atol|gets)[[:space:]]*\(' src --include='*.c' --include='*.h')
if [ -n "$hits" ]; then
	echo "banned functions used:"
	echo "$hits"
	exit 1
fi
echo "banned functions: none"
