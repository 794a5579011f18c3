package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"gongkai/generator/builder"
	"gongkai/generator/diag"
)

// The guides' fenced blocks say what they are in their info string, and
// TestGuides does with each what an author or an operator would:
//
//	```md content/notices/x.md          a file laid over the sample portal; with
//	                                    every other such file, it must build
//	```md content/notices/x.md 报错     a mistake: the ```text block after it holds
//	                                    exactly the messages gongkai gives for it
//	```toml config.toml                 added to the sample portal's config.toml
//	```toml                             must be valid TOML
//	```sh                               each line starting with gongkai is run in a
//	                                    copy of the sample portal and must succeed
//	                                    (serve is left out: it does not end)
//	```nginx / ```apache                its fingerprinted-asset pattern must match
//	                                    every asset a build writes, and no page;
//	                                    its deny rule must hide .gongkai-output/
//	                                    and nothing published, nor /.well-known/
//	```text                             shown as it is (trees, output)
//
// go test -run TestGuides -update rewrites the ```text blocks of mistakes
// with what gongkai says now.
var guides = []string{"../../docs/authoring.md", "../../docs/operating.md"}

type fence struct {
	file       string // the guide
	line       int    // of the opening fence
	lang, path string // from the info string
	mistake    bool
	body       string
	bodyStart  int // byte offsets of body in the guide, for -update
	bodyEnd    int
}

func fences(t *testing.T, guide string) (string, []fence) {
	t.Helper()
	raw, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	var out []fence
	var open *fence
	var marker string
	off := 0
	for i, l := range strings.SplitAfter(text, "\n") {
		trim := strings.TrimSpace(l)
		switch {
		case open == nil && strings.HasPrefix(trim, "```"):
			marker = trim[:strings.LastIndex(trim, "`")+1]
			info := strings.Fields(trim[len(marker):])
			f := fence{file: guide, line: i + 1, bodyStart: off + len(l)}
			if len(info) > 0 {
				f.lang = info[0]
			}
			if len(info) > 1 {
				f.path = info[1]
			}
			f.mistake = len(info) > 2 && info[2] == "报错"
			open = &f
		case open != nil && trim == marker:
			open.bodyEnd = off
			open.body = dedent(text[open.bodyStart:open.bodyEnd])
			out = append(out, *open)
			open = nil
		}
		off += len(l)
	}
	if open != nil {
		t.Fatalf("%s:%d: fence not closed", guide, open.line)
	}
	return text, out
}

// dedent removes the indentation of a block inside a list item.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n")
}

// samplePortal copies the repository's sample portal into a new directory.
func samplePortal(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"config.toml", "content", "data", "static", "revisions.jsonl"} {
		src := filepath.Join(root, name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	return dir
}

var guideNow = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// checkSite runs a check of dir and returns the problems it reports.
func checkSite(t *testing.T, root, dir string) diag.List {
	t.Helper()
	res, err := builder.Run(builder.Options{Source: os.DirFS(dir), SourceDir: dir, Theme: os.DirFS(root), Check: true, Now: guideNow})
	got := append(diag.List{}, res.Warnings...)
	var list diag.List
	if errors.As(err, &list) {
		got = append(got, list...)
	} else if err != nil {
		t.Fatalf("check: %v", err)
	}
	return got
}

func write(t *testing.T, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGuides(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	good := samplePortal(t, root)
	var commands [][2]string // guide:line, command line
	var servers []fence
	for _, guide := range guides {
		text, blocks := fences(t, guide)
		rewritten := text
		for i, f := range blocks {
			where := fmt.Sprintf("%s:%d", f.file, f.line)
			switch {
			case f.lang == "md" && f.path == "":
				t.Errorf("%s: an md block names its file: ```md content/…/x.md", where)
			case f.lang == "md" && !f.mistake:
				write(t, good, f.path, f.body)
			case f.lang == "md":
				if i+1 >= len(blocks) || blocks[i+1].lang != "text" {
					t.Errorf("%s: a mistake is followed by a ```text block with its messages", where)
					continue
				}
				want := blocks[i+1]
				site := samplePortal(t, root)
				write(t, site, f.path, f.body)
				var mine diag.List
				for _, e := range checkSite(t, root, site) {
					if e.Pos.File == f.path {
						mine = append(mine, e)
					}
				}
				if len(mine) == 0 {
					t.Errorf("%s: the mistake went unreported", where)
					continue
				}
				got := mine.Error() + "\n"
				if *update {
					rewritten = strings.Replace(rewritten, text[want.bodyStart:want.bodyEnd], indentLike(text[want.bodyStart:want.bodyEnd], got), 1)
				} else if got != want.body {
					t.Errorf("%s: gongkai says\n%s\nthe guide says\n%s", where, got, want.body)
				}
			case f.lang == "toml" && f.path == "config.toml":
				cfg, _ := os.ReadFile(filepath.Join(good, "config.toml"))
				write(t, good, "config.toml", string(cfg)+"\n"+f.body)
			case f.lang == "toml":
				var v map[string]any
				if _, err := toml.Decode(f.body, &v); err != nil {
					t.Errorf("%s: not TOML: %v", where, err)
				}
			case f.lang == "sh":
				for _, l := range strings.Split(f.body, "\n") {
					if strings.HasPrefix(l, "gongkai ") && !strings.HasPrefix(l, "gongkai serve") {
						commands = append(commands, [2]string{where, l})
					}
				}
			case f.lang == "nginx" || f.lang == "apache":
				servers = append(servers, f)
			case f.lang == "text":
			default:
				t.Errorf("%s: say what the block is (```md FILE, ```toml, ```sh, ```nginx, ```apache, ```text), not %q", where, f.lang)
			}
		}
		if *update && rewritten != text {
			os.WriteFile(guide, []byte(rewritten), 0o644)
		}
	}
	if errs := checkSite(t, root, good).Errors(); len(errs) > 0 {
		t.Errorf("the guides' examples do not build together:\n%v", errs)
	}
	t.Run("commands", func(t *testing.T) { guideCommands(t, root, commands) })
	t.Run("servers", func(t *testing.T) { guideServers(t, root, servers) })
}

// indentLike gives body the indentation of old's first line.
func indentLike(old, body string) string {
	indent := old[:len(old)-len(strings.TrimLeft(old, " "))]
	if indent == "" {
		return body
	}
	lines := strings.SplitAfter(body, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "")
}

// guideCommands runs the guides' gongkai commands, in order, in a copy of
// the sample portal, as an author would type them there.
func guideCommands(t *testing.T, root string, commands [][2]string) {
	dir := samplePortal(t, root)
	t.Chdir(dir)
	for _, c := range commands {
		args, err := splitArgs(strings.TrimPrefix(c[1], "gongkai "))
		if err != nil {
			t.Errorf("%s: %v", c[0], err)
			continue
		}
		var out bytes.Buffer
		env := Env{Stdout: &out, Stderr: &out, Theme: os.DirFS(root), Now: func() time.Time { return guideNow }}
		if code := Main(env, args); code != ExitOK {
			t.Errorf("%s: %s = %d:\n%s", c[0], c[1], code, out.String())
		}
		if args[0] == "new" {
			writeBodies(t, dir) // the guide's next step: 编辑
		}
	}
	var out bytes.Buffer
	if code := Main(Env{Stdout: &out, Stderr: &out, Theme: os.DirFS(root), Now: func() time.Time { return guideNow }}, []string{"check"}); code != ExitOK {
		t.Errorf("after the guides' commands the portal does not pass check:\n%s", out.String())
	}
}

// splitArgs splits a command line as a shell would, for the simple
// quoting the guides use.
func splitArgs(s string) ([]string, error) {
	var args []string
	var b strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			b.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == '#' && !in:
			return args, nil
		case r == ' ' || r == '\t':
			if in {
				args = append(args, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", s)
	}
	if in {
		args = append(args, b.String())
	}
	return args, nil
}

// Patterns for long-lived files in the server examples.
var (
	nginxLocation = regexp.MustCompile(`location ~\*? "([^"]+)" \{[^}]*expires max`)
	apacheFiles   = regexp.MustCompile(`<FilesMatch "([^"]+)">[^<]*immutable`)
	nginxDeny     = regexp.MustCompile(`location ~\*? "?([^"\s]+)"? \{\s*deny all;`)
	apacheDeny    = regexp.MustCompile(`<DirectoryMatch "([^"]+)">\s*Require all denied`)
)

// reachable are paths a server must keep serving whatever gongkai
// publishes: certificate renewal (ACME) reads /.well-known/.
var reachable = []string{"/.well-known/acme-challenge/x1y2z3", "/.well-known/security.txt"}

// guideServers builds the sample portal and checks that each server
// example caches exactly the fingerprinted files for long.
func guideServers(t *testing.T, root string, servers []fence) {
	if len(servers) == 0 {
		t.Fatal("no server examples found")
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: os.DirFS(root), SourceDir: root, Theme: os.DirFS(root), Dest: dest, Now: guideNow}); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			files = append(files, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	for _, f := range servers {
		re := nginxLocation
		if f.lang == "apache" {
			re = apacheFiles
		}
		m := re.FindStringSubmatch(f.body)
		if m == nil {
			t.Errorf("%s:%d: no long-cache rule found", f.file, f.line)
			continue
		}
		long, err := regexp.Compile(m[1])
		if err != nil {
			t.Errorf("%s:%d: %v", f.file, f.line, err)
			continue
		}
		assets := 0
		for _, name := range files {
			fingerprinted := strings.HasPrefix(name, "/assets/")
			if fingerprinted {
				assets++
			}
			if subject := name; f.lang == "apache" {
				subject = filepath.Base(name) // FilesMatch sees the file name
				if long.MatchString(subject) != fingerprinted {
					t.Errorf("%s:%d: %s cached for long = %v", f.file, f.line, name, !fingerprinted)
				}
			} else if long.MatchString(subject) != fingerprinted {
				t.Errorf("%s:%d: %s cached for long = %v", f.file, f.line, name, !fingerprinted)
			}
		}
		if assets == 0 {
			t.Errorf("the build wrote no assets")
		}
		guideDeny(t, f, dest, files)
	}
}

// guideDeny checks a server example's deny rule: it hides gongkai's
// marker and staging directory, and neither a published file nor
// /.well-known/. Apache's DirectoryMatch sees directories on disk, nginx's
// location the request path.
func guideDeny(t *testing.T, f fence, dest string, files []string) {
	re := nginxDeny
	if f.lang == "apache" {
		re = apacheDeny
	}
	m := re.FindStringSubmatch(f.body)
	if m == nil {
		t.Errorf("%s:%d: no rule hides .gongkai-output", f.file, f.line)
		return
	}
	deny, err := regexp.Compile(m[1])
	if err != nil {
		t.Errorf("%s:%d: %v", f.file, f.line, err)
		return
	}
	subject := func(p string) string {
		if f.lang == "apache" {
			return filepath.ToSlash(dest) + path.Dir(p)
		}
		return p
	}
	hidden := 0
	for _, name := range append(files, reachable...) {
		gongkai := strings.HasPrefix(name, "/.gongkai-output/")
		if gongkai {
			hidden++
		}
		if deny.MatchString(subject(name)) != gongkai {
			t.Errorf("%s:%d: %s denied = %v", f.file, f.line, name, !gongkai)
		}
	}
	if hidden == 0 {
		t.Errorf("the build left nothing in .gongkai-output to hide")
	}
}
