//go:build unix

package measure

import (
	"syscall"
	"time"
)

// CPUTime is the user+sys CPU time of the process so far (all threads), or
// 0 where it cannot be read. On a shared machine, work per CPU second is
// steadier than work per wall second: benchmarks report both.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
