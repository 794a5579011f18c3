package builder

import (
	"gongkai/generator/cache"
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
func (sh *parsedShard) encode() ([]byte, error) {
	n := 64
	for i := range sh.Recs {
		n += 256 + len(sh.Recs[i].Page.Front)
	}
	e := encoder{Encoder: cache.Encoder{B: make([]byte, 0, n)}}
	e.U64(uint64(sh.SavedAt))
	e.Uv(uint64(len(sh.Recs)))
	for i := range sh.Recs {
		e.U64(sh.Recs[i].PIIKey)
		if err := e.page(&sh.Recs[i].Page); err != nil {
			return nil, err
		}
	}
	return e.B, nil
}

func (sh *parsedShard) decode(data []byte) error {
	d := newDecoder(data)
	sh.SavedAt = int64(d.U64())
	n := d.Count()
	if n > d.Left()/16 { // a page takes far more than 16 bytes
		return cache.ErrCorrupt
	}
	sh.Recs = make([]parsedRec, n)
	for i := range sh.Recs {
		sh.Recs[i].PIIKey = d.U64()
		d.page(&sh.Recs[i].Page)
	}
	if !d.Done() {
		return cache.ErrCorrupt
	}
	return nil
}

func (e *encoder) page(p *content.Page) error {
	e.Str(p.File)
	e.Str(p.Rel)
	e.Str(p.Section)
	e.Str(p.Name)
	e.Bool(p.IsIndex)
	e.Str(p.BundleDir)
	e.strs(p.Resources)
	e.Str(string(p.Body))
	e.int(p.BodyLine)
	e.Str(p.Front)
	e.U64(p.Hash)
	e.Str(p.ContentHash)
	e.int(int(p.Size))
	e.U64(uint64(p.ModTime))
	e.U64(p.Stamp)
	m := &p.Meta
	e.Str(m.Title)
	e.date(m.Date)
	e.date(m.Lastmod)
	e.Bool(m.Draft)
	e.date(m.PublishDate)
	e.date(m.ExpiryDate)
	e.Str(m.Summary)
	e.Str(m.Slug)
	e.strs(m.Aliases)
	e.strs(m.Tags)
	e.int(m.Weight)
	e.Bool(m.Milestone)
	e.Str(m.ChangeReason)
	if e.present(m.Review != nil) {
		r := m.Review
		e.Str(r.Author)
		e.Str(r.Reviewer)
		e.date(r.Reviewed)
		e.Str(r.Signer)
		e.date(r.Signed)
		e.Str(r.SecrecyReviewer)
		e.date(r.SecrecyReviewed)
		e.Str(r.Hash)
	}
	if e.present(p.Notice != nil) {
		n := p.Notice
		e.Str(n.DocNumber)
		e.Str(n.Issuer)
		e.Str(n.Recipients)
		e.strs(n.Attachments)
		e.Str(n.CC)
		e.Str(n.PrintedBy)
		e.date(n.PrintedDate)
		e.Str(n.IndexNo)
		e.strs(n.ModelUnits)
		e.Str(n.Signer)
		e.Str(n.Note)
		e.date(n.DocDate)
		e.Str(n.Direction)
	}
	if e.present(p.Report != nil) {
		r := p.Report
		e.Str(r.Period)
		e.Str(r.Issuer)
		e.Uv(uint64(len(r.Figures)))
		for _, k := range sortedKeys(r.Figures) {
			e.Str(k)
			e.float(r.Figures[k])
		}
	}
	if e.present(p.Case != nil) {
		e.strs(p.Case.Units)
	}
	if e.present(p.Disclosure != nil) {
		d := p.Disclosure
		e.Str(d.Unit)
		e.Str(d.Category)
		e.date(d.PublicityStart)
		e.date(d.PublicityEnd)
		e.int(d.PublicityDays)
		e.Str(d.Contact)
	}
	if e.present(p.Unit != nil) {
		u := p.Unit
		e.Str(u.Parent)
		e.Str(u.Kind)
		e.Str(u.District)
		e.date(u.Established)
		e.int(u.Employees)
		e.int(u.Members)
		e.Str(u.Chair)
		e.Str(u.Contact)
		e.Str(u.Address)
		e.Str(u.Model)
		e.Uv(uint64(len(u.Status)))
		for _, y := range sortedKeys(u.Status) {
			s := u.Status[y]
			e.Str(y)
			e.Bool(s.StaffCongress)
			e.Bool(s.CollectiveContract)
			e.Bool(s.LaborSupervision)
			e.Str(s.WorkersHome)
			e.Bool(s.ServiceStation)
			e.Bool(s.LegalPerson)
			e.Bool(s.FundsAudit)
			e.float(s.RotationTrained)
			e.float(s.Certified)
			e.float(s.NewChairTrained)
			e.int(s.Cadres)
			e.int(s.NewChairs)
			e.int(s.Members)
			e.strs(s.Awards)
			e.extra(s.Extra)
		}
	}
	if e.present(p.Organization != nil) {
		o := p.Organization
		e.strs(o.Functions)
		e.Uv(uint64(len(o.Leaders)))
		for _, l := range o.Leaders {
			e.Str(l.Name)
			e.Str(l.Title)
			e.Str(l.Duties)
		}
		e.Uv(uint64(len(o.Departments)))
		for _, dp := range o.Departments {
			e.Str(dp.Name)
			e.Str(dp.Duties)
			e.Str(dp.Phone)
		}
	}
	return e.err
}

func (d *decoder) page(p *content.Page) {
	p.File = d.Str()
	p.Rel = d.Str()
	p.Section = d.Str()
	p.Name = d.Str()
	p.IsIndex = d.Bool()
	p.BundleDir = d.Str()
	p.Resources = d.strs()
	if b := d.Str(); b != "" {
		p.Body = []byte(b)
	}
	p.BodyLine = d.int()
	p.Front = d.Str()
	p.Hash = d.U64()
	p.ContentHash = d.Str()
	p.Size = int64(d.int())
	p.ModTime = int64(d.U64())
	p.Stamp = d.U64()
	m := &p.Meta
	m.Title = d.Str()
	d.date(&m.Date)
	d.date(&m.Lastmod)
	m.Draft = d.Bool()
	d.date(&m.PublishDate)
	d.date(&m.ExpiryDate)
	m.Summary = d.Str()
	m.Slug = d.Str()
	m.Aliases = d.strs()
	m.Tags = d.strs()
	m.Weight = d.int()
	m.Milestone = d.Bool()
	m.ChangeReason = d.Str()
	if d.Bool() {
		r := &content.Review{Author: d.Str(), Reviewer: d.Str()}
		d.date(&r.Reviewed)
		r.Signer = d.Str()
		d.date(&r.Signed)
		r.SecrecyReviewer = d.Str()
		d.date(&r.SecrecyReviewed)
		r.Hash = d.Str()
		m.Review = r
	}
	if d.Bool() {
		n := &content.Notice{}
		n.DocNumber = d.Str()
		n.Issuer = d.Str()
		n.Recipients = d.Str()
		n.Attachments = d.strs()
		n.CC = d.Str()
		n.PrintedBy = d.Str()
		d.date(&n.PrintedDate)
		n.IndexNo = d.Str()
		n.ModelUnits = d.strs()
		n.Signer = d.Str()
		n.Note = d.Str()
		d.date(&n.DocDate)
		n.Direction = d.Str()
		p.Notice = n
	}
	if d.Bool() {
		r := &content.Report{Period: d.Str(), Issuer: d.Str()}
		if k := d.Count(); k > 0 {
			r.Figures = make(map[string]float64, k)
			for range k {
				key := d.Str()
				r.Figures[key] = d.float()
			}
		}
		p.Report = r
	}
	if d.Bool() {
		p.Case = &content.Case{Units: d.strs()}
	}
	if d.Bool() {
		x := &content.Disclosure{Unit: d.Str(), Category: d.Str()}
		d.date(&x.PublicityStart)
		d.date(&x.PublicityEnd)
		x.PublicityDays = d.int()
		x.Contact = d.Str()
		p.Disclosure = x
	}
	if d.Bool() {
		u := &content.Unit{Parent: d.Str(), Kind: d.Str(), District: d.Str()}
		d.date(&u.Established)
		u.Employees = d.int()
		u.Members = d.int()
		u.Chair = d.Str()
		u.Contact = d.Str()
		u.Address = d.Str()
		u.Model = d.Str()
		if k := d.Count(); k > 0 {
			u.Status = make(map[string]content.UnitStatus, k)
			for range k {
				y := d.Str()
				var s content.UnitStatus
				s.StaffCongress = d.Bool()
				s.CollectiveContract = d.Bool()
				s.LaborSupervision = d.Bool()
				s.WorkersHome = d.Str()
				s.ServiceStation = d.Bool()
				s.LegalPerson = d.Bool()
				s.FundsAudit = d.Bool()
				s.RotationTrained = d.float()
				s.Certified = d.float()
				s.NewChairTrained = d.float()
				s.Cadres = d.int()
				s.NewChairs = d.int()
				s.Members = d.int()
				s.Awards = d.strs()
				s.Extra = d.extra()
				u.Status[y] = s
			}
		}
		p.Unit = u
	}
	if d.Bool() {
		o := &content.Organization{Functions: d.strs()}
		if n := d.Count(); n > 0 {
			o.Leaders = make([]content.Leader, n)
			for i := range o.Leaders {
				o.Leaders[i] = content.Leader{Name: d.Str(), Title: d.Str(), Duties: d.Str()}
			}
		}
		if n := d.Count(); n > 0 {
			o.Departments = make([]content.Department, n)
			for i := range o.Departments {
				o.Departments[i] = content.Department{Name: d.Str(), Duties: d.Str(), Phone: d.Str()}
			}
		}
		p.Organization = o
	}
}

// extra encodes declared yearly fields: each key with a tag byte for its
// type (the four TOML gives a plain value) and the value.
func (e *encoder) extra(m map[string]any) {
	e.Uv(uint64(len(m)))
	for _, k := range sortedKeys(m) {
		e.Str(k)
		switch v := m[k].(type) {
		case bool:
			e.Uv(0)
			e.Bool(v)
		case int64:
			e.Uv(1)
			e.int(int(v))
		case float64:
			e.Uv(2)
			e.float(v)
		case string:
			e.Uv(3)
			e.Str(v)
		default:
			e.Uv(4) // not made by the decoder; read back as nil
		}
	}
}

func (d *decoder) extra() map[string]any {
	n := d.Count()
	if n == 0 {
		return nil
	}
	m := make(map[string]any, n)
	for range n {
		k := d.Str()
		switch d.Uv() {
		case 0:
			m[k] = d.Bool()
		case 1:
			m[k] = int64(d.int())
		case 2:
			m[k] = d.float()
		case 3:
			m[k] = d.Str()
		default:
			m[k] = nil
		}
	}
	return m
}

func (e *encoder) int(v int)       { e.Uv(uint64(v)<<1 ^ uint64(v>>63)) } // zigzag
func (e *encoder) float(v float64) { e.U64(math.Float64bits(v)) }
func (e *encoder) present(ok bool) bool {
	e.Bool(ok)
	return ok
}

func (e *encoder) strs(ss []string) {
	e.Uv(uint64(len(ss)))
	for _, s := range ss {
		e.Str(s)
	}
}

// date encodes d; an error (a date time cannot marshal) is kept for page
// to return.
func (e *encoder) date(d tomlpos.Date) {
	if d.IsZero() {
		e.Str("")
		return
	}
	b, err := d.AppendBinary(e.scratch[:0])
	e.scratch = b
	e.Str(string(b))
	if e.err == nil {
		e.err = err
	}
}

func (d *decoder) int() int {
	u := d.Uv()
	return int(int64(u>>1) ^ -int64(u&1))
}

func (d *decoder) float() float64 { return math.Float64frombits(d.U64()) }

func (d *decoder) strs() []string {
	n := d.Count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.Str()
	}
	return ss
}

func (d *decoder) date(t *tomlpos.Date) {
	if b := d.Str(); b != "" {
		if t.UnmarshalBinary([]byte(b)) != nil {
			d.Bad = true
		}
	}
}
