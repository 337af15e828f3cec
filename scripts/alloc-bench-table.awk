# SPDX-License-Identifier: GPL-2.0
# The table of 'make alloc-bench' from the guests' "ABENCH label size gfp
# alloc-ns free-ns pages-x10" lines (label: kernel-layout-round): per
# layout, size and context, the median over the boots of alloc+free
# latency for each kernel, the ratio of the medians (dma-direct / ARM's
# allocator), and the pages a buffer holds.
# Variables: host (QEMU version line), rounds.
function median(key,   a, n, i, j, t) {
	n = split(vals[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	lo = a[1]; hi = a[n]
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function human(sz) {
	if (sz % 1048576 == 0) return sz / 1048576 " MiB"
	return sz / 1024 " KiB"
}
$1 == "ABENCH" {
	split($2, l, "-")
	k = l[2] " " $3 " " $4
	if (!(k in seen)) { seen[k] = 1; order[++n] = k }
	if ($5 == "fail") { failed[l[1] " " k] = 1; next }
	vals[l[1] " " k] = vals[l[1] " " k] " " ($5 + $6) / 1000
	if ($7 != "-") pages[l[1] " " k] = pages[l[1] " " k] " " $7 / 10
}
END {
	printf "dma_alloc_coherent() + dma_free_coherent(), non-coherent device, in us:\n"
	printf "median (range) over %d boots; ratio = dma-direct / ARM's allocator; pages\n", rounds
	printf "a GFP_KERNEL buffer holds (median). %s, 1 GiB, coherent_pool=4M.\n\n", host
	for (i = 1; i <= n; i++) {
		split(order[i], f, " ")
		if (f[1] != last) {
			printf "%s\n", f[1] == "cma" ? "CMA area of 64 MiB in lowmem:" : "No CMA area:"
			printf "  %-8s %-10s %20s %20s %6s %7s %7s\n", "size", "context", "ARM", "direct", "ratio", "pg ARM", "pg dir"
			last = f[1]
		}
		lk = "legacy " order[i]; ck = "common " order[i]
		lm = cm = 0
		if (lk in failed || vals[lk] == "") lv = "fail"
		else { lm = median(lk); lv = sprintf("%.1f (%.1f-%.1f)", lm, lo, hi) }
		if (ck in failed || vals[ck] == "") cv = "fail"
		else { cm = median(ck); cv = sprintf("%.1f (%.1f-%.1f)", cm, lo, hi) }
		r = (lm > 0 && cm > 0) ? sprintf("%.2f", cm / lm) : "-"
		lp = pages[lk] == "" ? "-" : sprintf("%.1f", median2(lk))
		cp = pages[ck] == "" ? "-" : sprintf("%.1f", median2(ck))
		printf "  %-8s %-10s %20s %20s %6s %7s %7s\n", human(f[2]), f[3], lv, cv, r, lp, cp
	}
}
function median2(key,   a, n, i, j, t) {
	n = split(pages[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
