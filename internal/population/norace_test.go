//go:build !race

package population

const raceDetector = false
