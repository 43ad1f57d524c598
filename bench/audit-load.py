#!/usr/bin/env python3
"""Creates the objects of a synthetic dump (bench/audit-dump.py) in an API server: Namespaces
first, then every other object (a StatefulSet without claim templates gets an emptyDir for the
volume its container mounts, which the API server requires), POSTed by 8 threads on keep-alive HTTPS connections.
Usage: bench/audit-load.py DUMP.json SERVER-URL TOKEN CA-FILE"""
import http.client
import json
import ssl
import sys
import threading
import urllib.parse

PLURALS = {"StatefulSet": "statefulsets", "Service": "services", "PersistentVolumeClaim": "persistentvolumeclaims",
           "Secret": "secrets", "Namespace": "namespaces"}


def path(o):
    api = o["apiVersion"]
    base = "/api/v1" if api == "v1" else "/apis/" + api
    ns = o["metadata"].get("namespace")
    return base + ("/namespaces/" + ns if ns else "") + "/" + PLURALS[o["kind"]]


def post_all(items, url, token, ctx, failures):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    for o in items:
        o["metadata"].pop("uid", None)
        spec = o.get("spec", {})
        if o["kind"] == "StatefulSet" and "volumeClaimTemplates" not in spec:
            # the API server refuses a mount of no volume: the dump's bad StatefulSet keeps its data in an emptyDir
            spec["template"]["spec"]["volumes"] = [{"name": "data", "emptyDir": {}}]
        conn.request("POST", path(o), body=json.dumps(o), headers=headers)
        r = conn.getresponse()
        body = r.read()
        if r.status not in (201, 409):
            failures.append("%s %s: HTTP %d %s" % (o["kind"], o["metadata"]["name"], r.status, body[:200]))


def main():
    dump, url, token, ca = sys.argv[1:5]
    items = json.load(open(dump))["items"]
    ctx = ssl.create_default_context(cafile=ca)
    failures = []
    namespaces = [o for o in items if o["kind"] == "Namespace"]
    rest = [o for o in items if o["kind"] != "Namespace"]
    post_all(namespaces, url, token, ctx, failures)
    threads = [threading.Thread(target=post_all, args=(rest[i::8], url, token, ctx, failures)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        print("\n".join(failures[:10]), file=sys.stderr)
        sys.exit(1)
    print(len(items))


main()
