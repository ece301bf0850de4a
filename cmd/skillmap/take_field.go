package main

import (
	"io"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// activityField is one activity of take's form: its rating and its note
// as one field of the page. huh scrolls a page to the top of the focused
// field, so with the rating and the note as two fields, the activity's
// text and rating scrolled away while the note had focus; as one field,
// the text stays in view above both. Enter (or Tab) in the rating goes to
// the note, Shift+Tab in the note back to the rating; from the note, they
// leave the field as any field's do. A digit picks the rating of that
// value, when the scale has one.
type activityField struct {
	rating *huh.Select[int]
	note   *huh.Input
	value  *int // the rating the select shows
	onNote bool // the note has focus, not the rating
	scale  map[int]bool
	next   key.Binding
	prev   key.Binding
	// back is shared by a page's fields: set when Shift+Tab leaves a
	// rating, so that the activity before takes the focus on its note,
	// the field just above.
	back  *bool
	first bool // the page's first field: Shift+Tab on its rating goes nowhere
}

var _ huh.Field = (*activityField)(nil)

func newActivityField(rating *huh.Select[int], value *int, note *huh.Input, scale []int, back *bool) *activityField {
	f := &activityField{rating: rating, note: note, value: value, scale: map[int]bool{}, back: back,
		next: key.NewBinding(key.WithKeys("enter", "tab")),
		prev: key.NewBinding(key.WithKeys("shift+tab")),
	}
	for _, v := range scale {
		f.scale[v] = true
	}
	return f
}

func (f *activityField) Init() tea.Cmd { return tea.Batch(f.rating.Init(), f.note.Init()) }

func (f *activityField) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		// Blinks, title updates and the like are for both.
		_, c1 := f.rating.Update(msg)
		_, c2 := f.note.Update(msg)
		return f, tea.Batch(c1, c2)
	}
	if !f.onNote {
		switch {
		case key.Matches(km, f.next):
			f.onNote = true
			return f, tea.Batch(f.rating.Blur(), f.note.Focus())
		case key.Matches(km, f.prev):
			*f.back = !f.first
		case len(km.Runes) == 1 && km.Type == tea.KeyRunes:
			if v, err := strconv.Atoi(string(km.Runes)); err == nil && f.scale[v] {
				*f.value = v
				f.rating.Value(f.value)
				return f, nil
			}
		}
		_, cmd := f.rating.Update(msg)
		return f, cmd
	}
	if key.Matches(km, f.prev) {
		f.onNote = false
		return f, tea.Batch(f.note.Blur(), f.rating.Focus())
	}
	_, cmd := f.note.Update(msg)
	return f, cmd
}

func (f *activityField) View() string { return f.rating.View() + "\n" + f.note.View() }

// Focus gives the rating the focus, or the note when the page moved back
// from the activity after.
func (f *activityField) Focus() tea.Cmd {
	if *f.back {
		*f.back = false
		f.onNote = true
		return f.note.Focus()
	}
	f.onNote = false
	return f.rating.Focus()
}

func (f *activityField) Blur() tea.Cmd {
	f.onNote = false
	return tea.Batch(f.rating.Blur(), f.note.Blur())
}

func (f *activityField) Error() error {
	if err := f.rating.Error(); err != nil {
		return err
	}
	return f.note.Error()
}

func (f *activityField) Run() error { return huh.NewForm(huh.NewGroup(f)).Run() }
func (f *activityField) RunAccessible(w io.Writer, r io.Reader) error {
	return f.rating.RunAccessible(w, r)
}
func (f *activityField) Skip() bool { return false }
func (f *activityField) Zoom() bool { return false }

func (f *activityField) KeyBinds() []key.Binding {
	if f.onNote {
		return f.note.KeyBinds()
	}
	return f.rating.KeyBinds()
}

func (f *activityField) WithTheme(t *huh.Theme) huh.Field {
	f.rating.WithTheme(t)
	f.note.WithTheme(t)
	return f
}

// WithAccessible is huh's deprecated switch; take asks plain questions of
// its own (--accessible), never through huh.
func (f *activityField) WithAccessible(bool) huh.Field { return f }

func (f *activityField) WithKeyMap(k *huh.KeyMap) huh.Field {
	f.rating.WithKeyMap(k)
	f.note.WithKeyMap(k)
	return f
}

func (f *activityField) WithWidth(w int) huh.Field {
	f.rating.WithWidth(w)
	f.note.WithWidth(w)
	return f
}

func (f *activityField) WithHeight(h int) huh.Field {
	f.rating.WithHeight(h)
	f.note.WithHeight(h)
	return f
}

// WithPosition tells the rating it is never the page's last stop (Enter
// goes on to the note), and the note it is never the first (Shift+Tab goes
// back to the rating), so that their help says what the keys do.
func (f *activityField) WithPosition(p huh.FieldPosition) huh.Field {
	f.first = p.IsFirst()
	r, n := p, p
	r.LastField = max(p.LastField, p.Field+1)
	n.FirstField = min(p.FirstField, p.Field-1)
	f.rating.WithPosition(r)
	f.note.WithPosition(n)
	return f
}

func (f *activityField) GetKey() string { return "" }
func (f *activityField) GetValue() any  { return *f.value }
