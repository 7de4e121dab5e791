package cli

import "rolo/model"

// count formats an integer with thousands separators.
func count(n int) string { return model.Count(n) }
