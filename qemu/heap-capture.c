// SPDX-License-Identifier: GPL-2.0
/*
 * heap-capture VIDEO HEAP FRAMES OUT: capture FRAMES frames from the V4L2
 * capture node VIDEO into buffers allocated from the dma-buf heap
 * /dev/dma_heap/HEAP and imported with V4L2_MEMORY_DMABUF; read each frame
 * back through a mapping of the heap buffer (between DMA_BUF_IOCTL_SYNC
 * start and end) and append it to OUT. The format is the node's current
 * one (set it first, with v4l2-ctl). Prints the bytes written and how many
 * frames held more than zeroes; exits non-zero on any error, or unless every
 * frame came back whole (no error flag) and held more than zeroes.
 *
 * Built for the ARM guest (scripts/heap-root.sh); not part of the series.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>

#define NBUF 4

static void die(const char *what)
{
	fprintf(stderr, "heap-capture: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int sync_buf(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

int main(int argc, char **argv)
{
	struct v4l2_requestbuffers req = { 0 };
	struct v4l2_format fmt = { 0 };
	struct v4l2_buffer vb;
	int vfd, hfd, bfd[NBUF], i, frames, nonzero = 0;
	unsigned long written = 0;
	char path[256];
	size_t size;
	FILE *out;

	if (argc != 5) {
		fprintf(stderr, "usage: %s VIDEO HEAP FRAMES OUT\n", argv[0]);
		return 2;
	}
	frames = atoi(argv[3]);
	if (frames <= 0) {
		fprintf(stderr, "heap-capture: FRAMES must be positive\n");
		return 2;
	}
	vfd = open(argv[1], O_RDWR);
	if (vfd < 0)
		die(argv[1]);
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", argv[2]);
	hfd = open(path, O_RDWR);
	if (hfd < 0)
		die(path);
	out = fopen(argv[4], "w");
	if (!out)
		die(argv[4]);

	fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(vfd, VIDIOC_G_FMT, &fmt))
		die("VIDIOC_G_FMT");
	size = (fmt.fmt.pix.sizeimage + 4095) & ~4095UL;

	req.count = NBUF;
	req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	req.memory = V4L2_MEMORY_DMABUF;
	if (ioctl(vfd, VIDIOC_REQBUFS, &req))
		die("VIDIOC_REQBUFS");
	if (req.count < NBUF) {
		fprintf(stderr, "heap-capture: %u buffers, not %d\n", req.count, NBUF);
		return 1;
	}

	for (i = 0; i < NBUF; i++) {
		struct dma_heap_allocation_data a = {
			.len = size, .fd_flags = O_RDWR | O_CLOEXEC,
		};

		if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a))
			die("DMA_HEAP_IOCTL_ALLOC");
		bfd[i] = a.fd;
		memset(&vb, 0, sizeof(vb));
		vb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		vb.memory = V4L2_MEMORY_DMABUF;
		vb.index = i;
		vb.m.fd = bfd[i];
		vb.length = size;
		if (ioctl(vfd, VIDIOC_QBUF, &vb))
			die("VIDIOC_QBUF");
	}
	i = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(vfd, VIDIOC_STREAMON, &i))
		die("VIDIOC_STREAMON");

	for (i = 0; i < frames; i++) {
		unsigned char *p;
		size_t j;

		memset(&vb, 0, sizeof(vb));
		vb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		vb.memory = V4L2_MEMORY_DMABUF;
		if (ioctl(vfd, VIDIOC_DQBUF, &vb))
			die("VIDIOC_DQBUF");
		if (vb.flags & V4L2_BUF_FLAG_ERROR) {
			fprintf(stderr, "heap-capture: frame %d has an error\n", i);
			return 1;
		}
		p = mmap(NULL, size, PROT_READ, MAP_SHARED, bfd[vb.index], 0);
		if (p == MAP_FAILED)
			die("mmap");
		if (sync_buf(bfd[vb.index], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
			die("DMA_BUF_SYNC_START");
		for (j = 0; j < vb.bytesused; j++)
			if (p[j])
				break;
		nonzero += j < vb.bytesused;
		written += fwrite(p, 1, vb.bytesused, out);
		if (sync_buf(bfd[vb.index], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ))
			die("DMA_BUF_SYNC_END");
		munmap(p, size);
		/* the last frames need not go back */
		if (i + NBUF >= frames)
			continue;
		vb.m.fd = bfd[vb.index];
		vb.length = size;
		if (ioctl(vfd, VIDIOC_QBUF, &vb))
			die("VIDIOC_QBUF");
	}
	i = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (ioctl(vfd, VIDIOC_STREAMOFF, &i))
		die("VIDIOC_STREAMOFF");
	for (i = 0; i < NBUF; i++)
		close(bfd[i]);
	close(hfd);
	close(vfd);
	if (fclose(out))
		die(argv[4]);
	printf("%lu bytes, %d of %s frames with an image\n", written, nonzero,
	       argv[3]);
	return nonzero == frames ? 0 : 1;
}
