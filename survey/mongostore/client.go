package mongostore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
)

// Connection defaults. Options written in the URI (e.g.
// "serverSelectionTimeoutMS=30000" or "w=1") take precedence.
const (
	// appName is sent to the server and shows up in its logs.
	appName = "assocbench"
	// serverSelectionTimeout bounds how long an operation waits for a
	// usable server (the driver's default is 30 s, too long for a web
	// request when the database is down).
	serverSelectionTimeout = 10 * time.Second
	// connectTimeout bounds establishing one TCP connection.
	connectTimeout = 10 * time.Second
	// pingTimeout bounds the ping in connect when ctx has no deadline.
	pingTimeout = 15 * time.Second
)

// connect returns a client for uri that has answered a ping.
//
// Defaults: application name "assocbench", 10 s server selection and connect
// timeouts, retryable writes, and write concern "majority" (acknowledged by a
// majority of a replica set, journaled by the server's default). FerretDB
// accepts and ignores the write concern, and a standalone server has no
// retryable writes, so the same settings are safe everywhere. Per-operation
// deadlines come from the caller's context; no client-wide timeout is set.
//
// Options in uri override the defaults; opts, merged last, override both
// (tests use them to attach a command monitor). On error no client is left
// connected.
func connect(ctx context.Context, uri string, opts ...*options.ClientOptions) (*mongo.Client, error) {
	if uri == "" {
		return nil, errors.New("connect to mongodb: empty uri")
	}
	defaults := options.Client().
		SetAppName(appName).
		SetServerSelectionTimeout(serverSelectionTimeout).
		SetConnectTimeout(connectTimeout).
		SetRetryWrites(true).
		SetWriteConcern(writeconcern.Majority())
	all := append([]*options.ClientOptions{defaults, options.Client().ApplyURI(uri)}, opts...)

	client, err := mongo.Connect(all...)
	if err != nil {
		return nil, fmt.Errorf("connect to mongodb: %w", err)
	}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, pingTimeout)
		defer cancel()
	}
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("connect to mongodb: ping: %w", err)
	}
	return client, nil
}
