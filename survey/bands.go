package survey

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Band groups role levels that a report also shows together, between the
// role levels and All: in a small workshop, where most role levels are
// under min_group, a band of them still shows figures.
type Band struct {
	ID    string   `yaml:"id" json:"id"`
	Name  string   `yaml:"name" json:"name"`
	Roles []string `yaml:"roles" json:"roles"`
}

// DefaultBands are the seed's two bands of DefaultRoles: the product
// management craft, and product leadership as the Product Leadership
// framework defines its audience ("anyone in a Senior Product Manager,
// Lead Product Manager or Head of Product role").
func DefaultBands() []Band {
	return []Band{
		{"product-management", "Product management", []string{"associate-product-manager", "product-manager"}},
		{"product-leadership", "Product leadership", []string{"senior-product-manager", "lead-product-manager", "head-of-product"}},
	}
}

// BandOf returns the index in w.Bands of the band a role level is in, or
// -1 when it is in none.
func (w *Workshop) BandOf(role string) int {
	for i, b := range w.Bands {
		for _, r := range b.Roles {
			if r == role {
				return i
			}
		}
	}
	return -1
}

// BandIDs lists the band ids, in order.
func (w *Workshop) BandIDs() []string {
	ids := make([]string, len(w.Bands))
	for i, b := range w.Bands {
		ids[i] = b.ID
	}
	return ids
}

// checkBands checks the bands against the role levels: ids valid and apart
// from every role id and "all" (a report's groups share one namespace),
// known role ids, each role level in at most one band. data, when not
// nil, is the file, to give each problem its line.
func (w *Workshop) checkBands(file string, data []byte) Problems {
	var ps Problems
	if len(w.Bands) == 0 {
		return nil
	}
	bandLine, roleLine := bandLines(data)
	at := func(lines []int, i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	if len(w.Bands) > MaxRoles {
		return Problems{{File: file, Line: at(bandLine, 0), Msg: fmt.Sprintf("the workshop has %d bands; the limit is %d", len(w.Bands), MaxRoles)}}
	}
	bad := func(line int, format string, a ...any) {
		ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	ids := map[string]bool{AllGroup: true}
	for _, r := range w.Roles {
		ids[r.ID] = true
	}
	inBand := map[string]string{}
	for i, b := range w.Bands {
		line := at(bandLine, i)
		if !ValidID(b.ID) || ids[b.ID] {
			bad(line, "band id %q is invalid, used twice, or the id of a role or of all", clip(b.ID))
		}
		ids[b.ID] = true
		if strings.TrimSpace(b.Name) == "" {
			bad(line, "band %q has no name", clip(b.ID))
		}
		if n := len([]rune(b.Name)); n > MaxTextLength {
			bad(line, "the name of band %q is %d characters long; the limit is %d", clip(b.ID), n, MaxTextLength)
		}
		if len(b.Roles) == 0 {
			bad(line, "band %q has no roles", clip(b.ID))
		}
		if len(b.Roles) > MaxRoles {
			bad(line, "band %q has %d roles; the limit is %d", clip(b.ID), len(b.Roles), MaxRoles)
			continue
		}
		for j, r := range b.Roles {
			rl := line
			if i < len(roleLine) && j < len(roleLine[i]) {
				rl = roleLine[i][j]
			}
			switch other, ok := inBand[r]; {
			case w.Role(r) == nil:
				bad(rl, "band %q lists role %q, which is not one of the workshop's roles", clip(b.ID), clip(r))
			case ok:
				bad(rl, "role %q is in band %q and in band %q; a role level is in one band at most", clip(r), clip(other), clip(b.ID))
			default:
				inBand[r] = b.ID
			}
		}
	}
	return ps
}

// bandLines finds the line of each band under bands:, and of each of its
// role ids, in workshop.yaml; nil when data is nil or has no bands.
func bandLines(data []byte) (bands []int, roles [][]int) {
	if data == nil {
		return nil, nil
	}
	var doc yaml.Node
	if yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc) != nil || len(doc.Content) == 0 {
		return nil, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "bands" || top.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range top.Content[i+1].Content {
			bands = append(bands, item.Line)
			var rl []int
			for j := 0; item.Kind == yaml.MappingNode && j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "roles" {
					for _, r := range item.Content[j+1].Content {
						rl = append(rl, r.Line)
					}
				}
			}
			roles = append(roles, rl)
		}
	}
	return bands, roles
}

// bandsComment says, in workshop.yaml, what bands are for.
const bandsComment = `# bands: role levels that reports also show together, between the role levels and All.
# In a small workshop most role levels have fewer than min_group people, so their
# figures are hidden; a band of them still shows. Each role level is in one band at most.
`

// withBandsComment puts bandsComment above the bands: key of marshalled
// settings (bands come last, so the lines above keep their numbers).
func withBandsComment(y []byte) []byte {
	i := bytes.Index(y, []byte("\nbands:\n"))
	if i < 0 {
		return y
	}
	return append(append(y[:i+1:i+1], bandsComment...), y[i+1:]...)
}
