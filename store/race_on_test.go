//go:build race

package store

// raceEnabled: the race detector slows modernc's translated C by an order
// of magnitude, so the heaviest tests do less work under -race.
const raceEnabled = true
