package packet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"auditroom/backend/audit"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
	"auditroom/backend/store"
)

// Importer says how files that arrive with a response are imported: who
// imports them, with which parsers, and into which search index, opened
// only when there are files to import, so that a refused packet touches
// nothing.
type Importer struct {
	Actor     string
	Extractor ingest.Extractor
	Index     func(ctx context.Context) (*index.Index, error) // nil: not indexed
}

// files imports files from memory as evidence provided by management.
func (im Importer) files(ctx context.Context, h *store.Home, engID, pack, packSHA256 string, files []ingest.File) (ingest.Summary, error) {
	opt := ingest.Options{Actor: im.Actor, Extractor: im.Extractor, Source: audit.FromManagement}
	if im.Index != nil {
		ix, err := im.Index(ctx)
		if err != nil {
			return ingest.Summary{}, err
		}
		opt.Index = ix
	}
	sum, err := ingest.ImportFiles(ctx, h, engID, pack, packSHA256, files, opt, nil)
	if err == nil && sum.Canceled {
		err = audit.Errorf(audit.ECANCELED, "canceled")
	}
	return sum, err
}

// Respond saves the compliance lead's answer to a finding in a responder
// copy. Files named by paths are first imported as evidence through the
// usual import, with the provenance "provided by management", and added
// to the answer's evidence; each must be a file of at most
// ingest.MaxInMemory bytes.
func Respond(ctx context.Context, h *store.Home, engID string, a findings.Answer, paths []string, im Importer) (findings.Response, error) {
	e, err := h.Engagement(ctx, engID)
	if err != nil {
		return findings.Response{}, err
	}
	if e.Role != audit.Responder {
		return findings.Response{}, audit.Errorf(audit.EINVALID, "engagement %s is the auditor's: responses are written in the responder copy opened from a findings packet", engID)
	}
	if _, _, err := h.Finding(ctx, engID, a.FindingID); err != nil {
		return findings.Response{}, err
	}
	files, err := readFiles(paths)
	if err != nil {
		return findings.Response{}, err
	}
	if len(files) > 0 {
		listing := sha256.New()
		for _, f := range files {
			_, sum := ingest.EvidenceID(f.Data)
			fmt.Fprintf(listing, "%s\x00%s\n", f.Name, sum)
		}
		if _, err := im.files(ctx, h, engID, "management response to "+a.FindingID, hex.EncodeToString(listing.Sum(nil)), files); err != nil {
			return findings.Response{}, err
		}
		for _, f := range files {
			id, s := ingest.EvidenceID(f.Data)
			a.Evidence = append(a.Evidence, findings.ResponseEvidence{EvidenceID: id, Name: f.Name, SHA256: s, Size: int64(len(f.Data))})
		}
	}
	return h.SaveAnswer(ctx, engID, im.Actor, a)
}

// readFiles reads the files management attaches, whole, checking each is
// a regular file small enough to carry.
func readFiles(paths []string) ([]ingest.File, error) {
	var files []ingest.File
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", p)
		case !st.Mode().IsRegular():
			return nil, audit.Errorf(audit.EINVALID, "%s is not a file: attach files one by one", p)
		case st.Size() > ingest.MaxInMemory:
			return nil, audit.Errorf(audit.EINVALID, "%s is larger than the %d MiB a response can carry", p, ingest.MaxInMemory>>20)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", p)
		}
		files = append(files, ingest.File{Name: filepath.Base(p), Data: data, ModTime: st.ModTime().UTC()})
	}
	return files, nil
}

// ExportResponse writes the responder copy's answers, and the content of
// the evidence files sent with them, to a new response packet at path,
// encrypted with passphrase. The trail records "packet.export". It
// returns EINVALID when no answer is written yet.
func ExportResponse(ctx context.Context, h *store.Home, engID, actor, path, passphrase string) (Exported, error) {
	e, err := h.Engagement(ctx, engID)
	if err != nil {
		return Exported{}, err
	}
	if e.Role != audit.Responder {
		return Exported{}, audit.Errorf(audit.EINVALID, "engagement %s is the auditor's: export its findings instead", engID)
	}
	responses, err := h.Responses(ctx, engID)
	if err != nil {
		return Exported{}, err
	}
	if len(responses) == 0 {
		return Exported{}, audit.Errorf(audit.EINVALID, "write a response to at least one finding before exporting")
	}
	packets, err := h.Packets(ctx, engID)
	if err != nil {
		return Exported{}, err
	}
	id, err := store.NewPacketID("rsp_")
	if err != nil {
		return Exported{}, err
	}
	p := Response{Header: header(KindResponse, id, e.Origin, actor), Responses: []findings.Answer{}, Files: []File{}}
	for _, r := range slices.Backward(packets) {
		if r.Direction == "opened" {
			p.Answers = r.ID
			break
		}
	}
	out := Exported{PacketID: id, File: path, Findings: []store.FindingVersion{}, Skipped: []Skipped{}}
	size := 0
	for _, r := range responses {
		p.Responses = append(p.Responses, r.Answer)
		out.Findings = append(out.Findings, store.FindingVersion{ID: r.FindingID, Version: r.FindingVersion})
		for _, ev := range r.Evidence {
			if slices.ContainsFunc(p.Files, func(f File) bool { return f.EvidenceID == ev.EvidenceID }) {
				continue
			}
			if size += int(ev.Size); size > MaxSize {
				return out, audit.Errorf(audit.EINVALID, "the files sent with the responses are more than the %d MiB a packet may hold", MaxSize>>20)
			}
			var buf bytes.Buffer
			if err := h.Content(ctx, engID, ev.EvidenceID, &buf); err != nil {
				return out, err
			}
			f := File{EvidenceID: ev.EvidenceID, Name: ev.Name, SHA256: ev.SHA256, Content: buf.Bytes()}
			if _, provs, err := h.Evidence(ctx, engID, ev.EvidenceID); err == nil && len(provs) > 0 {
				f.ModTime = provs[0].ModTime
			}
			p.Files = append(p.Files, f)
		}
	}
	if out.SHA256, err = seal(path, passphrase, p); err != nil {
		return out, err
	}
	rec := store.PacketRecord{ID: id, Kind: KindResponse, Direction: "exported", File: filepath.Base(path),
		FileSHA256: out.SHA256, Findings: out.Findings, At: p.CreatedAt, By: actor}
	return out, h.RecordPacket(ctx, engID, actor, rec)
}

// ImportResponse takes a response packet into the auditor's engagement.
// The packet is decrypted and checked whole before anything changes: a
// wrong passphrase (EPASSPHRASE), a damaged or altered file, a packet for
// another engagement or a file whose content does not match its hash
// (EINVALID) change nothing. Each answer names the finding version it
// answers; an answer to a finding that changed since is returned as a
// conflict and taken in only when its finding is in confirm. The evidence
// files of the answers taken in are imported from memory, with the
// provenance "provided by management". Importing the same packet again
// changes nothing.
func ImportResponse(ctx context.Context, h *store.Home, engID, path, passphrase string, confirm []string, im Importer) (findings.ImportResult, error) {
	o, err := open(path, passphrase)
	if err != nil {
		return findings.ImportResult{}, err
	}
	var p Response
	if err := decode(o, KindResponse, &p); err != nil {
		return findings.ImportResult{}, err
	}
	if p.Engagement != engID {
		return findings.ImportResult{}, audit.Errorf(audit.EINVALID, "%s answers engagement %s, not %s; nothing was imported", o.file, p.Engagement, engID)
	}
	files := map[string]File{}
	for _, f := range p.Files {
		id, sum := ingest.EvidenceID(f.Content)
		if sum != f.SHA256 || id != f.EvidenceID {
			return findings.ImportResult{}, audit.Errorf(audit.EINVALID, "%s: file %q does not match its hash; nothing was imported", o.file, f.Name)
		}
		files[id] = f
	}
	for i := range p.Responses {
		a := &p.Responses[i]
		a.Normalize()
		if err := a.Validate(); err != nil {
			return findings.ImportResult{}, audit.Wrap(audit.EINVALID, err, "%s: %s; nothing was imported", o.file, audit.ErrorMessage(err))
		}
		for _, ev := range a.Evidence {
			if _, ok := files[ev.EvidenceID]; !ok {
				return findings.ImportResult{}, audit.Errorf(audit.EINVALID, "%s: the response to %s names file %q, which the packet does not hold; nothing was imported", o.file, a.FindingID, ev.Name)
			}
		}
	}
	plan, err := h.PlanResponses(ctx, engID, p.Responses, confirm)
	if err != nil {
		return findings.ImportResult{}, err
	}
	var carried []ingest.File
	for _, a := range p.Responses {
		if !slices.Contains(plan.Applied, a.FindingID) {
			continue
		}
		for _, ev := range a.Evidence {
			f := files[ev.EvidenceID]
			if !slices.ContainsFunc(carried, func(c ingest.File) bool { return bytes.Equal(c.Data, f.Content) }) {
				carried = append(carried, ingest.File{Name: f.Name, Data: f.Content, ModTime: f.ModTime})
			}
		}
	}
	imported := 0
	if len(carried) > 0 {
		sum, err := im.files(ctx, h, engID, "response packet "+p.ID, o.fileSHA256, carried)
		if err != nil {
			return findings.ImportResult{}, err
		}
		imported = sum.Imported
	}
	rec := store.PacketRecord{ID: p.ID, Kind: KindResponse, Direction: "imported", File: o.file, FileSHA256: o.fileSHA256, Findings: []store.FindingVersion{}}
	for _, a := range p.Responses {
		rec.Findings = append(rec.Findings, store.FindingVersion{ID: a.FindingID, Version: a.FindingVersion})
	}
	res, err := h.TakeResponses(ctx, engID, im.Actor, rec, p.Responses, confirm)
	if err != nil {
		return res, err
	}
	res.Evidence = imported
	return res, nil
}
