package shell

// OpenStreams is how many console streams sh has open (tests).
func OpenStreams(sh *Shell) int64 { return sh.streams.Load() }
