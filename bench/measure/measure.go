// Package measure reads what dealgraph's benchmarks report besides wall
// time: the process's CPU time and the size of a store on disk.
package measure

import (
	"os"
	"path/filepath"
)

// DirSize is the total size of the files under path (a store's folder or
// file), for bytes-per-quad figures.
func DirSize(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
