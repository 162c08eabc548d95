# mk/outcomes.mk: following missions up.  libcurl's SMTP client sends the
# survey reminders (src/mail); python3-aiosmtpd is the SMTP server the
# tests start to receive them.
RUN_DEBS += libcurl4-openssl-dev
DEBS += python3-aiosmtpd
PKGS += libcurl
