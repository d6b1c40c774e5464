package cli_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDesktopWindow starts the real desktop build under Xvfb, types a new
// passphrase into the window as a person would, checks that the store was
// created behind it, quits through the File menu's shortcut, then opens the
// demo engagement and keeps screenshots of both for the user guide.
func TestDesktopWindow(t *testing.T) {
	desk := os.Getenv("AUDITROOM_DESKTOP_BIN")
	if desk == "" {
		t.Skip("AUDITROOM_DESKTOP_BIN is not set: make smoke builds the desktop binary and runs this test")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: .ci/deps --test installs it", tool)
		}
	}
	display := startXvfb(t)
	data := t.TempDir()
	env := append(os.Environ(), "DISPLAY="+display, "AUDITROOM_DATA="+data,
		"XDG_RUNTIME_DIR="+t.TempDir(), "WEBKIT_DISABLE_COMPOSITING_MODE=1", "NO_AT_BRIDGE=1")
	const pass = "correct horse battery"

	// First run: the window asks for a new passphrase.
	win := startWindow(t, desk, env)
	wid := waitWindow(t, display)
	waitFor(t, "the window to render its first screen", func() (bool, string) {
		n := colours(screenshot(t, display))
		return n > 40, fmt.Sprintf("%d colours", n)
	})
	xdo(t, display, "windowfocus", "--sync", wid)
	xdo(t, display, "type", "--delay", "15", pass)
	xdo(t, display, "key", "Tab")
	xdo(t, display, "type", "--delay", "15", pass)
	xdo(t, display, "key", "Return")
	waitFor(t, "the store to be created through the window", func() (bool, string) {
		_, err := os.Stat(filepath.Join(data, "auditroom.json"))
		return err == nil, fmt.Sprint(err)
	})
	keep(t, "desktop-engagements.png", stableScreenshot(t, display, wid))

	xdo(t, display, "key", "ctrl+q")
	waitExit(t, win, "the window to quit on Ctrl+Q")

	// Second run: the demo engagement, opened unlocked as make run does.
	demoEnv := append(env, "AUDITROOM_PASSPHRASE="+pass)
	win = startWindow(t, desk, demoEnv, "demo", "--open")
	wid = waitWindow(t, display)
	keep(t, "desktop-demo.png", stableScreenshot(t, display, wid))

	// The report saved where the window's save dialog says. The page is
	// reached by the mouse: Reports in the navigation, then the path field,
	// whose next control is Choose…; the dialog takes a full path typed.
	xdo(t, display, "mousemove", "--window", wid, "44", "451", "click", "1")
	stableScreenshot(t, display, wid)
	xdo(t, display, "mousemove", "--window", wid, "462", "238", "click", "1")
	xdo(t, display, "key", "Tab", "Return")
	dialog := waitNamedWindow(t, display, "^Save the findings report$")
	out := filepath.Join(t.TempDir(), "Acme draft report.pdf")
	xdo(t, display, "windowfocus", "--sync", dialog)
	xdo(t, display, "key", "ctrl+a")
	xdo(t, display, "type", "--delay", "15", out)
	xdo(t, display, "key", "Return")
	waitGone(t, display, "^Save the findings report$")
	// Back in the window, focus is on Choose…: Prepared by, then Generate report.
	xdo(t, display, "windowfocus", "--sync", wid)
	xdo(t, display, "key", "Tab", "Tab", "Return")
	waitFor(t, "the report at the path chosen in the dialog", func() (bool, string) {
		st, err := os.Stat(out)
		return err == nil && st.Size() > 10_000, fmt.Sprint(err)
	})
	keep(t, "desktop-report.png", stableScreenshot(t, display, wid))
	win.Process.Signal(syscall.SIGTERM)
}

// waitNamedWindow waits for a visible window whose title matches name.
func waitNamedWindow(t *testing.T, display, name string) string {
	t.Helper()
	var id string
	waitFor(t, "a window named "+name, func() (bool, string) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, err := cmd.Output()
		id = strings.TrimSpace(strings.Split(string(out), "\n")[0])
		return err == nil && id != "", fmt.Sprint(err)
	})
	return id
}

// waitGone waits until no visible window's title matches name.
func waitGone(t *testing.T, display, name string) {
	t.Helper()
	waitFor(t, "the window named "+name+" to close", func() (bool, string) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		return strings.TrimSpace(string(out)) == "", string(out)
	})
}

func startXvfb(t *testing.T) string {
	t.Helper()
	n := 90 + os.Getpid()%100
	lock := func(n int) string { return fmt.Sprintf("/tmp/.X%d-lock", n) }
	for ; ; n++ {
		_, errSocket := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		_, errLock := os.Stat(lock(n))
		if os.IsNotExist(errSocket) && os.IsNotExist(errLock) {
			break
		}
	}
	display := fmt.Sprintf(":%d", n)
	x := exec.Command("Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Asked to stop, Xvfb removes its socket and lock file; killed, it
		// leaves them behind.
		x.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { x.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			x.Process.Kill()
			<-done
			os.Remove(lock(n))
			os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		}
	})
	waitFor(t, "Xvfb to listen", func() (bool, string) {
		_, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		return err == nil, fmt.Sprint(err)
	})
	return display
}

func startWindow(t *testing.T, bin string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("window output:\n%s", logs.String())
		}
	})
	return cmd
}

func waitWindow(t *testing.T, display string) string {
	t.Helper()
	return waitNamedWindow(t, display, "^Audit Room$")
}

func waitExit(t *testing.T, cmd *exec.Cmd, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: exited with %v", what, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func xdo(t *testing.T, display string, args ...string) {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

func screenshot(t *testing.T, display string) image.Image {
	return screenshotOf(t, display, "root")
}

// screenshotOf captures one X window, or the whole screen for "root".
func screenshotOf(t *testing.T, display, window string) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-display", display, "-window", window, "png:-")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// stableScreenshot waits until two screenshots in a row are the same, so the
// kept picture is of a finished render, not of one in progress.
func stableScreenshot(t *testing.T, display, window string) image.Image {
	t.Helper()
	var last []byte
	var img image.Image
	waitFor(t, "the window to finish rendering", func() (bool, string) {
		img = screenshotOf(t, display, window)
		var b bytes.Buffer
		png.Encode(&b, img)
		same := bytes.Equal(b.Bytes(), last) && colours(img) > 40
		last = b.Bytes()
		return same, fmt.Sprintf("%d colours", colours(img))
	})
	return img
}

func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr, cg, cb}] = true
		}
	}
	return len(seen)
}

// keep writes a screenshot into the folder named by AUDITROOM_SCREENSHOTS
// (docs/screenshots under make smoke) and into the test's own log folder.
func keep(t *testing.T, name string, img image.Image) {
	t.Helper()
	dir := os.Getenv("AUDITROOM_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds, failing after a minute with what it
// last saw. Polling a condition, never sleeping a fixed time, keeps the test
// both fast and steady on a loaded machine.
func waitFor(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	last := ""
	for {
		ok, seen := cond()
		if ok {
			return
		}
		last = seen
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (last: %s)", what, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
