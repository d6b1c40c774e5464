// Package worker runs parsers of untrusted files in child processes — the
// same binary, started with the hidden "worker" command — under a memory and
// time limit, so that a parser that crashes, hangs or swallows memory fails
// one file and not the import, let alone the app. Workers extract text for
// the import and draw PDF pages for the viewer.
package worker

import (
	"bufio"
	"cmp"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/view"
)

// MemoryLimit is the address space a worker may map beyond what it has
// when it starts. MuPDF's own allocation checks turn a PDF bomb into a
// clean error under it. It is counted from the start because the start is
// large and varies: the Go runtime reserves about a gigabyte up front, and
// the desktop binary maps GTK and WebKit too, near 2 GB in all, so that a
// fixed limit that suits one binary leaves the other no room even to start
// a thread.
const MemoryLimit = 1 << 30

// request and response are what travels over a worker's stdin and stdout:
// a file to extract, or with Page set a PDF page to draw.
type request struct {
	Name    string
	Data    []byte
	Options extract.Options
	Page    *view.PageRequest
	// PageLimit is how long one PDF page may take (PageLimit by default).
	PageLimit time.Duration
}

type response struct {
	Result extract.Result
	Page   view.Page
	// Code and Message are a coded error of drawing a page.
	Code, Message string
	// Quit says the worker ends after this answer: its watchdog gave up
	// on a parser that is still running.
	Quit bool
}

// execArg, after "worker", lets a worker start programs (tesseract for
// OCR); the pool adds it only when its options name one.
const execArg = "--exec"

// Serve is the worker's side: it limits its own memory, locks itself down
// (lockDown), then answers one request at a time until its input closes.
// args are the worker command's own, after "worker".
func Serve(in io.Reader, out io.Writer, args []string) error {
	limit := addressSpace() + MemoryLimit
	lim := syscall.Rlimit{Cur: limit, Max: limit}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		return fmt.Errorf("limit worker memory: %w", err)
	}
	if err := lockDown(slices.Contains(args, execArg)); err != nil {
		return err
	}
	dec := gob.NewDecoder(bufio.NewReader(in))
	w := bufio.NewWriter(out)
	enc := gob.NewEncoder(w)
	// The watchdog may answer while the parser runs; answering is locked
	// so that only one answer goes out for a request.
	var mu sync.Mutex
	answer := func(resp *response) error {
		mu.Lock()
		defer mu.Unlock()
		if err := enc.Encode(resp); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
		return w.Flush()
	}
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read request: %w", err)
		}
		var resp response
		if req.Page != nil {
			var err error
			if resp.Page, err = view.Render(context.Background(), req.Data, *req.Page); err != nil {
				resp.Code, resp.Message = audit.ErrorCode(err), audit.ErrorMessage(err)
			}
		} else {
			limit := cmp.Or(req.PageLimit, PageLimit)
			dog := watch(limit, func(reason string) {
				mu.Lock() // held until the exit: the parser's answer never goes out
				enc.Encode(&response{Result: failed(reason), Quit: true})
				w.Flush()
				os.Exit(0)
			})
			req.Options.Page = dog.progress
			resp.Result = extract.Extract(context.Background(), req.Name, req.Data, req.Options)
			dog.done()
		}
		if err := answer(&resp); err != nil {
			return err
		}
	}
}

// addressSpace is how many bytes of address space this process has mapped
// (Linux's /proc/self/statm), or 0 when that cannot be read.
func addressSpace() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	pages, err := strconv.ParseUint(f[0], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}

// Pool hands files to a set of worker processes, one file each at a time.
type Pool struct {
	// Limit gives the time one file may take, by its size; TimeLimit by default.
	Limit func(size int) time.Duration
	// PageLimit is how long one PDF page may take; the package's PageLimit
	// when zero.
	PageLimit time.Duration
	command   []string
	options   extract.Options
	idle      chan *proc
	mu        sync.Mutex
	all       map[*proc]bool
	closed    bool
	peak      int64 // the largest RSS of a worker stopped so far, in bytes
	isolate   bool  // start workers in their own namespaces; false once refused
}

// Isolated says whether workers start in their own user, network and mount
// namespaces: true until the kernel refuses them (then the seccomp filter,
// no_new_privs and the limits remain).
func (p *Pool) Isolated() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.isolate
}

// NewPool starts nothing yet: workers start on first use, up to size of
// them (0 means one per core). command runs a worker, e.g. {exe, "worker"}.
func NewPool(command []string, size int, opt extract.Options) *Pool {
	if size <= 0 {
		size = runtime.NumCPU()
	}
	p := &Pool{Limit: TimeLimit, command: command, options: opt, idle: make(chan *proc, size), all: map[*proc]bool{}, isolate: true}
	for range size {
		p.idle <- nil // a free slot; a process is started when it is taken
	}
	return p
}

// Size is how many files the pool extracts at once.
func (p *Pool) Size() int { return cap(p.idle) }

// TimeLimit is how long one file may take: fifteen seconds, plus two
// seconds for each megabyte, at most ten minutes. MuPDF extracts the
// largest PDFs of the test corpus (3 MB, 350 pages) in about a second.
func TimeLimit(size int) time.Duration {
	return min(15*time.Second+time.Duration(size>>20)*2*time.Second, 10*time.Minute)
}

// Extract runs extraction of one file in a worker. A worker that crashes,
// runs out of memory or overruns the time limit is killed and replaced,
// and the file's result says why it failed; err is only ctx's.
func (p *Pool) Extract(ctx context.Context, name string, data []byte) (extract.Result, error) {
	resp, err := p.do(ctx, request{Name: name, Data: data, Options: p.options, PageLimit: p.PageLimit})
	if err != nil {
		if ctx.Err() != nil {
			return extract.Result{}, ctx.Err()
		}
		return failed(err.Error()), nil
	}
	return resp.Result, nil
}

// Render draws a page of a PDF in a worker (view.Render). A PDF that
// cannot be drawn, or a worker that crashes, runs out of memory or overruns
// the time limit, is an EINVALID error saying why; a cancelled ctx is
// ECANCELED.
func (p *Pool) Render(ctx context.Context, data []byte, req view.PageRequest) (view.Page, error) {
	resp, err := p.do(ctx, request{Data: data, Page: &req})
	switch {
	case ctx.Err() != nil:
		return view.Page{}, audit.Wrap(audit.ECANCELED, ctx.Err(), "drawing canceled")
	case err != nil:
		return view.Page{}, audit.Errorf(audit.EINVALID, "cannot show this PDF: %v", err)
	case resp.Code != "":
		return resp.Page, &audit.Error{Code: resp.Code, Message: resp.Message}
	}
	return resp.Page, nil
}

// do runs one request in a free worker, starting one if need be. A worker
// that fails is stopped and its slot freed for a new one.
func (p *Pool) do(ctx context.Context, req request) (response, error) {
	var w *proc
	select {
	case w = <-p.idle:
	case <-ctx.Done():
		return response{}, ctx.Err()
	}
	if w == nil {
		var err error
		if w, err = p.start(); err != nil {
			p.idle <- nil
			return response{}, fmt.Errorf("cannot start a parser process: %w", err)
		}
	}
	resp, err := w.run(ctx, req, p.Limit(len(req.Data)))
	if err != nil || resp.Quit {
		p.stop(w)
		p.idle <- nil
		return resp, err
	}
	p.idle <- w
	return resp, nil
}

// Close stops every worker.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	procs := make([]*proc, 0, len(p.all))
	for w := range p.all {
		procs = append(procs, w)
	}
	p.mu.Unlock()
	for _, w := range procs {
		p.stop(w)
	}
}

func failed(reason string) extract.Result {
	return extract.Result{Type: "unknown", Status: "failed", Reason: reason}
}

// proc is one worker process.
type proc struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	enc  *gob.Encoder
	dec  *gob.Decoder
	errs *tail
	exit chan struct{}
}

func (p *Pool) start() (*proc, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("the pool is closed")
	}
	w, err := p.launch(p.isolate)
	if err != nil && p.isolate && refused(err) {
		// The kernel refuses unprivileged namespaces here (disabled,
		// limited to none, or denied by a security module): workers run
		// in the parent's, under their seccomp filter and limits alone.
		p.isolate = false
		w, err = p.launch(false)
	}
	if err != nil {
		return nil, err
	}
	p.all[w] = true
	return w, nil
}

// refused reports the errors with which clone refuses new namespaces.
func refused(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) ||
		errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EUSERS)
}

// launch starts one worker with nothing of the parent's environment (not
// its passphrase), in namespaces of its own when isolate is set.
func (p *Pool) launch(isolate bool) (*proc, error) {
	args := p.command[1:]
	if p.options.Tesseract != "" {
		args = append(slices.Clip(args), execArg)
	}
	cmd := exec.Command(p.command[0], args...)
	cmd.Env = workerEnv
	if isolate {
		cmd.SysProcAttr = isolation()
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &proc{cmd: cmd, in: in, enc: gob.NewEncoder(in), dec: gob.NewDecoder(bufio.NewReader(out)),
		errs: &tail{}, exit: make(chan struct{})}
	cmd.Stderr = w.errs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { cmd.Wait(); close(w.exit) }()
	return w, nil
}

func (p *Pool) stop(w *proc) {
	p.mu.Lock()
	delete(p.all, w)
	p.mu.Unlock()
	w.in.Close()
	w.cmd.Process.Kill()
	<-w.exit
	if ru, ok := w.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		p.mu.Lock()
		p.peak = max(p.peak, ru.Maxrss<<10) // Linux counts it in KiB
		p.mu.Unlock()
	}
}

// PeakRSS is the largest resident size, in bytes, that a worker stopped so
// far reached (after Close: any worker of the pool).
func (p *Pool) PeakRSS() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// run sends one request and waits for its answer, the time limit, the
// process's death or ctx, whichever comes first.
func (w *proc) run(ctx context.Context, req request, limit time.Duration) (response, error) {
	type answer struct {
		resp response
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		var a answer
		if a.err = w.enc.Encode(&req); a.err == nil {
			a.err = w.dec.Decode(&a.resp)
		}
		done <- a
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case a := <-done:
		if a.err != nil {
			w.cmd.Process.Kill()
			<-w.exit
			return response{}, w.death()
		}
		return a.resp, nil
	case <-timer.C:
		return response{}, fmt.Errorf("parser gave up: no result within %s", limit.Round(time.Second))
	case <-ctx.Done():
		return response{}, ctx.Err()
	}
}

// death explains why a worker ended mid-file.
func (w *proc) death() error {
	st := w.cmd.ProcessState
	msg := w.errs.String()
	switch {
	case st != nil && st.Sys().(syscall.WaitStatus).Signaled():
		return fmt.Errorf("parser crashed (%s)", st.Sys().(syscall.WaitStatus).Signal())
	case strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate memory"):
		return fmt.Errorf("parser ran out of memory (limit %d GiB)", MemoryLimit>>30)
	case msg != "":
		return fmt.Errorf("parser crashed: %s", msg)
	}
	return errors.New("parser crashed")
}

// tail keeps the last line a worker wrote to stderr: enough to explain a
// crash, never a copy of what it parsed.
type tail struct {
	mu   sync.Mutex
	last []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = append(t.last, b...)
	if len(t.last) > 512 {
		t.last = t.last[len(t.last)-512:]
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.last))
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// ServeIfWorker lets a test binary double as the parser process, as the
// auditroom binary does in use: started with "worker", it serves requests
// and exits; otherwise it returns at once. Call it first in TestMain.
func ServeIfWorker() {
	if len(os.Args) < 2 || os.Args[1] != "worker" {
		return
	}
	if err := Serve(os.Stdin, os.Stdout, os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}
