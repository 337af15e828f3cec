# SPDX-License-Identifier: GPL-2.0
# The tables of 'make bench' from the guests' "BENCH variant device
# granule threads map unmap" lines, one table per device: per cell, the
# median and the range over the boots of map+unmap latency, and the ratio
# of the medians, iommu-dma / legacy.
# Variables: host (QEMU version line), secs, rounds.
function sorted(key, a,   n, i, j, t) {
	n = split(vals[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n
}
function median(key,   a, n) {
	n = sorted(key, a)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function cell(key,   a, n) {
	n = sorted(key, a)
	return sprintf("%.1f (%.1f-%.1f)", median(key), a[1], a[n])
}
$1 == "BENCH" {
	k = $3 " " $4 " " $5
	vals[$2 " " k] = vals[$2 " " k] " " ($6 + $7)
	if (!(k in seen)) { seen[k] = 1; order[++n] = k }
}
END {
	printf "dma_map_benchmark: map+unmap latency in us, median (range) over %d boots\n", rounds
	printf "of %d s each; ratio = iommu-dma / legacy, of the medians.\n", secs
	printf "%s, -smp 4.\n", host
	for (i = 1; i <= n; i++) {
		split(order[i], gt, " ")
		if (gt[1] != last) {
			printf "\n%s:\n\n", gt[1] == "virtio-iommu" ? \
				"A PCI device behind virtio-iommu" : \
				"A platform master behind the software IOMMU (" gt[1] ")"
			printf "| granule | threads | legacy | iommu-dma strict | ratio | iommu-dma lazy | ratio |\n"
			printf "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
			last = gt[1]
		}
		l = median("legacy " order[i])
		printf "| %d | %d | %s | %s | %.2fx | %s | %.2fx |\n", gt[2], gt[3],
			cell("legacy " order[i]),
			cell("strict " order[i]), median("strict " order[i]) / l,
			cell("lazy " order[i]), median("lazy " order[i]) / l
	}
}
