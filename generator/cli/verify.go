package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"gongkai/generator/record"
)

// Bounds of gongkai verify on a URL: a log or page bigger than these, or
// a site slower than the timeout, is not a copy worth reading.
const (
	verifyMaxLog  = 256 << 20
	verifyMaxPage = 32 << 20
)

// runVerify checks a published copy (a folder or a URL) against its own
// 修订记录.
func runVerify(env Env, args []string) int {
	flags := newFlags(env, "verify")
	timeout := flags.Duration("timeout", 10*time.Minute, "从网址核对时最长用多少`时间`，如 30s、5m")
	targets, code := parseMixed(flags, args)
	if code >= 0 {
		return code
	}
	if len(targets) != 1 {
		usageError(flags, "写一个要核对的目录或网址，如 gongkai verify public 或 gongkai verify https://gonghui.example.org/")
		return ExitUsage
	}
	target := targets[0]
	var get record.Getter
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		get = httpGetter(u, *timeout)
	} else {
		if st, err := os.Stat(target); err != nil || !st.IsDir() {
			fmt.Fprintf(env.Stderr, "gongkai verify：找不到目录 %s（也不是 http:// 或 https:// 开头的网址）\n", target)
			return ExitUsage
		}
		dir := os.DirFS(target)
		get = func(name string) ([]byte, error) { return fs.ReadFile(dir, strings.TrimPrefix(name, "/")) }
	}
	rep, err := record.Verify(get)
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai verify：%v\n", err)
		return ExitContent
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(env.Stdout, "不符："+p)
	}
	if !rep.OK() {
		fmt.Fprintf(env.Stdout, "\n%s：修订记录 %d 条，核对页面 %d 个，发现 %d 处不符（见上）。\n", target, rep.Entries, rep.Pages, len(rep.Problems))
		return ExitContent
	}
	fmt.Fprintf(env.Stdout, "%s：修订记录 %d 条，链条完整；%d 个页面的正文都与最后一条记录一致。\n", target, rep.Entries, rep.Pages)
	return ExitOK
}

// httpGetter reads a published copy's files over HTTP, each within the
// size bounds and all within the timeout.
func httpGetter(base *url.URL, timeout time.Duration) record.Getter {
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: timeout}
	return func(name string) ([]byte, error) {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("超过了 --timeout 限定的时间")
		}
		ref, err := url.Parse(strings.TrimPrefix(name, "/"))
		if err != nil {
			return nil, err
		}
		u := base.ResolveReference(ref)
		resp, err := client.Get(u.String())
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
			return nil, fmt.Errorf("%s：%w", u, fs.ErrNotExist)
		case resp.StatusCode != http.StatusOK:
			return nil, fmt.Errorf("%s：服务器回答 %s", u, resp.Status)
		}
		limit := int64(verifyMaxPage)
		if strings.HasSuffix(name, record.File) {
			limit = verifyMaxLog
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		if err == nil && int64(len(data)) > limit {
			err = errors.New("文件太大，不像是门户的页面")
		}
		return data, err
	}
}
