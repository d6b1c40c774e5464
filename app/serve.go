package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"reflect"
	"strings"
	"time"

	"auditroom/backend/audit"
)

// maxCallBody bounds a call's JSON arguments; nothing the UI sends is larger.
const maxCallBody = 8 << 20

// Server is the browser transport: the same built frontend and the same
// bound methods as the window, over HTTP on loopback only, guarded by a
// random token made at each start.
type Server struct {
	app     *App
	assets  fs.FS
	token   string
	methods map[string]reflect.Value
	ln      net.Listener
	host    string // "127.0.0.1:PORT", the only Host accepted
}

// Listen binds addr, which must be a loopback address, and prepares the
// server. Port 0 picks a free port.
func Listen(a *App, assets fs.FS, addr string) (*Server, error) {
	bind, err := loopback(addr, net.DefaultResolver.LookupIP)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", bind)
	if err != nil {
		return nil, audit.Wrap(audit.ECONFLICT, err, "listen on %s", addr)
	}
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		ln.Close()
		return nil, audit.Wrap(audit.EINTERNAL, err, "make token")
	}
	s := &Server{app: a, assets: assets, token: hex.EncodeToString(tok), ln: ln,
		host: ln.Addr().String(), methods: bindMethods(a.Bound())}
	return s, nil
}

// lookupIP resolves a host name, as net.Resolver.LookupIP does.
type lookupIP func(ctx context.Context, network, host string) ([]net.IP, error)

// loopback resolves addr's host once and returns the IP:port to bind: the
// host's loopback IP, so that what is bound is what was checked. A name
// that resolves to anything but loopback IPs (localhost mapped to 0.0.0.0
// in /etc/hosts, say) is refused rather than trusted.
func loopback(addr string, lookup lookupIP) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", audit.Errorf(audit.EINVALID, "address %q is not host:port", addr)
	}
	ips := []net.IP{net.ParseIP(host)}
	if ips[0] == nil {
		if ips, err = lookup(context.Background(), "ip", host); err != nil {
			return "", audit.Errorf(audit.EINVALID, "address %q: cannot resolve %s: %v", addr, host, err)
		}
		if len(ips) == 0 {
			return "", audit.Errorf(audit.EINVALID, "address %q: %s resolves to no address", addr, host)
		}
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return "", audit.Errorf(audit.EINVALID, "address %q is not a loopback address (%s is %s): serve listens on this machine only", addr, host, ip)
		}
	}
	return net.JoinHostPort(ips[0].String(), port), nil
}

// URL is the address to open, token included.
func (s *Server) URL() string { return "http://" + s.host + "/?token=" + s.token }

// Serve handles requests until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

// Handler routes the API and the static frontend behind the Host and
// Origin checks that stop DNS rebinding and cross-site calls.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/call", s.authed(s.call))
	mux.HandleFunc("GET /api/events", s.authed(s.sse))
	mux.Handle("GET /", s.static())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.sameHost(r) {
			http.Error(w, "forbidden host or origin", http.StatusForbidden)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'")
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) sameHost(r *http.Request) bool {
	_, port, _ := net.SplitHostPort(s.host)
	okHost := func(h string) bool { return h == s.host || h == "localhost:"+port }
	if !okHost(r.Host) {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && !okHost(strings.TrimPrefix(o, "http://")) {
		return false
	}
	return true
}

func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if got == "" {
			got = r.URL.Query().Get("token") // EventSource cannot set headers
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) != 1 {
			writeText(w, http.StatusUnauthorized, errorText(&UIError{Code: audit.ELOCKED, Message: "missing or wrong token: open the address auditroom serve printed"}))
			return
		}
		h(w, r)
	}
}

// call invokes a bound method by its Wails name, e.g. "app.Engagements.List",
// with positional JSON arguments.
func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Method string            `json:"method"`
		Args   []json.RawMessage `json:"args"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxCallBody)).Decode(&req); err != nil {
		writeError(w, audit.Errorf(audit.EINVALID, "request body is not a call"))
		return
	}
	m, ok := s.methods[req.Method]
	if !ok {
		writeError(w, audit.Errorf(audit.ENOTFOUND, "no method %s", req.Method))
		return
	}
	t := m.Type()
	if len(req.Args) != t.NumIn() {
		writeError(w, audit.Errorf(audit.EINVALID, "%s takes %d arguments, got %d", req.Method, t.NumIn(), len(req.Args)))
		return
	}
	in := make([]reflect.Value, t.NumIn())
	for i := range in {
		p := reflect.New(t.In(i))
		if err := json.Unmarshal(req.Args[i], p.Interface()); err != nil {
			writeError(w, audit.Errorf(audit.EINVALID, "argument %d of %s: %v", i+1, req.Method, err))
			return
		}
		in[i] = p.Elem()
	}
	out := m.Call(in)
	var result any
	if len(out) == 2 {
		result = out[0].Interface()
	}
	if errv := out[len(out)-1]; !errv.IsNil() {
		writeError(w, errv.Interface().(error))
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// sse streams events to the page until it goes away.
func (s *Server) sse(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	queue := make(chan []byte, 256)
	stop := s.app.events.Listen(func(name string, data any) {
		b, err := json.Marshal(data)
		if err != nil {
			return
		}
		select {
		case queue <- fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, b):
		default: // a stalled page drops events rather than stalling the app
		}
	})
	defer stop()
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg := <-queue:
			if _, err := w.Write(msg); err != nil {
				return
			}
			fl.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

func (s *Server) static() http.Handler {
	if _, err := fs.Stat(s.assets, "index.html"); err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "the frontend is not built into this binary: run make build", http.StatusServiceUnavailable)
		})
	}
	return http.FileServerFS(s.assets)
}

// bindMethods indexes the exported methods of each bound struct under the
// name Wails gives them: package.Struct.Method.
func bindMethods(bound []any) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	for _, b := range bound {
		v := reflect.ValueOf(b)
		t := v.Type()
		elem := t.Elem()
		pkg := elem.PkgPath()
		pkg = pkg[strings.LastIndex(pkg, "/")+1:]
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			out[pkg+"."+elem.Name()+"."+m.Name] = v.Method(i)
		}
	}
	return out
}

func statusOf(code string) int {
	switch code {
	case audit.EINVALID:
		return http.StatusBadRequest
	case audit.ENOTFOUND:
		return http.StatusNotFound
	case audit.ECONFLICT:
		return http.StatusConflict
	case audit.EPASSPHRASE, audit.ELOCKED:
		return http.StatusForbidden
	case audit.ECANCELED:
		return 499
	}
	return http.StatusInternalServerError
}

// writeError answers a failed call with the JSON text the window's call
// rejects with (FormatError: the same mapping, the same bytes), under the
// HTTP status of its code.
func writeError(w http.ResponseWriter, err error) {
	e := uiError(err)
	writeText(w, statusOf(e.Code), errorText(e))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, audit.Wrap(audit.EINTERNAL, err, "encode the answer"))
		return
	}
	writeText(w, status, string(b))
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body) // the page has gone if this fails
}
