package serve

import (
	"image"
	"image/color"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qr "github.com/piglig/go-qr"
)

var (
	svgSize = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	svgRun  = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
)

// decodeSVG draws a QR code's SVG as qrSVG writes it, at 4 pixels a
// module, and reads it back with a QR decoder.
func decodeSVG(t *testing.T, svg string) string {
	t.Helper()
	m := svgSize.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox in %.200s", svg)
	}
	size, _ := strconv.Atoi(m[1])
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, r := range svgRun.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		n, _ := strconv.Atoi(r[3])
		for px := x * scale; px < (x+n)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	text, err := qr.Decode(img)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return text
}

// TestLinksPage: the facilitator's printable page has a card per
// participant, whose QR code reads back as their link, at the address
// the page was opened at; a participant's link does not open it.
func TestLinksPage(t *testing.T) {
	f := newFixture(t, 3)
	req, _ := http.NewRequest(http.MethodGet, facilitatorPath(f.keys())+"links", nil)
	req.Host = "192.168.1.20:8080"
	req.RemoteAddr = "192.168.1.21:5000"
	w := newRecorder()
	f.h.ServeHTTP(w, req)
	page := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("links page: %d\n%s", w.Code, page)
	}
	svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(page, -1)
	if len(svgs) != 3 {
		t.Fatalf("%d QR codes, want 3", len(svgs))
	}
	for i, svg := range svgs {
		want := "http://192.168.1.20:8080" + f.link(i)
		if got := decodeSVG(t, svg); got != want {
			t.Errorf("card %d's QR code reads %q, want %q", i, got, want)
		}
		if !strings.Contains(page, want+"</p>") || !strings.Contains(page, f.people[i].Name) {
			t.Errorf("card %d does not show the link and name", i)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "style=") {
		t.Error("the page has script or inline style")
	}
	// Behind a proxy on this machine that says HTTPS.
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Host = "skills.example.org"
	w = newRecorder()
	f.h.ServeHTTP(w, req)
	if !strings.Contains(w.Body.String(), "https://skills.example.org"+f.link(0)) {
		t.Error("behind a proxy: the links are not https")
	}
	if w := f.get(f.link(0) + "links"); w.Code != http.StatusNotFound {
		t.Errorf("a participant's link opens the links page: %d", w.Code)
	}
	if w := f.get("/f/" + f.keys().token(kindParticipant, f.people[0].ID) + "/links"); w.Code != http.StatusNotFound {
		t.Errorf("a participant's token opens the links page: %d", w.Code)
	}
}
