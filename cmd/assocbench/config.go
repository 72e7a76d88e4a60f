package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// config is DESIGN.md §8: environment variables, overridden by flags.
type config struct {
	addr       string
	mongoURI   string
	dataDir    string
	database   string
	adminToken string
	logLevel   string
}

// storeFlags registers the database flags on fs, with defaults from the environment.
func storeFlags(e *env, fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.mongoURI, "mongodb-uri", e.getenv("MONGODB_URI"), "MongoDB URI; empty starts the embedded database (env MONGODB_URI)")
	fs.StringVar(&c.dataDir, "data-dir", envOr(e, "ASSOCBENCH_DATA_DIR", "./data"), "data directory of the embedded database (env ASSOCBENCH_DATA_DIR)")
	fs.StringVar(&c.database, "db", envOr(e, "ASSOCBENCH_DB", "assocbench"), "database name (env ASSOCBENCH_DB)")
	fs.StringVar(&c.logLevel, "log-level", envOr(e, "ASSOCBENCH_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env ASSOCBENCH_LOG_LEVEL)")
}

func envOr(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// logger returns a text logger on stderr at the configured level.
func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, usagef("--log-level: %v", err)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl})), nil
}

// openStore opens the configured database (embedded when no URI).
func (c *config) openStore(ctx context.Context, log *slog.Logger) (*mongostore.Store, error) {
	if c.database == "" {
		return nil, usagef("--db must not be empty")
	}
	st, err := mongostore.Open(ctx, mongostore.Config{URI: c.mongoURI, DataDir: c.dataDir, Database: c.database, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

// closeStore closes the store with a bounded wait.
func closeStore(st survey.Store, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := st.Close(ctx); err != nil {
		log.Error("close database", "err", err)
	}
}

// progress returns a progress bar on w (stderr), quiet when w is not a terminal.
func progress(w io.Writer, total int, what string) *progressbar.ProgressBar {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
	}
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		opts = append(opts, progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions(total, opts...)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
