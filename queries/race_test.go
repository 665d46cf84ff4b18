//go:build race

package queries

// raceEnabled tells tests that the race detector is on (it makes the naive
// queries many times slower).
const raceEnabled = true
