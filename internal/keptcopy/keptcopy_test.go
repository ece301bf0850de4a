package keptcopy

import "testing"

func TestNameIs(t *testing.T) {
	for _, c := range []struct {
		p    string
		n    int
		want string
	}{
		{"responses/ab12.yaml", 1, "responses/ab12.remote.yaml"},
		{"responses/ab12.yaml", 2, "responses/ab12.remote-2.yaml"},
		{"README", 1, "README.remote"},
		{".gitignore", 3, ".gitignore.remote-3"},
	} {
		got := Name(c.p, c.n)
		if got != c.want {
			t.Errorf("Name(%q, %d) = %q, want %q", c.p, c.n, got, c.want)
		}
	}
	for name, want := range map[string]bool{"ab12.remote.yaml": true, "ab12.remote-2.yaml": true, "ab12.yaml": false, "remote.yaml": false} {
		if Is(name) != want {
			t.Errorf("Is(%q) = %v", name, !want)
		}
	}
}
