// The etcd server binary, built from the etcd server module the pinned Kubernetes
// release uses.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
