package selection

import (
	"time"

	"auditroom/backend/sampling"
)

// Sample is a draw as kept with an engagement: what it was drawn from and,
// for each item, the population row it stands for.
type Sample struct {
	ID             string `json:"id"`
	PopulationID   string `json:"population_id"`
	PopulationHash string `json:"population_hash"` // the population's hash when drawn
	PopulationRows int    `json:"population_rows"`
	StratumColumn  string `json:"stratum_column,omitempty"` // stratified: the column the strata come from
	AmountColumn   string `json:"amount_column,omitempty"`  // monetary-unit: the column of amounts
	// Plan is why the sample has its size; nil for a size given without one.
	Plan *sampling.Plan `json:"plan,omitempty"`
	Draw
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
}
