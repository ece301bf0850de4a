package aggregate

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report's figures as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
