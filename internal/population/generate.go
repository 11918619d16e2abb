package population

import "fmt"

// generate adds n deterministic synthetic people (see generate issue); placeholder until written.
func generate(p *Population, n int, seed uint64) error {
	return fmt.Errorf("population.generate is not supported yet")
}
