//go:build unix

package extract_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock measures the process's CPU time (user and system, all threads).
type cpuClock struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuClock { return cpuClock{cpuNow()} }

// report adds cpu-MB/s: bytes per second of CPU time since start.
func (c cpuClock) report(b *testing.B, bytes int64) {
	if d := cpuNow() - c.start; d > 0 {
		b.ReportMetric(float64(bytes)/1e6/d.Seconds(), "cpu-MB/s")
	}
}
