//go:build race

package population

// raceDetector: the race detector multiplies the maximum build's time and memory several times.
const raceDetector = true
