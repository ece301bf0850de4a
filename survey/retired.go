package survey

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadRetired reads the "retired" section of a response file: answers to
// activities an earlier framework upgrade removed, by skill id and activity
// id. ParseResponse accepts the section and leaves it out of the response,
// so that retired answers never count; whatever re-renders a file must
// read them here and hand them back, or they would be lost. A file without
// the section gives an empty map. In a file of schema 2 the section has a
// level per framework, as "frameworks" has, and the keys are
// "framework/skill", as ParseResponse's are. Entries that cannot be read are
// problems, each with its line, so that nothing is dropped unseen.
func ReadRetired(file string, data []byte) (map[string]map[string]*Answer, Problems) {
	out := map[string]map[string]*Answer{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlProblems(file, data, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out, nil
	}
	var ps Problems
	bad := func(n *yaml.Node, format string, a ...any) {
		ps = append(ps, problemf(file, n.Line, format, a...))
	}
	sec := mappingValue(doc.Content[0], "retired")
	if sec == nil || isNull(sec) {
		return out, nil
	}
	if sec.Kind != yaml.MappingNode {
		bad(sec, "retired should be a mapping of skills, not %s", kindName(sec))
		return nil, ps
	}
	// Each skill's mapping of activities, with its key.
	type skillNode struct {
		key  string
		name *yaml.Node
		acts *yaml.Node
	}
	var skills []skillNode
	if mappingValue(doc.Content[0], "frameworks") != nil {
		for i := 0; i+1 < len(sec.Content); i += 2 {
			fw, sks := sec.Content[i], sec.Content[i+1]
			if isNull(sks) {
				continue
			}
			if sks.Kind != yaml.MappingNode {
				bad(sks, "retired framework %s should be a mapping of skills, not %s", fw.Value, kindName(sks))
				continue
			}
			for j := 0; j+1 < len(sks.Content); j += 2 {
				skills = append(skills, skillNode{fw.Value + "/" + sks.Content[j].Value, sks.Content[j], sks.Content[j+1]})
			}
		}
	} else {
		for i := 0; i+1 < len(sec.Content); i += 2 {
			skills = append(skills, skillNode{sec.Content[i].Value, sec.Content[i], sec.Content[i+1]})
		}
	}
	for _, sn := range skills {
		skill, acts := sn.name, sn.acts
		if isNull(acts) {
			continue
		}
		if acts.Kind != yaml.MappingNode {
			bad(acts, "retired skill %s should be a mapping of activities, not %s", skill.Value, kindName(acts))
			continue
		}
		for j := 0; j+1 < len(acts.Content); j += 2 {
			act, v := acts.Content[j], acts.Content[j+1]
			a := &Answer{Line: act.Line}
			if !isNull(v) {
				if v.Kind != yaml.MappingNode {
					bad(v, "retired activity %s should be a mapping of rating and note, not %s", act.Value, kindName(v))
					continue
				}
				for k := 0; k+1 < len(v.Content); k += 2 {
					key, val := v.Content[k], v.Content[k+1]
					switch {
					case key.Value == "rating" && (isNull(val) || val.Tag == "!!str" && strings.TrimSpace(val.Value) == ""):
					case key.Value == "rating" && val.Kind == yaml.ScalarNode && val.Tag == "!!int":
						n, err := strconv.Atoi(val.Value)
						if err != nil {
							bad(val, "retired rating for %s is not a whole number", act.Value)
							continue
						}
						a.Rating = &n
					case key.Value == "note" && isNull(val):
					case key.Value == "note" && val.Kind == yaml.ScalarNode:
						a.Note = val.Value
					default:
						bad(key, "retired activity %s: cannot read %q", act.Value, key.Value)
					}
				}
			}
			if out[sn.key] == nil {
				out[sn.key] = map[string]*Answer{}
			}
			out[sn.key][act.Value] = a
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return out, nil
}

// mappingValue returns the value of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// ParseForRewrite reads a response file to render it again: ParseResponse,
// with the answers of the retired section put back beside the others
// (where an activity has no answer in the ratings), so that RenderResponse
// writes them under "retired" again, or back in the ratings if the
// framework has their activity once more. Never Check a response read this
// way: retired answers are not meant to fit the framework.
func ParseForRewrite(file string, data []byte) (*Response, Problems) {
	r, ps := ParseResponse(file, data)
	if len(ps) > 0 {
		return nil, ps
	}
	retired, ps := ReadRetired(file, data)
	if len(ps) > 0 {
		return nil, ps
	}
	for skill, acts := range retired {
		for act, a := range acts {
			if r.Ratings[skill] == nil {
				r.Ratings[skill] = map[string]*Answer{}
			}
			if have := r.Ratings[skill][act]; have == nil || have.Rating == nil && have.Note == "" {
				r.Ratings[skill][act] = a
			}
		}
	}
	return r, nil
}
