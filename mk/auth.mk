# mk/auth.mk: accounts and passwords (src/auth).  john-data ships
# Openwall's list of common passwords; the lines of at least 6 bytes,
# lower case and sorted, are built into the binary (common_passwords.S)
# and refused as passwords (policy.c).
RUN_DEBS += john-data

AUTH_WORDS := /usr/share/john/password.lst

build/auth/common-passwords.txt: mk/auth.mk
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)test -r $(AUTH_WORDS) || { echo "$(AUTH_WORDS): missing (make deps installs john-data)" >&2; exit 1; }
	$(Q)grep -v '^#!comment:' $(AUTH_WORDS) | tr 'A-Z' 'a-z' | \
		awk 'length($$0) >= 6' | LC_ALL=C sort -u >$@.tmp
	$(Q)mv $@.tmp $@

# An explicit rule, as for the web assets: one recipe per object.
build/obj/auth/common_passwords.o build/asan/obj/auth/common_passwords.o: src/auth/common_passwords.S build/auth/common-passwords.txt
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) -c $< -o $@
build/fuzz/fuzz_request build/fuzz/fuzz_bundle: build/auth/common-passwords.txt
