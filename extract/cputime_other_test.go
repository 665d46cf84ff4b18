//go:build !unix

package extract_test

import "testing"

type cpuClock struct{}

func startCPU() cpuClock { return cpuClock{} }

// report does nothing where the process CPU time is not available.
func (cpuClock) report(*testing.B, int64) {}
