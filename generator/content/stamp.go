package content

// mix hashes a file's status fields (FNV-1a over their bytes), for the
// stampOf of each platform.
func mix(vs ...uint64) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range vs {
		for range 8 {
			h = (h ^ v&0xff) * 1099511628211
			v >>= 8
		}
	}
	return h | 1
}
