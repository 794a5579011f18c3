package builder

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuildCache decodes and encodes the build cache of the site in
// GONGKAI_BENCH_SITE after a build (bench/sites/N/.gongkai/cache).
func BenchmarkBuildCache(b *testing.B) {
	dir := os.Getenv("GONGKAI_BENCH_SITE")
	if dir == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a built site")
	}
	data, err := os.ReadFile(filepath.Join(dir, ".gongkai/cache", buildFile))
	if err != nil {
		b.Skip(err)
	}
	var c lastBuild
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			c = lastBuild{}
			if err := c.decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			c.encode(nil)
		}
	})
}

// BenchmarkParsedCache loads the parse cache of the site in
// GONGKAI_BENCH_SITE after a build.
func BenchmarkParsedCache(b *testing.B) {
	dir := os.Getenv("GONGKAI_BENCH_SITE")
	if dir == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a built site")
	}
	cache := filepath.Join(dir, ".gongkai/cache")
	if _, err := os.Stat(filepath.Join(cache, shardFile(0))); err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		loadParsed(cache)
	}
}
