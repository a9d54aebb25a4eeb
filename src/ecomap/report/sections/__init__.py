"""One builder per report section: each turns the typed analysis into what its partial shows."""
