package builder

import (
	"math"

	"gongkai/generator/content"
	"gongkai/generator/tomlpos"
)

// The parse cache is read on every build, so its pages are encoded by
// hand rather than with gob: decoding slices every string out of one copy
// of the file instead of allocating each, and needs no reflection (gob
// took a tenth of a rebuild of 10,000 pages). TestParsedCacheCodec fills
// every field of content.Page by reflection and fails when a field is
// added to the content model but not here.
const parsedMagic = "GKPC"

func (sh *parsedShard) encode() ([]byte, error) {
	n := 64
	for i := range sh.Recs {
		n += 256 + len(sh.Recs[i].Page.Front)
	}
	e := encoder{b: make([]byte, 0, n)}
	e.b = append(e.b, parsedMagic...)
	e.uv(uint64(sh.Version))
	e.u64(uint64(sh.SavedAt))
	e.uv(uint64(len(sh.Recs)))
	for i := range sh.Recs {
		e.u64(sh.Recs[i].PIIKey)
		if err := e.page(&sh.Recs[i].Page); err != nil {
			return nil, err
		}
	}
	return seal(e.b), nil
}

func (sh *parsedShard) decode(data []byte) error {
	data, err := open(data, parsedMagic)
	if err != nil {
		return err
	}
	d := decoder{s: unsafeString(data)}
	if d.raw(len(parsedMagic)) != parsedMagic {
		return errCorrupt
	}
	if sh.Version = int(d.uv()); sh.Version != cacheVersion {
		return errCorrupt
	}
	sh.SavedAt = int64(d.u64())
	n := d.count()
	if n > (len(d.s)-d.i)/16 { // a page takes far more than 16 bytes
		return errCorrupt
	}
	sh.Recs = make([]parsedRec, n)
	for i := range sh.Recs {
		sh.Recs[i].PIIKey = d.u64()
		d.page(&sh.Recs[i].Page)
	}
	if d.bad || d.i != len(d.s) {
		return errCorrupt
	}
	return nil
}

func (e *encoder) page(p *content.Page) error {
	e.str(p.File)
	e.str(p.Rel)
	e.str(p.Section)
	e.str(p.Name)
	e.bool(p.IsIndex)
	e.str(p.BundleDir)
	e.strs(p.Resources)
	e.str(string(p.Body))
	e.int(p.BodyLine)
	e.str(p.Front)
	e.u64(p.Hash)
	e.int(int(p.Size))
	e.u64(uint64(p.ModTime))
	e.u64(p.Stamp)
	m := &p.Meta
	e.str(m.Title)
	e.date(m.Date)
	e.date(m.Lastmod)
	e.bool(m.Draft)
	e.date(m.PublishDate)
	e.date(m.ExpiryDate)
	e.str(m.Summary)
	e.str(m.Slug)
	e.strs(m.Aliases)
	e.strs(m.Tags)
	e.int(m.Weight)
	e.bool(m.Milestone)
	if e.present(p.Notice != nil) {
		n := p.Notice
		e.str(n.DocNumber)
		e.str(n.Issuer)
		e.str(n.Recipients)
		e.strs(n.Attachments)
		e.str(n.CC)
		e.str(n.PrintedBy)
		e.date(n.PrintedDate)
		e.str(n.IndexNo)
	}
	if e.present(p.Report != nil) {
		r := p.Report
		e.str(r.Period)
		e.str(r.Issuer)
		e.uv(uint64(len(r.Figures)))
		for _, k := range sortedKeys(r.Figures) {
			e.str(k)
			e.float(r.Figures[k])
		}
	}
	if e.present(p.Case != nil) {
		e.strs(p.Case.Units)
	}
	if e.present(p.Disclosure != nil) {
		d := p.Disclosure
		e.str(d.Unit)
		e.str(d.Category)
		e.date(d.PublicityStart)
		e.date(d.PublicityEnd)
		e.int(d.PublicityDays)
		e.str(d.Contact)
	}
	if e.present(p.Unit != nil) {
		u := p.Unit
		e.str(u.Parent)
		e.str(u.Kind)
		e.str(u.District)
		e.date(u.Established)
		e.int(u.Employees)
		e.int(u.Members)
		e.str(u.Chair)
		e.str(u.Contact)
		e.str(u.Address)
		e.str(u.Model)
		e.uv(uint64(len(u.Status)))
		for _, y := range sortedKeys(u.Status) {
			s := u.Status[y]
			e.str(y)
			e.bool(s.StaffCongress)
			e.bool(s.CollectiveContract)
			e.bool(s.LaborSupervision)
			e.str(s.WorkersHome)
			e.bool(s.ServiceStation)
			e.bool(s.LegalPerson)
			e.bool(s.FundsAudit)
			e.float(s.RotationTrained)
			e.float(s.Certified)
			e.float(s.NewChairTrained)
			e.int(s.Members)
			e.strs(s.Awards)
		}
	}
	return e.err
}

func (d *decoder) page(p *content.Page) {
	p.File = d.str()
	p.Rel = d.str()
	p.Section = d.str()
	p.Name = d.str()
	p.IsIndex = d.bool()
	p.BundleDir = d.str()
	p.Resources = d.strs()
	if b := d.str(); b != "" {
		p.Body = []byte(b)
	}
	p.BodyLine = d.int()
	p.Front = d.str()
	p.Hash = d.u64()
	p.Size = int64(d.int())
	p.ModTime = int64(d.u64())
	p.Stamp = d.u64()
	m := &p.Meta
	m.Title = d.str()
	d.date(&m.Date)
	d.date(&m.Lastmod)
	m.Draft = d.bool()
	d.date(&m.PublishDate)
	d.date(&m.ExpiryDate)
	m.Summary = d.str()
	m.Slug = d.str()
	m.Aliases = d.strs()
	m.Tags = d.strs()
	m.Weight = d.int()
	m.Milestone = d.bool()
	if d.bool() {
		n := &content.Notice{}
		n.DocNumber = d.str()
		n.Issuer = d.str()
		n.Recipients = d.str()
		n.Attachments = d.strs()
		n.CC = d.str()
		n.PrintedBy = d.str()
		d.date(&n.PrintedDate)
		n.IndexNo = d.str()
		p.Notice = n
	}
	if d.bool() {
		r := &content.Report{Period: d.str(), Issuer: d.str()}
		if k := d.count(); k > 0 {
			r.Figures = make(map[string]float64, k)
			for range k {
				key := d.str()
				r.Figures[key] = d.float()
			}
		}
		p.Report = r
	}
	if d.bool() {
		p.Case = &content.Case{Units: d.strs()}
	}
	if d.bool() {
		x := &content.Disclosure{Unit: d.str(), Category: d.str()}
		d.date(&x.PublicityStart)
		d.date(&x.PublicityEnd)
		x.PublicityDays = d.int()
		x.Contact = d.str()
		p.Disclosure = x
	}
	if d.bool() {
		u := &content.Unit{Parent: d.str(), Kind: d.str(), District: d.str()}
		d.date(&u.Established)
		u.Employees = d.int()
		u.Members = d.int()
		u.Chair = d.str()
		u.Contact = d.str()
		u.Address = d.str()
		u.Model = d.str()
		if k := d.count(); k > 0 {
			u.Status = make(map[string]content.UnitStatus, k)
			for range k {
				y := d.str()
				var s content.UnitStatus
				s.StaffCongress = d.bool()
				s.CollectiveContract = d.bool()
				s.LaborSupervision = d.bool()
				s.WorkersHome = d.str()
				s.ServiceStation = d.bool()
				s.LegalPerson = d.bool()
				s.FundsAudit = d.bool()
				s.RotationTrained = d.float()
				s.Certified = d.float()
				s.NewChairTrained = d.float()
				s.Members = d.int()
				s.Awards = d.strs()
				u.Status[y] = s
			}
		}
		p.Unit = u
	}
}

func (e *encoder) int(v int)       { e.uv(uint64(v)<<1 ^ uint64(v>>63)) } // zigzag
func (e *encoder) float(v float64) { e.u64(math.Float64bits(v)) }
func (e *encoder) present(ok bool) bool {
	e.bool(ok)
	return ok
}

func (e *encoder) strs(ss []string) {
	e.uv(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// date encodes d; an error (a date time cannot marshal) is kept for page
// to return.
func (e *encoder) date(d tomlpos.Date) {
	if d.IsZero() {
		e.str("")
		return
	}
	b, err := d.AppendBinary(e.scratch[:0])
	e.scratch = b
	e.str(string(b))
	if e.err == nil {
		e.err = err
	}
}

func (d *decoder) int() int {
	u := d.uv()
	return int(int64(u>>1) ^ -int64(u&1))
}

func (d *decoder) float() float64 { return math.Float64frombits(d.u64()) }

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *decoder) date(t *tomlpos.Date) {
	if b := d.str(); b != "" {
		if t.UnmarshalBinary([]byte(b)) != nil {
			d.bad = true
		}
	}
}
