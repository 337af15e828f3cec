# SPDX-License-Identifier: GPL-2.0
# cp-fixes.awk: filter checkpatch --show-types output for make check. The
# base of the series is a source release without git history, so
# checkpatch cannot resolve any commit ID and reports UNKNOWN_COMMIT_ID
# for each. A Fixes: tag must name the real upstream commit all the same:
# drop the report when the line it quotes is a Fixes: line, and only then
# (a commit named anywhere else in a message is still reported). A report
# is the type line, the "#N: " location line and the quoted line.
/^WARNING:UNKNOWN_COMMIT_ID:/ {
	report = $0
	if ((getline loc) <= 0) { print report; exit }
	if ((getline quoted) <= 0) { print report; print loc; exit }
	if (quoted ~ /^Fixes: [0-9a-f]+ \(/)
		next
	print report; print loc; print quoted
	next
}
{ print }
