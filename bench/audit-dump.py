#!/usr/bin/env python3
"""Writes a synthetic cluster dump, as `kubectl get statefulsets,services,pvc,secrets -A -o json`
prints it (kind by kind, each sorted by namespace and name): N objects, a quarter each of StatefulSets, Services, PVCs and Secrets, in 100 namespaces.
About one object in five breaks a shipped policy (a Service that is not headless, a StatefulSet
without volumeClaimTemplates, a claim above the size bound, a Secret with a last-applied copy).
Usage: bench/audit-dump.py N OUT.json"""
import json
import sys


def objects(n):
    for i in range(n):
        ns = "team-%02d" % ((i // 4) % 100)
        app = "app-%06d" % (i // 4)
        bad = (i // 4) % 5 == 0
        kind = i % 4
        meta = {"name": app, "namespace": ns, "uid": "00000000-0000-4000-8000-%012d" % i, "labels": {"app": app}}
        if kind == 0:
            spec = {"serviceName": app, "replicas": 3, "selector": {"matchLabels": {"app": app}},
                    "template": {"metadata": {"labels": {"app": app}}, "spec": {"containers": [{
                        "name": "main", "image": "registry.example/%s:1.0" % app, "ports": [{"containerPort": 8080}],
                        "readinessProbe": {"tcpSocket": {"port": 8080}},
                        "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}},
                    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
            if not bad:
                spec["volumeClaimTemplates"] = [{"metadata": {"name": "data"}, "spec": {
                    "accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                    "resources": {"requests": {"storage": "10Gi"}}}}]
            yield {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta, "spec": spec}
        elif kind == 1:
            spec = {"selector": {"app": app}, "ports": [{"port": 8080}]}
            if not bad:
                spec["clusterIP"] = "None"
            yield {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}
        elif kind == 2:
            yield {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta, "spec": {
                "accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                "resources": {"requests": {"storage": "20Ti" if bad else "10Gi"}}}}
        else:
            meta = dict(meta, name=app + "-tls")
            if bad:
                meta["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"tls.key\":\"c2VjcmV0\"}}"}
            yield {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls", "metadata": meta,
                   "data": {"tls.crt": "Y2VydA==", "tls.key": "c2VjcmV0"}}


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w") as f:
        f.write('{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [\n')
        # kubectl's order: kind by kind, each sorted by namespace and name
        first = True
        for kind in range(4):
            for o in sorted((o for i, o in enumerate(objects(n)) if i % 4 == kind),
                            key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"])):
                f.write(("" if first else ",\n") + json.dumps(o))
                first = False
        for i in range(100):
            f.write(("" if first else ",\n") + json.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-%02d" % i}}))
        f.write("\n]}\n")


main()
