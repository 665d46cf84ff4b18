//go:build unix

package extract_test

import (
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/bench/measure"
)

// cpuClock measures the process's CPU time (user and system, all threads).
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{measure.CPUTime()} }

// report adds cpu-MB/s: bytes per second of CPU time since start.
func (c cpuClock) report(b *testing.B, bytes int64) {
	if d := measure.CPUTime() - c.start; d > 0 {
		b.ReportMetric(float64(bytes)/1e6/d.Seconds(), "cpu-MB/s")
	}
}
