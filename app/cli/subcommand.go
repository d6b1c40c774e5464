package cli

import (
	"context"
	"strings"
)

// subcommand is one verb of a command such as `auditroom pin add`.
type subcommand struct {
	name string
	run  func(ctx context.Context, g *globals, args []string) error
}

// withoutContext adapts a subcommand that reads nothing from the store.
func withoutContext(run func(g *globals, args []string) error) func(context.Context, *globals, []string) error {
	return func(_ context.Context, g *globals, args []string) error { return run(g, args) }
}

// dispatch runs the subcommand of cmd that args[0] names, with the rest of
// args; a missing or unknown one is a usage error listing the verbs.
func dispatch(ctx context.Context, g *globals, cmd string, args []string, subs ...subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	verbs := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		verbs = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	if len(args) == 0 {
		return usagef("%s needs a subcommand: %s", cmd, verbs)
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, g, args[1:])
		}
	}
	return usagef("unknown %s subcommand %q: use %s", cmd, args[0], verbs)
}
